/**
 * The summary model: what a pull-request reviewer needs to know about each enrollment resource in a plan.
 *
 * Our resources are recognised only by the payload marker (`schema: PAYLOAD_SCHEMA`) in a resource's `input`
 * or a data source's `query`; names are used for nothing but pairing a `check` block with its resource,
 * because Terraform's plan JSON gives checks no other link to what they guard.
 */
import {
  ComputeOptimizerStatus,
  KINDS,
  Services,
  connectionKey as sharedConnectionKey,
  PAYLOAD_SCHEMA,
  REMOVAL_COMPANION_TRIGGERS,
  RESOURCE_KINDS,
  RemovalPolicy,
  isResourceKind,
  payloadFieldNames,
} from '../shared';
import type { ResourceKind, WirePayload } from '../shared';
import { PlanCheck, PlanResourceChange, TerraformPlan, stateResources } from './plan';

/** The version of the JSON document (`--format json`); bumped only for incompatible changes. */
export const SUMMARY_VERSION = 1;

/** What applying the plan does to a resource, in reviewer terms. */
export const EnrollmentAction = {
  ENROLL: 'enroll',
  OPT_OUT: 'opt-out',
  CHANGE_MEMBERS: 'change-members',
  REPAIR_DRIFT: 'repair-drift',
  CHANGE_SETTINGS: 'change-settings',
  STOP_MANAGING: 'stop-managing',
  /** The declared status is only known during apply, so neither enroll nor opt out can be told yet. */
  UNDETERMINED: 'undetermined',
  NO_CHANGE: 'no-change',
} as const;
export type EnrollmentAction = (typeof EnrollmentAction)[keyof typeof EnrollmentAction];
export const ENROLLMENT_ACTIONS: readonly EnrollmentAction[] = Object.values(EnrollmentAction);

/** Stable codes for risk notes (the JSON document carries them; the Markdown shows the text). */
export const RiskCode = {
  RECOMMENDATION_DATA_DELETED: 'recommendation-data-deleted',
  DELETION_NOT_ACKNOWLEDGED: 'deletion-not-acknowledged',
  AUTOMATION_RULES_STOPPED: 'automation-rules-stopped',
  REENROLL_LOCK_24H: 'reenroll-lock-24h',
  HUB_RECOMMENDATIONS_STOP: 'hub-recommendations-stop',
  MEMBER_ACCOUNTS: 'member-accounts',
  MEMBER_ACCOUNTS_EXCLUDED: 'member-accounts-excluded',
  ALREADY_IN_STATE: 'already-in-state',
  AWS_UNCHANGED: 'aws-unchanged',
  REMOVAL_OPTS_OUT: 'removal-opts-out',
  UNKNOWN_UNTIL_APPLY: 'unknown-until-apply',
  PENDING: 'pending',
  FAILED: 'failed',
} as const;
export type RiskCode = (typeof RiskCode)[keyof typeof RiskCode];

export interface RiskNote {
  readonly code: RiskCode;
  readonly text: string;
}

/** The enrollment settings a payload declares. `null` means not applicable to the kind, or not known yet. */
export interface DeclaredState {
  readonly status: string | null;
  readonly includeMemberAccounts: boolean | null;
  readonly removalPolicy: string;
  readonly acknowledgeRecommendationDataDeletion: boolean | null;
  /** Payload fields whose value Terraform will only know during apply. */
  readonly unknownFields: readonly string[];
}

export interface OrganisationCounts {
  readonly dataSource: string;
  /** False when Terraform deferred the listing to apply (it waits for the enrollments): counts are null. */
  readonly readAtPlan: boolean;
  readonly accountCount: number | null;
  readonly activeCount: number | null;
  readonly inactiveCount: number | null;
  readonly pendingCount: number | null;
  readonly failedCount: number | null;
}

