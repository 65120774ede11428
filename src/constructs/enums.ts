/**
 * The enumerations users write in their stacks, as real enums (TypeScript autocompletion and exhaustiveness,
 * and typed values in every jsii language). Their values are AWS's own spellings, defined once in
 * src/shared/enums.ts; the type checks below fail the build if the two ever part.
 */
import type {
  AssociationRemovalPolicy as WireAssociationRemovalPolicy,
  ComparisonOperator as WireComparisonOperator,
  ComputeOptimizerStatus as WireComputeOptimizerStatus,
  DeclarableStatus,
  RecommendedActionType as WireRecommendedActionType,
  RemovalPolicy as WireRemovalPolicy,
  RuleApplyOrder as WireRuleApplyOrder,
  RuleSetRemovalPolicy as WireRuleSetRemovalPolicy,
  RuleStatus as WireRuleStatus,
  RuleType as WireRuleType,
} from '../shared';

/** A status you can declare. `Pending` and `Failed` are states AWS reports, not requests. */
export enum EnrollmentStatus {
  /** Enrolled (opted in). */
  ACTIVE = 'Active',
  /** Not enrolled (opted out). */
  INACTIVE = 'Inactive',
}

/** What `terraform destroy` does to AWS. */
export enum RemovalPolicy {
  /** Leave AWS as it is. */
  RETAIN = 'retain',
  /** Opt the account out (see each construct for what that deletes or stops). */
  OPT_OUT = 'opt-out',
}

/** A Compute Optimizer enrollment status as AWS reports it. */
export enum ComputeOptimizerStatus {
  ACTIVE = 'Active',
  INACTIVE = 'Inactive',
  PENDING = 'Pending',
  FAILED = 'Failed',
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameValues: [
  Same<`${EnrollmentStatus}`, DeclarableStatus>,
  Same<`${RemovalPolicy}`, WireRemovalPolicy>,
  Same<`${ComputeOptimizerStatus}`, WireComputeOptimizerStatus>,
] = [true, true, true];
void sameValues;

/** `RuleType` of a Compute Optimizer Automation rule. */
export enum AutomationRuleType {
  /** Applies to the account that owns it. */
  ACCOUNT_RULE = 'AccountRule',
  /** Declared in the management account, applies to the member accounts it names. */
  ORGANIZATION_RULE = 'OrganizationRule',
}

/** `RuleStatus` of a Compute Optimizer Automation rule. */
export enum AutomationRuleStatus {
  ACTIVE = 'Active',
  INACTIVE = 'Inactive',
}

/** What an Automation rule does to the resources it matches. */
export enum RecommendedActionType {
  /** Snapshots unattached EBS volumes, then deletes them. */
  SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME = 'SnapshotAndDeleteUnattachedEbsVolume',
  /** Changes EBS volumes to the recommended volume type. */
  UPGRADE_EBS_VOLUME_TYPE = 'UpgradeEbsVolumeType',
}

/** When an organisation rule applies relative to the member account's own rules. */
export enum RuleApplyOrder {
  BEFORE_ACCOUNT_RULES = 'BeforeAccountRules',
  AFTER_ACCOUNT_RULES = 'AfterAccountRules',
}

/** How a rule criterion compares (String operators for text and tags, Numeric for numbers). */
export enum ComparisonOperator {
  STRING_EQUALS = 'StringEquals',
  STRING_NOT_EQUALS = 'StringNotEquals',
  STRING_EQUALS_IGNORE_CASE = 'StringEqualsIgnoreCase',
  STRING_NOT_EQUALS_IGNORE_CASE = 'StringNotEqualsIgnoreCase',
  STRING_LIKE = 'StringLike',
  STRING_NOT_LIKE = 'StringNotLike',
  NUMERIC_EQUALS = 'NumericEquals',
  NUMERIC_NOT_EQUALS = 'NumericNotEquals',
  NUMERIC_LESS_THAN = 'NumericLessThan',
  NUMERIC_LESS_THAN_EQUALS = 'NumericLessThanEquals',
  NUMERIC_GREATER_THAN = 'NumericGreaterThan',
  NUMERIC_GREATER_THAN_EQUALS = 'NumericGreaterThanEquals',
  STRING_EQUALS_IF_EXISTS = 'StringEqualsIfExists',
  STRING_NOT_EQUALS_IF_EXISTS = 'StringNotEqualsIfExists',
  STRING_EQUALS_IGNORE_CASE_IF_EXISTS = 'StringEqualsIgnoreCaseIfExists',
  STRING_NOT_EQUALS_IGNORE_CASE_IF_EXISTS = 'StringNotEqualsIgnoreCaseIfExists',
  STRING_LIKE_IF_EXISTS = 'StringLikeIfExists',
  STRING_NOT_LIKE_IF_EXISTS = 'StringNotLikeIfExists',
  NUMERIC_EQUALS_IF_EXISTS = 'NumericEqualsIfExists',
  NUMERIC_NOT_EQUALS_IF_EXISTS = 'NumericNotEqualsIfExists',
  NUMERIC_LESS_THAN_IF_EXISTS = 'NumericLessThanIfExists',
  NUMERIC_LESS_THAN_EQUALS_IF_EXISTS = 'NumericLessThanEqualsIfExists',
  NUMERIC_GREATER_THAN_IF_EXISTS = 'NumericGreaterThanIfExists',
  NUMERIC_GREATER_THAN_EQUALS_IF_EXISTS = 'NumericGreaterThanEqualsIfExists',
}

/** What `terraform destroy` does to the Automation rules a stack manages. */
export enum RuleSetRemovalPolicy {
  /** Delete them: they exist only while the stack does. */
  DELETE = 'delete',
  /** Leave them in AWS (still running). */
  RETAIN = 'retain',
}

const sameRuleValues: [
  Same<`${AutomationRuleType}`, WireRuleType>,
  Same<`${AutomationRuleStatus}`, WireRuleStatus>,
  Same<`${RecommendedActionType}`, WireRecommendedActionType>,
  Same<`${RuleApplyOrder}`, WireRuleApplyOrder>,
  Same<`${ComparisonOperator}`, WireComparisonOperator>,
  Same<`${RuleSetRemovalPolicy}`, WireRuleSetRemovalPolicy>,
] = [true, true, true, true, true, true];
void sameRuleValues;

/** What `terraform destroy` does to the member accounts associated for Automation. */
export enum AssociationRemovalPolicy {
  /** They stay associated: the organisation's rules keep applying to them. */
  RETAIN = 'retain',
  /** Disassociate them: the organisation's rules stop applying to them. */
  DISASSOCIATE = 'disassociate',
}

const sameAssociationValues: [Same<`${AssociationRemovalPolicy}`, WireAssociationRemovalPolicy>] = [true];
void sameAssociationValues;
