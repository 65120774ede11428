/**
 * The plan review's summary of one plan (one cdktf stack) and of several: our resources recognised by their
 * payload marker (./recognise), AWS as the plan-time reads saw it (./observe), the action each change is
 * (./classify) and its risks in plain words (./risks). The model and the JSON document are in ./model.
 */
import { KINDS, Services, type MemberAccountState, type ResourceKind, type RuleDeclaration, type WirePayload } from '../shared';
import { classify, removedFromCode } from './classify';
import {
  ASSOCIATION_CHANGE_ACTIONS,
  ENROLLMENT_ACTIONS,
  PREFERENCE_CHANGE_ACTIONS,
  RULE_CHANGE_ACTIONS,
  SUMMARY_VERSION,
  type AssociationChange,
  type AssociationChangeAction,
  type CheckSummary,
  type DriftReport,
  type EnrollmentAction,
  type PlanSummary,
  type PreferenceChange,
  type PreferenceChangeAction,
  type ResourceSummary,
  type RuleChange,
  type RuleChangeAction,
  type StackSummary,
} from './model';
import { checkMessages, checkName, collectDataReads, guardedResource, observe } from './observe';
import type { PlanCheck, PlanResourceChange, TerraformPlan } from './plan';
import { attr, changedFields, declaredOf, foreignSchema, isRemovalCompanion, recognisePayload, scopeOf, unknownFieldsOf } from './recognise';
import { risksFor } from './risks';
import { associationChanges as associationChanges_ } from './associations';
import { isPreferenceKind, preferenceChanges as preferenceChanges_ } from './preferences';
import { ruleChanges as ruleChanges_ } from './rules';

/** Kinds whose changes are rows of their own (rules, associations), not enrollment rows. */
const SETTING_KINDS: ReadonlySet<string> = new Set(['automation-rule-set', 'automation-member-accounts']);