/** AWS as the plan saw it, from our data sources (read while planning) or a drift check's message. */
export interface ObservedState {
  readonly source: 'data-source' | 'check';
  readonly address: string;
  /** False when Terraform deferred the read to apply time: nothing was observed. */
  readonly readAtPlan: boolean;
  readonly status: string | null;
  readonly statusReason: string | null;
  readonly memberAccountsEnrolled: boolean | null;
  readonly numberOfMemberAccountsOptedIn: number | null;
  readonly lastUpdatedTimestamp: string | null;
  readonly organisation: OrganisationCounts | null;
}

export interface DriftReport {
  readonly check: string;
  readonly status: string;
  readonly messages: readonly string[];
}

export interface ResourceSummary {
  readonly address: string;
  readonly kind: ResourceKind;
  readonly service: string;
  readonly scope: { readonly type: 'organisation' | 'account'; readonly accountId: string | null; readonly text: string };
  readonly terraformActions: readonly string[];
  readonly action: EnrollmentAction;
  readonly before: DeclaredState | null;
  readonly after: DeclaredState | null;
  /** Payload fields whose declared value differs between before and after (connection settings included). */
  readonly changedFields: readonly { readonly field: string; readonly before: string | null; readonly after: string | null }[];
  readonly observed: ObservedState | null;
  readonly drift: DriftReport | null;
  readonly risks: readonly RiskNote[];
}

export interface CheckSummary {
  readonly address: string;
  readonly status: string;
  readonly messages: readonly string[];
  /** The enrollment resource the check guards, when it is one of ours. */
  readonly resource: string | null;
}

export interface StackSummary {
  readonly name: string;
  readonly source: string;
  readonly terraformVersion: string | null;
  readonly formatVersion: string;
  /** Terraform stopped planning on an error: the plan is partial. */
  readonly errored: boolean;
  readonly complete: boolean;
  readonly resources: readonly ResourceSummary[];
  /** Failing or erroring checks that guard our resources (drift). */
  readonly driftChecks: readonly CheckSummary[];
  readonly otherFailingChecks: number;
  readonly otherResources: { readonly total: number; readonly changing: number };
  readonly warnings: readonly string[];
}

export interface Totals {
  readonly stacks: number;
  readonly resources: number;
  readonly byAction: Readonly<Record<EnrollmentAction, number>>;
  readonly driftWarnings: number;
  readonly otherResources: number;
  readonly otherChanging: number;
}

export interface PlanSummary {
  readonly version: typeof SUMMARY_VERSION;
  readonly stacks: readonly StackSummary[];
  readonly totals: Totals;
}

// ---------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Our wire payload, if `value` is one: a map (or its JSON text) carrying the schema marker and a known kind. */
export function recognisePayload(value: unknown): (WirePayload & { kind: ResourceKind }) | undefined {
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
  return wire as WirePayload & { kind: ResourceKind };
}

/** A payload marked by a schema version other than ours: recognisably ours, but not readable by this version. */
function foreignSchema(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.schema !== 'string') return undefined;
  return value.schema.startsWith('cdktf-aws-enrollment/') && value.schema !== PAYLOAD_SCHEMA ? value.schema : undefined;
}

