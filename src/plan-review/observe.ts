/**
 * What AWS looked like when the plan was made: the plan-time reads of our data sources (never the prose of a
 * check's message), paired with the resources they describe, and the drift checks paired with the resources
 * they guard (by the check-name contract in src/shared/drift.ts).
 */
import {
  CONNECTION_READ,
  KINDS,
  PAYLOAD_SCHEMA,
  PayloadError,
  connectionKey,
  guardedResourceId,
  parseConnectionRead,
  partResultKey,
  type KindDescriptor,
  type ParsedPart,
  type ResourceKind,
  type WirePayload,
} from '../shared';
import type { ObservedState } from './model';
import { stateResources, type PlanCheck, type PlanResourceChange, type TerraformPlan } from './plan';
import { attr, bool, isObject, recognisePayload } from './recognise';

export interface DataRead {
  /** The data source and, for a part of a connection read, the part: `data.external.X["p0"]`. */
  readonly address: string;
  readonly kind: ResourceKind;
  readonly key: string;
  /** What the read is for: the logical id of the resource it checks, or the data source's construct path. */
  readonly for: string;
  /** The result Terraform read while planning, or null when the read waits for the apply. */
  readonly result: Record<string, string> | null;
}

function keyOf(kind: ResourceKind, wire: WirePayload): string {
  return connectionKey(KINDS[kind].service, wire);
}

/** A listing narrowed to some statuses or one account: its counts do not describe the organisation. */
function isFilteredListing(wire: WirePayload): boolean {
  return (wire.statusFilter ?? '') !== '' || (wire.accountId ?? '') !== '';
}

/**
 * The reads a data source carries: one for a single-kind read, one per part for a connection read (each with
 * its own keys of the shared result).
 */
function readsOf(address: string, query: unknown, result: Record<string, string> | null): DataRead[] {
  const wire = recognisePayload(query);
  if (wire) return isFilteredListing(wire) ? [] : [{ address, kind: wire.kind, key: keyOf(wire.kind, wire), for: address, result }];
  if (!isObject(query) || query.schema !== PAYLOAD_SCHEMA || query.kind !== CONNECTION_READ) return [];
  return partsOf(query)
    .filter((part) => !isFilteredListing(part.fields))
    .map((part) => {
      const own = result === null ? null : Object.fromEntries(Object.keys(KINDS[part.kind].result).map((k) => [k, result[partResultKey(part.id, k)] ?? '']));
      return { address: `${address}["${part.id}"]`, kind: part.kind, key: keyOf(part.kind, part.payload as unknown as WirePayload), for: part.for, result: own };
    });
}

/**
 * The parts of a connection read. Values Terraform only knows during apply are missing from the plan's
 * query, so a part it cannot check is left out, not the whole read: each part is then parsed on its own,
 * with its connection.
 */
function partsOf(query: Record<string, unknown>): ParsedPart[] {
  try {
    return [...parseConnectionRead(query).parts];
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
  }
  const ids = new Set<string>();
  for (const key of Object.keys(query)) {
    const m = /^(p[0-9]{1,4})\./.exec(key);
    if (m) ids.add(m[1]);
  }
  const top = Object.entries(query).filter(([key]) => !key.includes('.'));
  const out: ParsedPart[] = [];
  for (const id of ids) {
    const ref = query[`${id}.connection`];
    const own = Object.entries(query).filter(([key]) => key.startsWith(`${id}.`) || (typeof ref === 'string' && key.startsWith(`${ref}.`)));
    try {
      out.push(...parseConnectionRead(Object.fromEntries([...top, ...own])).parts);
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err;
    }
  }
  return out;
}