/** The members a read listed. */
function listedMembers(text: string | undefined): MemberAccountState[] {
  try {
    const parsed = JSON.parse(text ?? '[]') as MemberAccountState[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** Which account a declaration reaches, from the role it assumes. */
function accountScope(wire: WirePayload): string {
  const arn = /^arn:aws[a-z-]*:iam::([0-9]{12}):role\//.exec(wire.roleArn ?? '');
  return arn ? `account ${arn[1]}` : 'the calling account';
}

/** The managed rules a read reported (its `rules`, without their ARNs). */
function observedRules(text: string | undefined): RuleDeclaration[] {
  try {
    const parsed = JSON.parse(text ?? '[]') as (RuleDeclaration & { ruleArn?: string })[];
    return Array.isArray(parsed) ? parsed.map(({ ruleArn: _arn, ...rule }) => rule) : [];
  } catch {
    return [];
  }
}

export * from './model';
export { recognisePayload } from './recognise';

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

  const sets = ours.filter((o) => o.wire.kind === 'automation-rule-set');
  const ruleChanges: RuleChange[] = sets.flatMap(({ rc, wire }) => {
    const check = checksByResource.get(rc.address);
    const failing = check !== undefined && (check.status === 'fail' || check.status === 'error');
    const read = failing ? reads.find((r) => r.kind === 'automation-rule-set' && r.for === rc.name && r.result !== null) : undefined;
    return ruleChanges_({
      rc,
      scope: accountScope(wire),
      before: recognisePayload(attr(rc.change.before, 'input')),
      after: recognisePayload(attr(rc.change.after, 'input')),
      observed: read ? { rules: observedRules(read.result!.rules), summary: read.result!.summary ?? '' } : undefined,
    });
  });
  const associations = ours.filter((o) => o.wire.kind === 'automation-member-accounts');
  const associationChanges: AssociationChange[] = associations.flatMap(({ rc, wire }) => {
    const check = checksByResource.get(rc.address);
    const failing = check !== undefined && (check.status === 'fail' || check.status === 'error');
    const read = failing ? reads.find((r) => r.kind === 'automation-member-accounts' && r.for === rc.name && r.result !== null) : undefined;
    return associationChanges_({
      rc,
      scope: accountScope(wire),
      before: recognisePayload(attr(rc.change.before, 'input')),
      after: recognisePayload(attr(rc.change.after, 'input')),
      observed: read ? listedMembers(read.result!.accounts) : undefined,
    });
  });
  // The read compares AWS with the new declaration, so a set's check also fails while the plan changes its
  // rules or members: that is the change itself. It is drift where a repair is planned, or where no planned
  // change explains it.
  const setDrift: CheckSummary[] = [...sets, ...associations].flatMap(({ rc }) => {
    const check = checksByResource.get(rc.address);
    if (!check || (check.status !== 'fail' && check.status !== 'error')) return [];
    const rows = [...ruleChanges, ...associationChanges].filter((c) => c.address === rc.address);
    if (rows.length > 0 && !rows.some((c) => c.action === 'repair-drift')) return [];
    return [{ address: checkName(check), status: check.status, messages: checkMessages(check), resource: rc.address }];
  });

  const preferenceChanges: PreferenceChange[] = ours
    .filter((o) => isPreferenceKind(o.wire.kind))
    .flatMap(({ rc, wire }) => {
      const check = checksByResource.get(rc.address);
      const read = reads.find((r) => r.kind === wire.kind && r.for === rc.name && r.result !== null);
      return preferenceChanges_({
        rc,
        scope: accountScope(wire),
        before: recognisePayload(attr(rc.change.before, 'input')),
        after: recognisePayload(attr(rc.change.after, 'input')),
        observed: read?.result ?? undefined,
        drifting: check !== undefined && (check.status === 'fail' || check.status === 'error'),
      });
    });
  // A failing check is drift only where a repair is planned (a new declaration's read sees what it is about to set).
  const preferenceDrift: CheckSummary[] = [...new Set(preferenceChanges.filter((c) => c.action === 'repair-drift').map((c) => c.address))].flatMap((address) => {
    const check = checksByResource.get(address)!;
    return [{ address: checkName(check), status: check.status, messages: checkMessages(check), resource: address }];
  });

  const resources: ResourceSummary[] = ours.filter((o) => !SETTING_KINDS.has(o.wire.kind) && !isPreferenceKind(o.wire.kind)).map(({ rc, wire }) => {
    const { before: rawBefore, after: rawAfter, after_unknown: afterUnknown } = rc.change;
    const beforeWire = recognisePayload(attr(rawBefore, 'input'));
    const afterWire = recognisePayload(attr(rawAfter, 'input'));
    const unknown = unknownFieldsOf(afterUnknown, 'input');
    const before = beforeWire ? declaredOf(beforeWire.kind, beforeWire, []) : null;
    const after = afterWire ? declaredOf(afterWire.kind, afterWire, unknown === 'all' ? ['input'] : unknown) : null;
    const check = checksByResource.get(rc.address);
    const failing = check !== undefined && (check.status === 'fail' || check.status === 'error');
    const failure: DriftReport | null = failing ? { check: checkName(check), status: check.status, messages: checkMessages(check) } : null;
    const observed = observe(wire.kind, wire, reads, rc.name);
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
  const driftChecks: CheckSummary[] = [
    ...resources.filter((r) => r.drift !== null).map((r) => ({ address: r.drift!.check, status: r.drift!.status, messages: r.drift!.messages, resource: r.address })),
    ...setDrift,
    ...preferenceDrift,
  ];

  return {
    name,
    source,
    terraformVersion: plan.terraform_version ?? null,
    formatVersion: plan.format_version,
    errored: plan.errored,
    complete: plan.complete,
    resources,
    ruleChanges,
    associationChanges,
    preferenceChanges,
    settingResources: ours.length - resources.length,
    driftChecks,
    otherFailingChecks,
    otherResources: { total: otherTotal, changing: otherChanging },
    warnings: [...new Set(warnings)],
  };
}

export function summarise(stacks: readonly StackSummary[]): PlanSummary {
  const byAction = Object.fromEntries(ENROLLMENT_ACTIONS.map((a) => [a, 0])) as Record<EnrollmentAction, number>;
  const rulesByAction = Object.fromEntries(RULE_CHANGE_ACTIONS.map((a) => [a, 0])) as Record<RuleChangeAction, number>;
  const associationsByAction = Object.fromEntries(ASSOCIATION_CHANGE_ACTIONS.map((a) => [a, 0])) as Record<AssociationChangeAction, number>;
  const preferencesByAction = Object.fromEntries(PREFERENCE_CHANGE_ACTIONS.map((a) => [a, 0])) as Record<PreferenceChangeAction, number>;
  let resources = 0;
  for (const stack of stacks) {
    for (const r of stack.resources) {
      byAction[r.action]++;
      resources++;
    }
    for (const r of stack.ruleChanges) rulesByAction[r.action]++;
    for (const a of stack.associationChanges) associationsByAction[a.action]++;
    for (const p of stack.preferenceChanges) preferencesByAction[p.action]++;
  }
  return {
    version: SUMMARY_VERSION,
    stacks,
    totals: {
      stacks: stacks.length,
      resources,
      byAction,
      rulesByAction,
      associationsByAction,
      preferencesByAction,
      driftWarnings: stacks.reduce((n, s) => n + s.driftChecks.length, 0),
      otherResources: stacks.reduce((n, s) => n + s.otherResources.total, 0),
      otherChanging: stacks.reduce((n, s) => n + s.otherResources.changing, 0),
    },
  };
}
