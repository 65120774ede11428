import { createHash } from 'node:crypto';
import { IResolvable, ITerraformDependable, Lazy, TerraformDataSource, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CONNECTION_FIELD_NAMES, CONNECTION_READ, encodeConnectionRead, partResultKey, type ResourceKind, type WirePayload } from '../../shared';
import { AdapterBundle } from './adapter-bundle';
import { readDependsOn } from './references';

const PROVIDER_ID = 'EnrollmentExternalProvider';

/**
 * The `hashicorp/external` versions the read path works with: any 2.x (the `external` data source's
 * `program`, `query`, `working_dir` and `result` are unchanged across the 2.x line). Terraform needs no
 * constraint, but the cdktf CLI does: its check of the synthesized JSON (cdktf-cli 0.21, terraform-json.ts)
 * requires a `version` string on every `required_providers` entry, and `cdktf diff|deploy|destroy` stop on it.
 */
export const EXTERNAL_PROVIDER_VERSION = '~> 2.0';

/**
 * `hashicorp/external`, declared once per stack (an empty provider block plus its `required_providers`
 * entry). Built on cdktf's raw provider class: the prebuilt bindings package is archived.
 */
export class ExternalProvider extends TerraformProvider {
  public static of(scope: Construct): ExternalProvider {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof ExternalProvider ? existing : new ExternalProvider(stack, PROVIDER_ID);
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: { providerName: 'external', providerVersionConstraint: EXTERNAL_PROVIDER_VERSION },
      terraformProviderSource: 'hashicorp/external',
    });
  }
}

/**
 * A `data "external"` that runs `adapter read connection-read` for one connection: every plan-time read of a
 * stack that shares that connection (and what it waits for) is one part of it (see
 * src/shared/connection-read.ts), so Terraform starts one adapter process per connection, not one per read.
 */
export class ConnectionRead extends TerraformDataSource {
  /** The read for `connection` (waiting for `dependsOn`) in `scope`'s stack, created on first use. */
  public static of(scope: IConstruct, connection: Record<string, string>, dependsOn: readonly ITerraformDependable[] = []): ConnectionRead {
    const stack = TerraformStack.of(scope);
    const key = JSON.stringify([CONNECTION_FIELD_NAMES.map((name) => connection[name] ?? ''), dependsOn.map(identityOf).sort()]);
    let reads = READS.get(stack);
    if (!reads) READS.set(stack, (reads = new Map()));
    let read = reads.get(key);
    if (!read) {
      read = new ConnectionRead(stack, `EnrollmentRead_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`, connection, dependsOn);
      reads.set(key, read);
    }
    return read;
  }

  private readonly parts: { kind: ResourceKind; for: () => string; fields: WirePayload }[] = [];

  private constructor(scope: Construct, id: string, connection: Record<string, string>, dependsOn: readonly ITerraformDependable[]) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: { providerName: 'external' },
      provider: ExternalProvider.of(scope),
    });
    // An override rather than the config, which wraps each entry in a token that records a stack trace, and
    // resolved at synthesis: a declaration adds its removal companion once it needs one (see ./references.ts).
    if (dependsOn.length > 0) this.addOverride('depends_on', Lazy.anyValue({ produce: () => readDependsOn(dependsOn) }));
    // Raw attributes: cdktf would snake-case synthesized attribute keys, and the payload's keys are wire names.
    this.addOverride('program', AdapterBundle.of(scope).argv('read', CONNECTION_READ));
    // Parts join until synthesis; the query is produced then.
    this.addOverride('query', Lazy.anyValue({ produce: () => encodeConnectionRead(connection, this.parts.map((p) => ({ ...p, for: p.for() }))) }));
  }

  /** Adds a part: a read of `kind` with its read fields, for the resource or data source `label` names. */
  public join(kind: ResourceKind, fields: WirePayload, label: () => string): ReadPart {
    this.parts.push({ kind, fields, for: label });
    return new ReadPart(this, `p${this.parts.length - 1}`);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}

const READS = new WeakMap<TerraformStack, Map<string, ConnectionRead>>();
const dependableIds = new WeakMap<ITerraformDependable, number>();
let nextDependableId = 0;

/** Reads that wait for the same things share a data source: dependables are told apart by identity. */
function identityOf(dependable: ITerraformDependable): string {
  if (Construct.isConstruct(dependable)) return dependable.node.path;
  let id = dependableIds.get(dependable);
  if (id === undefined) dependableIds.set(dependable, (id = nextDependableId++));
  return `#${id}`;
}

/** One part of a connection read: its keys in the read's result. */
export class ReadPart {
  private readonly results = new Map<string, string>();

  constructor(
    /** The `data "external"` that carries the part. */
    readonly read: ConnectionRead,
    readonly id: string,
  ) {}

  /**
   * The part's `key` as a bare expression, for the constructs' own locals and checks in the same stack: the
   * text cdktf would resolve a reference to (the logical id is fixed on first use, as cdktf does), without a
   * token to resolve at synth time.
   */
  public reference(key: string): string {
    return `data.external.${this.read.friendlyUniqueId}.result["${partResultKey(this.id, key)}"]`;
  }

  /** The part's `key` as a cdktf reference, for building typed expressions from it (see ./read-attributes.ts). */
  public resultReference(key: string): IResolvable {
    return this.read.interpolationForAttribute(`result["${partResultKey(this.id, key)}"]`);
  }

  /** The part's `key` as a string token (one per key) for users; it works across stacks. */
  public result(key: string): string {
    let token = this.results.get(key);
    if (token === undefined) {
      token = Token.asString(this.resultReference(key));
      this.results.set(key, token);
    }
    return token;
  }
}
