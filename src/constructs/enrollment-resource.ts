import { Construct } from 'constructs';
import { DECLARABLE_STATUSES, type WriteKind } from '../shared';
import { DeclaredResource, type DeclaredResourceProps } from './declared-resource';
import { RemovalPolicy } from './enums';
import { Messages, ValidationError, pathOf } from './errors';
import { isUnresolved, type PropFields } from './private/validate';
import { Token } from 'cdktf';

/** Props every enrollment resource accepts. */
export interface EnrollmentResourceProps extends DeclaredResourceProps {
  /**
   * What destroy does to AWS: "retain" leaves the enrollment as it is, "opt-out" sets it to Inactive.
   * Terraform only runs it on `terraform destroy` while the construct is still declared (never on a
   * replacement: a changed declaration or a drift repair re-applies without opting out first); to opt out by
   * deleting code, declare `status: "Inactive"` and apply first.
   * @default "retain"
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long apply waits for a `Pending` status to settle, in seconds (1 to 86400).
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/** What a concrete enrollment hands to the base. */
export interface EnrollmentSpec {
  readonly kind: WriteKind;
  readonly status: string;
  /** Kind-specific payload fields, named as on the wire (see the kind's descriptor). */
  readonly fields: PropFields;
}

/**
 * An enrollment of the calling account (and optionally its organisation's members) in one service: a
 * status to declare, drift when AWS reports another (`Pending` is never drift), and a removal policy.
 *
 * With "retain" destroy changes nothing in AWS, so there is no destroy step at all. With "opt-out" the step
 * lives on the never-replaced removal companion: on the enrollment itself an opt-out would run before every
 * re-apply (a changed `includeMemberAccounts`, a drift repair, even the apply that switches the policy back
 * to "retain"), deleting Compute Optimizer's recommendation data although nobody asked to leave.
 */
export abstract class EnrollmentResource extends DeclaredResource {
  protected constructor(scope: Construct, id: string, props: EnrollmentResourceProps, spec: EnrollmentSpec) {
    if (!isUnresolved(spec.status) && !(DECLARABLE_STATUSES as readonly string[]).includes(spec.status)) {
      throw new ValidationError(pathOf(scope, id), 'status', Messages.notOneOf('status', spec.status, DECLARABLE_STATUSES, explainStatus(spec.status)));
    }
    super(scope, id, props, {
      kind: spec.kind,
      fields: { status: spec.status, removalPolicy: props.removalPolicy, timeoutSeconds: props.timeoutSeconds, ...spec.fields },
      // Any policy that is not literally "retain" (including an unresolved token) may opt out on destroy.
      destroys: props.removalPolicy !== undefined && props.removalPolicy !== RemovalPolicy.RETAIN,
    });
  }

  /** The status AWS reported at plan time (a token; only when drift detection is on). */
  public get observedStatus(): string | undefined {
    return this._observed?.result('status');
  }

  /** The declared status as Terraform stores it. */
  public get status(): string {
    return Token.asString(this.resource.interpolationForAttribute('input.status'));
  }
}

function explainStatus(value: unknown): string {
  if (value === 'Pending' || value === 'Failed') {
    return ` ("${value}" is a state AWS reports, not one you can declare)`;
  }
  return '';
}
