/**
 * What an Automation rule must satisfy, checked the same way for CreateAutomationRule, UpdateAutomationRule and
 * console edits: first the members' JSON types, enums and patterns (validateInput), then the limits and rules
 * the model states in its documentation (lengths, operators per criterion, the schedule, the priority, tags).
 */
import { ConstraintViolation, InvalidParameterValueException } from '../../errors';
import { validateInput, type FieldRule, type JsonObject } from '../../framework';
import {
  AutomationRuleLimits as L,
  AutomationRulePatterns as P,
  CRITERIA,
  ComparisonOperator,
  Patterns,
  RESERVED_TAG_PREFIX,
  RecommendedActionType,
  RuleApplyOrder,
  RuleStatus,
  RuleType,
  isKnownTimeZone,
  operatorsFor,
  scheduleExpressionProblem,
  type CriterionValueType,
} from '../../../shared';

const CONDITION_MEMBERS: Record<CriterionValueType, Readonly<Record<string, FieldRule>>> = {
  string: { comparison: { type: 'string', enum: Object.values(ComparisonOperator) }, values: { type: 'list', member: { type: 'string' } } },
  integer: { comparison: { type: 'string', enum: Object.values(ComparisonOperator) }, values: { type: 'list', member: { type: 'integer' } } },
  // Doubles: typeOf() tells integers from other numbers, so the values are checked below instead.
  double: { comparison: { type: 'string', enum: Object.values(ComparisonOperator) }, values: { type: 'list' } },
  resourceTag: {
    comparison: { type: 'string', enum: Object.values(ComparisonOperator) },
    key: { type: 'string' },
    values: { type: 'list', member: { type: 'string' } },
  },
};

const CRITERIA_RULE: FieldRule = {
  type: 'structure',
  members: Object.fromEntries(Object.entries(CRITERIA).map(([name, type]) => [name, { type: 'list', member: { type: 'structure', members: CONDITION_MEMBERS[type] } }])),
};

const TAG_RULE: FieldRule = { type: 'structure', members: { key: { type: 'string', required: true, pattern: P.tagKey }, value: { type: 'string', required: true, pattern: P.tagValue } } };
export const TAGS_RULE: FieldRule = { type: 'list', min: L.tags.min, max: L.tags.max, member: TAG_RULE };

/** The members a rule is made of, as the model types them (required-ness differs per operation). */
export const RULE_MEMBER_RULES: Readonly<Record<string, FieldRule>> = {
  name: { type: 'string', pattern: P.name },
  description: { type: 'string', pattern: P.description },
  ruleType: { type: 'string', enum: Object.values(RuleType) },
  organizationConfiguration: {
    type: 'structure',
    members: {
      ruleApplyOrder: { type: 'string', enum: Object.values(RuleApplyOrder) },
      accountIds: { type: 'list', min: L.organizationAccountIds.min, max: L.organizationAccountIds.max, member: { type: 'string', pattern: Patterns.accountId } },
    },
  },
  priority: { type: 'string' },
  recommendedActionTypes: { type: 'list', member: { type: 'string', enum: Object.values(RecommendedActionType) } },
  criteria: CRITERIA_RULE,
  schedule: {
    type: 'structure',
    members: {
      scheduleExpression: { type: 'string' },
      scheduleExpressionTimezone: { type: 'string' },
      executionWindowInMinutes: { type: 'integer', min: L.executionWindowInMinutes.min, max: L.executionWindowInMinutes.max },
    },
  },
  status: { type: 'string', enum: Object.values(RuleStatus) },
};

function lengthViolation(field: string, value: string, range: { min: number; max: number }): ConstraintViolation {
  return new ConstraintViolation(
    field,
    `Value '${value.length > 40 ? `${value.slice(0, 40)}...` : value}' at '${field}' failed to satisfy constraint: Member must have length between ${range.min} and ${range.max}, inclusive`,
  );
}

function checkLength(field: string, value: unknown, range: { min: number; max: number }): void {
  if (typeof value === 'string' && (value.length < range.min || value.length > range.max)) throw lengthViolation(field, value, range);
}

