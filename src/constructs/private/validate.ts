/**
 * Construct properties checked against the kind's fields (./../../shared/kinds), then encoded with the
 * shared codec: one rule per field for the constructs and the adapter. The checks here are about values as
 * users write them in code (a boolean must be a boolean: "false" as a string would silently mean true in
 * JavaScript); the codec then checks patterns and cross-field rules on the wire form. Unresolved tokens are
 * left in place: the adapter checks them at apply time.
 */
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { PAYLOAD_SCHEMA, PayloadError, encodePayload, fieldsOf, payloadFieldNames, type FieldDef, type ResourceKind, type Verb, type WirePayload } from '../../shared';
import { Messages, ValidationError, pathOf } from '../errors';

/**
 * A kind's fields as the constructs hand them over, named as on the wire: strings, numbers, booleans, lists
 * of strings, tokens or undefined (left out). Typed `unknown` for jsii, which has no type for "optional inside
 * a map"; every value is checked against the kind's field definitions here.
 */
export type PropFields = Record<string, unknown>;

export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => Token.isUnresolved(v));
  return Token.isUnresolved(value);
}

/** The construct property a wire field comes from. */
export function propertyOf(name: string, def: FieldDef | undefined): string {
  return def?.property ?? name;
}

/** The check of one value as written in code; returns the message, or undefined when it is fine. */
export function checkValue(property: string, def: FieldDef, value: unknown): string | undefined {
  if (value === undefined || isUnresolved(value)) return undefined;
  const spec = def.spec;
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : Messages.notBoolean(property, value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max ? undefined : Messages.outOfRange(property, value, spec.min, spec.max);
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? undefined : Messages.notOneOf(property, value, spec.values);
    case 'enumList': {
      if (!Array.isArray(value)) return Messages.notList(property, value);
      const bad = value.find((v) => !isUnresolved(v) && !spec.values.includes(v));
      return bad === undefined ? undefined : Messages.entryNotOneOf(property, bad, spec.values);
    }
    case 'string':
    case 'json':
      return typeof value === 'string' ? undefined : Messages.notString(property, value, spec.describe);
  }
}

/** Stand-ins for unresolved required fields, so the rest of the payload can still be validated. */
function placeholder(def: FieldDef): string | undefined {
  if (def.spec.type === 'enum') return def.spec.values[0];
  if (def.spec.type === 'string' && def.spec.example !== undefined) return def.spec.example;
  if (def.spec.type === 'string' && def.spec.pattern.test('us-east-1')) return 'us-east-1';
  return undefined;
}

/**
 * Builds the wire payload of `kind` for the construct at `path`, validating every value; errors name the
 * construct and the property the user wrote.
 */
export function buildPayload(scope: IConstruct, kind: ResourceKind, verb: Verb, values: PropFields): WirePayload {
  const path = pathOf(scope);
  const fields = fieldsOf(kind);
  const concrete: Record<string, unknown> = { schema: PAYLOAD_SCHEMA, kind };
  const tokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const def = fields[name];
    if (def) {
      const problem = checkValue(propertyOf(name, def), def, value);
      if (problem) throw new ValidationError(path, propertyOf(name, def), problem);
    }
    if (isUnresolved(value)) {
      tokens[name] = Token.asString(value);
      const stand = def?.requiredFor?.includes(verb) ? placeholder(def) : undefined;
      if (stand !== undefined) concrete[name] = stand;
      continue;
    }
    concrete[name] = value;
  }
  let wire: WirePayload;
  try {
    wire = encodePayload({ ...concrete, schema: PAYLOAD_SCHEMA, kind }, verb);
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    const property = propertyOf(err.field, fields[err.field]);
    throw new ValidationError(path, property, property === err.field ? err.message : err.message.split(`\`${err.field}\``).join(`\`${property}\``));
  }
  if (Object.keys(tokens).length === 0) return wire;
  const merged: WirePayload = {};
  for (const name of payloadFieldNames(kind)) {
    const value = tokens[name] ?? wire[name];
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}
