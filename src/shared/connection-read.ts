/**
 * One read for everything a stack reads at plan time: the `connection-read` query. Every plan-time read
 * (of any account and connection whose settings are known at synthesis, waiting for the same things) is one
 * *part* of it, so a plan runs one adapter process for the whole stack instead of one per connection or per
 * read, and the adapter makes the calls of all parts concurrently (see src/adapter/commands.ts).
 *
 * Wire form (flat strings, like every payload): the marker, `kind: "connection-read"`, then the connection:
 * - one connection: its fields at the top level (`region`, `profile`, ...), used by every part;
 * - several: each under `c<M>.` (`c0.region`, `c1.profile`, ...), complete on its own, and each part names
 *   its connection with `p<N>.connection: "c<M>"` (a part that names none uses the top-level one).
 * Then each part's fields under `p<N>.`: `p0.kind`, `p0.for` (what the part is read for: the logical id of the
 * resource it checks, or the data source's path; for the plan review and for people) and the part kind's read
 * fields (`p1.statusFilter`, ...). The result carries each part's keys as `p<N>.<key>`.
 */
import { CONNECTION_FIELDS, CONNECTION_FIELD_NAMES, type Connection } from './connection';
import { PayloadError, decodeField, show } from './fields';
import { KINDS, PAYLOAD_SCHEMA, isResourceKind, type KindDescriptor, type Payload, type ResourceKind } from './kinds';
import { parsePayload, type WirePayload } from './payload';

export const CONNECTION_READ = 'connection-read';

/**
 * The most parts one read carries (a stack declares a handful per account; this bounds hostile input). The
 * constructs start another read before a read reaches either bound (see READ_SPLIT).
 */
export const MAX_PARTS = 4000;

/** The most connections one read carries. */
export const MAX_CONNECTIONS = 400;

/** The largest query the adapter takes (bytes of JSON). */
export const MAX_QUERY_BYTES = 1024 * 1024;

/**
 * Where the constructs start another read of the same stack: at this many connections, parts or bytes of
 * query (half what the adapter takes). A read is one process that makes every part's calls, so this also
 * bounds what one adapter process takes on.
 */
export const READ_SPLIT = { connections: 100, parts: 1000, bytes: MAX_QUERY_BYTES / 2 } as const;

const PART_KEY = /^p(0|[1-9][0-9]{0,3})\.([A-Za-z][A-Za-z0-9]{0,63})$/;
const CONNECTION_KEY = /^c(0|[1-9][0-9]{0,3})\.([A-Za-z][A-Za-z0-9]{0,63})$/;
const CONNECTION_REF = /^c(0|[1-9][0-9]{0,3})$/;
const FOR_PATTERN = /^[A-Za-z0-9_.\/-]{1,512}$/;

/**
 * The payload fields a read of `kind` carries: a read-only kind's own fields; for a write kind, only those
 * its descriptor names (a read that compares AWS with the declaration needs it), else none.
 */
export function readFieldsOf(kind: ResourceKind): string[] {
  const d: KindDescriptor = KINDS[kind];
  return d.write ? [...(d.write.readFields ?? [])] : Object.keys(d.fields);
}

export interface ReadPart {
  /** `p<N>`: the prefix of the part's keys in the query and the result. */
  readonly id: string;
  readonly kind: ResourceKind;
  /** What the part is read for (a resource's logical id or a data source's path). */
  readonly for: string;
  /** The part's read fields, as on the wire. */
  readonly fields: WirePayload;
}

/** The result key of a part's `key`. */
export function partResultKey(partId: string, key: string): string {
  return `${partId}.${key}`;
}

/** A part to encode: `connection` is its index in the read's connections. */
export interface PartToEncode extends Omit<ReadPart, 'id'> {
  readonly connection: number;
}

/**
 * Encodes a read; parts are numbered in the order given. One connection goes at the top level (the form a
 * single-connection read has always had); several go under `c<M>.`, and each part names its own.
 */
export function encodeConnectionRead(connections: readonly Record<string, string>[], parts: readonly PartToEncode[]): WirePayload {
  const wire: WirePayload = { schema: PAYLOAD_SCHEMA, kind: CONNECTION_READ };
  const single = connections.length === 1;
  connections.forEach((connection, m) => {
    for (const name of CONNECTION_FIELD_NAMES) if (connection[name] !== undefined) wire[single ? name : `c${m}.${name}`] = connection[name];
  });
  parts.forEach((part, i) => {
    wire[`p${i}.kind`] = part.kind;
    wire[`p${i}.for`] = part.for;
    if (!single) wire[`p${i}.connection`] = `c${part.connection}`;
    for (const [name, value] of Object.entries(part.fields)) wire[`p${i}.${name}`] = value;
  });
  return wire;
}

export interface ParsedPart extends ReadPart {
  /** The part's connection: `""` for the top-level one, else `c<M>`. */
  readonly connectionId: string;
  readonly connection: Connection;
  readonly payload: Payload;
}

export interface ConnectionRead {
  /** Each connection a part uses, by id (`""` is the top-level one). */
  readonly connections: ReadonlyMap<string, Connection>;
  readonly parts: readonly ParsedPart[];
}

