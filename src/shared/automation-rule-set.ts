/**
 * A stack's Compute Optimizer Automation rules for one account, as one declaration: the rule set. Terraform's
 * `local-exec` cannot record a rule's ARN, and a resource deleted from the code loses its destroy step, so the
 * adapter reconciles the whole set instead: it lists the rules this set manages (tagged with its id),
 * creates what is missing, updates what differs and deletes what is no longer declared. Rules it did not
 * create are never touched.
 *
 * Defined here once: the declaration's canonical form (what the payload carries and what is compared), its
 * validation (the constructs' messages and the adapter's untrusted input), and what counts as a difference.
 */
import {
  AutomationRuleLimits as L,
  AutomationRulePatterns as P,
  CRITERIA,
  RESERVED_TAG_PREFIX,
  RecommendedActionType,
  RuleApplyOrder,
  RuleStatus,
  RuleType,
  isKnownTimeZone,
  operatorsFor,
  scheduleExpressionProblem,
  type CriterionName,
} from './automation-rules';
import { Patterns } from './enums';
import { quoteList, show } from './fields';

/** The tag that marks a rule as managed by a rule set; its value is the set's id. */
export const RULE_SET_TAG = 'cdktf-aws-enrollment:rule-set';

/** A set id is a tag value: 1-256 of the tag-value characters. */
export const RULE_SET_ID_PATTERN = /^[\w.:/=+@-]{1,256}$/;

/** The most rules one set declares (the payload travels as one argv element). */
export const MAX_RULES_PER_SET = 50;

export interface RuleCondition {
  readonly comparison: string;
  /** For `resourceTag` conditions: the tag key compared. */
  readonly key?: string;
  readonly values: readonly (string | number)[];
}

export interface RuleSchedule {
  readonly scheduleExpression: string;
  readonly scheduleExpressionTimezone?: string;
  readonly executionWindowInMinutes?: number;
}

export interface RuleOrganizationConfiguration {
  readonly ruleApplyOrder?: string;
  readonly accountIds?: readonly string[];
}

