/**
 * Automation rule changes: one row per rule a plan creates, updates, deletes or repairs, from the rule set's
 * declared rules before and after (its payload) and, for drift, the managed rules the plan-time read saw.
 * Risk notes say in plain words what a rule will do to the fleet.
 */
import {
  RecommendedActionType,
  RuleType,
  compareRuleSets,
  decodeRules,
  type RuleCondition,
  type RuleDeclaration,
  type WirePayload,
} from '../shared';
import { removedFromCode } from './classify';
import type { RiskNote, RuleChange, RuleChangeAction } from './model';
import type { PlanResourceChange } from './plan';
import { sameJson } from './recognise';

function rulesOf(wire: WirePayload | undefined): RuleDeclaration[] | null {
  if (!wire) return null;
  try {
    return decodeRules(wire.rules ?? '[]');
  } catch {
    return null;
  }
}

const FIELDS = ['ruleType', 'status', 'recommendedActionTypes', 'description', 'priority', 'criteria', 'schedule', 'organizationConfiguration', 'tags'] as const;

function show(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field-by-field differences between two declarations of one rule. */
function declaredDifferences(before: RuleDeclaration, after: RuleDeclaration): RuleChange['fields'] {
  return FIELDS.filter((f) => !sameJson(before[f] ?? null, after[f] ?? null)).map((f) => ({ field: f, before: show(before[f]), after: show(after[f]) }));
}

/** "daily at 02:30 UTC", or the expression itself when it is not a plain daily schedule. */
export function describeSchedule(rule: RuleDeclaration): string {
  const zone = rule.schedule.scheduleExpressionTimezone ?? 'UTC';
  const body = /^cron\((.*)\)$/.exec(rule.schedule.scheduleExpression.trim())?.[1] ?? rule.schedule.scheduleExpression;
  const [minutes, hours, ...rest] = body.trim().split(/\s+/);
  const time = /^[0-9]{1,2}$/.test(minutes ?? '') && /^[0-9]{1,2}$/.test(hours ?? '') ? `${hours.padStart(2, '0')}:${minutes.padStart(2, '0')} ${zone}` : undefined;
  if (!time) return `on schedule "${rule.schedule.scheduleExpression}"`;
  const everyDay = rest.every((f) => f === '*' || f === '?');
  return everyDay ? `daily at ${time}` : `at ${time} on the days of "${rule.schedule.scheduleExpression}"`;
}

function conditionText(name: string, c: RuleCondition): string {
  const subject = name === 'resourceTag' ? `tag ${c.key}` : name;
  return `${subject} ${c.comparison} ${c.values.join(' or ')}`;
}

/** "in us-east-1, eu-west-1 matching ebsVolumeType StringEquals gp2", or "in every Region" without criteria. */
export function describeCriteria(rule: RuleDeclaration): string {
  const entries = Object.entries(rule.criteria) as [string, readonly RuleCondition[]][];
  const regions = entries.find(([n]) => n === 'region')?.[1] ?? [];
  const where =
    regions.length === 1 && regions[0].comparison === 'StringEquals' ? `in ${regions[0].values.join(', ')}` : regions.length > 0 ? `in Regions where ${regions.map((c) => conditionText('region', c)).join(' and ')}` : 'in every Region';
  const others = entries.filter(([n]) => n !== 'region').flatMap(([n, list]) => list.map((c) => conditionText(n, c)));
  return others.length > 0 ? `${where} matching ${others.join(' and ')}` : `${where}, with no other criteria`;
}

/** What an Active rule will do, in words; nothing for an Inactive one. */
export function ruleRisks(rule: RuleDeclaration): RiskNote[] {
  if (rule.status !== 'Active') return [];
  const risks: RiskNote[] = [];
  const when = describeSchedule(rule);
  const where = describeCriteria(rule);
  if (rule.recommendedActionTypes.includes(RecommendedActionType.SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME)) {
    risks.push({ code: 'deletes-ebs-volumes', text: `Snapshots and deletes unattached EBS volumes ${where}, ${when}.` });
  }
  if (rule.recommendedActionTypes.includes(RecommendedActionType.UPGRADE_EBS_VOLUME_TYPE)) {
    risks.push({ code: 'changes-ebs-volumes', text: `Changes EBS volumes to their recommended volume type ${where}, ${when}.` });
  }
  if (rule.ruleType === RuleType.ORGANIZATION_RULE) {
    const accounts = rule.organizationConfiguration?.accountIds ?? [];
    const order = rule.organizationConfiguration?.ruleApplyOrder === 'BeforeAccountRules' ? 'before' : 'after';
    risks.push({ code: 'organization-rule', text: `Applies to member accounts ${accounts.join(', ')} (${order} their own rules).` });
  }
  return risks;
}

export interface RuleSetInput {
  readonly rc: PlanResourceChange;
  readonly scope: string;
  readonly before?: WirePayload;
  readonly after?: WirePayload;
  /** The managed rules the plan-time read saw, when the set's drift check failed. */
  readonly observed?: { readonly rules: RuleDeclaration[]; readonly summary: string };
}

function row(input: RuleSetInput, rule: string, action: RuleChangeAction, fields: RuleChange['fields'], risks: RiskNote[], observed: string | null = null): RuleChange {
  return { address: input.rc.address, setId: (input.after ?? input.before)?.setId ?? '', scope: input.scope, rule, action, fields, observed, risks };
}

/** The rows of one rule set's planned change. */
export function ruleChanges(input: RuleSetInput): RuleChange[] {
  const before = rulesOf(input.before) ?? [];
  const after = rulesOf(input.after);
  const actions = input.rc.change.actions;
  const rows: RuleChange[] = [];
  if (actions.length === 1 && actions[0] === 'delete') {
    if (removedFromCode(input.rc)) {
      // Removed from the code, its destroy step goes with it: Terraform forgets the set, AWS keeps the rules.
      for (const r of before) {
        rows.push(row(input, r.name, 'stop-managing', [], [{ code: 'aws-unchanged', text: 'Terraform stops managing this rule; it stays in AWS and keeps running as it is.' }]));
      }
      return rows;
    }
    const retained = input.before?.removalPolicy === 'retain';
    for (const r of before) {
      rows.push(
        retained
          ? row(input, r.name, 'stop-managing', [], [{ code: 'aws-unchanged', text: 'The set\'s removal policy is "retain": the rule stays in AWS and keeps running.' }])
          : row(input, r.name, 'delete', [], [{ code: 'rule-deleted', text: 'Deletes the rule: Automation stops acting on what it matched.' }]),
      );
    }
    return rows;
  }
  if (!after) return rows;
  const beforeByName = new Map(before.map((r) => [r.name, r]));
  const afterNames = new Set(after.map((r) => r.name));
  for (const r of after) {
    const was = beforeByName.get(r.name);
    if (!was) rows.push(row(input, r.name, 'create', [], ruleRisks(r)));
    else {
      const fields = declaredDifferences(was, r);
      if (fields.length > 0) rows.push(row(input, r.name, 'update', fields, ruleRisks(r)));
    }
  }
  for (const r of before) {
    if (!afterNames.has(r.name)) rows.push(row(input, r.name, 'delete', [], [{ code: 'rule-deleted', text: 'Removed from the code: the set deletes the rule, and Automation stops acting on what it matched.' }]));
  }
  // Drift: what the console changed, which the apply restores. The read compares AWS with the new declaration,
  // so a rule the declaration itself creates, changes or deletes is that change, not drift.
  if (input.observed) {
    const changed = new Set(rows.map((r) => r.rule));
    const cmp = compareRuleSets(after, input.observed.rules);
    const observedByName = new Map(input.observed.rules.map((r) => [r.name, r]));
    for (const name of cmp.missing) {
      if (changed.has(name)) continue;
      const r = after.find((x) => x.name === name)!;
      rows.push(row(input, name, 'repair-drift', [], [{ code: 'rule-drift', text: 'Missing in AWS (deleted in the console): apply creates it again.' }, ...ruleRisks(r)], 'missing'));
    }
    for (const ch of cmp.changed) {
      if (changed.has(ch.name)) continue;
      const declared = after.find((x) => x.name === ch.name)!;
      const seen = observedByName.get(ch.name)!;
      const fields = declaredDifferences(seen, declared).filter((f) => ch.fields.some((name) => name.split('.')[0] === f.field));
      rows.push(row(input, ch.name, 'repair-drift', fields, [{ code: 'rule-drift', text: `Changed in the console (${ch.fields.join(', ')}): apply restores the declaration.` }, ...ruleRisks(declared)], `differs in ${ch.fields.join(', ')}`));
    }
    for (const name of cmp.extra) {
      if (changed.has(name)) continue;
      rows.push(row(input, name, 'repair-drift', [], [{ code: 'rule-drift', text: 'Managed by this set but not declared: apply deletes it.' }], 'not declared'));
    }
  }
  return rows;
}