function attr(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

function unknownFieldsOf(afterUnknown: unknown, attribute: string): string[] | 'all' {
  const u = attr(afterUnknown, attribute);
  if (u === true) return 'all';
  return isObject(u) ? Object.keys(u).filter((k) => u[k] === true).sort() : [];
}

function bool(value: string | undefined): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

/** The three services spell their statuses the same way; Compute Optimizer's enum names them. */
const { ACTIVE, INACTIVE, PENDING, FAILED } = ComputeOptimizerStatus;

/** Kinds whose payload can include the organisation's member accounts. */
const MEMBER_KINDS: ReadonlySet<ResourceKind> = new Set(RESOURCE_KINDS.filter((k) => payloadFieldNames(k).includes('includeMemberAccounts')));

function declaredOf(kind: ResourceKind, wire: WirePayload, unknown: readonly string[]): DeclaredState {
  const known = (name: string) => (unknown.includes(name) ? undefined : wire[name]);
  return {
    status: known('status') ?? null,
    includeMemberAccounts: MEMBER_KINDS.has(kind) ? (unknown.includes('includeMemberAccounts') ? null : (bool(wire.includeMemberAccounts) ?? false)) : null,
    removalPolicy: wire.removalPolicy || RemovalPolicy.RETAIN,
    acknowledgeRecommendationDataDeletion:
      kind === 'compute-optimizer-enrollment' ? (unknown.includes('acknowledgeRecommendationDataDeletion') ? null : (bool(wire.acknowledgeRecommendationDataDeletion) ?? false)) : null,
    unknownFields: unknown,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

/**
 * True when a replacement is caused only by the drift trigger: the declared payload and every other
 * `triggers_replace` entry are unchanged, and `reconcile` changed or became unknown (issue 4's drift design).
 */
function isReconcileOnly(rc: PlanResourceChange): boolean {
  const { before, after, after_unknown: afterUnknown } = rc.change;
  if (!sameJson(attr(before, 'input'), attr(after, 'input'))) return false;
  if (unknownFieldsOf(afterUnknown, 'input') === 'all') return false;
  const tb = attr(before, 'triggers_replace');
  const ta = attr(after, 'triggers_replace');
  const tu = attr(afterUnknown, 'triggers_replace');
  if (!isObject(tb)) return false;
  const keys = new Set([...Object.keys(tb), ...(isObject(ta) ? Object.keys(ta) : []), ...(isObject(tu) ? Object.keys(tu) : [])]);
  let reconcileChanged = false;
  for (const key of keys) {
    const unknown = isObject(tu) && tu[key] === true;
    const changed = unknown || !sameJson(tb[key], attr(ta, key));
    if (!changed) continue;
    if (key !== 'reconcile') return false;
    reconcileChanged = true;
  }
  return reconcileChanged;
}

function connectionKey(kind: ResourceKind, wire: WirePayload): string {
  return sharedConnectionKey(KINDS[kind].service, wire);
}

/** The read kind that lists an enrollment's organisation (for member-account counts). */
const ORGANISATION_LISTING: Partial<Record<ResourceKind, ResourceKind>> = {
  'compute-optimizer-enrollment': 'compute-optimizer-organization-statuses',
  'cost-optimization-hub-enrollment': 'cost-optimization-hub-enrollment-statuses',
};

interface DataRead {
  readonly address: string;
  readonly kind: ResourceKind;
  readonly key: string;
  readonly result: Record<string, string> | null;
}

/** A listing narrowed to some statuses or one account: its counts do not describe the organisation. */
function isFilteredListing(wire: WirePayload): boolean {
  return (wire.statusFilter ?? '') !== '' || (wire.accountId ?? '') !== '';
}

function collectDataReads(plan: TerraformPlan): DataRead[] {
  const reads = new Map<string, DataRead>();
  for (const r of stateResources(plan.prior_state?.values?.root_module)) {
    if (r.mode !== 'data') continue;
    const wire = recognisePayload(r.values?.query);
    if (!wire || isFilteredListing(wire)) continue;
    const result = r.values?.result;
    const strings = isObject(result) ? Object.fromEntries(Object.entries(result).filter(([, v]) => typeof v === 'string')) : null;
    reads.set(r.address, { address: r.address, kind: wire.kind, key: connectionKey(wire.kind, wire), result: strings as Record<string, string> | null });
  }
  // A data source with a planned "read" is read during apply: whatever prior_state holds for it is stale.
  for (const rc of plan.resource_changes) {
    if (rc.mode !== 'data' || !rc.change.actions.includes('read')) continue;
    const wire = recognisePayload(attr(rc.change.after, 'query')) ?? recognisePayload(attr(rc.change.before, 'query'));
    if (!wire || isFilteredListing(wire)) continue;
    reads.set(rc.address, { address: rc.address, kind: wire.kind, key: connectionKey(wire.kind, wire), result: null });
  }
  return [...reads.values()].sort((a, b) => a.address.localeCompare(b.address));
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
 * The read that describes a resource: same kind and connection (what makes it the same AWS object), then
 * one Terraform read while planning over one deferred to apply, then the name closest to the resource's
 * (the constructs put each resource's own drift read next to it; other reads of the same account may wait
 * for the apply).
 */
function bestRead(reads: readonly DataRead[], kind: ResourceKind, key: string, resourceName: string): DataRead | undefined {
  const name = (address: string) => address.replace(/^(?:module\.[^.]+\.)*(?:data\.)?[^.]+\./, '');
  return reads
    .filter((r) => r.kind === kind && r.key === key)
    .map((r) => ({ r, score: (r.result !== null ? 1_000_000 : 0) + commonPrefix(name(r.address), resourceName) }))
    .sort((a, b) => b.score - a.score || a.r.address.localeCompare(b.r.address))[0]?.r;
}

function observe(kind: ResourceKind, wire: WirePayload, reads: readonly DataRead[], resourceName: string): ObservedState | null {
  const key = connectionKey(kind, wire);
  const own = bestRead(reads, kind, key, resourceName);
  const listingKind = ORGANISATION_LISTING[kind];
  const listing = listingKind ? bestRead(reads, listingKind, key, resourceName) : undefined;
  if (!own && !listing) return null;
  const res = own?.result ?? {};
  const org = listing?.result;
  return {
    source: 'data-source',
    address: (own ?? listing)!.address,
    readAtPlan: own ? own.result !== null : false,
    status: nonEmpty(res.status),
    statusReason: nonEmpty(res.statusReason),
    memberAccountsEnrolled: bool(res.memberAccountsEnrolled ?? res.includeMemberAccounts),
    numberOfMemberAccountsOptedIn: int(res.numberOfMemberAccountsOptedIn),
    lastUpdatedTimestamp: nonEmpty(res.lastUpdatedTimestamp),
    organisation: listing
      ? {
          dataSource: listing.address,
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

function checkName(check: PlanCheck): string {
  return check.address.to_display ?? `check.${check.address.name ?? '?'}`;
}

function checkMessages(check: PlanCheck): string[] {
  const out: string[] = [];
  for (const instance of check.instances ?? []) {
    for (const problem of instance.problems ?? []) {
      if (typeof problem.message === 'string' && problem.message !== '') out.push(problem.message);
    }
  }
  return [...new Set(out)];
}

/**
 * Pairs a check block with the resource it guards. The constructs name the check `<resource name>_in_sync`
 * in the same module; a check only a prefix matches is accepted so small naming variations still pair.
 */
function guardedResource(check: PlanCheck, ours: readonly PlanResourceChange[]): PlanResourceChange | undefined {
  if (check.address.kind !== undefined && check.address.kind !== 'check') return undefined;
  const name = check.address.name ?? '';
  const module = check.address.module ?? '';
  const sameModule = ours.filter((rc) => (rc.module_address ?? '') === module);
  const exact = sameModule.find((rc) => `${rc.name}_in_sync` === name);
  if (exact) return exact;
  const prefixed = sameModule.filter((rc) => name.startsWith(rc.name) && /_in_sync$/.test(name)).sort((a, b) => b.name.length - a.name.length);
  return prefixed[0];
}

const OBSERVED_IN_MESSAGE = /(?:observed|reports)\W{0,5}(?:status\W{0,5})?(Active|Inactive|Pending|Failed)\b/i;

function scopeOf(wire: WirePayload, declared: DeclaredState): ResourceSummary['scope'] {
  const arn = /^arn:aws[a-z-]*:iam::([0-9]{12}):role\//.exec(wire.roleArn ?? '');
  const accountId = arn ? arn[1] : null;
  if (declared.includeMemberAccounts === true) {
    return { type: 'organisation', accountId, text: accountId ? `organisation (management account ${accountId} and members)` : 'organisation (management account and members)' };
  }
  return { type: 'account', accountId, text: accountId ? `account ${accountId}` : 'the calling account' };
}

function classify(
  rc: PlanResourceChange,
  before: DeclaredState | null,
  after: DeclaredState | null,
  drifting: boolean,
): EnrollmentAction {
  const actions = rc.change.actions;
  if (actions.every((a) => a === 'no-op' || a === 'read')) return 'no-change';
  if (actions.length === 1 && actions[0] === 'delete') {
    // Removed from the code, the destroy-time provisioner goes with it: Terraform forgets the resource and
    // the removal policy never runs. Only `terraform destroy` (configuration still present) opts out.
    if (removedFromCode(rc)) return 'stop-managing';
    return before?.removalPolicy === RemovalPolicy.OPT_OUT && before.status === ACTIVE ? 'opt-out' : 'stop-managing';
  }
  if (!after) return 'change-settings';
  if (after.status === null) return 'undetermined';
  if (!before) {
    return after.status === ACTIVE ? 'enroll' : after.status === INACTIVE ? 'opt-out' : 'change-settings';
  }
  if (after.status !== null && before.status !== after.status) {
    return after.status === ACTIVE ? 'enroll' : after.status === INACTIVE ? 'opt-out' : 'change-settings';
  }
  if (after.includeMemberAccounts !== null && before.includeMemberAccounts !== after.includeMemberAccounts) return 'change-members';
  const replacing = actions.includes('create') && actions.includes('delete');
  if (replacing && (isReconcileOnly(rc) || (drifting && sameJson(attr(rc.change.before, 'input'), attr(rc.change.after, 'input'))))) {
    return 'repair-drift';
  }
  return 'change-settings';
}

/**
 * Terraform runs a destroy-time provisioner on every replacement, not only on `terraform destroy`: with
 * removal policy "opt-out" in the stored payload, the adapter opts AWS out before the new resource's apply
 * enrolls it again. That is a no-op only when AWS is already `Inactive`.
 */
/** A delete planned because the resource (or its module) is no longer in the configuration. */
function removedFromCode(rc: PlanResourceChange): boolean {
  return rc.action_reason === 'delete_because_no_resource_config' || rc.action_reason === 'delete_because_no_module';
}

/** The constructs' removal companion: `triggers_replace = { role = "removal" }` (see src/constructs). */
function isRemovalCompanion(rc: PlanResourceChange): boolean {
  const role = (value: unknown) => attr(attr(value, 'triggers_replace'), 'role');
  const { role: companion } = REMOVAL_COMPANION_TRIGGERS;
  return role(rc.change.after) === companion || role(rc.change.before) === companion;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function risksFor(
  kind: ResourceKind,
  action: EnrollmentAction,
  before: DeclaredState | null,
  after: DeclaredState | null,
  observed: ObservedState | null,
  planTimestamp: string | undefined,
  removedFromCode = false,
): RiskNote[] {
  const risks: RiskNote[] = [];
  const target = action === 'opt-out' && !after ? INACTIVE : (after?.status ?? null);
  const observedStatus = observed?.readAtPlan ? observed.status : null;
  const optingOut = action === 'opt-out' || (action === 'repair-drift' && target === INACTIVE);
  const enrolling = action === 'enroll' || (action === 'repair-drift' && target === ACTIVE);
  const declaring = after ?? before;
  const members = declaring?.includeMemberAccounts === true;

  if (optingOut) {
    if (kind === 'compute-optimizer-enrollment') {
      risks.push({
        code: 'recommendation-data-deleted',
        text: "Opting out deletes Compute Optimizer's recommendations and metrics data for this account.",
      });
      const acknowledged = (after ?? before)?.acknowledgeRecommendationDataDeletion === true;
      if (!acknowledged) {
        risks.push({ code: 'deletion-not-acknowledged', text: 'The deletion is not acknowledged in code: `acknowledgeRecommendationDataDeletion` is not true.' });
      }
    } else if (kind === 'automation-enrollment') {
      risks.push({ code: 'automation-rules-stopped', text: 'Opting out stops every Automation rule; after re-enrolling, all rules stay inactive until someone enables them again.' });
      risks.push({ code: 'reenroll-lock-24h', text: 'AWS refuses to re-enroll this account in Automation for 24 hours after the opt-out.' });
    } else if (kind === 'cost-optimization-hub-enrollment') {
      risks.push({ code: 'hub-recommendations-stop', text: `Cost Optimization Hub stops collecting recommendations for this account${members ? ' and its member accounts' : ''}.` });
    }
  }
  if (enrolling && kind === 'automation-enrollment') {
    const optedOutAt = observedStatus === INACTIVE && observed?.lastUpdatedTimestamp ? Date.parse(observed.lastUpdatedTimestamp) : NaN;
    const plannedAt = planTimestamp ? Date.parse(planTimestamp) : NaN;
    if (Number.isFinite(optedOutAt) && Number.isFinite(plannedAt) && plannedAt - optedOutAt < DAY_MS) {
      const until = new Date(optedOutAt + DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
      // Only a stored Active that AWS now reports Inactive proves an opt-out; an account that was never
      // enrolled also reports Inactive, with whatever time AWS last touched it.
      const since = new Date(optedOutAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
      risks.push({
        code: 'reenroll-lock-24h',
        text:
          before?.status === ACTIVE
            ? `This account opted out of Automation less than 24 hours before the plan; AWS refuses to re-enroll it until ${until}, so apply would fail.`
            : `AWS reports Automation Inactive since ${since}, less than 24 hours before the plan: if that was an opt-out, AWS refuses to re-enroll until ${until} and apply fails.`,
      });
    } else if (before?.status === INACTIVE && !Number.isFinite(optedOutAt)) {
      risks.push({ code: 'reenroll-lock-24h', text: 'AWS refuses to re-enroll in Automation within 24 hours of an opt-out; apply fails if the opt-out was recent.' });
    }
  }
  const org = observed?.organisation;
  const optedIn = observed?.readAtPlan ? observed.numberOfMemberAccountsOptedIn : null;
  const known: string[] = [];
  if (org?.accountCount !== null && org?.accountCount !== undefined) {
    known.push(`${plural(org.accountCount, 'account')} in the organisation listing${org.activeCount !== null ? `, ${org.activeCount} active` : ''}${org.inactiveCount !== null ? `, ${org.inactiveCount} inactive` : ''}`);
  } else if (optedIn !== null) {
    known.push(`${optedIn} opted in now`);
  }
  if (org && !org.readAtPlan) known.push('the organisation listing is read during apply');
  const orgText = known.length > 0 ? known.join('; ') : 'how many is not known from this plan';
  if (MEMBER_KINDS.has(kind) && after?.includeMemberAccounts === true && (action === 'enroll' || action === 'change-members')) {
    risks.push({ code: 'member-accounts', text: `Enrolls the organisation's member accounts (${orgText}).` });
  }
  if (MEMBER_KINDS.has(kind) && action === 'repair-drift' && after?.includeMemberAccounts === true && target === ACTIVE && observed?.memberAccountsEnrolled === false) {
    risks.push({ code: 'member-accounts', text: `Enrolls the organisation's member accounts again: AWS reports them not enrolled (${orgText}).` });
  }
  if (MEMBER_KINDS.has(kind) && action === 'change-members' && after?.includeMemberAccounts === false) {
    risks.push({
      code: 'member-accounts-excluded',
      text: `Stops asking AWS to include member accounts (${orgText}); members already enrolled stay enrolled, since AWS has no way to remove them through this setting.`,
    });
  }
  if (action === 'enroll' && observedStatus !== null && observedStatus === target) {
    risks.push({ code: 'already-in-state', text: `AWS already reports ${observedStatus}: apply records it and changes nothing in AWS.` });
  }
  if (action === 'stop-managing') {
    risks.push(
      removedFromCode && before?.removalPolicy === RemovalPolicy.OPT_OUT
        ? {
            code: 'aws-unchanged',
            text: `Removed from the code, so Terraform forgets it without running its removal policy "opt-out": AWS stays as it is. To opt out, declare status "Inactive" and apply before removing it.`,
          }
        : { code: 'aws-unchanged', text: `Terraform stops managing it; the removal policy is "${before?.removalPolicy ?? RemovalPolicy.RETAIN}", so AWS stays as it is.` },
    );
  }
  if (action === 'change-settings' && before?.removalPolicy !== RemovalPolicy.OPT_OUT && after?.removalPolicy === RemovalPolicy.OPT_OUT) {
    risks.push({ code: 'removal-opts-out', text: `From now on, \`terraform destroy\` of this stack opts out of ${Services[KINDS[kind].service].name}.` });
  }
  const unknown = after?.unknownFields ?? [];
  if (unknown.length > 0) {
    risks.push({ code: 'unknown-until-apply', text: `Known only during apply: ${unknown.map((f) => `\`${f}\``).join(', ')}.` });
  }
  if (observedStatus === PENDING) {
    risks.push({ code: 'pending', text: 'AWS reports Pending: an enrollment change is still in progress.' });
  }
  if (observedStatus === FAILED) {
    risks.push({ code: 'failed', text: `AWS reports Failed${observed?.statusReason ? `: ${observed.statusReason}` : ''}.` });
  }
  return risks;
}

const IDENTITY_FIELDS = new Set(['schema', 'kind']);

function changedFields(before: WirePayload | undefined, after: WirePayload | undefined, unknown: readonly string[]): ResourceSummary['changedFields'] {
  if (!before || !after) return [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !IDENTITY_FIELDS.has(n)).sort();
  return names
    .filter((n) => unknown.includes(n) || (before[n] ?? '') !== (after[n] ?? ''))
    .map((n) => ({ field: n, before: before[n] ?? null, after: unknown.includes(n) ? null : (after[n] ?? null) }));
}

/** Summarises one plan (one cdktf stack). */
export function summariseStack(name: string, source: string, plan: TerraformPlan): StackSummary {
  const warnings: string[] = [];
  if (plan.errored) warnings.push('Terraform reported errors while planning: this plan is partial and may omit changes.');
  else if (!plan.complete) warnings.push('This plan is incomplete: Terraform deferred some changes to a later plan.');

  const ours: { rc: PlanResourceChange; wire: WirePayload & { kind: ResourceKind } }[] = [];
  let otherTotal = 0;
  let otherChanging = 0;
  for (const rc of plan.resource_changes) {
    if (rc.mode !== 'managed') continue;
    const wire = recognisePayload(attr(rc.change.after, 'input')) ?? recognisePayload(attr(rc.change.before, 'input'));
    // The removal companion of an "opt-out" enrollment carries the same payload; the enrollment's own row
    // already says what destroying it does, so the companion is neither listed nor counted.
    if (wire && isRemovalCompanion(rc)) continue;
    if (wire) {
      ours.push({ rc, wire });
      continue;
    }
    const foreign = foreignSchema(attr(rc.change.after, 'input')) ?? foreignSchema(attr(rc.change.before, 'input'));
    if (foreign) warnings.push(`\`${rc.address}\` uses payload schema "${foreign}", which this version cannot read; upgrade cdktf-aws-enrollment.`);
    otherTotal++;
    if (!rc.change.actions.every((a) => a === 'no-op' || a === 'read')) otherChanging++;
  }

  const reads = collectDataReads(plan);
  const checksByResource = new Map<string, PlanCheck>();
  let otherFailingChecks = 0;
  for (const check of plan.checks) {
    const guarded = guardedResource(check, ours.map((o) => o.rc));
    if (guarded) checksByResource.set(guarded.address, check);
    else if (check.status === 'fail' || check.status === 'error') otherFailingChecks++;
  }

  const resources: ResourceSummary[] = ours.map(({ rc, wire }) => {
    const { before: rawBefore, after: rawAfter, after_unknown: afterUnknown } = rc.change;
    const beforeWire = recognisePayload(attr(rawBefore, 'input'));
    const afterWire = recognisePayload(attr(rawAfter, 'input'));
    const unknown = unknownFieldsOf(afterUnknown, 'input');
    const before = beforeWire ? declaredOf(beforeWire.kind, beforeWire, []) : null;
    const after = afterWire ? declaredOf(afterWire.kind, afterWire, unknown === 'all' ? ['input'] : unknown) : null;
    const check = checksByResource.get(rc.address);
    const failing = check !== undefined && (check.status === 'fail' || check.status === 'error');
    const failure: DriftReport | null = failing ? { check: checkName(check), status: check.status, messages: checkMessages(check) } : null;
    let observed = observe(wire.kind, wire, reads, rc.name);
    if (!observed && failure) {
      const match = failure.messages.map((m) => OBSERVED_IN_MESSAGE.exec(m)).find((m) => m !== null);
      observed = {
        source: 'check',
        address: failure.check,
        readAtPlan: true,
        status: match ? match[1][0].toUpperCase() + match[1].slice(1).toLowerCase() : null,
        statusReason: null,
        memberAccountsEnrolled: null,
        numberOfMemberAccountsOptedIn: null,
        lastUpdatedTimestamp: null,
        organisation: null,
      };
    }
    const action = classify(rc, before, after, failure !== null);
    // The check compares AWS with the declared status, so it also fails while a declared change is pending:
    // that is the change itself, not drift.
    const drift = action === 'repair-drift' || action === 'no-change' || action === 'change-settings' ? failure : null;
    const declared = after ?? before!;
    return {
      address: rc.address + (rc.deposed ? ` (deposed ${rc.deposed})` : ''),
      kind: wire.kind,
      service: Services[KINDS[wire.kind].service].name,
      scope: scopeOf(wire, declared),
      terraformActions: [...rc.change.actions],
      action,
      before,
      after,
      changedFields: changedFields(beforeWire, afterWire, unknown === 'all' ? ['input'] : unknown),
      observed,
      drift,
      risks: risksFor(wire.kind, action, before, after, observed, plan.timestamp, removedFromCode(rc)),
    };
  });
  const driftChecks: CheckSummary[] = resources
    .filter((r) => r.drift !== null)
    .map((r) => ({ address: r.drift!.check, status: r.drift!.status, messages: r.drift!.messages, resource: r.address }));

  return {
    name,
    source,
    terraformVersion: plan.terraform_version ?? null,
    formatVersion: plan.format_version,
    errored: plan.errored,
    complete: plan.complete,
    resources,
    driftChecks,
    otherFailingChecks,
    otherResources: { total: otherTotal, changing: otherChanging },
    warnings: [...new Set(warnings)],
  };
}

export function summarise(stacks: readonly StackSummary[]): PlanSummary {
  const byAction = Object.fromEntries(ENROLLMENT_ACTIONS.map((a) => [a, 0])) as Record<EnrollmentAction, number>;
  let resources = 0;
  for (const stack of stacks) {
    for (const r of stack.resources) {
      byAction[r.action]++;
      resources++;
    }
  }
  return {
    version: SUMMARY_VERSION,
    stacks,
    totals: {
      stacks: stacks.length,
      resources,
      byAction,
      driftWarnings: stacks.reduce((n, s) => n + s.driftChecks.length, 0),
      otherResources: stacks.reduce((n, s) => n + s.otherResources.total, 0),
      otherChanging: stacks.reduce((n, s) => n + s.otherResources.changing, 0),
    },
  };
}
