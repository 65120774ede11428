/**
 * One read for everything declared against one account and connection: the `connection-read` query. Every
 * plan-time read of a stack that shares a connection (and what it waits for) is one *part* of it, so a
 * plan runs one adapter process per connection instead of one per read, and the adapter makes the parts'
 * calls concurrently.
 *
 * Wire form (flat strings, like every payload): the marker, `kind: "connection-read"`, the connection
 * fields, then each part's fields under `p<N>.`: `p0.kind`, `p0.for` (what the part is read for: the
 * logical id of the resource it checks, or the data source's path; for the plan review and for people) and
 * the part kind's read fields (`p1.statusFilter`, ...). The result carries each part's keys as `p<N>.<key>`.
 */
import { CONNECTION_FIELDS, CONNECTION_FIELD_NAMES, type Connection } from './connection';
import { PayloadError, decodeField, show } from './fields';
import { KINDS, PAYLOAD_SCHEMA, isResourceKind, type KindDescriptor, type Payload, type ResourceKind } from './kinds';
import { parsePayload, type WirePayload } from './payload';

export const CONNECTION_READ = 'connection-read';

/** The most parts one read carries (a stack declares a handful per account; this bounds hostile input). */
export const MAX_PARTS = 500;

const PART_KEY = /^p(0|[1-9][0-9]{0,3})\.([A-Za-z][A-Za-z0-9]{0,63})$/;
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

/** Encodes a connection read; parts are numbered in the order given. */
export function encodeConnectionRead(connection: Record<string, string>, parts: readonly Omit<ReadPart, 'id'>[]): WirePayload {
  const wire: WirePayload = { schema: PAYLOAD_SCHEMA, kind: CONNECTION_READ };
  for (const name of CONNECTION_FIELD_NAMES) if (connection[name] !== undefined) wire[name] = connection[name];
  parts.forEach((part, i) => {
    wire[`p${i}.kind`] = part.kind;
    wire[`p${i}.for`] = part.for;
    for (const [name, value] of Object.entries(part.fields)) wire[`p${i}.${name}`] = value;
  });
  return wire;
}

export interface ConnectionRead {
  readonly connection: Connection;
  readonly parts: readonly (ReadPart & { readonly payload: Payload })[];
}

/** Validates an untrusted connection-read query; throws {@link PayloadError} naming the field. */
export function parseConnectionRead(input: unknown): ConnectionRead {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PayloadError('(payload)', `the query must be a JSON object of strings, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`);
  }
  const connection: Record<string, string> = {};
  const raw = new Map<string, Record<string, string>>();
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      throw new PayloadError(name, `\`${name}\` must be a string (all payload values are strings), got ${value === null ? 'null' : typeof value}`);
    }
    if (name === 'schema' || name === 'kind') continue;
    if (Object.prototype.hasOwnProperty.call(CONNECTION_FIELDS, name)) {
      if (value !== '') connection[name] = value;
      continue;
    }
    const m = PART_KEY.exec(name);
    if (!m) throw new PayloadError(name, `unknown field \`${name}\` for kind "${CONNECTION_READ}"; parts are given as p<N>.<field>`);
    const id = `p${m[1]}`;
    let part = raw.get(id);
    if (!part) {
      if (raw.size >= MAX_PARTS) throw new PayloadError(name, `a ${CONNECTION_READ} carries at most ${MAX_PARTS} parts`);
      part = Object.create(null) as Record<string, string>;
      raw.set(id, part);
    }
    part[m[2]] = value;
  }
  const record = input as Record<string, unknown>;
  if (record.schema !== PAYLOAD_SCHEMA) throw new PayloadError('schema', `\`schema\` must be "${PAYLOAD_SCHEMA}", got ${show(record.schema)}`);
  if (record.kind !== CONNECTION_READ) throw new PayloadError('kind', `\`kind\` is ${show(record.kind)} but the adapter was asked for "${CONNECTION_READ}"`);
  // The connection is checked once, with the field rules every kind shares.
  for (const [name, value] of Object.entries(connection)) decodeField(name, CONNECTION_FIELDS[name as keyof typeof CONNECTION_FIELDS].spec, value);
  if (connection.region === undefined) throw new PayloadError('region', `missing required field \`region\` for kind "${CONNECTION_READ}"`);

  const parts: (ReadPart & { payload: Payload })[] = [];
  for (const [id, fields] of [...raw.entries()].sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)))) {
    const { kind, for: label, ...rest } = fields;
    if (kind === undefined || !isResourceKind(kind)) {
      throw new PayloadError(`${id}.kind`, `\`${id}.kind\` must name a kind (${Object.keys(KINDS).join(', ')}), got ${show(kind)}`);
    }
    if (label === undefined || !FOR_PATTERN.test(label)) {
      throw new PayloadError(`${id}.for`, `\`${id}.for\` must be a resource id or construct path of letters, digits and _./-, got ${show(label)}`);
    }
    const allowed = readFieldsOf(kind);
    for (const name of Object.keys(rest)) {
      if (!allowed.includes(name)) {
        throw new PayloadError(`${id}.${name}`, `unknown field \`${id}.${name}\`: a read of "${kind}" takes ${allowed.length > 0 ? allowed.join(', ') : 'no fields'}`);
      }
    }
    let payload: Payload;
    try {
      payload = parsePayload(kind, 'read', { schema: PAYLOAD_SCHEMA, kind, ...connection, ...rest });
    } catch (err) {
      if (err instanceof PayloadError) throw new PayloadError(`${id}.${err.field}`, `${id} (${kind}): ${err.message}`);
      throw err;
    }
    parts.push({ id, kind, for: label, fields: { ...rest }, payload });
  }
  if (parts.length === 0) throw new PayloadError('(payload)', `a ${CONNECTION_READ} needs at least one part (p0.kind, p0.for)`);
  return { connection: connection as unknown as Connection, parts };
}
