/**
 * Compute Optimizer Automation rules: the backend (state and rules). A rule belongs to the account that created
 * it; organisation rules belong to the management account and are visible (read-only) to the member accounts
 * they name while those accounts are associated. Every change bumps `ruleRevision`; writes must name the current
 * revision (optimistic concurrency). Their wire forms are in ./rule-responses.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateAutomationRule.html
 */
import { randomBytes } from 'node:crypto';
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { ForbiddenException, InvalidParameterValueException, OptInRequiredException, ResourceNotFoundException, ServiceQuotaExceededException } from '../../errors';
import type { StateStore, StoredAutomationRule } from '../../state';
import { AutomationRuleLimits, RuleApplyOrder, accountOfRuleArn, automationRuleArn } from '../../../shared';

/** Rules one account may own. AWS publishes no figure; see docs/emulator.md. */
export const MAX_RULES_PER_ACCOUNT = 100;
/** The priority of the first rule of a group when the caller gives none. */
const FIRST_PRIORITY = '0.5';
const SCALE = 10n ** BigInt(AutomationRuleLimits.priorityFractionDigits);

export type RuleInput = Partial<Pick<StoredAutomationRule, 'name' | 'description' | 'ruleType' | 'organizationConfiguration' | 'priority' | 'recommendedActionTypes' | 'criteria' | 'schedule' | 'status' | 'tags'>>;

export function rulesOf(store: StateStore, accountId: string): Record<string, StoredAutomationRule> {
  const account = store.account(accountId);
  return (account.automationRules ??= {});
}

/** Every rule operation needs Automation itself to be on for the caller. */
export function requireAutomationEnrolled(store: StateStore, caller: ResolvedAccount): void {
  const status = store.account(caller.accountId).automation.status;
  if (status !== 'Active') {
    throw new OptInRequiredException(`Account ${caller.accountId} must opt in to Compute Optimizer Automation (status Active, now ${status}) before it can use automation rules.`);
  }
}

function newRuleId(store: StateStore, accountId: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const rules = rulesOf(store, accountId);
  for (;;) {
    const id = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
    if (rules[id] === undefined) return id;
  }
}

function toScaled(priority: string): bigint {
  const [whole, fraction = ''] = priority.split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(AutomationRuleLimits.priorityFractionDigits, '0') || '0');
}

