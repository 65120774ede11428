/**
 * Compute Optimizer Automation rules and their tags: the thin handler layer, the ListAutomationRules paginator
 * and the console actions (admin routes). Rules live in ./rules, their constraints in ./rule-validation.
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { ConstraintViolation } from '../../errors';
import { validateInput, AdminError, epochSeconds, type AdminRequest, type FieldRule, type JsonObject, type OperationContext, type OperationHandler, type Paginator } from '../../framework';
import type { StateStore } from '../../state';
import { AutomationRuleFilterName, AutomationRuleLimits, AutomationRulePatterns, Patterns, automationRuleArn } from '../../../shared';
import { withClientToken } from './idempotency';
import { presentCreated, presentListed, presentRule, presentUpdated } from './rule-responses';
import { RULE_MEMBER_RULES, TAGS_RULE, checkRuleMembers, checkTags } from './rule-validation';
import {
  changeRule,
  createRule,
  deleteRule,
  findRule,
  matchesFilters,
  requireAutomationEnrolled,
  requireRevision,
  rulesOf,
  rulesRunning,
  tagRule,
  untagRule,
  visibleRules,
  type RuleInput,
} from './rules';

const CLIENT_TOKEN = { type: 'string' } as const; // pattern checked by withClientToken, with its own message
const RULE_ARN = { type: 'string', required: true, pattern: AutomationRulePatterns.ruleArn } as const;
const REVISION = { type: 'integer', required: true } as const;
const required = (rule: FieldRule): FieldRule => ({ ...rule, required: true });

const CREATE_RULES: Readonly<Record<string, FieldRule>> = {
  ...RULE_MEMBER_RULES,
  name: required(RULE_MEMBER_RULES.name),
  ruleType: required(RULE_MEMBER_RULES.ruleType),
  recommendedActionTypes: required(RULE_MEMBER_RULES.recommendedActionTypes),
  schedule: required(RULE_MEMBER_RULES.schedule),
  status: required(RULE_MEMBER_RULES.status),
  clientToken: CLIENT_TOKEN,
};
const UPDATE_RULES: Readonly<Record<string, FieldRule>> = { ruleArn: RULE_ARN, ruleRevision: REVISION, ...RULE_MEMBER_RULES, clientToken: CLIENT_TOKEN };

const RULE_KEYS = [...Object.keys(RULE_MEMBER_RULES), 'tags'] as const;

/** The rule members of an input, `null` counted as absent. */
function ruleInput(input: JsonObject): RuleInput {
  const out: Record<string, unknown> = {};
  for (const key of RULE_KEYS) if (input[key] !== undefined && input[key] !== null) out[key] = input[key];
  return out as RuleInput;
}

/** Every rule operation: the caller opted in to Compute Optimizer (checked by the service) and to Automation. */
function enrolled(handler: (input: JsonObject, ctx: OperationContext) => JsonObject): OperationHandler {
  return (input, ctx) => {
    requireAutomationEnrolled(ctx.store, ctx.caller);
    return handler(input, ctx);
  };
}

export const rulePaginators: Readonly<Record<string, Paginator>> = {
  ListAutomationRules: {
    inputToken: 'nextToken',
    outputToken: 'nextToken',
    limitKey: 'maxResults',
    resultKey: 'automationRules',
    limits: AutomationRuleLimits.listMaxResults,
    defaultLimit: AutomationRuleLimits.listMaxResults.max,
    present: presentListed,
  },
};