/** One declared rule, in canonical form: what the payload carries and what AWS is compared with. */
export interface RuleDeclaration {
  readonly name: string;
  readonly ruleType: string;
  readonly description?: string;
  readonly priority?: string;
  readonly recommendedActionTypes: readonly string[];
  readonly criteria: { readonly [K in CriterionName]?: readonly RuleCondition[] };
  readonly schedule: RuleSchedule;
  readonly status: string;
  readonly organizationConfiguration?: RuleOrganizationConfiguration;
  /** The user's tags (the set's own tag is added by the adapter). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A problem with a declared rule: the field (`schedule.scheduleExpression`) and what is wrong with it. */
export interface RuleProblem {
  readonly field: string;
  readonly message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lengthProblem(field: string, value: string, range: { min: number; max: number }): RuleProblem | undefined {
  return value.length < range.min || value.length > range.max ? { field, message: `\`${field}\` must be ${range.min}-${range.max} characters long, got ${value.length}` } : undefined;
}

/**
 * Everything wrong with a rule declaration (an untrusted value: the adapter's input, or what a construct was
 * given), checked against the model's constraints; an empty list when it is valid.
 */
export function ruleProblems(value: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (p: RuleProblem | undefined) => {
    if (p) problems.push(p);
  };
  if (!isObject(value)) return [{ field: '(rule)', message: `a rule must be an object, got ${show(value)}` }];
  const r = value;
  const str = (field: string, v: unknown): v is string => {
    if (typeof v === 'string') return true;
    add({ field, message: `\`${field}\` must be a string, got ${show(v)}` });
    return false;
  };

  if (str('name', r.name)) {
    add(lengthProblem('name', r.name, L.name));
    if (!P.name.test(r.name)) add({ field: 'name', message: `\`name\` must be letters, digits, _ and -, got ${show(r.name)}` });
  }
  if (str('ruleType', r.ruleType) && !(Object.values(RuleType) as string[]).includes(r.ruleType)) {
    add({ field: 'ruleType', message: `\`ruleType\` must be ${quoteList(Object.values(RuleType))}, got ${show(r.ruleType)}` });
  }
  if (r.description !== undefined && str('description', r.description)) {
    add(lengthProblem('description', r.description, L.description));
    if (!P.description.test(r.description)) add({ field: 'description', message: `\`description\` may hold letters, digits, spaces and _-@., got ${show(r.description)}` });
  }
  if (r.priority !== undefined && str('priority', r.priority) && !P.priority.test(r.priority)) {
    add({ field: 'priority', message: `\`priority\` must be a decimal number from 0 to 1 as a string, such as "0.5" (at most ${L.priorityFractionDigits} digits after the point), got ${show(r.priority)}` });
  }
  const actions = Object.values(RecommendedActionType) as string[];
  if (!Array.isArray(r.recommendedActionTypes) || r.recommendedActionTypes.length === 0) {
    add({ field: 'recommendedActionTypes', message: `\`recommendedActionTypes\` must list at least one of ${quoteList(actions)}, got ${show(r.recommendedActionTypes)}` });
  } else {
    for (const a of r.recommendedActionTypes) {
      if (!actions.includes(a as string)) add({ field: 'recommendedActionTypes', message: `\`recommendedActionTypes\` entries must be ${quoteList(actions)}, got ${show(a)}` });
    }
    if (new Set(r.recommendedActionTypes).size !== r.recommendedActionTypes.length) {
      add({ field: 'recommendedActionTypes', message: '`recommendedActionTypes` lists the same action twice' });
    }
  }
  if (str('status', r.status) && !(Object.values(RuleStatus) as string[]).includes(r.status)) {
    add({ field: 'status', message: `\`status\` must be ${quoteList(Object.values(RuleStatus))}, got ${show(r.status)}` });
  }
  checkSchedule(r.schedule, add);
  checkCriteria(r.criteria, add);
  checkOrganization(r.ruleType, r.organizationConfiguration, add);
  checkTags(r.tags, add);
  return problems;
}

function checkSchedule(schedule: unknown, add: (p: RuleProblem) => void): void {
  if (!isObject(schedule)) {
    add({ field: 'schedule', message: '`schedule` is required: give at least `scheduleExpression`, a daily cron such as "cron(30 2 * * ? *)"' });
    return;
  }
  const expression = schedule.scheduleExpression;
  if (typeof expression !== 'string') {
    add({ field: 'schedule.scheduleExpression', message: '`schedule.scheduleExpression` is required: a daily cron such as "cron(30 2 * * ? *)" (02:30 every day)' });
  } else {
    const problem = scheduleExpressionProblem(expression);
    if (problem) add({ field: 'schedule.scheduleExpression', message: `\`schedule.scheduleExpression\` ${problem}` });
  }
  const zone = schedule.scheduleExpressionTimezone;
  if (zone !== undefined && (typeof zone !== 'string' || !isKnownTimeZone(zone))) {
    add({ field: 'schedule.scheduleExpressionTimezone', message: `\`schedule.scheduleExpressionTimezone\` must be an IANA time zone such as "UTC" or "Europe/Paris", got ${show(zone)}` });
  }
  const window = schedule.executionWindowInMinutes;
  const { min, max } = L.executionWindowInMinutes;
  if (window !== undefined && (typeof window !== 'number' || !Number.isInteger(window) || window < min || window > max)) {
    add({ field: 'schedule.executionWindowInMinutes', message: `\`schedule.executionWindowInMinutes\` must be a whole number from ${min} to ${max}, got ${show(window)}` });
  }
}

function checkCriteria(criteria: unknown, add: (p: RuleProblem) => void): void {
  if (criteria === undefined) return;
  if (!isObject(criteria)) {
    add({ field: 'criteria', message: `\`criteria\` must be an object of criteria, got ${show(criteria)}` });
    return;
  }
  for (const name of Object.keys(criteria)) {
    if (!Object.prototype.hasOwnProperty.call(CRITERIA, name)) {
      add({ field: `criteria.${name}`, message: `unknown criterion \`${name}\`; use ${Object.keys(CRITERIA).join(', ')}` });
    }
  }
  for (const [name, type] of Object.entries(CRITERIA)) {
    const conditions = criteria[name];
    if (conditions === undefined) continue;
    const field = `criteria.${name}`;
    if (!Array.isArray(conditions)) {
      add({ field, message: `\`${field}\` must be a list of conditions, got ${show(conditions)}` });
      continue;
    }
    if (conditions.length > L.conditionsPerCriterion) add({ field, message: `\`${field}\` has ${conditions.length} conditions; at most ${L.conditionsPerCriterion} are allowed` });
    conditions.forEach((c: unknown, i) => {
      const at = `${field}[${i}]`;
      if (!isObject(c)) {
        add({ field: at, message: `\`${at}\` must be a condition { comparison, values }, got ${show(c)}` });
        return;
      }
      const allowed = operatorsFor(type);
      if (typeof c.comparison !== 'string' || !allowed.includes(c.comparison as never)) {
        add({ field: `${at}.comparison`, message: `\`${at}.comparison\` must be one of ${allowed.join(', ')} for ${name}, got ${show(c.comparison)}` });
      }
      if (type === 'resourceTag') {
        if (typeof c.key !== 'string' || c.key.length < L.criteriaValueLength.min || c.key.length > L.criteriaValueLength.max || !P.criteriaValue.test(c.key)) {
          add({ field: `${at}.key`, message: `\`${at}.key\` must name a tag key (1-512 characters of letters, digits, spaces and _.-:/=+@*?), got ${show(c.key)}` });
        }
      } else if (c.key !== undefined) {
        add({ field: `${at}.key`, message: `\`${at}.key\` only applies to resourceTag conditions` });
      }
      const values = c.values;
      if (!Array.isArray(values) || values.length === 0 || values.length > L.valuesPerCondition) {
        add({ field: `${at}.values`, message: `\`${at}.values\` must list 1-${L.valuesPerCondition} values, got ${show(values)}` });
        return;
      }
      for (const v of values) {
        const ok =
          type === 'integer'
            ? typeof v === 'number' && Number.isInteger(v)
            : type === 'double'
              ? typeof v === 'number' && Number.isFinite(v)
              : typeof v === 'string' && v.length >= L.criteriaValueLength.min && v.length <= L.criteriaValueLength.max && P.criteriaValue.test(v);
        if (!ok) {
          const wanted = type === 'integer' ? 'whole numbers' : type === 'double' ? 'numbers' : 'strings of letters, digits, spaces and _.-:/=+@*? (1-512 characters)';
          add({ field: `${at}.values`, message: `\`${at}.values\` must be ${wanted}, got ${show(v)}` });
        }
      }
    });
  }
}

function checkOrganization(ruleType: unknown, config: unknown, add: (p: RuleProblem) => void): void {
  if (ruleType === RuleType.ORGANIZATION_RULE) {
    if (!isObject(config) || !Array.isArray(config.accountIds)) {
      add({ field: 'organizationConfiguration.accountIds', message: '`organizationConfiguration.accountIds` is required for an OrganizationRule: list the 1-50 member accounts it applies to' });
      return;
    }
  } else if (config !== undefined) {
    add({ field: 'organizationConfiguration', message: '`organizationConfiguration` only applies to rules of `ruleType` "OrganizationRule"' });
    return;
  }
  if (!isObject(config)) return;
  const order = config.ruleApplyOrder;
  if (order !== undefined && !(Object.values(RuleApplyOrder) as unknown[]).includes(order)) {
    add({ field: 'organizationConfiguration.ruleApplyOrder', message: `\`organizationConfiguration.ruleApplyOrder\` must be ${quoteList(Object.values(RuleApplyOrder))}, got ${show(order)}` });
  }
  const ids = config.accountIds as unknown[];
  const { min, max } = L.organizationAccountIds;
  if (ids.length < min || ids.length > max) add({ field: 'organizationConfiguration.accountIds', message: `\`organizationConfiguration.accountIds\` must list ${min}-${max} accounts, got ${ids.length}` });
  for (const id of ids) {
    if (typeof id !== 'string' || !Patterns.accountId.test(id)) add({ field: 'organizationConfiguration.accountIds', message: `\`organizationConfiguration.accountIds\` entries must be 12-digit account ids, got ${show(id)}` });
  }
  if (new Set(ids).size !== ids.length) add({ field: 'organizationConfiguration.accountIds', message: '`organizationConfiguration.accountIds` lists the same account twice' });
}

function checkTags(tags: unknown, add: (p: RuleProblem) => void): void {
  if (tags === undefined) return;
  if (!isObject(tags)) {
    add({ field: 'tags', message: `\`tags\` must be a map of tag keys to values, got ${show(tags)}` });
    return;
  }
  const entries = Object.entries(tags);
  // One tag is the set's own.
  if (entries.length > L.tags.max - 1) add({ field: 'tags', message: `\`tags\` holds at most ${L.tags.max - 1} tags, got ${entries.length}` });
  for (const [key, value] of entries) {
    if (key.length < L.tagKey.min || key.length > L.tagKey.max || !P.tagKey.test(key)) add({ field: 'tags', message: `tag keys must be 1-128 characters of letters, digits, spaces and _.:/=+-@, got ${show(key)}` });
    if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX) || key === RULE_SET_TAG) add({ field: 'tags', message: `the tag key ${show(key)} is reserved` });
    if (typeof value !== 'string' || value.length > L.tagValue.max || !P.tagValue.test(value)) add({ field: 'tags', message: `tag values must be 0-256 characters of letters, digits, spaces and _.:/=+-@, got ${show(value)} for ${show(key)}` });
  }
}

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => [k, sortedJson(value[k])]),
  );
}

