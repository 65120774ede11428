/**
 * Preference changes: one row per declaration of Compute Optimizer recommendation preferences or Cost
 * Optimization Hub preferences a plan creates, updates, deletes or repairs, from its payload before and after
 * and, for drift, the preferences the plan-time read saw. Notes say in plain words where a change alters what
 * users will be recommended or shown.
 */
import {
  HUB_PREFERENCE_FIELDS,
  KINDS,
  PREFERENCE_FIELDS,
  PreferenceScopeName,
  Services,
  describePreferenceDifferences,
  preferenceDifferences,
  samePreferenceValue,
  type ResourceKind,
  type WirePayload,
} from '../shared';
import { removedFromCode } from './classify';
import type { PreferenceChange, PreferenceChangeAction, RiskNote } from './model';
import type { PlanResourceChange } from './plan';

/** The kinds whose changes are preference rows. */
export const PREFERENCE_KINDS: readonly ResourceKind[] = ['recommendation-preferences', 'cost-optimization-hub-preferences'];

export function isPreferenceKind(kind: ResourceKind): boolean {
  return PREFERENCE_KINDS.includes(kind);
}

const IDENTITY = ['resourceType', 'scopeName', 'scopeValue'];
const NOT_FIELDS = new Set(['schema', 'kind']);

function preferenceFields(kind: ResourceKind): readonly string[] {
  return kind === 'recommendation-preferences' ? PREFERENCE_FIELDS : HUB_PREFERENCE_FIELDS;
}

/** "Ec2Instance, organisation (ALL_ACCOUNTS)", "Ec2Instance, account 222222222222", "Cost Optimization Hub". */
export function targetOf(wire: WirePayload): string {
  if (wire.kind !== 'recommendation-preferences') return Services[KINDS[wire.kind as ResourceKind].service].name;
  const where = wire.scopeName === 'Organization' ? `organisation (${wire.scopeValue})` : wire.scopeName === 'AccountId' ? `account ${wire.scopeValue}` : `resource ${wire.scopeValue}`;
  return `${wire.resourceType}, ${where}`;
}

const LOOK_BACK_DAYS: Readonly<Record<string, number>> = { DAYS_14: 14, DAYS_32: 32, DAYS_93: 93 };
const CPU_THRESHOLD: Readonly<Record<string, number>> = { P90: 90, P95: 95, P99_5: 99.5 };
const HEADROOM: Readonly<Record<string, number>> = { PERCENT_0: 0, PERCENT_10: 10, PERCENT_20: 20, PERCENT_30: 30 };
const TERM: Readonly<Record<string, string>> = { OneYear: '1-year', ThreeYears: '3-year' };
const PAYMENT: Readonly<Record<string, string>> = { AllUpfront: 'all upfront', PartialUpfront: 'partial upfront', NoUpfront: 'no upfront' };

