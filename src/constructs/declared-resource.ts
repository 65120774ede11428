import { ITerraformDependable, TerraformLocal, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  CONNECTION_FIELD_NAMES,
  KINDS,
  REMOVAL_COMPANION_TRIGGERS,
  Services,
  MEMBER_ACCESS_ROLE_NAME,
  driftCheckName,
  memberAccessRoleAccount,
  managementOnlyRequest,
  readFieldsOf,
  type KindDescriptor,
  type WirePayload,
  type WriteKind,
  type WriteTraits,
} from '../shared';
import type { EnrollmentConnection } from './connection';
import { AdapterBundle } from './private/adapter-bundle';
import { checkBoolean, warn } from './private/checks';
import { ConnectionRead, type ReadPart } from './private/external';
import { dependsOnReference, localReference, registerDependable, registerReadTargets } from './private/references';
import { resolveConnection } from './private/resolve-connection';
import { conflictsOf, registerEnrollment } from './private/stack-index';
import { TerraformData } from './private/terraform-data';
import { buildPayload, isUnresolved, type PropFields } from './private/validate';

/** Props every declared resource accepts besides its own settings. */
export interface DeclaredResourceProps extends EnrollmentConnection {
  /**
   * Read AWS at plan time (a part of the connection's `data "external"` read) so drift shows in the plan and
   * apply repairs it. Needs the `hashicorp/external` provider at `terraform init`.
   * @default - the scope's `EnrollmentDefaults` value, else true
   */
  readonly detectDrift?: boolean;
  /**
   * Resources or modules this declaration waits for.
   * @default - none besides the ordering the constructs add themselves
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Terraform refuses to destroy the declaration while this is set (`prevent_destroy` on its removal
   * companion, so a drift repair or a changed declaration can still re-apply).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** What a concrete construct hands to the base. */
export interface DeclarationSpec {
  readonly kind: WriteKind;
  /** The kind's payload fields, named as on the wire (see its descriptor); the connection is added here. */
  readonly fields: PropFields;
  /** Whether `terraform destroy` must run `adapter destroy` (a removal companion carries the step). */
  readonly destroys: boolean;
}

/**
 * The machinery every declaration shares, driven by its kind's descriptor (src/shared/kinds): a
 * `terraform_data` carrying the wire payload with a create-time `local-exec` running `adapter apply`; a part
 * of the connection's plan-time read with the drift locals and `check` block; ordering and conflicts with
 * the other declarations of the stack.
 *
 * The destroy step (`adapter destroy` with the stored `self.input`) lives on a separate companion
 * `terraform_data` ("Removal") that is never replaced. Terraform runs destroy-time provisioners on a
 * replacement too, with the payload stored *before* the change, so on the resource itself the destroy step
 * would run before every re-apply (a changed declaration, a drift repair); only the companion's runs on
 * `terraform destroy` alone.
 */
export abstract class DeclaredResource extends Construct implements ITerraformDependable {
  /** The `terraform_data` resource. */
  public readonly resource: TerraformResource;
  /** The payload Terraform stores as `input` (visible in plans; no credentials). */
  public readonly payload: WirePayload;
  /** The AWS service this declaration manages. */
  public readonly service: string;
  /** The kind (see src/shared/kinds). */
  public readonly kind: WriteKind;
  /**
   * This declaration's part of its connection's plan-time read of AWS, when drift detection is on.
   * @internal
   */
  protected readonly _observed?: ReadPart;
  private removalCompanion?: TerraformData;
  private readonly adapter: AdapterBundle;
  private readonly preventDestroy: boolean;
  /** What this declaration waits for (their companions order its companion too). */
  private readonly dependencies: ITerraformDependable[] = [];