/** The canonical form of one rule: conditions, values and account ids in a stable order, no empty parts. */
export function canonicalRule(rule: RuleDeclaration): RuleDeclaration {
  const criteria: Record<string, RuleCondition[]> = {};
  for (const name of Object.keys(CRITERIA)) {
    const list = rule.criteria[name as CriterionName];
    if (!list || list.length === 0) continue;
    const conditions = list.map((c) => ({ ...c, values: [...c.values].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)) }));
    criteria[name] = conditions.sort((a, b) => JSON.stringify(sortedJson(a)).localeCompare(JSON.stringify(sortedJson(b))));
  }
  const org = rule.organizationConfiguration;
  return sortedJson({
    ...rule,
    description: rule.description === '' ? undefined : rule.description,
    recommendedActionTypes: [...rule.recommendedActionTypes].sort(),
    criteria,
    organizationConfiguration: org ? { ...org, accountIds: org.accountIds ? [...org.accountIds].sort() : undefined } : undefined,
    tags: rule.tags,
  }) as RuleDeclaration;
}

/** The payload form of a rule set: canonical rules, sorted by name, as JSON. */
export function encodeRules(rules: readonly RuleDeclaration[]): string {
  return JSON.stringify([...rules].map(canonicalRule).sort((a, b) => a.name.localeCompare(b.name)));
}

