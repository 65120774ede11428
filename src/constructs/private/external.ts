import { createHash } from 'node:crypto';
import { IResolvable, ITerraformDependable, Lazy, TerraformDataSource, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CONNECTION_FIELD_NAMES, CONNECTION_READ, READ_SPLIT, encodeConnectionRead, partResultKey, type ResourceKind, type WirePayload } from '../../shared';
import { AdapterBundle } from './adapter-bundle';
import { readDependsOn } from './references';
import { isLateValue } from './tokens';

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

/** What a read is for: the connection, what it waits for, the kind and its read fields, and for whom. */
export interface ReadRequest {
  readonly connection: Record<string, string>;
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly kind: ResourceKind;
  readonly fields: WirePayload;
  /** The resource's logical id or the data source's path (produced at synthesis: ids are fixed late). */
  readonly for: () => string;
}

/**
 * A `data "external"` that runs `adapter read connection-read`: every plan-time read of a stack whose
 * connection is known at synthesis (and that waits for the same things) is one part of it (see
 * src/shared/connection-read.ts), so Terraform starts one adapter process for the stack's reads, not one per
 * connection or per read. A connection with a value Terraform only knows later (a reference) gets a read of
 * its own, so that only its reads wait for that value. A read holds at most READ_SPLIT connections and parts;
 * past that, the stack gets another.
 */
export class ConnectionRead extends TerraformDataSource {
  /** Adds `request` as a part of its stack's read (created on first use) and returns the part. */
  public static part(scope: IConstruct, request: ReadRequest): ReadPart {
    const stack = TerraformStack.of(scope);
    const { connection } = request;
    const dependsOn = request.dependsOn ?? [];
    const connectionKey = JSON.stringify(CONNECTION_FIELD_NAMES.map((name) => connection[name] ?? ''));
    // A value Terraform may only know during apply (a reference) would defer the read that carries it, and
    // with it every drift check reading from it: such parts get a read per connection, away from the stack's.
    const known = !CONNECTION_FIELD_NAMES.some((name) => isLateValue(connection[name])) && !Object.values(request.fields).some(isLateValue);
    // Known parts share the stack's read (by what they wait for); the others, one read per connection.
    const key = JSON.stringify([known ? '*' : connectionKey, dependsOn.map(identityOf).sort()]);
    let reads = READS.get(stack);
    if (!reads) READS.set(stack, (reads = new Map()));
    let chain = reads.get(key);
    if (!chain) reads.set(key, (chain = []));
    const size = partSize(request.fields);
    let read = chain.find((r) => r.holds(connectionKey) && r.roomFor(size, connection, false)) ?? chain.find((r) => r.roomFor(size, connection, true));
    if (!read) {
      const id = `EnrollmentRead_${createHash('sha256').update(key).digest('hex').slice(0, 8)}${chain.length > 0 ? `_${chain.length + 1}` : ''}`;
      read = new ConnectionRead(stack, id, dependsOn);
      chain.push(read);
    }
    return read.join(connectionKey, connection, request);
  }

  private readonly connections: Record<string, string>[] = [];
  /** An upper bound of the encoded query's size so far (see partSize). */
  private bytes = 0;
  private readonly connectionIndex = new Map<string, number>();
  private readonly parts: { kind: ResourceKind; for: () => string; fields: WirePayload; connection: number }[] = [];

  private constructor(scope: Construct, id: string, dependsOn: readonly ITerraformDependable[]) {
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
    this.addOverride('query', Lazy.anyValue({ produce: () => encodeConnectionRead(this.connections, this.parts.map((p) => ({ ...p, for: p.for() }))) }));
  }

  private holds(connectionKey: string): boolean {
    return this.connectionIndex.has(connectionKey);
  }

  /** Whether one more part of `size` bytes fits (with `connection` new to the read when `newConnection`). */
  private roomFor(size: number, connection: Record<string, string>, newConnection: boolean): boolean {
    return (
      this.parts.length < READ_SPLIT.parts &&
      this.bytes + size + (newConnection ? connectionSize(connection) : 0) <= READ_SPLIT.bytes &&
      (!newConnection || this.connections.length < READ_SPLIT.connections)
    );
  }

  private join(connectionKey: string, connection: Record<string, string>, request: ReadRequest): ReadPart {
    let index = this.connectionIndex.get(connectionKey);
    if (index === undefined) {
      index = this.connections.push({ ...connection }) - 1;
      this.connectionIndex.set(connectionKey, index);
      this.bytes += connectionSize(connection);
    }
    this.bytes += partSize(request.fields);
    this.parts.push({ kind: request.kind, fields: request.fields, for: request.for, connection: index });
    return new ReadPart(this, `p${this.parts.length - 1}`);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}

/**
 * An upper bound of a part's bytes in the encoded query: its fields as JSON (keys gain a `p<NNNN>.` prefix),
 * its kind, connection and `for` keys at their longest (a `for` is fixed at synthesis, after the part joins).
 */
function partSize(fields: WirePayload): number {
  return JSON.stringify(fields).length + Object.keys(fields).length * 8 + 700;
}

/** An upper bound of a connection's bytes in the encoded query (keys gain a `c<NNN>.` prefix). */
function connectionSize(connection: Record<string, string>): number {
  return JSON.stringify(connection).length + Object.keys(connection).length * 8;
}

const READS = new WeakMap<TerraformStack, Map<string, ConnectionRead[]>>();
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