function fromScaled(value: bigint): string {
  const whole = value / SCALE;
  const fraction = (value % SCALE).toString().padStart(AutomationRuleLimits.priorityFractionDigits, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** Which rules compete for order: account rules, or organisation rules applied before/after them. */
function groupOf(rule: Pick<StoredAutomationRule, 'ruleType' | 'organizationConfiguration'>): string {
  return rule.ruleType === 'OrganizationRule' ? `org:${rule.organizationConfiguration?.ruleApplyOrder}` : 'account';
}

/**
 * "By default, rules are created with rule order 1 (highest priority) within their rule group": a new rule
 * without a priority gets half the lowest priority value of its group, so it sorts first.
 */
function defaultPriority(existing: StoredAutomationRule[], group: string): string {
  const values = existing.filter((r) => groupOf(r) === group).map((r) => toScaled(r.priority));
  if (values.length === 0) return FIRST_PRIORITY;
  const lowest = values.reduce((a, b) => (b < a ? b : a));
  return fromScaled(lowest / 2n);
}

/**
 * The organisation rules: only the management account may own them, and each account they name must be a member
 * that has Automation on and allows organisation rules ("You can only select member accounts with Automation
 * enabled and organization rules allowed"). The accounts are checked when they are given (`selecting`): a member
 * disassociated since does not block other changes to the rule.
 */
function checkRuleShape(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, rule: RuleInput, selecting = true): void {
  if (rule.ruleType === 'OrganizationRule') {
    if (caller.role !== 'management') {
      throw new ForbiddenException(`Account ${caller.accountId} is not the management account of an organization; only the management account can create or change organization rules.`);
    }
    const ids = rule.organizationConfiguration?.accountIds;
    if (ids === undefined || ids.length === 0) {
      throw new InvalidParameterValueException(
        `An OrganizationRule needs organizationConfiguration.accountIds: the ${AutomationRuleLimits.organizationAccountIds.min}-${AutomationRuleLimits.organizationAccountIds.max} member accounts it applies to.`,
      );
    }
    const refused = ids.filter((id) => {
      if (!selecting) return false;
      if (!accounts.isMember(id)) return true;
      const au = store.account(id).automation;
      return au.status !== 'Active' || au.organizationRuleMode !== 'AnyAllowed';
    });
    if (refused.length > 0) {
      throw new InvalidParameterValueException(
        `Organization rules can only apply to member accounts that have Automation enabled and allow organization rules (associated with AssociateAccounts); not: ${refused.join(', ')}.`,
      );
    }
  } else if (rule.organizationConfiguration !== undefined) {
    throw new InvalidParameterValueException('organizationConfiguration applies to OrganizationRule only; remove it or set ruleType to OrganizationRule.');
  }
}

function checkUniqueName(store: StateStore, accountId: string, name: string, except?: string): void {
  const clash = Object.values(rulesOf(store, accountId)).find((r) => r.name === name && r.ruleId !== except);
  if (clash) throw new InvalidParameterValueException(`Account ${accountId} already has a rule named "${name}" (${automationRuleArn(accountId, clash.ruleId)}); rule names are unique per account.`);
}

export function createRule(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, input: RuleInput, now: number): StoredAutomationRule {
  const rules = rulesOf(store, caller.accountId);
  const existing = Object.values(rules);
  if (existing.length >= MAX_RULES_PER_ACCOUNT) {
    throw new ServiceQuotaExceededException(`Account ${caller.accountId} already has ${existing.length} automation rules, the most it may have; delete one first.`);
  }
  const shaped: RuleInput = { ...input };
  if (shaped.ruleType === 'OrganizationRule' && shaped.organizationConfiguration) {
    shaped.organizationConfiguration = { ruleApplyOrder: RuleApplyOrder.AFTER_ACCOUNT_RULES, ...shaped.organizationConfiguration };
  }
  checkRuleShape(store, accounts, caller, shaped);
  checkUniqueName(store, caller.accountId, shaped.name!);
  const rule: StoredAutomationRule = {
    ruleId: newRuleId(store, caller.accountId),
    name: shaped.name!,
    ...(shaped.description !== undefined ? { description: shaped.description } : {}),
    ruleType: shaped.ruleType!,
    ruleRevision: 1,
    ...(shaped.organizationConfiguration !== undefined ? { organizationConfiguration: structuredClone(shaped.organizationConfiguration) } : {}),
    priority: shaped.priority ?? defaultPriority(existing, groupOf(shaped as StoredAutomationRule)),
    recommendedActionTypes: [...shaped.recommendedActionTypes!],
    ...(shaped.criteria !== undefined ? { criteria: structuredClone(shaped.criteria) } : {}),
    schedule: structuredClone(shaped.schedule!),
    status: shaped.status!,
    tags: structuredClone(shaped.tags ?? []),
    created: now,
    lastUpdated: now,
  };
  rules[rule.ruleId] = rule;
  store.touch();
  return rule;
}

export type Access = 'read' | 'write';

/**
 * The rule an ARN names, as the caller may use it. Rules of other accounts are not found, except organisation
 * rules that apply to the calling member (readable, never writable: "Member accounts can view the details of
 * organization rules that apply to their account but cannot edit them").
 */
export function findRule(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, ruleArn: string, access: Access): StoredAutomationRule {
  const owner = accountOfRuleArn(ruleArn);
  const ruleId = ruleArn.slice(ruleArn.lastIndexOf('/') + 1);
  const notFound = new ResourceNotFoundException(`The automation rule ${ruleArn} does not exist.`);
  if (accounts.byAccountId(owner) === undefined) throw notFound;
  const rule = rulesOf(store, owner)[ruleId];
  if (rule === undefined) throw notFound;
  if (owner === caller.accountId) return rule;
  if (!appliesTo(store, accounts, owner, rule, caller.accountId)) throw notFound;
  if (access === 'write') {
    throw new ForbiddenException(`The organization rule ${ruleArn} belongs to the management account ${owner}; member accounts can view it but not change it.`);
  }
  return rule;
}

function appliesTo(store: StateStore, accounts: AccountDirectory, owner: string, rule: StoredAutomationRule, accountId: string): boolean {
  return (
    rule.ruleType === 'OrganizationRule' &&
    accounts.management.accountId === owner &&
    accounts.isMember(accountId) &&
    (rule.organizationConfiguration?.accountIds ?? []).includes(accountId) &&
    store.account(accountId).automation.organizationRuleMode === 'AnyAllowed'
  );
}

export function requireRevision(rule: StoredAutomationRule, revision: number, ruleArn: string): void {
  if (revision !== rule.ruleRevision) {
    throw new InvalidParameterValueException(
      `ruleRevision ${revision} is not the current revision of ${ruleArn} (it is ${rule.ruleRevision}): the rule changed since it was read; get it again and retry with its current revision.`,
    );
  }
}

/** Applies changed members (a structure given replaces the stored one) and bumps the revision. */
export function changeRule(store: StateStore, accounts: AccountDirectory, owner: ResolvedAccount, rule: StoredAutomationRule, input: RuleInput, now: number): StoredAutomationRule {
  const next: StoredAutomationRule = structuredClone(rule);
  for (const key of ['name', 'description', 'ruleType', 'priority', 'status'] as const) {
    if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
  }
  if (input.recommendedActionTypes !== undefined) next.recommendedActionTypes = [...input.recommendedActionTypes];
  if (input.criteria !== undefined) next.criteria = structuredClone(input.criteria);
  if (input.schedule !== undefined) next.schedule = structuredClone(input.schedule);
  if (input.tags !== undefined) next.tags = structuredClone(input.tags);
  if (input.organizationConfiguration !== undefined) {
    next.organizationConfiguration = { ruleApplyOrder: rule.organizationConfiguration?.ruleApplyOrder ?? RuleApplyOrder.AFTER_ACCOUNT_RULES, ...structuredClone(input.organizationConfiguration) };
  }
  // An account rule has no organisation configuration; turning an organisation rule into one drops it.
  if (next.ruleType === 'AccountRule' && input.organizationConfiguration === undefined) delete next.organizationConfiguration;
  const selecting = input.organizationConfiguration !== undefined || rule.ruleType !== next.ruleType;
  checkRuleShape(store, accounts, owner, next, selecting);
  checkUniqueName(store, owner.accountId, next.name, rule.ruleId);
  next.ruleRevision = rule.ruleRevision + 1;
  next.lastUpdated = now;
  rulesOf(store, owner.accountId)[rule.ruleId] = next;
  store.touch();
  return next;
}

export function deleteRule(store: StateStore, accountId: string, rule: StoredAutomationRule): void {
  delete rulesOf(store, accountId)[rule.ruleId];
  store.touch();
}

/** TagResource and UntagResource check the revision but do not change it (their responses carry none). */
export function tagRule(store: StateStore, rule: StoredAutomationRule, tags: Array<{ key: string; value: string }>, ruleArn: string): void {
  const merged = new Map(rule.tags.map((t) => [t.key, t.value]));
  for (const t of tags) merged.set(t.key, t.value);
  if (merged.size > AutomationRuleLimits.tags.max) {
    throw new InvalidParameterValueException(`${ruleArn} would have ${merged.size} tags; a rule may have at most ${AutomationRuleLimits.tags.max}.`);
  }
  rule.tags = [...merged].map(([key, value]) => ({ key, value }));
  store.touch();
}

export function untagRule(store: StateStore, rule: StoredAutomationRule, keys: string[]): void {
  const drop = new Set(keys);
  rule.tags = rule.tags.filter((t) => !drop.has(t.key));
  store.touch();
}

/**
 * Sets every rule of the account that is not already `status` to it, as an update (new revision). Opting out
 * of Automation "stops all of your automation rules. If you opt in again later, all rules will be inactive".
 */
export function setEveryRuleStatus(store: StateStore, accountId: string, status: 'Active' | 'Inactive', now: number): void {
  const rules = store.state.accounts[accountId]?.automationRules;
  if (rules === undefined) return;
  for (const rule of Object.values(rules)) {
    if (rule.status === status) continue;
    rule.status = status;
    rule.ruleRevision++;
    rule.lastUpdated = now;
    store.touch();
  }
}

/** `running` while Automation is on and at least one rule is Active (the admin view's summary). */
export function rulesRunning(store: StateStore, accountId: string): 'running' | 'stopped' {
  const account = store.state.accounts[accountId];
  if (account?.automation.status !== 'Active') return 'stopped';
  return Object.values(account.automationRules ?? {}).some((r) => r.status === 'Active') ? 'running' : 'stopped';
}

/** Rules the caller sees in ListAutomationRules: its own, and organisation rules that apply to it. */
export function visibleRules(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount): Array<{ owner: string; rule: StoredAutomationRule }> {
  const listed = Object.values(rulesOf(store, caller.accountId)).map((rule) => ({ owner: caller.accountId, rule }));
  const management = accounts.management.accountId;
  if (caller.role === 'member') {
    for (const rule of Object.values(store.state.accounts[management]?.automationRules ?? {})) {
      if (appliesTo(store, accounts, management, rule, caller.accountId)) listed.push({ owner: management, rule });
    }
  }
  return listed.sort((a, b) => a.rule.created - b.rule.created || (a.rule.ruleId < b.rule.ruleId ? -1 : 1));
}

/** `*` any run of characters, `?` one character, everything else literal (ListAutomationRules filter values). */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

function filterSubjects(owner: string, rule: StoredAutomationRule, name: string): string[] {
  switch (name) {
    case 'Name':
      return [rule.name];
    case 'RecommendedActionType':
      return rule.recommendedActionTypes;
    case 'Status':
      return [rule.status];
    case 'RuleType':
      return [rule.ruleType];
    case 'OrganizationConfigurationRuleApplyOrder':
      return rule.organizationConfiguration?.ruleApplyOrder !== undefined ? [rule.organizationConfiguration.ruleApplyOrder] : [];
    case 'AccountId':
      return [owner];
    default:
      return [];
  }
}

/** Filters are ANDed, the values of one filter ORed; values may use `*` and `?` wildcards. */
export function matchesFilters(owner: string, rule: StoredAutomationRule, filters: Array<{ name: string; values: string[] }>): boolean {
  return filters.every((f) => filterSubjects(owner, rule, f.name).some((subject) => f.values.some((v) => globMatches(v, subject))));
}