/** Decodes and validates the `rules` of a payload; throws with the first problem, naming the rule. */
export function decodeRules(text: string): RuleDeclaration[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`\`rules\` is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`\`rules\` must be a JSON list of rules, got ${show(parsed)}`);
  if (parsed.length > MAX_RULES_PER_SET) throw new Error(`\`rules\` declares ${parsed.length} rules; one set holds at most ${MAX_RULES_PER_SET}`);
  const names = new Set<string>();
  parsed.forEach((rule: unknown, i) => {
    const problems = ruleProblems(rule);
    const label = isObject(rule) && typeof rule.name === 'string' ? `rule "${rule.name}"` : `rule ${i + 1}`;
    if (problems.length > 0) throw new Error(`${label}: ${problems[0].message}`);
    const name = (rule as { name: string }).name;
    if (names.has(name)) throw new Error(`${label} is declared twice; rule names are unique in an account`);
    names.add(name);
  });
  return parsed as RuleDeclaration[];
}

/**
 * The fields in which AWS differs from a declared rule. Fields AWS fills in when they are not declared
 * (priority, time zone, execution window, apply order) only count when declared; criteria, description, tags
 * and the organisation's accounts count either way (left out, they mean "none").
 */
export function ruleDifferences(declared: RuleDeclaration, observed: RuleDeclaration): string[] {
  const d = canonicalRule(declared);
  const o = canonicalRule(observed);
  const same = (a: unknown, b: unknown) => JSON.stringify(sortedJson(a ?? null)) === JSON.stringify(sortedJson(b ?? null));
  const differs: string[] = [];
  if (d.ruleType !== o.ruleType) differs.push('ruleType');
  if (d.status !== o.status) differs.push('status');
  if (!same(d.recommendedActionTypes, o.recommendedActionTypes)) differs.push('recommendedActionTypes');
  if ((d.description ?? '') !== (o.description ?? '')) differs.push('description');
  if (d.priority !== undefined && d.priority !== o.priority && Number(d.priority) !== Number(o.priority)) differs.push('priority');
  if (!same(d.criteria, o.criteria)) differs.push('criteria');
  if (d.schedule.scheduleExpression.trim() !== (o.schedule?.scheduleExpression ?? '').trim()) differs.push('schedule.scheduleExpression');
  if (d.schedule.scheduleExpressionTimezone !== undefined && d.schedule.scheduleExpressionTimezone !== o.schedule?.scheduleExpressionTimezone) differs.push('schedule.scheduleExpressionTimezone');
  if (d.schedule.executionWindowInMinutes !== undefined && d.schedule.executionWindowInMinutes !== o.schedule?.executionWindowInMinutes) differs.push('schedule.executionWindowInMinutes');
  if (d.ruleType === RuleType.ORGANIZATION_RULE) {
    if (!same(d.organizationConfiguration?.accountIds, o.organizationConfiguration?.accountIds)) differs.push('organizationConfiguration.accountIds');
    const order = d.organizationConfiguration?.ruleApplyOrder;
    if (order !== undefined && order !== o.organizationConfiguration?.ruleApplyOrder) differs.push('organizationConfiguration.ruleApplyOrder');
  }
  if (!same(d.tags, o.tags)) differs.push('tags');
  return differs;
}

