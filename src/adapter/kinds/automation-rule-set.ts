/**
 * `automation-rule-set`: the Automation rules a stack manages in one account, reconciled as a set. A rule is
 * managed when it carries the set's tag; every other rule is left alone, whatever its name.
 */
import {
  RULE_SET_TAG,
  RuleType,
  compareRuleSets,
  describeComparison,
  encodeRules,
  ruleDifferences,
  type PayloadByKind,
  type ReadResult,
  type RuleDeclaration,
} from '../../shared';
import type { CreateAutomationRuleRequest, GetAutomationRuleResponse, Tag, UpdateAutomationRuleRequest } from '../automation-commands';
import { str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import {
  createAutomationRule,
  deleteAutomationRule,
  getAutomationRule,
  listAutomationRules,
  tagResource,
  untagResource,
  updateAutomationRule,
} from '../services/automation';
import type { KindHandler } from './handler';

type Payload = PayloadByKind['automation-rule-set'];
type Result = ReadResult<'automation-rule-set'>;

interface ManagedRule {
  readonly arn: string;
  readonly revision: number;
  readonly declaration: RuleDeclaration;
}

interface Observation {
  /** Rules tagged with this set's id, by name. */
  readonly managed: Map<string, ManagedRule>;
  /** Names of rules the account has that this set does not manage. */
  readonly foreign: Set<string>;
  /** Why there is nothing to see (Automation not available), if so. */
  readonly unavailable?: AwsFailure;
}

/** Reads in parallel, a few at a time: enough to hide latency, few enough not to be throttled. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** A rule as AWS reports it, in the declaration's canonical terms (the set's own tag left out). */
function asDeclaration(rule: GetAutomationRuleResponse): RuleDeclaration {
  const tags: Record<string, string> = {};
  for (const t of rule.tags ?? []) if (t.key !== RULE_SET_TAG) tags[t.key] = t.value;
  const criteria = Object.fromEntries(Object.entries(rule.criteria ?? {}).filter(([, list]) => Array.isArray(list) && list.length > 0)) as RuleDeclaration['criteria'];
  return {
    name: str(rule.name),
    ruleType: str(rule.ruleType),
    description: rule.description || undefined,
    priority: rule.priority,
    recommendedActionTypes: rule.recommendedActionTypes ?? [],
    criteria,
    schedule: {
      scheduleExpression: str(rule.schedule?.scheduleExpression),
      scheduleExpressionTimezone: rule.schedule?.scheduleExpressionTimezone,
      executionWindowInMinutes: rule.schedule?.executionWindowInMinutes,
    },
    status: str(rule.status),
    organizationConfiguration: rule.ruleType === RuleType.ORGANIZATION_RULE ? rule.organizationConfiguration : undefined,
    tags,
  };
}

async function observe(payload: Payload, ctx: RunContext): Promise<Observation> {
  let listed;
  try {
    listed = await listAutomationRules(ctx);
  } catch (err) {
    // Before Compute Optimizer is enrolled (both may be planned in one run) there are no rules to manage.
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) return { managed: new Map(), foreign: new Set(), unavailable: err };
    throw err;
  }
  const details = await mapLimited(listed, 8, (r) => getAutomationRule(ctx, str(r.ruleArn)));
  const managed = new Map<string, ManagedRule>();
  const foreign = new Set<string>();
  for (const rule of details) {
    const mine = (rule.tags ?? []).some((t) => t.key === RULE_SET_TAG && t.value === payload.setId);
    if (mine) managed.set(str(rule.name), { arn: str(rule.ruleArn), revision: rule.ruleRevision ?? 0, declaration: asDeclaration(rule) });
    else foreign.add(str(rule.name));
  }
  return { managed, foreign };
}

function toResult(payload: Payload, o: Observation): Result {
  const observed = [...o.managed.values()].map((m) => m.declaration);
  const comparison = compareRuleSets(payload.rules, observed);
  const arns = Object.fromEntries([...o.managed.values()].map((m) => [m.declaration.name, m.arn]));
  const rules = (JSON.parse(encodeRules(observed)) as RuleDeclaration[]).map((r) => ({ ...r, ruleArn: arns[r.name] }));
  return {
    rules: JSON.stringify(rules),
    ruleCount: String(rules.length),
    inSync: String(comparison.missing.length === 0 && comparison.changed.length === 0 && comparison.extra.length === 0),
    summary: describeComparison(comparison),
  };
}

const tagList = (tags: Readonly<Record<string, string>>): Tag[] =>
  Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));

/** What Create and Update send for a declared rule (undeclared optional fields are left to AWS). */
function members(rule: RuleDeclaration) {
  return {
    name: rule.name,
    description: rule.description ?? '',
    ruleType: rule.ruleType as CreateAutomationRuleRequest['ruleType'],
    organizationConfiguration: rule.organizationConfiguration as CreateAutomationRuleRequest['organizationConfiguration'],
    priority: rule.priority,
    recommendedActionTypes: [...rule.recommendedActionTypes] as CreateAutomationRuleRequest['recommendedActionTypes'],
    // An empty object clears criteria a console edit added: "no criteria" is what was declared.
    criteria: rule.criteria as CreateAutomationRuleRequest['criteria'],
    schedule: { ...rule.schedule },
    status: rule.status as CreateAutomationRuleRequest['status'],
  };
}

