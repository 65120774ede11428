import { IConstruct } from 'constructs';
import { checkBoolean } from './private/checks';

/**
 * Where and as whom the adapter calls AWS. Never carries credentials: the adapter takes them from the
 * standard AWS chain (environment, shared profiles, SSO, instance roles) of the machine running Terraform.
 */
export interface EnrollmentConnection {
  /**
   * The AWS region the adapter calls (Cost Optimization Hub calls always go to us-east-1).
   * @default - the value given to `EnrollmentDefaults.set`; one of the two is required
   */
  readonly region?: string;
  /**
   * A named profile from the shared AWS config files.
   * @default - the default credential chain
   */
  readonly profile?: string;
  /**
   * A role the adapter assumes before calling AWS, e.g. the organisation's management account role.
   * @default - no role is assumed
   */
  readonly roleArn?: string;
  /**
   * Session name used when assuming `roleArn`.
   * @default - chosen by the adapter
   */
  readonly roleSessionName?: string;
  /**
   * External id used when assuming `roleArn`.
   * @default - none
   */
  readonly externalId?: string;
  /**
   * Endpoint override (for example the local emulator, `http://127.0.0.1:4566`).
   * @default - the public AWS endpoints
   */
  readonly endpoint?: string;
}

/** Stack-wide (or scope-wide) settings picked up by every enrollment construct declared below the scope. */
export interface EnrollmentDefaultsProps extends EnrollmentConnection {
  /**
   * Whether resources read AWS at plan time (a `data "external"`) to show and repair drift.
   * Needs the `hashicorp/external` provider at `terraform init`.
   * @default true
   */
  readonly detectDrift?: boolean;
}

const DEFAULTS = new WeakMap<IConstruct, EnrollmentDefaultsProps>();


/**
 * Connection and drift settings set once for a scope (usually the stack) instead of on every construct.
 *
 * Values on a construct win over the nearest scope's defaults, which win over outer scopes' defaults.
 * Call `set` before declaring the constructs that should use it.
 */
export class EnrollmentDefaults {
  /** Sets (merging with anything set before) the defaults for every enrollment construct under `scope`. */
  public static set(scope: IConstruct, props: EnrollmentDefaultsProps): void {
    checkBoolean(scope, 'detectDrift', props.detectDrift);
    DEFAULTS.set(scope, { ...DEFAULTS.get(scope), ...stripUndefined(props) });
  }

  /** The merged defaults that apply to a construct declared in `scope`. */
  public static of(scope: IConstruct): EnrollmentDefaultsProps {
    let merged: EnrollmentDefaultsProps = {};
    for (const s of scope.node.scopes) {
      const found = DEFAULTS.get(s);
      if (found) merged = { ...merged, ...found };
    }
    return merged;
  }

  private constructor() {}
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