/** How a set of declared rules differs from the managed rules AWS reports, by rule name. */
export interface RuleSetComparison {
  readonly missing: readonly string[];
  readonly changed: readonly { readonly name: string; readonly fields: readonly string[] }[];
  readonly extra: readonly string[];
}

export function compareRuleSets(declared: readonly RuleDeclaration[], observed: readonly RuleDeclaration[]): RuleSetComparison {
  const byName = new Map(observed.map((r) => [r.name, r]));
  const declaredNames = new Set(declared.map((r) => r.name));
  const missing: string[] = [];
  const changed: { name: string; fields: string[] }[] = [];
  for (const rule of declared) {
    const seen = byName.get(rule.name);
    if (!seen) missing.push(rule.name);
    else {
      const fields = ruleDifferences(rule, seen);
      if (fields.length > 0) changed.push({ name: rule.name, fields });
    }
  }
  const extra = observed.filter((r) => !declaredNames.has(r.name)).map((r) => r.name);
  return { missing: missing.sort(), changed: changed.sort((a, b) => a.name.localeCompare(b.name)), extra: extra.sort() };
}

/** The comparison in one sentence for the drift warning ("" when in sync). */
export function describeComparison(c: RuleSetComparison): string {
  const parts: string[] = [];
  if (c.missing.length > 0) parts.push(`missing in AWS: ${c.missing.join(', ')}`);
  for (const ch of c.changed) parts.push(`${ch.name} differs in ${ch.fields.join(', ')}`);
  if (c.extra.length > 0) parts.push(`not declared any more: ${c.extra.join(', ')}`);
  return parts.join('; ');
}
