/**
 * Recognising our resources in a plan and reading what they declare. Resources are recognised only by the
 * payload marker (`schema: PAYLOAD_SCHEMA`) in a resource's `input` or a data source's `query`, never by
 * names; what a payload means comes from its kind's descriptor.
 */
import { KINDS, PAYLOAD_SCHEMA, REMOVAL_COMPANION_TRIGGERS, includesMembers, isResourceKind, wireDefault } from '../shared';
import type { ResourceKind, WirePayload } from '../shared';
import type { DeclaredState, ResourceSummary } from './model';
import type { PlanResourceChange } from './plan';

export type OurPayload = WirePayload & { kind: ResourceKind };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function attr(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

/** Our wire payload, if `value` is one: a map (or its JSON text) carrying the schema marker and a known kind. */
export function recognisePayload(value: unknown): OurPayload | undefined {
  let candidate = value;
  if (typeof candidate === 'string' && candidate.includes(PAYLOAD_SCHEMA)) {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return undefined;
    }
  }
  if (!isObject(candidate) || candidate.schema !== PAYLOAD_SCHEMA) return undefined;
  if (typeof candidate.kind !== 'string' || !isResourceKind(candidate.kind)) return undefined;
  const wire: Record<string, string> = {};
  for (const [k, v] of Object.entries(candidate)) if (typeof v === 'string') wire[k] = v;
  return wire as OurPayload;
}

/** A payload marked by a schema version other than ours: recognisably ours, but not readable by this version. */
export function foreignSchema(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.schema !== 'string') return undefined;
  return value.schema.startsWith('cdktf-aws-enrollment/') && value.schema !== PAYLOAD_SCHEMA ? value.schema : undefined;
}

/** The constructs' removal companion: `triggers_replace = { role = "removal" }` (see src/constructs). */
export function isRemovalCompanion(rc: PlanResourceChange): boolean {
  const role = (value: unknown) => attr(attr(value, 'triggers_replace'), 'role');
  const { role: companion } = REMOVAL_COMPANION_TRIGGERS;
  return role(rc.change.after) === companion || role(rc.change.before) === companion;
}

/** The fields of `attribute` Terraform only knows during apply, or 'all' when the whole value is unknown. */
export function unknownFieldsOf(afterUnknown: unknown, attribute: string): string[] | 'all' {
  const u = attr(afterUnknown, attribute);
  if (u === true) return 'all';
  return isObject(u) ? Object.keys(u).filter((k) => u[k] === true).sort() : [];
}

export function bool(value: string | undefined): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

function hasField(kind: ResourceKind, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS[kind].fields, field);
}

/** What a payload declares, with absent fields read as their defaults. */
export function declaredOf(kind: ResourceKind, wire: WirePayload, unknown: readonly string[]): DeclaredState {
  const flag = (field: string): boolean | null =>
    !hasField(kind, field) ? null : unknown.includes(field) ? null : (bool(wire[field] || wireDefault(kind, field)) ?? false);
  return {
    status: (unknown.includes('status') ? undefined : wire.status) ?? null,
    includeMemberAccounts: includesMembers(kind) ? flag('includeMemberAccounts') : null,
    removalPolicy: wire.removalPolicy || wireDefault(kind, 'removalPolicy'),
    acknowledgeRecommendationDataDeletion: flag('acknowledgeRecommendationDataDeletion'),
    unknownFields: unknown,
  };
}

const IDENTITY_FIELDS = new Set(['schema', 'kind']);

/** Payload fields whose declared value differs between before and after (connection settings included). */
export function changedFields(before: WirePayload | undefined, after: WirePayload | undefined, unknown: readonly string[]): ResourceSummary['changedFields'] {
  if (!before || !after) return [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !IDENTITY_FIELDS.has(n)).sort();
  return names
    .filter((n) => unknown.includes(n) || (before[n] ?? '') !== (after[n] ?? ''))
    .map((n) => ({ field: n, before: before[n] ?? null, after: unknown.includes(n) ? null : (after[n] ?? null) }));
}

/** Which account (and whether its members) a declaration reaches, from the role it assumes. */
export function scopeOf(wire: WirePayload, declared: DeclaredState): ResourceSummary['scope'] {
  const arn = /^arn:aws[a-z-]*:iam::([0-9]{12}):role\//.exec(wire.roleArn ?? '');
  const accountId = arn ? arn[1] : null;
  if (declared.includeMemberAccounts === true) {
    return { type: 'organisation', accountId, text: accountId ? `organisation (management account ${accountId} and members)` : 'organisation (management account and members)' };
  }
  return { type: 'account', accountId, text: accountId ? `account ${accountId}` : 'the calling account' };
}
