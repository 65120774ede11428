import { Token } from 'cdktf';
import { encodePayload, PAYLOAD_SCHEMA, payloadFieldNames, PayloadByKind, ResourceKind, Verb, WirePayload } from '../../shared';
import { relabel } from '../errors';

/** Values that stand in for unresolved tokens in required fields, so the rest of the payload can still be validated. */
const PLACEHOLDERS: Record<string, string> = { status: 'Active', region: 'us-east-1' };

type FieldValue = string | number | boolean | readonly string[] | undefined;

/**
 * Builds the wire payload for `kind` with the shared encoder (one validation, schema key order), leaving
 * unresolved tokens in place: they are checked by the adapter at apply time instead.
 *
 * `labels` maps wire field names to the construct property names used in error messages.
 */
export function buildWire<K extends ResourceKind>(
  kind: K,
  fields: Record<string, FieldValue>,
  verb: Verb,
  labels: Record<string, string> = {},
): WirePayload {
  const concrete: Record<string, unknown> = { schema: PAYLOAD_SCHEMA, kind };
  const tokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (isUnresolved(value)) {
      tokens[name] = Token.asString(value);
      if (PLACEHOLDERS[name] !== undefined) concrete[name] = PLACEHOLDERS[name];
      continue;
    }
    concrete[name] = value;
  }
  let wire: WirePayload;
  try {
    wire = encodePayload(concrete as unknown as PayloadByKind[K], verb);
  } catch (err) {
    const field = (err as { field?: string }).field;
    throw field && labels[field] ? relabel(err, field, labels[field]) : err;
  }
  if (Object.keys(tokens).length === 0) return wire;
  const merged: WirePayload = {};
  for (const name of payloadFieldNames(kind)) {
    const value = tokens[name] ?? wire[name];
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => Token.isUnresolved(v));
  return Token.isUnresolved(value);
}