  protected constructor(scope: Construct, id: string, props: DeclaredResourceProps, spec: DeclarationSpec) {
    super(scope, id);
    const descriptor: KindDescriptor = KINDS[spec.kind];
    const traits: WriteTraits = descriptor.write!;
    this.kind = spec.kind;
    this.service = Services[descriptor.service].name;
    checkBoolean(this, 'detectDrift', props.detectDrift);
    checkBoolean(this, 'preventDestroy', props.preventDestroy);
    const { connection, detectDrift: scopeDetectDrift } = resolveConnection(this, props);
    const detectDrift = props.detectDrift ?? scopeDetectDrift ?? true;
    this.payload = buildPayload(this, spec.kind, 'apply', { ...connection, ...spec.fields });
    const managementOnly = managementOnlyRequest(traits, this.payload);
    const account = memberAccessRoleAccount(this.payload.roleArn);
    if (managementOnly && account) {
      warn(
        this,
        `${managementOnly.declared}, but roleArn is ${MEMBER_ACCESS_ROLE_NAME} in ${account}, the role Organizations creates in member accounts: only the management account can ${managementOnly.action}, so this apply will be refused; ${managementOnly.drop}`,
      );
    }

    const adapter = AdapterBundle.of(this);
    // Only what AWS must be changed for forces a replacement (and so a new `apply`); connection, removal
    // policy and timeout changes update `input` in place, so the destroy provisioner sees the latest ones.
    const declared: Record<string, string> = {};
    for (const key of traits.reapplyOn) {
      if (this.payload[key] !== undefined) declared[key] = this.payload[key];
    }

    let reconcile = 'in-sync';
    if (detectDrift) {
      // What AWS reports for this kind, as part of the stack's one plan-time read.
      const readFields = Object.fromEntries(readFieldsOf(spec.kind).filter((f) => this.payload[f] !== undefined).map((f) => [f, this.payload[f]]));
      this._observed = ConnectionRead.part(this, { connection: connectionOf(this.payload), kind: spec.kind, fields: readFields, for: () => this.resource.friendlyUniqueId });
      const drifted = localReference(new TerraformLocal(this, 'Drifted', `\${${this.driftCondition(traits, declared)}}`));
      // While drifted, `reconcile` is unknown at plan time (timestamp() only resolves during apply), so a
      // replacement is planned; once applied it settles to "in-sync", which is what was stored: no new diff.
      // Bare `local.<name>` references (see ./private/references.ts): the locals are only used in this stack.
      const reconcileLocal = new TerraformLocal(this, 'Reconcile', `\${${drifted} ? (timestamp() == "" ? "unreachable" : "in-sync") : "in-sync"}`);
      reconcile = `\${${localReference(reconcileLocal)}}`;
      this.resource = this.createResource(props, adapter, declared, reconcile);
      this.addDriftCheck(drifted, this.driftMessage(traits, declared));
    } else {
      this.resource = this.createResource(props, adapter, declared, reconcile);
    }
    const stack = TerraformStack.of(this);
    this.node.addValidation({ validate: () => conflictsOf(stack, this) });
    this.adapter = adapter;
    this.preventDestroy = props.preventDestroy === true;
    if (spec.destroys || props.preventDestroy === true) this.addRemoval();
    registerDependable(this, this.removal ?? this.resource);
    registerReadTargets(this, () => (this.removal ? [this.resource, this.removal] : [this.resource]));
    registerEnrollment(stack, this);
  }

  /**
   * ITerraformDependable: what depends on the construct waits for it to be applied and, with a removal
   * companion, is destroyed before the companion's destroy step runs.
   */
  public get fqn(): string {
    return (this.removal ?? this.resource).fqn;
  }

  /** The companion that runs the destroy step on `terraform destroy` (only when there is one). */
  public get removal(): TerraformResource | undefined {
    return this.removalCompanion;
  }

