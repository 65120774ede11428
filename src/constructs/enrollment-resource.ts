import { ITerraformDependable, TerraformLocal, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  CONNECTION_FIELD_NAMES,
  DECLARABLE_STATUSES,
  KINDS,
  REMOVAL_COMPANION_TRIGGERS,
  Services,
  driftCheckName,
  type KindDescriptor,
  type WirePayload,
  type WriteKind,
  type WriteTraits,
} from '../shared';
import type { EnrollmentConnection } from './connection';
import { resolveConnection } from './private/resolve-connection';
import { RemovalPolicy } from './enums';
import { Messages, ValidationError } from './errors';
import { AdapterBundle } from './private/adapter-bundle';
import { checkBoolean } from './private/checks';
import { ConnectionRead, type ReadPart } from './private/external';
import { dependsOnReference, localReference, registerDependable } from './private/references';
import { conflictsOf, registerEnrollment } from './private/stack-index';
import { TerraformData } from './private/terraform-data';
import { buildPayload, isUnresolved, type PropValue } from './private/validate';

/** Props every enrollment resource accepts. */
export interface EnrollmentResourceProps extends EnrollmentConnection {
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
  /**
   * Read AWS at plan time (a `data "external"`) so drift shows in the plan and apply repairs it.
   * Needs the `hashicorp/external` provider at `terraform init`.
   * @default - the scope's `EnrollmentDefaults` value, else true
   */
  readonly detectDrift?: boolean;
  /**
   * Resources or modules this enrollment waits for.
   * @default - none besides the ordering the constructs add themselves
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Terraform refuses to destroy the enrollment while this is set (`prevent_destroy` on its removal
   * companion, so a drift repair or a changed declaration can still re-apply).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** What a concrete construct hands to the base. */
export interface EnrollmentSpec {
  readonly kind: WriteKind;
  readonly status: string;
  /** Kind-specific payload fields, named as on the wire (see the kind's descriptor). */
  readonly fields: Record<string, PropValue>;
}

/**
 * The shared machinery of the enrollment resources: a `terraform_data` carrying the wire payload with a
 * create-time `local-exec` running `adapter apply`, and the drift locals and `check` block. Everything
 * kind-specific (fields, what forces a re-apply, what the drift check compares, ordering, conflicts) comes
 * from the kind's descriptor in src/shared/kinds.
 *
 * The destroy step (`adapter destroy` with the stored `self.input`) lives on a separate companion
 * `terraform_data` ("Removal"), created only with `removalPolicy: "opt-out"` (or `preventDestroy`), that is never
 * replaced. Terraform runs destroy-time provisioners on a replacement too, with the payload stored *before* the
 * change, so on the enrollment itself an opt-out would run before every re-apply (a changed
 * `includeMemberAccounts`, a drift repair, even the apply that switches the policy back to "retain"), deleting
 * Compute Optimizer's recommendation data although nobody asked to leave. With "retain" destroy changes nothing
 * in AWS, so no destroy step is needed at all.
 */
export abstract class EnrollmentResource extends Construct implements ITerraformDependable {
  /** The `terraform_data` resource. */
  public readonly resource: TerraformData;
  /** The payload Terraform stores as `input` (visible in plans; no credentials). */
  public readonly payload: WirePayload;
  /** The AWS service this enrollment manages. */
  public readonly service: string;
  /** The kind (see src/shared/kinds). */
  public readonly kind: WriteKind;
  /** This enrollment's part of its connection's plan-time read of AWS, when drift detection is on. */
  protected readonly observed?: ReadPart;
  /** The companion that opts out on `terraform destroy`, with `removalPolicy: "opt-out"`. */
  public readonly removal?: TerraformData;