/** Validates an untrusted connection-read query; throws {@link PayloadError} naming the field. */
export function parseConnectionRead(input: unknown): ConnectionRead {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PayloadError('(payload)', `the query must be a JSON object of strings, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`);
  }
  const top: Record<string, string> = {};
  const groups = new Map<string, Record<string, string>>();
  const raw = new Map<string, Record<string, string>>();
  const group = (map: Map<string, Record<string, string>>, id: string, name: string, max: number, what: string) => {
    let fields = map.get(id);
    if (!fields) {
      if (map.size >= max) throw new PayloadError(name, `a ${CONNECTION_READ} carries at most ${max} ${what}`);
      fields = Object.create(null) as Record<string, string>;
      map.set(id, fields);
    }
    return fields;
  };
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      throw new PayloadError(name, `\`${name}\` must be a string (all payload values are strings), got ${value === null ? 'null' : typeof value}`);
    }
    if (name === 'schema' || name === 'kind') continue;
    if (Object.prototype.hasOwnProperty.call(CONNECTION_FIELDS, name)) {
      if (value !== '') top[name] = value;
      continue;
    }
    const c = CONNECTION_KEY.exec(name);
    if (c) {
      if (!Object.prototype.hasOwnProperty.call(CONNECTION_FIELDS, c[2])) {
        throw new PayloadError(name, `unknown connection field \`${name}\`: a connection takes ${CONNECTION_FIELD_NAMES.join(', ')}`);
      }
      const fields = group(groups, `c${c[1]}`, name, MAX_CONNECTIONS, 'connections');
      if (value !== '') fields[c[2]] = value;
      continue;
    }
    const m = PART_KEY.exec(name);
    if (!m) throw new PayloadError(name, `unknown field \`${name}\` for kind "${CONNECTION_READ}"; parts are given as p<N>.<field>, connections as c<M>.<field>`);
    group(raw, `p${m[1]}`, name, MAX_PARTS, 'parts')[m[2]] = value;
  }
  const record = input as Record<string, unknown>;
  if (record.schema !== PAYLOAD_SCHEMA) throw new PayloadError('schema', `\`schema\` must be "${PAYLOAD_SCHEMA}", got ${show(record.schema)}`);
  if (record.kind !== CONNECTION_READ) throw new PayloadError('kind', `\`kind\` is ${show(record.kind)} but the adapter was asked for "${CONNECTION_READ}"`);

  // Each connection is checked once, with the field rules every kind shares, when a part uses it.
  const connections = new Map<string, Connection>();
  const connectionOf = (id: string, field: string): Connection => {
    const known = connections.get(id);
    if (known) return known;
    const fields = id === '' ? top : groups.get(id);
    if (!fields) throw new PayloadError(field, `\`${field}\` names connection "${id}", but the query has no ${id}.<field> fields`);
    const prefix = id === '' ? '' : `${id}.`;
    for (const [name, value] of Object.entries(fields)) {
      try {
        decodeField(name, CONNECTION_FIELDS[name as keyof typeof CONNECTION_FIELDS].spec, value);
      } catch (err) {
        if (err instanceof PayloadError && prefix !== '') throw new PayloadError(`${prefix}${name}`, `${id}: ${err.message}`);
        throw err;
      }
    }
    if (fields.region === undefined) throw new PayloadError(`${prefix}region`, `missing required field \`${prefix}region\` for kind "${CONNECTION_READ}"`);
    const connection = { ...fields } as unknown as Connection;
    connections.set(id, connection);
    return connection;
  };

  if (groups.size > 0 && Object.keys(top).length > 0) {
    throw new PayloadError(Object.keys(top)[0], `give the connection either as top-level fields or as c<M>.<field> groups, not both (\`${Object.keys(top)[0]}\` and \`${[...groups.keys()][0]}.\`)`);
  }
  const parts: ParsedPart[] = [];
  for (const [id, fields] of [...raw.entries()].sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)))) {
    const { kind, for: label, connection: ref, ...rest } = fields;
    if (kind === undefined || !isResourceKind(kind)) {
      throw new PayloadError(`${id}.kind`, `\`${id}.kind\` must name a kind (${Object.keys(KINDS).join(', ')}), got ${show(kind)}`);
    }
    if (label === undefined || !FOR_PATTERN.test(label)) {
      throw new PayloadError(`${id}.for`, `\`${id}.for\` must be a resource id or construct path of letters, digits and _./-, got ${show(label)}`);
    }
    if (ref !== undefined && !CONNECTION_REF.test(ref)) {
      throw new PayloadError(`${id}.connection`, `\`${id}.connection\` must name a connection of the query (c0, c1, ...), got ${show(ref)}`);
    }
    const allowed = readFieldsOf(kind);
    for (const name of Object.keys(rest)) {
      if (!allowed.includes(name)) {
        throw new PayloadError(`${id}.${name}`, `unknown field \`${id}.${name}\`: a read of "${kind}" takes ${allowed.length > 0 ? allowed.join(', ') : 'no fields'}`);
      }
    }
    const connectionId = ref ?? '';
    const connection = connectionOf(connectionId, ref === undefined ? 'region' : `${id}.connection`);
    let payload: Payload;
    try {
      payload = parsePayload(kind, 'read', { schema: PAYLOAD_SCHEMA, kind, ...connection, ...rest });
    } catch (err) {
      if (err instanceof PayloadError) throw new PayloadError(`${id}.${err.field}`, `${id} (${kind}): ${err.message}`);
      throw err;
    }
    parts.push({ id, kind, for: label, fields: { ...rest }, connectionId, connection, payload });
  }
  if (parts.length === 0) throw new PayloadError('(payload)', `a ${CONNECTION_READ} needs at least one part (p0.kind, p0.for)`);
  // Every connection given is checked, whether or not a part uses it.
  for (const id of groups.keys()) connectionOf(id, `${id}.region`);
  return { connections, parts };
}
