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
import type {
  CommitmentTerm as WireCommitmentTerm,
  CustomizableMetricHeadroom as WireCustomizableMetricHeadroom,
  CustomizableMetricName as WireCustomizableMetricName,
  CustomizableMetricThreshold as WireCustomizableMetricThreshold,
  ExternalMetricsSource as WireExternalMetricsSource,
  LookBackPeriod as WireLookBackPeriod,
  MemberAccountDiscountVisibility as WireMemberAccountDiscountVisibility,
  PaymentOption as WirePaymentOption,
  PreferenceScopeName as WirePreferenceScopeName,
  PreferenceStatus as WirePreferenceStatus,
  PreferencesRemovalPolicy as WirePreferencesRemovalPolicy,
  PreferredResourceName as WirePreferredResourceName,
  SavingsEstimationMode as WireSavingsEstimationMode,
  SettablePreferenceResourceType as WireSettablePreferenceResourceType,
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

/** The resource types Compute Optimizer recommendation preferences are set for (`ResourceType`). */
export enum RecommendationPreferenceResourceType {
  /** EC2 instances, standalone and in Auto Scaling groups. */
  EC2_INSTANCE = 'Ec2Instance',
  /** The instances of one Auto Scaling group (resource scope only). */
  AUTO_SCALING_GROUP = 'AutoScalingGroup',
  EBS_VOLUME = 'EbsVolume',
  LAMBDA_FUNCTION = 'LambdaFunction',
  /** ECS services on Fargate. */
  ECS_SERVICE = 'EcsService',
  RDS_DB_INSTANCE = 'RdsDBInstance',
  AURORA_DB_CLUSTER_STORAGE = 'AuroraDBClusterStorage',
}

/** Where recommendation preferences apply (`ScopeName`). */
export enum RecommendationPreferenceScopeName {
  /** Every account of the organisation (management account only; value `ALL_ACCOUNTS`). */
  ORGANIZATION = 'Organization',
  /** One account (value: its 12-digit id). */
  ACCOUNT_ID = 'AccountId',
  /** One EC2 instance or Auto Scaling group (value: its ARN). */
  RESOURCE_ARN = 'ResourceArn',
}

/** `EnhancedInfrastructureMetrics`: a paid feature that analyses up to 93 days of metrics. */
export enum EnhancedInfrastructureMetrics {
  ACTIVE = 'Active',
  INACTIVE = 'Inactive',
}

/** `InferredWorkloadTypesPreference`: whether Compute Optimizer infers the applications on instances (Active by default). */
export enum InferredWorkloadTypesPreference {
  ACTIVE = 'Active',
  INACTIVE = 'Inactive',
}

/** `ExternalMetricsSource`: the observability provider whose memory metrics Compute Optimizer uses. */
export enum ExternalMetricsSource {
  DATADOG = 'Datadog',
  DYNATRACE = 'Dynatrace',
  NEW_RELIC = 'NewRelic',
  INSTANA = 'Instana',
}

/** `LookBackPeriodPreference`: how many days of utilisation metrics are analysed (default 14). */
export enum LookBackPeriodPreference {
  DAYS_14 = 'DAYS_14',
  DAYS_32 = 'DAYS_32',
  DAYS_93 = 'DAYS_93',
}

/** `CustomizableMetricName`. */
export enum CustomizableMetricName {
  CPU_UTILIZATION = 'CpuUtilization',
  MEMORY_UTILIZATION = 'MemoryUtilization',
}

/** `CustomizableMetricThreshold`: the percentile of CPU utilisation recommendations are sized for (default P99_5). */
export enum CustomizableMetricThreshold {
  P90 = 'P90',
  P95 = 'P95',
  P99_5 = 'P99_5',
}

/** `CustomizableMetricHeadroom`: spare capacity kept above the observed utilisation (default 20 %). */
export enum CustomizableMetricHeadroom {
  PERCENT_30 = 'PERCENT_30',
  PERCENT_20 = 'PERCENT_20',
  PERCENT_10 = 'PERCENT_10',
  PERCENT_0 = 'PERCENT_0',
}

/** `PreferredResourceName` (Compute Optimizer supports EC2 instance types only). */
export enum PreferredResourceName {
  EC2_INSTANCE_TYPES = 'Ec2InstanceTypes',
}

/** `SavingsEstimationMode` (Compute Optimizer and Cost Optimization Hub). */
export enum SavingsEstimationMode {
  /** Savings at public prices, ignoring Savings Plans and Reserved Instance discounts. */
  BEFORE_DISCOUNTS = 'BeforeDiscounts',
  /** Savings after the organisation's Savings Plans and Reserved Instance discounts. */
  AFTER_DISCOUNTS = 'AfterDiscounts',
}

/** `MemberAccountDiscountVisibility` (Cost Optimization Hub): whether member accounts see the organisation's discounts. */
export enum MemberAccountDiscountVisibility {
  ALL = 'All',
  NONE = 'None',
}

/** `Term` of a preferred commitment (Cost Optimization Hub). */
export enum CommitmentTerm {
  ONE_YEAR = 'OneYear',
  THREE_YEARS = 'ThreeYears',
}

/** `PaymentOption` of a preferred commitment (Cost Optimization Hub). */
export enum PaymentOption {
  ALL_UPFRONT = 'AllUpfront',
  PARTIAL_UPFRONT = 'PartialUpfront',
  NO_UPFRONT = 'NoUpfront',
}

/** What `terraform destroy` does to declared preferences. */
export enum PreferencesRemovalPolicy {
  /** Leave them in AWS as they are. */
  RETAIN = 'retain',
  /** Delete them (Compute Optimizer: the next scope up applies again) or restore AWS's defaults (Cost Optimization Hub). */
  DELETE = 'delete',
}

const samePreferenceValues: [
  Same<`${RecommendationPreferenceResourceType}`, WireSettablePreferenceResourceType>,
  Same<`${RecommendationPreferenceScopeName}`, WirePreferenceScopeName>,
  Same<`${EnhancedInfrastructureMetrics}`, WirePreferenceStatus>,
  Same<`${InferredWorkloadTypesPreference}`, WirePreferenceStatus>,
  Same<`${ExternalMetricsSource}`, WireExternalMetricsSource>,
  Same<`${LookBackPeriodPreference}`, WireLookBackPeriod>,
  Same<`${CustomizableMetricName}`, WireCustomizableMetricName>,
  Same<`${CustomizableMetricThreshold}`, WireCustomizableMetricThreshold>,
  Same<`${CustomizableMetricHeadroom}`, WireCustomizableMetricHeadroom>,
  Same<`${PreferredResourceName}`, WirePreferredResourceName>,
  Same<`${SavingsEstimationMode}`, WireSavingsEstimationMode>,
  Same<`${MemberAccountDiscountVisibility}`, WireMemberAccountDiscountVisibility>,
  Same<`${CommitmentTerm}`, WireCommitmentTerm>,
  Same<`${PaymentOption}`, WirePaymentOption>,
  Same<`${PreferencesRemovalPolicy}`, WirePreferencesRemovalPolicy>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void samePreferenceValues;