/** Limits and rules of the members present in `input` (types already checked by validateInput). */
export function checkRuleMembers(input: JsonObject): void {
  checkLength('name', input.name, L.name);
  checkLength('description', input.description, L.description);
  if (typeof input.priority === 'string' && !P.priority.test(input.priority)) {
    throw new InvalidParameterValueException(
      `The priority "${input.priority}" is not valid: give a decimal number from 0 to 1 with at most ${L.priorityFractionDigits} digits after the point, such as "0.5".`,
    );
  }
  if (Array.isArray(input.recommendedActionTypes)) {
    const types = input.recommendedActionTypes as string[];
    if (types.length === 0) throw new InvalidParameterValueException('recommendedActionTypes must name at least one recommended action type.');
    if (new Set(types).size !== types.length) throw new InvalidParameterValueException('recommendedActionTypes lists the same action type twice.');
  }
  if (input.criteria !== undefined && input.criteria !== null) checkCriteria(input.criteria as JsonObject);
  if (input.schedule !== undefined && input.schedule !== null) checkSchedule(input.schedule as JsonObject);
  const org = input.organizationConfiguration as { accountIds?: string[] } | undefined | null;
  if (org?.accountIds && new Set(org.accountIds).size !== org.accountIds.length) {
    throw new InvalidParameterValueException('organizationConfiguration.accountIds lists the same account twice.');
  }
}

function checkCriteria(criteria: JsonObject): void {
  for (const [name, type] of Object.entries(CRITERIA)) {
    const conditions = criteria[name] as JsonObject[] | undefined | null;
    if (conditions === undefined || conditions === null) continue;
    if (conditions.length > L.conditionsPerCriterion) {
      throw new InvalidParameterValueException(`criteria.${name} has ${conditions.length} conditions; at most ${L.conditionsPerCriterion} are allowed per criterion.`);
    }
    conditions.forEach((condition, i) => {
      const where = `criteria.${name}.${i + 1}`;
      const allowed = operatorsFor(type);
      if (typeof condition.comparison !== 'string') throw new InvalidParameterValueException(`${where}.comparison is required: use one of ${allowed.join(', ')}.`);
      if (!allowed.includes(condition.comparison as ComparisonOperator)) {
        throw new InvalidParameterValueException(
          `${where}.comparison "${condition.comparison}" does not apply to ${name} (a ${type === 'resourceTag' ? 'resource tag' : type} criterion); use one of ${allowed.join(', ')}.`,
        );
      }
      if (type === 'resourceTag') {
        if (typeof condition.key !== 'string') throw new InvalidParameterValueException(`${where}.key is required: name the tag key to compare.`);
        checkCriteriaString(`${where}.key`, condition.key);
      }
      const values = condition.values as unknown[] | undefined | null;
      if (!Array.isArray(values) || values.length === 0) throw new InvalidParameterValueException(`${where}.values must list at least one value to compare against.`);
      if (values.length > L.valuesPerCondition) {
        throw new InvalidParameterValueException(`${where}.values has ${values.length} values; at most ${L.valuesPerCondition} are allowed per condition.`);
      }
      values.forEach((v, j) => {
        const at = `${where}.values.${j + 1}`;
        if (type === 'double') {
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParameterValueException(`${at} must be a number, got ${JSON.stringify(v)}.`);
        } else if (type !== 'integer') {
          checkCriteriaString(at, v as string);
        }
      });
    });
  }
}

function checkCriteriaString(field: string, value: string): void {
  checkLength(field, value, L.criteriaValueLength);
  if (!P.criteriaValue.test(value)) {
    throw new ConstraintViolation(field, `Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${P.criteriaValue.source}`);
  }
}

function checkSchedule(schedule: JsonObject): void {
  const expression = schedule.scheduleExpression;
  if (typeof expression !== 'string') {
    throw new InvalidParameterValueException('schedule.scheduleExpression is required: give a cron expression such as "cron(30 2 * * ? *)" (daily at 02:30).');
  }
  const problem = scheduleExpressionProblem(expression);
  if (problem !== undefined) throw new InvalidParameterValueException(`schedule.scheduleExpression "${expression}" ${problem}.`);
  const zone = schedule.scheduleExpressionTimezone;
  if (typeof zone === 'string' && !isKnownTimeZone(zone)) {
    throw new InvalidParameterValueException(`schedule.scheduleExpressionTimezone "${zone}" is not an IANA time zone; use a name such as "UTC" or "Europe/Paris".`);
  }
}

/** Tag lists: model types, then unique keys, lengths and AWS's reserved prefix. */
export function checkTags(tags: unknown, field = 'tags'): void {
  validateInput({ [field]: tags }, { [field]: TAGS_RULE });
  const list = (tags as Array<{ key: string; value: string }> | undefined | null) ?? [];
  const seen = new Set<string>();
  list.forEach((t, i) => {
    checkLength(`${field}.${i + 1}.member.key`, t.key, L.tagKey);
    checkLength(`${field}.${i + 1}.member.value`, t.value, L.tagValue);
    if (t.key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      throw new InvalidParameterValueException(`The tag key "${t.key}" is reserved: keys starting with "${RESERVED_TAG_PREFIX}" belong to AWS.`);
    }
    if (seen.has(t.key)) throw new InvalidParameterValueException(`The tag key "${t.key}" appears twice; each key may appear once.`);
    seen.add(t.key);
  });
}