  protected constructor(scope: Construct, id: string, props: EnrollmentResourceProps, spec: EnrollmentSpec) {
    super(scope, id);
    const descriptor: KindDescriptor = KINDS[spec.kind];
    const traits: WriteTraits = descriptor.write!;
    this.kind = spec.kind;
    this.service = Services[descriptor.service].name;
    if (!isUnresolved(spec.status) && !(DECLARABLE_STATUSES as readonly string[]).includes(spec.status)) {
      throw new ValidationError(this.node.path, 'status', Messages.notOneOf('status', spec.status, DECLARABLE_STATUSES, explainStatus(spec.status)));
    }
    checkBoolean(this, 'detectDrift', props.detectDrift);
    checkBoolean(this, 'preventDestroy', props.preventDestroy);
    const { connection, detectDrift: scopeDetectDrift } = resolveConnection(this, props);
    const detectDrift = props.detectDrift ?? scopeDetectDrift ?? true;

    this.payload = buildPayload(this, spec.kind, 'apply', {
      ...connection,
      status: spec.status,
      removalPolicy: props.removalPolicy,
      timeoutSeconds: props.timeoutSeconds,
      ...spec.fields,
    });

    const adapter = AdapterBundle.of(this);
    // Only what AWS must be changed for forces a replacement (and so a new `apply`); connection, removal
    // policy and timeout changes update `input` in place, so the destroy provisioner sees the latest ones.
    const declared: Record<string, string> = { status: this.payload.status };
    for (const key of traits.reapplyOn) {
      if (this.payload[key] !== undefined) declared[key] = this.payload[key];
    }

    let reconcile = 'in-sync';
    if (detectDrift) {
      // Read what AWS reports for this kind, as part of the one plan-time read of its connection.
      this.observed = ConnectionRead.of(this, connectionOf(this.payload)).join(spec.kind, {}, () => this.resource.friendlyUniqueId);
      const drifted = localReference(new TerraformLocal(this, 'Drifted', this.driftExpression(traits, declared)));
      // While drifted, `reconcile` is unknown at plan time (timestamp() only resolves during apply), so a
      // replacement is planned; once applied it settles to "in-sync", which is what was stored: no new diff.
      // Bare `local.<name>` references (see ./private/references.ts): the locals are only used in this stack.
      const reconcileLocal = new TerraformLocal(
        this,
        'Reconcile',
        `\${${drifted} ? (timestamp() == "" ? "unreachable" : "in-sync") : "in-sync"}`,
      );
      reconcile = `\${${localReference(reconcileLocal)}}`;
      this.resource = this.createResource(props, adapter, declared, reconcile);
      this.addDriftCheck(traits, drifted, declared.status);
    } else {
      this.resource = this.createResource(props, adapter, declared, reconcile);
    }
    const stack = TerraformStack.of(this);
    this.node.addValidation({ validate: () => conflictsOf(stack, this) });
    if (needsRemovalCompanion(props)) {
      this.removal = new TerraformData(this, 'Removal', {
        input: this.payload,
        triggersReplace: { ...REMOVAL_COMPANION_TRIGGERS },
        // Created after the enrollment, so destroyed before it (and before what the enrollment waits for).
        dependsOn: [this.resource],
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
        provisioners: [
          { type: 'local-exec', when: 'destroy', interpreter: adapter.argv('destroy', spec.kind), command: '${jsonencode(self.input)}' },
        ],
      });
    }
    registerDependable(this, this.removal ?? this.resource);
    registerEnrollment(stack, this);
  }

  /**
   * ITerraformDependable: what depends on the construct waits for the enrollment to be applied and, with a
   * removal companion, is destroyed before the companion opts out.
   */
  public get fqn(): string {
    return (this.removal ?? this.resource).fqn;
  }

  /** The status AWS reported at plan time (a token; only when drift detection is on). */
  public get observedStatus(): string | undefined {
    return this.observed?.result('status');
  }

  /** The declared status as Terraform stores it. */
  public get status(): string {
    return Token.asString(this.resource.interpolationForAttribute('input.status'));
  }