/** A stale revision is AWS saying someone changed the rule since it was read: read it again and retry. */
function isStaleRevision(err: unknown): boolean {
  return err instanceof AwsFailure && /InvalidParameterValueException/.test(err.message) && /revision/i.test(err.message);
}

const MAX_REVISION_RETRIES = 3;

/*
 * Client tokens: each call gets its own (the client generates one per call and reuses it for that call's
 * retries, so a retry after a lost answer is de-duplicated). They are not derived from the declaration: a
 * rule deleted in the console and declared again would reuse the first creation's token, and AWS would answer
 * with that old rule instead of creating it. A later apply reads AWS first, so it never repeats a change that
 * landed.
 */
async function createRule(payload: Payload, rule: RuleDeclaration, ctx: RunContext): Promise<void> {
  await createAutomationRule(ctx, { ...members(rule), tags: [...tagList(rule.tags), { key: RULE_SET_TAG, value: payload.setId }] });
  ctx.log(`automation-rule-set: created rule "${rule.name}"`);
}

async function updateRule(rule: RuleDeclaration, current: ManagedRule, ctx: RunContext): Promise<void> {
  let seen = current;
  for (let attempt = 1; ; attempt++) {
    const fields = ruleDifferences(rule, seen.declaration);
    if (fields.length === 0) return;
    try {
      let revision = seen.revision;
      if (fields.some((f) => f !== 'tags')) {
        const input: UpdateAutomationRuleRequest = {
          ruleArn: seen.arn,
          ruleRevision: revision,
          ...members(rule),
        };
        const updated = await updateAutomationRule(ctx, input);
        revision = updated.ruleRevision ?? revision + 1;
      }
      if (fields.includes('tags')) await retag(rule, seen, revision, ctx);
      ctx.log(`automation-rule-set: updated rule "${rule.name}" (${fields.join(', ')})`);
      return;
    } catch (err) {
      if (!isStaleRevision(err) || attempt > MAX_REVISION_RETRIES) throw err;
      // Someone edited the rule between our read and our update: read its current revision and try again.
      ctx.log(`automation-rule-set: rule "${rule.name}" changed while it was being updated (stale revision); reading it again (attempt ${attempt + 1})`);
      const fresh = await getAutomationRule(ctx, seen.arn);
      seen = { arn: seen.arn, revision: fresh.ruleRevision ?? 0, declaration: asDeclaration(fresh) };
    }
  }
}

async function retag(rule: RuleDeclaration, seen: ManagedRule, revision: number, ctx: RunContext): Promise<void> {
  const stale = Object.keys(seen.declaration.tags).filter((k) => !(k in rule.tags));
  if (stale.length > 0) await untagResource(ctx, seen.arn, revision, stale);
  const tags = tagList(rule.tags);
  if (tags.length > 0) await tagResource(ctx, seen.arn, revision, tags);
}

async function deleteRule(rule: ManagedRule, ctx: RunContext): Promise<void> {
  await deleteAutomationRule(ctx, rule.arn, rule.revision);
  ctx.log(`automation-rule-set: deleted rule "${rule.declaration.name}" (no longer declared)`);
}

async function reconcile(payload: Payload, declared: readonly RuleDeclaration[], ctx: RunContext): Promise<Result> {
  const o = await observe(payload, ctx);
  if (o.unavailable) {
    if (declared.length === 0) {
      ctx.log('automation-rule-set: Automation is not available (Compute Optimizer is not Active), so there are no rules to manage; nothing to change');
      return toResult(payload, o);
    }
    throw o.unavailable;
  }
  // A declared name taken by a rule this set does not manage: never touch it, say what to do.
  const taken = declared.filter((r) => !o.managed.has(r.name) && o.foreign.has(r.name)).map((r) => r.name);
  if (taken.length > 0) {
    throw new AwsFailure(
      `rule${taken.length === 1 ? '' : 's'} ${taken.map((n) => `"${n}"`).join(', ')} already exist${taken.length === 1 ? 's' : ''} in this account but ${taken.length === 1 ? 'is' : 'are'} not managed by rule set "${payload.setId}" (no ${RULE_SET_TAG} tag with that value); rename the declared rule, or delete the existing one in the console first`,
    );
  }
  let changes = 0;
  for (const rule of declared) {
    const current = o.managed.get(rule.name);
    if (!current) {
      await createRule(payload, rule, ctx);
      changes++;
    } else if (ruleDifferences(rule, current.declaration).length > 0) {
      await updateRule(rule, current, ctx);
      changes++;
    }
  }
  const names = new Set(declared.map((r) => r.name));
  for (const rule of o.managed.values()) {
    if (names.has(rule.declaration.name)) continue;
    await deleteRule(rule, ctx);
    changes++;
  }
  if (changes === 0) ctx.log(`automation-rule-set: the ${declared.length} rule(s) of "${payload.setId}" already match; nothing to change`);
  return toResult(payload, await observe(payload, ctx));
}

export const automationRuleSetHandler: KindHandler<'automation-rule-set'> = {
  read: async (payload, ctx) => toResult(payload, await observe(payload, ctx)),
  apply: (payload, ctx) => reconcile(payload, payload.rules, ctx),
  destroy: async (payload, ctx) => {
    if (payload.removalPolicy === 'retain') {
      ctx.log(`automation-rule-set: removalPolicy is "retain"; leaving the rules of "${payload.setId}" in AWS`);
      return undefined;
    }
    return reconcile(payload, [], ctx);
  },
};