export const ruleOperations: Readonly<Record<string, OperationHandler>> = {
  CreateAutomationRule: enrolled((input, ctx) => {
    validateInput(input, { ...CREATE_RULES, tags: TAGS_RULE });
    checkRuleMembers(input);
    checkTags(input.tags);
    return withClientToken(input, ctx, () => presentCreated(ctx.caller.accountId, createRule(ctx.store, ctx.accounts, ctx.caller, ruleInput(input), ctx.now)));
  }),
  GetAutomationRule: enrolled((input, ctx) => {
    validateInput(input, { ruleArn: RULE_ARN });
    const arn = input.ruleArn as string;
    return presentRule(arn.split(':')[4], findRule(ctx.store, ctx.accounts, ctx.caller, arn, 'read'));
  }),
  ListAutomationRules: enrolled((input, ctx) => {
    validateInput(input, {
      filters: {
        type: 'list',
        member: {
          type: 'structure',
          members: {
            name: { type: 'string', required: true, enum: Object.values(AutomationRuleFilterName) },
            values: { type: 'list', required: true, member: { type: 'string', pattern: AutomationRulePatterns.filterValue } },
          },
        },
      },
      nextToken: { type: 'string', pattern: Patterns.automationNextToken },
    });
    const filters = (input.filters as Array<{ name: string; values: string[] }> | undefined) ?? [];
    filters.forEach((f, i) => {
      const { min, max } = AutomationRuleLimits.filterValueLength;
      const bad = f.values.findIndex((v) => v.length < min || v.length > max);
      const field = `filters.${i + 1}.member.values.${bad + 1}.member`;
      if (bad >= 0) throw new ConstraintViolation(field, `Value at '${field}' failed to satisfy constraint: Member must have length between ${min} and ${max}, inclusive`);
    });
    return { automationRules: visibleRules(ctx.store, ctx.accounts, ctx.caller).filter(({ owner, rule }) => matchesFilters(owner, rule, filters)) };
  }),
  UpdateAutomationRule: enrolled((input, ctx) => {
    validateInput(input, UPDATE_RULES);
    checkRuleMembers(input);
    return withClientToken(input, ctx, () => {
      const arn = input.ruleArn as string;
      const rule = findRule(ctx.store, ctx.accounts, ctx.caller, arn, 'write');
      requireRevision(rule, input.ruleRevision as number, arn);
      return presentUpdated(ctx.caller.accountId, changeRule(ctx.store, ctx.accounts, ctx.caller, rule, ruleInput(input), ctx.now));
    });
  }),
  DeleteAutomationRule: enrolled((input, ctx) => {
    validateInput(input, { ruleArn: RULE_ARN, ruleRevision: REVISION, clientToken: CLIENT_TOKEN });
    return withClientToken(input, ctx, () => {
      const arn = input.ruleArn as string;
      const rule = findRule(ctx.store, ctx.accounts, ctx.caller, arn, 'write');
      requireRevision(rule, input.ruleRevision as number, arn);
      deleteRule(ctx.store, ctx.caller.accountId, rule);
      return {};
    });
  }),
  TagResource: enrolled((input, ctx) => {
    validateInput(input, { resourceArn: RULE_ARN, ruleRevision: REVISION, tags: { ...TAGS_RULE, required: true }, clientToken: CLIENT_TOKEN });
    checkTags(input.tags);
    return withClientToken(input, ctx, () => {
      const arn = input.resourceArn as string;
      const rule = findRule(ctx.store, ctx.accounts, ctx.caller, arn, 'write');
      requireRevision(rule, input.ruleRevision as number, arn);
      tagRule(ctx.store, rule, input.tags as Array<{ key: string; value: string }>, arn);
      return {};
    });
  }),
  UntagResource: enrolled((input, ctx) => {
    validateInput(input, { resourceArn: RULE_ARN, ruleRevision: REVISION, tagKeys: { type: 'list', required: true, member: { type: 'string' } }, clientToken: CLIENT_TOKEN });
    return withClientToken(input, ctx, () => {
      const arn = input.resourceArn as string;
      const rule = findRule(ctx.store, ctx.accounts, ctx.caller, arn, 'write');
      requireRevision(rule, input.ruleRevision as number, arn);
      untagRule(ctx.store, rule, input.tagKeys as string[]);
      return {};
    });
  }),
  ListTagsForResource: enrolled((input, ctx) => {
    validateInput(input, { resourceArn: RULE_ARN });
    return { tags: findRule(ctx.store, ctx.accounts, ctx.caller, input.resourceArn as string, 'read').tags };
  }),
};

// ---- console actions and the admin view ----

function ownerAccount(accounts: AccountDirectory, accountId: string): ResolvedAccount {
  return accounts.byAccountId(accountId)!;
}

function adminView(accountId: string, rule: ReturnType<typeof rulesOf>[string]): JsonObject {
  const { created, lastUpdated, ...rest } = rule;
  return { ruleArn: automationRuleArn(accountId, rule.ruleId), ...rest, created: epochSeconds(created), lastUpdated: epochSeconds(lastUpdated) };
}

/**
 * `POST /_emulator/accounts/{id}/automation/rules/{ruleId}` edits a rule as the console would (any members of
 * UpdateAutomationRule, plus `tags` to replace them all; the same checks; a new revision);
 * `DELETE` of the same route deletes it.
 */
export function ruleAdmin(request: AdminRequest): unknown {
  const [section, ruleId, ...extra] = request.path;
  if (section !== 'rules' || ruleId === undefined || extra.length > 0) return undefined;
  const { store, accounts, accountId, body, now } = request;
  const rule = rulesOf(store, accountId)[ruleId];
  if (rule === undefined) throw new AdminError(404, `account ${accountId} has no automation rule ${ruleId}; GET /_emulator/state lists its rules`);
  if (request.method === 'DELETE') {
    deleteRule(store, accountId, rule);
    return { deleted: automationRuleArn(accountId, ruleId) };
  }
  if (request.method !== 'POST') return undefined;
  for (const key of Object.keys(body)) {
    if (!(RULE_KEYS as readonly string[]).includes(key)) throw new AdminError(400, `"${key}" is not a rule member; a console edit takes ${RULE_KEYS.join(', ')}`);
  }
  validateInput(body, { ...RULE_MEMBER_RULES });
  checkRuleMembers(body);
  if (body.tags !== undefined) checkTags(body.tags);
  return adminView(accountId, changeRule(store, accounts, ownerAccount(accounts, accountId), rule, ruleInput(body), now));
}

/** The admin state's Automation entry: `rules` summarises, `automationRules` lists the account's own rules. */
export function ruleView(store: StateStore, _accounts: AccountDirectory, accountId: string): JsonObject {
  const rules = Object.values(store.state.accounts[accountId]?.automationRules ?? {}).sort((a, b) => a.created - b.created || (a.ruleId < b.ruleId ? -1 : 1));
  return { rules: rulesRunning(store, accountId), automationRules: rules.map((r) => adminView(accountId, r)) };
}