  /** Makes this enrollment wait for another one (e.g. Automation after Compute Optimizer). */
  public addDependency(dependency: ITerraformDependable): void {
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), dependsOnReference(dependency)];
    // Opt-outs run in reverse order too (Automation before Compute Optimizer): the companions say so.
    if (this.removal && dependency instanceof EnrollmentResource && dependency.removal) {
      this.removal.dependsOn = [...(this.removal.dependsOn ?? []), dependsOnReference(dependency.removal)];
    }
  }

  private createResource(props: EnrollmentResourceProps, adapter: AdapterBundle, declared: Record<string, string>, reconcile: string): TerraformData {
    return new TerraformData(this, 'Resource', {
      input: this.payload,
      triggersReplace: { declared, reconcile },
      dependsOn: props.dependsOn,
      provisioners: [
        // With `interpreter`, local-exec runs interpreter + [command] directly, without a shell: the payload
        // is one argv element and nothing in it is ever parsed by sh.
        // No destroy step here: a replacement would run it with the *stored* payload (see the class comment).
        { type: 'local-exec', interpreter: adapter.argv('apply', this.kind), command: '${jsonencode(self.input)}' },
      ],
    });
  }

  private driftExpression(traits: WriteTraits, declared: Record<string, string>): string {
    const observed = this.observed!;
    // Bare references compose into one expression; a token (e.g. a variable as declared status) nested
    // inside `${...}` is rendered as a bare reference by cdktf.
    const status = observed.reference(traits.drift.status);
    const want = operand(declared.status);
    // `Pending` means AWS is still enrolling: not drift, or every plan during enrollment would replace.
    let expr = `(${status} != "Pending" && ${status} != ${want})`;
    // Member accounts left out while the management account is Active is drift too, but only when the
    // stack asks for them; conditions known at synth time are folded away.
    const include = declared.includeMemberAccounts;
    const wantsActive = isUnresolved(declared.status) || declared.status === 'Active';
    const wantsMembers = include !== undefined && (isUnresolved(include) || include === 'true');
    if (traits.drift.members && wantsActive && wantsMembers) {
      const member = observed.reference(traits.drift.members);
      const guards = [
        ...(isUnresolved(declared.status) ? [`${want} == "Active"`] : []),
        ...(isUnresolved(include) ? [`${operand(include)} == "true"`] : []),
        `${status} == "Active"`,
        `${member} == "false"`,
      ];
      expr += ` || (${guards.join(' && ')})`;
    }
    return `\${${expr}}`;
  }

  private addDriftCheck(traits: WriteTraits, drifted: string, declaredStatus: string): void {
    const observed = this.observed!;
    const { status, reason, members } = traits.drift;
    TerraformStack.of(this).addOverride(`check.${driftCheckName(this.resource.friendlyUniqueId)}`, {
      assert: [
        {
          // `terraform.applying` (Terraform >= 1.10): the read was made at plan time, so after an apply that
          // repaired the drift the same values would warn again; the warning belongs to the plan only.
          condition: `\${!${drifted} || terraform.applying}`,
          error_message:
            `${this.service} enrollment has drifted: AWS reports status "\${${observed.reference(status)}}"` +
            (reason ? ` (reason: "\${${observed.reference(reason)}}")` : '') +
            `, the stack declares "${declaredStatus}"` +
            (members ? ` (member accounts reported: "\${${observed.reference(members)}}")` : '') +
            '; `terraform apply` re-applies the declared status',
        },
      ],
    });
  }
}

/**
 * Any policy that is not literally "retain" (including an unresolved token) may opt out on destroy, and
 * `preventDestroy` belongs on the companion too (on the enrollment it would forbid every re-apply).
 */
function needsRemovalCompanion(props: EnrollmentResourceProps): boolean {
  return (props.removalPolicy !== undefined && props.removalPolicy !== RemovalPolicy.RETAIN) || props.preventDestroy === true;
}

/** The connection fields of a payload (what its read is shared by). */
function connectionOf(payload: WirePayload): Record<string, string> {
  return Object.fromEntries(CONNECTION_FIELD_NAMES.filter((name) => payload[name] !== undefined).map((name) => [name, payload[name]]));
}

/** A value as an expression operand: literals quoted, tokens left as references. */
function operand(value: string): string {
  return isUnresolved(value) ? value : JSON.stringify(value);
}

function explainStatus(value: unknown): string {
  if (value === 'Pending' || value === 'Failed') {
    return ` ("${value}" is a state AWS reports, not one you can declare)`;
  }
  return '';
}
