/**
 * Wire values, limits and patterns of Compute Optimizer Automation rules (compute-optimizer-automation
 * 2025-09-22: CreateAutomationRule, UpdateAutomationRule, ListAutomationRules, tags), defined once for the
 * constructs, the adapter and the emulator. Spellings are AWS's own; never rename them.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_CreateAutomationRule.html
 */

/** `RuleType`. Only an organisation's management account may create `OrganizationRule`s. */
export const RuleType = { ORGANIZATION_RULE: 'OrganizationRule', ACCOUNT_RULE: 'AccountRule' } as const;
export type RuleType = (typeof RuleType)[keyof typeof RuleType];

/** `RuleStatus`. */
export const RuleStatus = { ACTIVE: 'Active', INACTIVE: 'Inactive' } as const;
export type RuleStatus = (typeof RuleStatus)[keyof typeof RuleStatus];

/** `RecommendedActionType`: what a rule does to matching resources. */
export const RecommendedActionType = {
  SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME: 'SnapshotAndDeleteUnattachedEbsVolume',
  UPGRADE_EBS_VOLUME_TYPE: 'UpgradeEbsVolumeType',
} as const;
export type RecommendedActionType = (typeof RecommendedActionType)[keyof typeof RecommendedActionType];

/** `RuleApplyOrder`: when organisation rules apply relative to the member account's own rules. */
export const RuleApplyOrder = { BEFORE_ACCOUNT_RULES: 'BeforeAccountRules', AFTER_ACCOUNT_RULES: 'AfterAccountRules' } as const;
export type RuleApplyOrder = (typeof RuleApplyOrder)[keyof typeof RuleApplyOrder];

/** `ComparisonOperator` (the model's one enum for every criterion). */
export const ComparisonOperator = {
  STRING_EQUALS: 'StringEquals',
  STRING_NOT_EQUALS: 'StringNotEquals',
  STRING_EQUALS_IGNORE_CASE: 'StringEqualsIgnoreCase',
  STRING_NOT_EQUALS_IGNORE_CASE: 'StringNotEqualsIgnoreCase',
  STRING_LIKE: 'StringLike',
  STRING_NOT_LIKE: 'StringNotLike',
  NUMERIC_EQUALS: 'NumericEquals',
  NUMERIC_NOT_EQUALS: 'NumericNotEquals',
  NUMERIC_LESS_THAN: 'NumericLessThan',
  NUMERIC_LESS_THAN_EQUALS: 'NumericLessThanEquals',
  NUMERIC_GREATER_THAN: 'NumericGreaterThan',
  NUMERIC_GREATER_THAN_EQUALS: 'NumericGreaterThanEquals',
  STRING_EQUALS_IF_EXISTS: 'StringEqualsIfExists',
  STRING_NOT_EQUALS_IF_EXISTS: 'StringNotEqualsIfExists',
  STRING_EQUALS_IGNORE_CASE_IF_EXISTS: 'StringEqualsIgnoreCaseIfExists',
  STRING_NOT_EQUALS_IGNORE_CASE_IF_EXISTS: 'StringNotEqualsIgnoreCaseIfExists',
  STRING_LIKE_IF_EXISTS: 'StringLikeIfExists',
  STRING_NOT_LIKE_IF_EXISTS: 'StringNotLikeIfExists',
  NUMERIC_EQUALS_IF_EXISTS: 'NumericEqualsIfExists',
  NUMERIC_NOT_EQUALS_IF_EXISTS: 'NumericNotEqualsIfExists',
  NUMERIC_LESS_THAN_IF_EXISTS: 'NumericLessThanIfExists',
  NUMERIC_LESS_THAN_EQUALS_IF_EXISTS: 'NumericLessThanEqualsIfExists',
  NUMERIC_GREATER_THAN_IF_EXISTS: 'NumericGreaterThanIfExists',
  NUMERIC_GREATER_THAN_EQUALS_IF_EXISTS: 'NumericGreaterThanEqualsIfExists',
} as const;
export type ComparisonOperator = (typeof ComparisonOperator)[keyof typeof ComparisonOperator];

const ALL_OPERATORS: readonly ComparisonOperator[] = Object.values(ComparisonOperator);
/** The `String…` operators (with their `…IfExists` forms), for string and tag criteria. */
export const STRING_OPERATORS: readonly ComparisonOperator[] = ALL_OPERATORS.filter((o) => o.startsWith('String'));
/** The `Numeric…` operators (with their `…IfExists` forms), for integer and double criteria. */
export const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ALL_OPERATORS.filter((o) => o.startsWith('Numeric'));

/** The value type of each `Criteria` member: it decides the condition's shape and its allowed operators. */
export const CriterionValueType = { STRING: 'string', INTEGER: 'integer', DOUBLE: 'double', RESOURCE_TAG: 'resourceTag' } as const;
export type CriterionValueType = (typeof CriterionValueType)[keyof typeof CriterionValueType];

/**
 * Every `Criteria` member and its value type. The Automation user guide's table: string attributes and resource
 * tags take the String operators, sizes, savings and look-back periods the Numeric ones.
 */
export const CRITERIA = {
  region: 'string',
  resourceArn: 'string',
  ebsVolumeType: 'string',
  ebsVolumeSizeInGib: 'integer',
  estimatedMonthlySavings: 'double',
  resourceTag: 'resourceTag',
  lookBackPeriodInDays: 'integer',
  restartNeeded: 'string',
} as const satisfies Record<string, CriterionValueType>;
export type CriterionName = keyof typeof CRITERIA;