function parsed<T>(text: string | null): T | undefined {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

type Utilization = { metricName: string; metricParameters?: { threshold?: string; headroom?: string } }[];
type Preferred = { name: string; includeList?: string[]; excludeList?: string[] }[];

/** A metric's parameter, defaults filled in (what Compute Optimizer uses when it is left out). */
function parameter(list: Utilization | undefined, metric: string, key: 'threshold' | 'headroom'): string | undefined {
  if (!list) return undefined;
  const entry = list.find((u) => u.metricName === metric);
  if (!entry) return undefined;
  return entry.metricParameters?.[key] ?? (key === 'threshold' ? 'P99_5' : 'PERCENT_20');
}

/**
 * What setting `field` from `before` to `after` (wire values; null: not set, which for Compute Optimizer means
 * the next scope up or the default) does to what users are recommended or shown.
 */
export function preferenceNotes(kind: ResourceKind, field: string, before: string | null, after: string | null): RiskNote[] {
  if (after === null || after === '' || (before !== null && samePreferenceValue(field, after, before))) return [];
  const notes: RiskNote[] = [];
  const hub = kind === 'cost-optimization-hub-preferences';
  switch (field) {
    case 'lookBackPeriod': {
      const from = LOOK_BACK_DAYS[before ?? ''];
      const to = LOOK_BACK_DAYS[after];
      if (from !== undefined && to !== undefined && to < from) {
        notes.push({
          code: 'shorter-look-back',
          text: `Compute Optimizer analyses ${to} days of metrics instead of ${from}: recommendations follow recent usage and may miss monthly or quarterly peaks.`,
        });
      }
      break;
    }
    case 'enhancedInfrastructureMetrics':
      if (after === 'Active') {
        notes.push({ code: 'paid-feature', text: 'Turns on enhanced infrastructure metrics, a paid feature: AWS charges for each resource analysed with it (up to 93 days of metrics).' });
      }
      break;
    case 'inferredWorkloadTypes':
      if (after === 'Inactive') {
        notes.push({
          code: 'inferred-workloads-off',
          text: 'Turns off inferred workload types: Compute Optimizer stops detecting the applications on instances, so recommendations no longer show what moving to Graviton would take for them.',
        });
      }
      break;
    case 'preferredResources': {
      const list = parsed<Preferred>(after) ?? [];
      const include = list.flatMap((p) => p.includeList ?? []);
      const exclude = list.flatMap((p) => p.excludeList ?? []);
      const only = include.join(', ');
      const never = exclude.join(', ');
      const text =
        include.length === 0
          ? `Recommendations never suggest the instance types ${never}.`
          : `Recommendations suggest only the instance types ${only}${exclude.length > 0 ? `, never ${never}` : ''}.`;
      notes.push({ code: 'narrows-instance-types', text });
      break;
    }
    case 'utilizationPreferences': {
      const was = parsed<Utilization>(before ?? '');
      const now = parsed<Utilization>(after);
      const tighter: string[] = [];
      const threshold = parameter(now, 'CpuUtilization', 'threshold');
      const oldThreshold = parameter(was, 'CpuUtilization', 'threshold') ?? 'P99_5';
      if (threshold && CPU_THRESHOLD[threshold] < CPU_THRESHOLD[oldThreshold]) tighter.push(`CPU sized for the ${threshold.replace('P', '').replace('_', '.')}th percentile instead of the ${oldThreshold.replace('P', '').replace('_', '.')}th`);
      for (const metric of ['CpuUtilization', 'MemoryUtilization']) {
        const headroom = parameter(now, metric, 'headroom');
        const oldHeadroom = parameter(was, metric, 'headroom') ?? 'PERCENT_20';
        if (headroom && HEADROOM[headroom] < HEADROOM[oldHeadroom]) tighter.push(`${metric === 'CpuUtilization' ? 'CPU' : 'memory'} headroom ${HEADROOM[headroom]} % instead of ${HEADROOM[oldHeadroom]} %`);
      }
      if (tighter.length > 0) {
        notes.push({ code: 'tighter-sizing', text: `${tighter.join('; ')}: recommendations favour smaller instances, with less room for peaks.` });
      }
      break;
    }
    case 'externalMetricsPreference': {
      const source = parsed<{ source?: string }>(after)?.source;
      if (source) notes.push({ code: 'external-metrics', text: `Recommendations use memory metrics from ${source}.` });
      break;
    }
    case 'savingsEstimationMode':
      notes.push(
        after === 'BeforeDiscounts'
          ? { code: 'savings-estimation', text: `${hub ? 'Cost Optimization Hub shows' : 'Compute Optimizer estimates'} savings at public prices, before Savings Plans and Reserved Instance discounts: estimates look larger than what would be saved.` }
          : { code: 'savings-estimation', text: `${hub ? 'Cost Optimization Hub shows' : 'Compute Optimizer estimates'} savings after Savings Plans and Reserved Instance discounts: estimates shrink to what would actually be saved.` },
      );
      break;
    case 'memberAccountDiscountVisibility':
      if (after === 'None') {
        notes.push({ code: 'member-discounts-hidden', text: "Member accounts see savings before discounts: the organisation's Savings Plans and Reserved Instance discounts are hidden from them." });
      }
      break;
    case 'preferredCommitmentTerm':
      notes.push({ code: 'commitment-changed', text: `Reserved Instance and Savings Plans recommendations assume ${TERM[after] ?? after} commitments.` });
      break;
    case 'preferredCommitmentPaymentOption':
      notes.push({ code: 'commitment-changed', text: `Reserved Instance and Savings Plans recommendations assume ${PAYMENT[after] ?? after} payment.` });
      break;
  }
  return notes;
}

export interface PreferencesInput {
  readonly rc: PlanResourceChange;
  readonly scope: string;
  readonly before?: WirePayload;
  readonly after?: WirePayload;
  /** The plan-time read of the declaration (the preferences AWS had), when Terraform made it while planning. */
  readonly observed?: Readonly<Record<string, string>>;
  /** Whether the declaration's drift check failed. */
  readonly drifting: boolean;
}

type Fields = PreferenceChange['fields'];

function row(input: PreferencesInput, wire: WirePayload, action: PreferenceChangeAction, fields: Fields, risks: RiskNote[], observed: string | null = null): PreferenceChange {
  const kind = wire.kind as ResourceKind;
  const organisation = wire.scopeName === 'Organization' && action !== 'stop-managing' && action !== 'repair-drift';
  return {
    address: input.rc.address,
    kind,
    service: Services[KINDS[kind].service].name,
    target: targetOf(wire),
    scope: input.scope,
    action,
    fields,
    observed,
    risks: organisation ? [...risks, { code: 'organisation-wide', text: 'Applies to every account of the organisation that does not set its own.' }] : risks,
  };
}

const value = (wire: WirePayload | undefined, field: string): string | null => (wire?.[field] === undefined || wire[field] === '' ? null : wire[field]);

function notesFor(kind: ResourceKind, fields: Fields): RiskNote[] {
  return fields.flatMap((f) => preferenceNotes(kind, f.field, f.before, f.after));
}

/**
 * What takes over where preferences are deleted: the wider scopes that remain (a resource's account, then the
 * organisation; an account's organisation), else Compute Optimizer's default.
 */
const WHAT_APPLIES_AFTER_DELETE: Readonly<Record<string, string>> = {
  [PreferenceScopeName.RESOURCE_ARN]: "the account's preferences, then the organisation's, else Compute Optimizer's default, apply",
  [PreferenceScopeName.ACCOUNT_ID]: "the organisation's preferences, else Compute Optimizer's default, apply",
  [PreferenceScopeName.ORGANIZATION]: "Compute Optimizer's default applies to every account that does not set its own",
};

/** What destroying a declaration with removal policy "delete" does. */
function deletion(input: PreferencesInput, wire: WirePayload): PreferenceChange {
  const kind = wire.kind as ResourceKind;
  const declared = preferenceFields(kind).filter((f) => value(wire, f) !== null);
  const fields = declared.map((f) => ({ field: f, before: value(wire, f), after: null }));
  if (kind === 'cost-optimization-hub-preferences') {
    return row(input, wire, 'delete', fields, [{ code: 'preferences-deleted', text: `Restores AWS's defaults for ${declared.join(', ')} (BeforeDiscounts, All, ThreeYears, AllUpfront).` }]);
  }
  const deletable = declared.filter((f) => f !== 'savingsEstimationMode');
  const risks: RiskNote[] = [];
  if (deletable.length > 0) {
    risks.push({ code: 'preferences-deleted', text: `Deletes ${deletable.join(', ')} at this scope: ${WHAT_APPLIES_AFTER_DELETE[wire.scopeName ?? ''] ?? WHAT_APPLIES_AFTER_DELETE.Organization}.` });
  }
  if (declared.includes('savingsEstimationMode')) {
    risks.push({ code: 'savings-mode-kept', text: `savingsEstimationMode cannot be deleted: it stays ${wire.savingsEstimationMode} in AWS.` });
  }
  return row(input, wire, 'delete', fields.filter((f) => f.field !== 'savingsEstimationMode'), risks);
}

function stopManaging(input: PreferencesInput, wire: WirePayload, text: string): PreferenceChange {
  return row(input, wire, 'stop-managing', [], [{ code: 'aws-unchanged', text }]);
}

/** The rows of one preference declaration's planned change. */
export function preferenceChanges(input: PreferencesInput): PreferenceChange[] {
  const { before, after, rc } = input;
  const actions = rc.change.actions;
  if (actions.every((a) => a === 'no-op' || a === 'read')) return [];
  if (actions.length === 1 && actions[0] === 'delete') {
    if (!before) return [];
    if (removedFromCode(rc)) {
      return [stopManaging(input, before, 'Removed from the code: Terraform forgets these preferences without running the removal policy; they stay in AWS as they are.')];
    }
    if ((before.removalPolicy ?? 'retain') === 'delete') return [deletion(input, before)];
    return [stopManaging(input, before, 'The removal policy is "retain": the preferences stay in AWS as they are.')];
  }
  if (!after) return [];
  const kind = after.kind as ResourceKind;
  const fields = preferenceFields(kind);
  const observed = input.observed;
  if (!before || IDENTITY.some((f) => (before[f] ?? '') !== (after[f] ?? ''))) {
    const rows: PreferenceChange[] = [];
    if (before) {
      rows.push(stopManaging(input, before, `No longer declared here (the declaration moved to ${targetOf(after)}): the preferences at ${targetOf(before)} stay in AWS as they are.`));
    }
    const changes = fields
      .filter((f) => value(after, f) !== null)
      .map((f) => ({ field: f, before: observed && observed[f] !== undefined && observed[f] !== '' ? observed[f] : null, after: value(after, f) }));
    rows.push(row(input, after, 'create', changes, notesFor(kind, changes)));
    return rows;
  }
  const rows: PreferenceChange[] = [];
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((f) => !NOT_FIELDS.has(f) && (before[f] ?? '') !== (after[f] ?? ''))
    .sort((a, b) => order(fields, a) - order(fields, b) || (a < b ? -1 : a > b ? 1 : 0));
  if (changed.length > 0) {
    const changes = changed.map((f) => ({ field: f, before: value(before, f), after: value(after, f) }));
    const risks = notesFor(kind, changes);
    for (const f of changed) {
      if (fields.includes(f) && value(after, f) === null) {
        risks.push({ code: 'aws-unchanged', text: `${f} is no longer declared: Terraform stops managing it and AWS keeps ${value(before, f)}.` });
      }
    }
    if ((before.removalPolicy ?? 'retain') !== 'delete' && after.removalPolicy === 'delete') {
      risks.push({
        code: 'removal-deletes-preferences',
        text: kind === 'recommendation-preferences' ? 'From now on, `terraform destroy` deletes these preferences.' : "From now on, `terraform destroy` restores AWS's defaults for these preferences.",
      });
    }
    rows.push(row(input, after, 'update', changes, risks));
  }
  // Drift: what the console changed, which the apply restores. The read compares AWS with the new declaration,
  // so a field the declaration itself changes is that change, not drift.
  if (input.drifting && observed) {
    const declared = Object.fromEntries(fields.map((f) => [f, after[f]]));
    const drifted = preferenceDifferences(fields, declared, observed).filter((d) => !changed.includes(d.field));
    if (drifted.length > 0) {
      const repairs = drifted.map((d) => ({ field: d.field, before: d.observed === '' ? null : d.observed, after: d.declared }));
      rows.push(
        row(
          input,
          after,
          'repair-drift',
          repairs,
          [{ code: 'preference-drift', text: `Changed in the console (${drifted.map((d) => d.field).join(', ')}): apply restores the declaration.` }, ...notesFor(kind, repairs)],
          describePreferenceDifferences(drifted),
        ),
      );
    }
  }
  return rows;
}

/** Preferences first, in the API's order; then the other fields (removal policy, connection). */
function order(fields: readonly string[], field: string): number {
  const i = fields.indexOf(field);
  return i === -1 ? fields.length : i;
}