  /** Makes this declaration wait for another one (e.g. Automation after Compute Optimizer). */
  public addDependency(dependency: ITerraformDependable): void {
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), dependsOnReference(dependency)];
    this.dependencies.push(dependency);
    this.orderRemovalAfter(dependency);
  }

  /** Destroy steps run in reverse order too (Automation before Compute Optimizer): the companions say so. */
  private orderRemovalAfter(dependency: ITerraformDependable): void {
    if (this.removal && dependency instanceof DeclaredResource && dependency.removal) {
      this.removal.dependsOn = [...(this.removal.dependsOn ?? []), dependsOnReference(dependency.removal)];
    }
  }

  /**
   * Adds the removal companion (once): the never-replaced `terraform_data` whose destroy-time `local-exec`
   * runs `adapter destroy`. A kind that only needs a destroy step once something is declared in it (a rule
   * set with rules) adds it then.
   */
  protected addRemoval(): void {
    if (this.removal) return;
    this.removalCompanion = new TerraformData(this, 'Removal', {
      input: this.payload,
      triggersReplace: { ...REMOVAL_COMPANION_TRIGGERS },
      // Created after the resource, so destroyed before it (and before what the resource waits for).
      dependsOn: [this.resource],
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
      provisioners: [{ type: 'local-exec', when: 'destroy', interpreter: this.adapter.argv('destroy', this.kind), command: '${jsonencode(self.input)}' }],
    });
    for (const dependency of this.dependencies) this.orderRemovalAfter(dependency);
    registerDependable(this, this.removalCompanion);
  }

  private createResource(props: DeclaredResourceProps, adapter: AdapterBundle, declared: Record<string, string>, reconcile: string): TerraformData {
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

  /**
   * When AWS differs from the declaration, as one expression over the plan-time read. A kind whose read
   * compares for itself reports `inSync`; an enrollment compares its status (and member accounts) here.
   */
  private driftCondition(traits: WriteTraits, declared: Record<string, string>): string {
    const observed = this._observed!;
    const drift = traits.drift;
    if (drift.inSync) return `${observed.reference(drift.inSync)} == "false"`;
    // Bare references compose into one expression; a token (e.g. a variable as declared status) nested
    // inside `${...}` is rendered as a bare reference by cdktf.
    const status = observed.reference(drift.status!);
    const want = operand(declared.status);
    // `Pending` means AWS is still enrolling: not drift, or every plan during enrollment would replace.
    let expr = `(${status} != "Pending" && ${status} != ${want})`;
    // Member accounts left out while the management account is Active is drift too, but only when the
    // stack asks for them; conditions known at synth time are folded away.
    const include = declared.includeMemberAccounts;
    const wantsActive = isUnresolved(declared.status) || declared.status === 'Active';
    const wantsMembers = include !== undefined && (isUnresolved(include) || include === 'true');
    if (drift.members && wantsActive && wantsMembers) {
      const member = observed.reference(drift.members);
      const guards = [
        ...(isUnresolved(declared.status) ? [`${want} == "Active"`] : []),
        ...(isUnresolved(include) ? [`${operand(include)} == "true"`] : []),
        `${status} == "Active"`,
        `${member} == "false"`,
      ];
      expr += ` || (${guards.join(' && ')})`;
    }
    return expr;
  }

  private driftMessage(traits: WriteTraits, declared: Record<string, string>): string {
    const observed = this._observed!;
    const { status, reason, members, summary } = traits.drift;
    // A kind with identity fields names the declaration (preferences: resource type and scope).
    const identity = (traits.identity ?? []).map((f) => this.payload[f]).filter((v) => v !== undefined);
    const title = KINDS[this.kind].title + (identity.length > 0 ? ` (${identity.join(' ')})` : '');
    if (status === undefined) {
      return `${title}: AWS differs from the declaration${summary ? ` (\${${observed.reference(summary)}})` : ''}; \`terraform apply\` restores the declaration`;
    }
    return (
      `${this.service} enrollment has drifted: AWS reports status "\${${observed.reference(status)}}"` +
      (reason ? ` (reason: "\${${observed.reference(reason)}}")` : '') +
      `, the stack declares "${declared.status}"` +
      (members ? ` (member accounts reported: "\${${observed.reference(members)}}")` : '') +
      '; `terraform apply` re-applies the declared status'
    );
  }

  private addDriftCheck(drifted: string, message: string): void {
    TerraformStack.of(this).addOverride(`check.${driftCheckName(this.resource.friendlyUniqueId)}`, {
      assert: [
        {
          // `terraform.applying` (Terraform >= 1.10): the read was made at plan time, so after an apply that
          // repaired the drift the same values would warn again; the warning belongs to the plan only.
          condition: `\${!${drifted} || terraform.applying}`,
          error_message: message,
        },
      ],
    });
  }
}

/** The connection fields of a payload (what its read is shared by). */
function connectionOf(payload: WirePayload): Record<string, string> {
  return Object.fromEntries(CONNECTION_FIELD_NAMES.filter((name) => payload[name] !== undefined).map((name) => [name, payload[name]]));
}

/** A value as an expression operand: literals quoted, tokens left as references. */
function operand(value: string): string {
  return isUnresolved(value) ? value : JSON.stringify(value);
}
