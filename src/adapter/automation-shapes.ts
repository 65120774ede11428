/**
 * Request and response shapes of the Compute Optimizer Automation rule, tag and account operations
 * (compute-optimizer-automation 2025-09-22), named and typed as the generated SDK clients name them.
 * Timestamps are `Date`s, as the SDKs deserialize them.
 */
import type {
  AutomationEnrollmentStatus,
  AutomationRuleFilterName,
  ComparisonOperator,
  OrganizationRuleMode,
  RecommendedActionType,
  RuleApplyOrder,
  RuleStatus,
  RuleType,
} from '../shared';

export interface Tag {
  key: string;
  value: string;
}

export interface StringCriteriaCondition {
  comparison?: ComparisonOperator;
  values?: string[];
}
export interface IntegerCriteriaCondition {
  comparison?: ComparisonOperator;
  values?: number[];
}
export interface DoubleCriteriaCondition {
  comparison?: ComparisonOperator;
  values?: number[];
}
export interface ResourceTagsCriteriaCondition {
  comparison?: ComparisonOperator;
  key?: string;
  values?: string[];
}

export interface Criteria {
  region?: StringCriteriaCondition[];
  resourceArn?: StringCriteriaCondition[];
  ebsVolumeType?: StringCriteriaCondition[];
  ebsVolumeSizeInGib?: IntegerCriteriaCondition[];
  estimatedMonthlySavings?: DoubleCriteriaCondition[];
  resourceTag?: ResourceTagsCriteriaCondition[];
  lookBackPeriodInDays?: IntegerCriteriaCondition[];
  restartNeeded?: StringCriteriaCondition[];
}

export interface Schedule {
  scheduleExpression?: string;
  scheduleExpressionTimezone?: string;
  executionWindowInMinutes?: number;
}

export interface OrganizationConfiguration {
  ruleApplyOrder?: RuleApplyOrder;
  accountIds?: string[];
}

/** The members a rule is made of (CreateAutomationRule's, all optional here). */
export interface AutomationRuleMembers {
  name?: string;
  description?: string;
  ruleType?: RuleType;
  organizationConfiguration?: OrganizationConfiguration;
  priority?: string;
  recommendedActionTypes?: RecommendedActionType[];
  criteria?: Criteria;
  schedule?: Schedule;
  status?: RuleStatus;
}

/** A rule as ListAutomationRules lists it (no criteria, no tags). */
export interface AutomationRule {
  ruleArn?: string;
  ruleId?: string;
  name?: string;
  description?: string;
  ruleType?: RuleType;
  ruleRevision?: number;
  accountId?: string;
  organizationConfiguration?: OrganizationConfiguration;
  priority?: string;
  recommendedActionTypes?: RecommendedActionType[];
  schedule?: Schedule;
  status?: RuleStatus;
  createdTimestamp?: Date;
  lastUpdatedTimestamp?: Date;
}

export interface CreateAutomationRuleRequest extends AutomationRuleMembers {
  name: string;
  ruleType: RuleType;
  recommendedActionTypes: RecommendedActionType[];
  schedule: Schedule;
  status: RuleStatus;
  tags?: Tag[];
  /** 1-64 of [a-zA-Z0-9_-]; generated when omitted (as the SDKs do). */
  clientToken?: string;
}
export interface CreateAutomationRuleResponse extends AutomationRuleMembers {
  ruleArn?: string;
  ruleId?: string;
  ruleRevision?: number;
  tags?: Tag[];
  createdTimestamp?: Date;
}

export interface GetAutomationRuleRequest {
  ruleArn: string;
}
export interface GetAutomationRuleResponse extends AutomationRule {
  criteria?: Criteria;
  tags?: Tag[];
}

export interface Filter {
  name: AutomationRuleFilterName;
  values: string[];
}
export interface ListAutomationRulesRequest {
  filters?: Filter[];
  /** 1-100. */
  maxResults?: number;
  nextToken?: string;
}
export interface ListAutomationRulesResponse {
  automationRules?: AutomationRule[];
  nextToken?: string;
}

export interface UpdateAutomationRuleRequest extends AutomationRuleMembers {
  ruleArn: string;
  /** The revision the caller last read; AWS refuses the update when the rule has changed since. */
  ruleRevision: number;
  clientToken?: string;
}
export interface UpdateAutomationRuleResponse extends AutomationRuleMembers {
  ruleArn?: string;
  ruleRevision?: number;
  createdTimestamp?: Date;
  lastUpdatedTimestamp?: Date;
}

export interface DeleteAutomationRuleRequest {
  ruleArn: string;
  ruleRevision: number;
  clientToken?: string;
}
export type DeleteAutomationRuleResponse = Record<string, never>;

export interface TagResourceRequest {
  resourceArn: string;
  ruleRevision: number;
  tags: Tag[];
  clientToken?: string;
}
export type TagResourceResponse = Record<string, never>;

export interface UntagResourceRequest {
  resourceArn: string;
  ruleRevision: number;
  tagKeys: string[];
  clientToken?: string;
}
export type UntagResourceResponse = Record<string, never>;

export interface ListTagsForResourceRequest {
  resourceArn: string;
}
export interface ListTagsForResourceResponse {
  tags?: Tag[];
}

export interface AccountInfo {
  accountId: string;
  status: AutomationEnrollmentStatus;
  organizationRuleMode: OrganizationRuleMode;
  statusReason?: string;
  lastUpdatedTimestamp: Date;
}
export interface ListAccountsRequest {
  /** 1-1000. */
  maxResults?: number;
  nextToken?: string;
}
export interface ListAccountsResponse {
  accounts: AccountInfo[];
  nextToken?: string;
}

export interface AssociateAccountsRequest {
  /** Up to 50 member account ids. */
  accountIds: string[];
  clientToken?: string;
}
export interface AssociateAccountsResponse {
  accountIds?: string[];
  errors?: string[];
}
export type DisassociateAccountsRequest = AssociateAccountsRequest;
export type DisassociateAccountsResponse = AssociateAccountsResponse;