export function collectDataReads(plan: TerraformPlan): DataRead[] {
  const reads = new Map<string, DataRead[]>();
  for (const r of stateResources(plan.prior_state?.values?.root_module)) {
    if (r.mode !== 'data') continue;
    const result = r.values?.result;
    const strings = isObject(result) ? (Object.fromEntries(Object.entries(result).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : null;
    reads.set(r.address, readsOf(r.address, r.values?.query, strings));
  }
  // A data source with a planned "read" is read during apply: whatever prior_state holds for it is stale.
  for (const rc of plan.resource_changes) {
    if (rc.mode !== 'data' || !rc.change.actions.includes('read')) continue;
    const query = isObject(attr(rc.change.after, 'query')) ? attr(rc.change.after, 'query') : attr(rc.change.before, 'query');
    reads.set(rc.address, readsOf(rc.address, query, null));
  }
  return [...reads.values()].flat().sort((a, b) => a.address.localeCompare(b.address));
}

function int(value: string | undefined): number | null {
  return value !== undefined && /^[0-9]{1,12}$/.test(value) ? Number(value) : null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The read that describes a resource: same kind and connection (what makes it the same AWS object), then the
 * read made for the resource itself (its drift read names it), then one Terraform read while planning over
 * one deferred to apply, then the name closest to the resource's.
 */
function bestRead(reads: readonly DataRead[], kind: ResourceKind, key: string, resourceName: string): DataRead | undefined {
  const name = (label: string) => label.replace(/^(?:module\.[^.]+\.)*(?:data\.)?[^.]+\./, '');
  return reads
    .filter((r) => r.kind === kind && r.key === key)
    .map((r) => ({ r, score: (r.for === resourceName ? 10_000_000 : 0) + (r.result !== null ? 1_000_000 : 0) + commonPrefix(name(r.for), resourceName) }))
    .sort((a, b) => b.score - a.score || a.r.address.localeCompare(b.r.address))[0]?.r;
}

/** AWS as the plan saw it for one of our resources, with its organisation's counts where the kind has them. */
export function observe(kind: ResourceKind, wire: WirePayload, reads: readonly DataRead[], resourceName: string): ObservedState | null {
  const descriptor: KindDescriptor = KINDS[kind];
  const drift = descriptor.write?.drift;
  const key = keyOf(kind, wire);
  const own = bestRead(reads, kind, key, resourceName);
  const listingKind = descriptor.write?.organisationListing as ResourceKind | undefined;
  const listing = listingKind ? bestRead(reads, listingKind, key, resourceName) : undefined;
  if (!own && !listing) return null;
  const res = own?.result ?? {};
  const org = listing?.result;
  return {
    source: 'data-source',
    address: (own ?? listing)!.address,
    for: (own ?? listing)!.for,
    readAtPlan: own ? own.result !== null : false,
    status: nonEmpty(res[drift?.status ?? 'status']),
    statusReason: drift?.reason ? nonEmpty(res[drift.reason]) : null,
    memberAccountsEnrolled: drift?.members ? bool(res[drift.members]) : null,
    numberOfMemberAccountsOptedIn: int(res.numberOfMemberAccountsOptedIn),
    lastUpdatedTimestamp: nonEmpty(res.lastUpdatedTimestamp),
    organisation: listing
      ? {
          dataSource: listing.address,
          for: listing.for,
          readAtPlan: org !== null && org !== undefined,
          accountCount: int(org?.accountCount),
          activeCount: int(org?.activeCount),
          inactiveCount: int(org?.inactiveCount),
          pendingCount: int(org?.pendingCount),
          failedCount: int(org?.failedCount),
        }
      : null,
  };
}

export function checkName(check: PlanCheck): string {
  return check.address.to_display ?? `check.${check.address.name ?? '?'}`;
}

export function checkMessages(check: PlanCheck): string[] {
  const out: string[] = [];
  for (const instance of check.instances ?? []) {
    for (const problem of instance.problems ?? []) {
      if (typeof problem.message === 'string' && problem.message !== '') out.push(problem.message);
    }
  }
  return [...new Set(out)];
}

/** The resource (of ours, in the same module) a drift check guards, by the check-name contract. */
export function guardedResource(check: PlanCheck, ours: readonly PlanResourceChange[]): PlanResourceChange | undefined {
  if (check.address.kind !== undefined && check.address.kind !== 'check') return undefined;
  const id = guardedResourceId(check.address.name ?? '');
  if (id === undefined) return undefined;
  const module = check.address.module ?? '';
  return ours.find((rc) => (rc.module_address ?? '') === module && rc.name === id);
}