/** The operators a criterion of this value type accepts. */
export function operatorsFor(type: CriterionValueType): readonly ComparisonOperator[] {
  return type === 'integer' || type === 'double' ? NUMERIC_OPERATORS : STRING_OPERATORS;
}

/** `AutomationRuleFilterName` (ListAutomationRules). */
export const AutomationRuleFilterName = {
  NAME: 'Name',
  RECOMMENDED_ACTION_TYPE: 'RecommendedActionType',
  STATUS: 'Status',
  RULE_TYPE: 'RuleType',
  ORGANIZATION_CONFIGURATION_RULE_APPLY_ORDER: 'OrganizationConfigurationRuleApplyOrder',
  ACCOUNT_ID: 'AccountId',
} as const;
export type AutomationRuleFilterName = (typeof AutomationRuleFilterName)[keyof typeof AutomationRuleFilterName];

/** Limits from the model (shapes and their documentation). */
export const AutomationRuleLimits = {
  /** `RuleName`: the shape says 0-128, its documentation "Must be 1-128 characters long". */
  name: { min: 1, max: 128 },
  description: { min: 0, max: 1024 },
  /** `priority`: "a decimal number between 0 and 1 (having up to 30 digits after the decimal point)". */
  priorityFractionDigits: 30,
  /** `ScheduleExecutionWindowInMinutesInteger`. */
  executionWindowInMinutes: { min: 60, max: 1440 },
  /** `OrganizationConfigurationAccountIds`. */
  organizationAccountIds: { min: 1, max: 50 },
  /** `Criteria`: "up to 20 conditions per filter criteria and 20 values per condition". */
  conditionsPerCriterion: 20,
  valuesPerCondition: 20,
  criteriaValueLength: { min: 1, max: 512 },
  /** `TagList`, `TagKey`, `TagValue`. */
  tags: { min: 0, max: 200 },
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
  /** `ListAutomationRulesRequestMaxResultsInteger` is 1-100 (its documentation says 1-1000; the shape wins). */
  listMaxResults: { min: 1, max: 100 },
  filterValueLength: { min: 1, max: 255 },
} as const;

/** Patterns from the model, anchored (the model leaves them unanchored). */
export const AutomationRulePatterns = {
  name: /^[a-zA-Z0-9_-]*$/,
  description: /^[a-zA-Z0-9_\-\s@.]*$/,
  ruleArn: /^arn:aws:compute-optimizer::[0-9]{12}:automation-rule\/[a-zA-Z0-9_-]+$/,
  ruleId: /^[0-9A-Za-z]{16}$/,
  criteriaValue: /^[\w\s.\-:/=+@*?]+$/,
  tagKey: /^[\w\s.\-:/=+@]+$/,
  tagValue: /^[\w\s.\-:/=+@]*$/,
  filterValue: /^[a-zA-Z0-9\-_.*?\s]+$/,
  /** 0 to 1 inclusive, up to 30 fraction digits: `0`, `0.25`, `1`, `1.0`; not `.5`, `1.5`, `5e-1`. */
  priority: /^(?:0(?:\.[0-9]{1,30})?|1(?:\.0{1,30})?)$/,
} as const;

/** Tag keys starting with this are AWS's own; no AWS API lets a user set them. */
export const RESERVED_TAG_PREFIX = 'aws:';

/** A rule's ARN. Rules are global: the ARN has no Region. */
export function automationRuleArn(accountId: string, ruleId: string): string {
  return `arn:aws:compute-optimizer::${accountId}:automation-rule/${ruleId}`;
}

/** The account id inside a rule ARN (the model's pattern guarantees it). */
export function accountOfRuleArn(ruleArn: string): string {
  return ruleArn.split(':')[4];
}

const CRON_FIELD = /^[0-9A-Za-z*?,\-/#]+$/;

/**
 * Why a `scheduleExpression` is not acceptable, or `undefined` when it is. The model: "A cron expression
 * consists of six fields separated by white spaces: (minutes hours day_of_month month day_of_week year). You
 * can schedule rules to run at most once per day. Your cron expression must use specific values (not
 * wildcards) for the minutes and hours fields." Accepted: the fields bare or wrapped as `cron(...)`, six of
 * them or five (the documentation's own example `30 12 * * *` omits the year); minutes and hours each one
 * number, which is what makes a rule run at most once a day.
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  const wrapped = /^cron\((.*)\)$/s.exec(trimmed);
  const fields = (wrapped ? wrapped[1] : trimmed).trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 && fields.length !== 6) {
    return `must be a cron expression of six fields (minutes hours day_of_month month day_of_week year), such as "cron(30 2 * * ? *)"; got ${fields.length} field(s)`;
  }
  const [minutes, hours] = fields;
  if (!/^[0-9]{1,2}$/.test(minutes) || Number(minutes) > 59) {
    return `must name one fixed minute (0-59) so that the rule runs at most once a day; got minutes "${minutes}"`;
  }
  if (!/^[0-9]{1,2}$/.test(hours) || Number(hours) > 23) {
    return `must name one fixed hour (0-23) so that the rule runs at most once a day; got hours "${hours}"`;
  }
  const bad = fields.slice(2).find((f) => !CRON_FIELD.test(f));
  if (bad !== undefined) return `has a day, month or year field that is not cron syntax: "${bad}"`;
  return undefined;
}

/** Whether a name is an IANA time zone this runtime knows (`UTC`, `Europe/Paris`, ...). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
