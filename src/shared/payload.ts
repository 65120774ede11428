/**
 * The adapter's payload codec, derived from the kind descriptors (./kinds): the constructs encode payloads
 * with it, the adapter validates what it receives with it, and the plan review recognises our resources by
 * the `schema` marker every payload carries.
 *
 * Wire format (the same for `read` queries on stdin and `apply`/`destroy` payloads in argv): one flat JSON
 * object whose values are all strings; see ./fields for how values are spelled.
 */
import { CONNECTION_FIELDS } from './connection';
import { PayloadError, decodeField, encodeValue, quoteList, type FieldDef } from './fields';
import { KINDS, PAYLOAD_SCHEMA, RESOURCE_KINDS, type PayloadByKind, type ResourceKind, type Verb } from './kinds';

/**
 * `triggers_replace` of the removal companion the constructs add for `removalPolicy: "opt-out"` (it carries the
 * destroy step and is never replaced); the plan review tells it apart from the enrollment by this.
 */
export const REMOVAL_COMPANION_TRIGGERS = { role: 'removal' } as const;

/** The flat all-strings form that travels through Terraform. */
export type WirePayload = Record<string, string>;

const MAX_WIRE_BYTES = 64 * 1024;

const COMMON_FIELDS = {
  schema: { requiredFor: ['read', 'apply', 'destroy'], spec: { type: 'enum', values: [PAYLOAD_SCHEMA] } },
  kind: { requiredFor: ['read', 'apply', 'destroy'], spec: { type: 'enum', values: RESOURCE_KINDS } },
  ...CONNECTION_FIELDS,
} as const satisfies Record<string, FieldDef>;

const FIELDS = new Map<ResourceKind, Readonly<Record<string, FieldDef>>>(
  RESOURCE_KINDS.map((kind) => [kind, Object.freeze({ ...COMMON_FIELDS, ...KINDS[kind].fields })]),
);

/** Every field a kind accepts, in wire order: marker, connection, then the kind's own. */
export function fieldsOf(kind: ResourceKind): Readonly<Record<string, FieldDef>> {
  return FIELDS.get(kind)!;
}

/** The field names a kind accepts, in wire order (for docs and the constructs). */
export function payloadFieldNames(kind: ResourceKind): string[] {
  return Object.keys(fieldsOf(kind));
}

/**
 * Validates an untrusted wire payload for `kind` and `verb` and returns it typed, with each absent field's
 * default filled in. Throws {@link PayloadError} naming the offending field.
 */
export function parsePayload<K extends ResourceKind>(kind: K, verb: Verb, input: unknown): PayloadByKind[K] {
  const verbs: readonly string[] = KINDS[kind].verbs;
  if (!verbs.includes(verb)) {
    throw new PayloadError('kind', `kind "${kind}" supports ${quoteList(verbs)}, not "${verb}"`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PayloadError('(payload)', `the payload must be a JSON object of strings, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`);
  }
  const fields = fieldsOf(kind);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const def = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (!def) {
      throw new PayloadError(name, `unknown field \`${name}\` for kind "${kind}"; allowed: ${Object.keys(fields).join(', ')}`);
    }
    if (typeof value !== 'string') {
      throw new PayloadError(name, `\`${name}\` must be a string (all payload values are strings), got ${value === null ? 'null' : typeof value}`);
    }
    // Terraform passes unset optional values as "" (an empty list is a value of its own).
    if (value === '' && !def.requiredFor?.includes(verb) && def.spec.type !== 'enumList') continue;
    out[name] = decodeField(name, def.spec, value);
  }
  for (const [name, def] of Object.entries(fields)) {
    if (name in out) continue;
    if (def.requiredFor?.includes(verb)) throw new PayloadError(name, `missing required field \`${name}\` for kind "${kind}"`);
    if (def.default !== undefined) out[name] = def.default;
  }
  if (out.kind !== kind) {
    throw new PayloadError('kind', `\`kind\` is "${String(out.kind)}" but the adapter was asked for "${kind}"`);
  }
  if (out.roleSessionName !== undefined && out.roleArn === undefined) {
    throw new PayloadError('roleSessionName', '`roleSessionName` needs `roleArn`');
  }
  if (out.externalId !== undefined && out.roleArn === undefined) {
    throw new PayloadError('externalId', '`externalId` needs `roleArn`');
  }
  return out as unknown as PayloadByKind[K];
}

/** Parses the raw JSON text of a payload (argv or stdin) with size and syntax checks. */
export function parsePayloadText<K extends ResourceKind>(kind: K, verb: Verb, text: string): PayloadByKind[K] {
  if (Buffer.byteLength(text, 'utf8') > MAX_WIRE_BYTES) {
    throw new PayloadError('(payload)', `the payload is larger than ${MAX_WIRE_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PayloadError('(payload)', `the payload is not valid JSON: ${(err as Error).message}`);
  }
  return parsePayload(kind, verb, parsed);
}

/** A payload as the constructs build it: any subset of the kind's fields, values as users give them. */
export type PayloadInput<K extends ResourceKind> = { readonly schema: typeof PAYLOAD_SCHEMA; readonly kind: K } & {
  readonly [name: string]: string | number | boolean | readonly string[] | undefined;
};

/**
 * Encodes a payload to the flat all-strings wire form, with keys in schema order so synthesized output is
 * deterministic. Values that are not set are left out (defaults are not written). Validates what it encodes.
 */
export function encodePayload<K extends ResourceKind>(payload: PayloadInput<K>, verb: Verb = 'apply'): WirePayload {
  const kind = payload.kind;
  const wire: WirePayload = {};
  const source = payload as Record<string, unknown>;
  for (const name of payloadFieldNames(kind)) {
    const value = source[name];
    if (value !== undefined) wire[name] = encodeValue(value);
  }
  for (const name of Object.keys(source)) {
    if (!(name in wire) && source[name] !== undefined) {
      throw new PayloadError(name, `unknown field \`${name}\` for kind "${kind}"`);
    }
  }
  parsePayload(kind, verb, wire);
  return wire;
}
