/**
 * Wire values and rules of Compute Optimizer recommendation preferences (compute-optimizer 2019-11-01:
 * PutRecommendationPreferences, GetRecommendationPreferences, DeleteRecommendationPreferences,
 * GetEffectiveRecommendationPreferences), defined once for the constructs, the adapter and the emulator.
 * Spellings are AWS's own; never rename them. `SavingsEstimationMode` is the same enum as Cost Optimization
 * Hub's and lives in ./enums.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_PutRecommendationPreferences.html
 */

/** `ResourceType` as the preference operations take it. */
export const PreferenceResourceType = {
  EC2_INSTANCE: 'Ec2Instance',
  AUTO_SCALING_GROUP: 'AutoScalingGroup',
  EBS_VOLUME: 'EbsVolume',
  LAMBDA_FUNCTION: 'LambdaFunction',
  NOT_APPLICABLE: 'NotApplicable',
  ECS_SERVICE: 'EcsService',
  LICENSE: 'License',
  RDS_DB_INSTANCE: 'RdsDBInstance',
  AURORA_DB_CLUSTER_STORAGE: 'AuroraDBClusterStorage',
  IDLE: 'Idle',
} as const;
export type PreferenceResourceType = (typeof PreferenceResourceType)[keyof typeof PreferenceResourceType];

/** `ScopeName`. */
export const PreferenceScopeName = { ORGANIZATION: 'Organization', ACCOUNT_ID: 'AccountId', RESOURCE_ARN: 'ResourceArn' } as const;
export type PreferenceScopeName = (typeof PreferenceScopeName)[keyof typeof PreferenceScopeName];

/** The only `scope.value` an `Organization` scope takes. */
export const ORGANIZATION_SCOPE_VALUE = 'ALL_ACCOUNTS';

/** `EnhancedInfrastructureMetrics` and `InferredWorkloadTypesPreference` (both Active/Inactive). */
export const PreferenceStatus = { ACTIVE: 'Active', INACTIVE: 'Inactive' } as const;
export type PreferenceStatus = (typeof PreferenceStatus)[keyof typeof PreferenceStatus];

/** `ExternalMetricsSource`. */
export const ExternalMetricsSource = { DATADOG: 'Datadog', DYNATRACE: 'Dynatrace', NEW_RELIC: 'NewRelic', INSTANA: 'Instana' } as const;
export type ExternalMetricsSource = (typeof ExternalMetricsSource)[keyof typeof ExternalMetricsSource];

/** `LookBackPeriodPreference`. */
export const LookBackPeriod = { DAYS_14: 'DAYS_14', DAYS_32: 'DAYS_32', DAYS_93: 'DAYS_93' } as const;
export type LookBackPeriod = (typeof LookBackPeriod)[keyof typeof LookBackPeriod];

/** `CustomizableMetricName`. */
export const CustomizableMetricName = { CPU_UTILIZATION: 'CpuUtilization', MEMORY_UTILIZATION: 'MemoryUtilization' } as const;
export type CustomizableMetricName = (typeof CustomizableMetricName)[keyof typeof CustomizableMetricName];

/** `CustomizableMetricThreshold`. */
export const CustomizableMetricThreshold = { P90: 'P90', P95: 'P95', P99_5: 'P99_5' } as const;
export type CustomizableMetricThreshold = (typeof CustomizableMetricThreshold)[keyof typeof CustomizableMetricThreshold];

/** `CustomizableMetricHeadroom`. */
export const CustomizableMetricHeadroom = { PERCENT_30: 'PERCENT_30', PERCENT_20: 'PERCENT_20', PERCENT_10: 'PERCENT_10', PERCENT_0: 'PERCENT_0' } as const;
export type CustomizableMetricHeadroom = (typeof CustomizableMetricHeadroom)[keyof typeof CustomizableMetricHeadroom];

/**
 * Which headroom values each metric takes, and whether it takes a threshold. The model: "CPU utilization:
 * PERCENT_30 | PERCENT_20 | PERCENT_0; Memory utilization: PERCENT_30 | PERCENT_20 | PERCENT_10"; "You can
 * only specify the threshold value for CPU utilization."
 */
export const UTILIZATION_METRIC_RULES: Readonly<Record<CustomizableMetricName, { readonly headroom: readonly CustomizableMetricHeadroom[]; readonly threshold: boolean }>> = {
  CpuUtilization: { headroom: ['PERCENT_30', 'PERCENT_20', 'PERCENT_0'], threshold: true },
  MemoryUtilization: { headroom: ['PERCENT_30', 'PERCENT_20', 'PERCENT_10'], threshold: false },
};

/** `PreferredResourceName`: "Compute Optimizer only supports the customization of Ec2InstanceTypes." */
export const PreferredResourceName = { EC2_INSTANCE_TYPES: 'Ec2InstanceTypes' } as const;
export type PreferredResourceName = (typeof PreferredResourceName)[keyof typeof PreferredResourceName];

/** `RecommendationPreferenceName` (what DeleteRecommendationPreferences removes). */
export const RecommendationPreferenceName = {
  ENHANCED_INFRASTRUCTURE_METRICS: 'EnhancedInfrastructureMetrics',
  INFERRED_WORKLOAD_TYPES: 'InferredWorkloadTypes',
  EXTERNAL_METRICS_PREFERENCE: 'ExternalMetricsPreference',
  LOOK_BACK_PERIOD_PREFERENCE: 'LookBackPeriodPreference',
  PREFERRED_RESOURCES: 'PreferredResources',
  UTILIZATION_PREFERENCES: 'UtilizationPreferences',
} as const;
export type RecommendationPreferenceName = (typeof RecommendationPreferenceName)[keyof typeof RecommendationPreferenceName];

/** The members of PutRecommendationPreferences that are preferences (besides resourceType and scope). */
export type PreferenceField =
  | 'enhancedInfrastructureMetrics'
  | 'inferredWorkloadTypes'
  | 'externalMetricsPreference'
  | 'lookBackPeriod'
  | 'utilizationPreferences'
  | 'preferredResources'
  | 'savingsEstimationMode';

export interface PreferenceRule {
  /** The resource types the preference can be set for. */
  readonly resourceTypes: readonly PreferenceResourceType[];
  /** The scopes it can be set at (for every resource type, before the Auto Scaling group rule below). */
  readonly scopes: readonly PreferenceScopeName[];
  /** Its name in DeleteRecommendationPreferences; savings estimation mode cannot be deleted, only set. */
  readonly deleteName?: RecommendationPreferenceName;
}

const ALL_SCOPES: readonly PreferenceScopeName[] = ['Organization', 'AccountId', 'ResourceArn'];

/**
 * Which preference applies to which resource types and scopes, from the model's member documentation:
 * - enhanced infrastructure metrics: EC2 instances, Auto Scaling groups and RDS DB instances (the
 *   resource types whose effective preferences carry it);
 * - inferred workload types: EC2 instances and Auto Scaling groups;
 * - external metrics: "can only be set for the Ec2Instance resource type", and GetEffectiveRecommendationPreferences
 *   "considers all applicable preferences that you might have set at the account and organization level";
 * - look-back period: EC2, Auto Scaling groups, EBS, ECS on Fargate, RDS and Aurora storage;
 * - CPU and memory utilisation: "only for the Amazon EC2 instance resource type";
 * - preferred resources: EC2 instances and Auto Scaling groups (its only name is Ec2InstanceTypes);
 * - savings estimation mode: every type with savings estimates, at the organisation and account levels (Auto
 *   Scaling group instances follow the Ec2Instance setting).
 * Auto Scaling groups take preferences at the resource level only (SCOPE_RULES).
 */
export const PREFERENCE_RULES: Readonly<Record<PreferenceField, PreferenceRule>> = {
  enhancedInfrastructureMetrics: { resourceTypes: ['Ec2Instance', 'AutoScalingGroup', 'RdsDBInstance'], scopes: ALL_SCOPES, deleteName: 'EnhancedInfrastructureMetrics' },
  inferredWorkloadTypes: { resourceTypes: ['Ec2Instance', 'AutoScalingGroup'], scopes: ALL_SCOPES, deleteName: 'InferredWorkloadTypes' },
  externalMetricsPreference: { resourceTypes: ['Ec2Instance'], scopes: ['Organization', 'AccountId'], deleteName: 'ExternalMetricsPreference' },
  lookBackPeriod: {
    resourceTypes: ['Ec2Instance', 'AutoScalingGroup', 'EbsVolume', 'EcsService', 'RdsDBInstance', 'AuroraDBClusterStorage'],
    scopes: ALL_SCOPES,
    deleteName: 'LookBackPeriodPreference',
  },
  utilizationPreferences: { resourceTypes: ['Ec2Instance'], scopes: ALL_SCOPES, deleteName: 'UtilizationPreferences' },
  preferredResources: { resourceTypes: ['Ec2Instance', 'AutoScalingGroup'], scopes: ALL_SCOPES, deleteName: 'PreferredResources' },
  savingsEstimationMode: {
    resourceTypes: ['Ec2Instance', 'EbsVolume', 'LambdaFunction', 'EcsService', 'RdsDBInstance', 'AuroraDBClusterStorage'],
    scopes: ['Organization', 'AccountId'],
  },
};

export const PREFERENCE_FIELDS = Object.keys(PREFERENCE_RULES) as PreferenceField[];

/** The preference field a DeleteRecommendationPreferences name removes. */
export const PREFERENCE_FIELD_BY_NAME: Readonly<Record<RecommendationPreferenceName, PreferenceField>> = Object.fromEntries(
  PREFERENCE_FIELDS.filter((f) => PREFERENCE_RULES[f].deleteName !== undefined).map((f) => [PREFERENCE_RULES[f].deleteName!, f]),
) as Record<RecommendationPreferenceName, PreferenceField>;

/**
 * Which scopes a resource type takes. "You cannot create recommendation preferences for Auto Scaling groups at
 * the organization and account levels"; the ResourceArn scope is only for EC2 instance and Auto Scaling group
 * ARNs ("Only EC2 instance and Auto Scaling group ARNs are currently supported").
 */
export const SCOPE_RULES: Readonly<Record<PreferenceResourceType, readonly PreferenceScopeName[]>> = {
  Ec2Instance: ALL_SCOPES,
  AutoScalingGroup: ['ResourceArn'],
  EbsVolume: ['Organization', 'AccountId'],
  LambdaFunction: ['Organization', 'AccountId'],
  NotApplicable: [],
  EcsService: ['Organization', 'AccountId'],
  License: [],
  RdsDBInstance: ['Organization', 'AccountId'],
  AuroraDBClusterStorage: ['Organization', 'AccountId'],
  Idle: [],
};

/** The values Compute Optimizer uses when no preference is set (from the model's documentation). */
export const PREFERENCE_DEFAULTS = {
  enhancedInfrastructureMetrics: 'Inactive',
  inferredWorkloadTypes: 'Active',
  lookBackPeriod: 'DAYS_14',
  utilizationPreferences: [
    { metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_20' } },
    { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_20' } },
  ],
} as const;

/** Limits from the model. */
export const PreferenceLimits = {
  /** `PreferredResourceValues`: "You can specify up to 1000 values in this list." */
  preferredResourceValues: 1000,
  /** GetRecommendationPreferences.maxResults (`MaxResults`). */
  getMaxResults: { min: 0, max: 1000 },
} as const;

/** ARNs the ResourceArn scope and GetEffectiveRecommendationPreferences accept. */
export const PreferencePatterns = {
  ec2InstanceArn: /^arn:aws[a-z-]*:ec2:([a-z0-9-]+):([0-9]{12}):instance\/i-[0-9a-f]{8,17}$/,
  autoScalingGroupArn: /^arn:aws[a-z-]*:autoscaling:([a-z0-9-]+):([0-9]{12}):autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/[^\s]{1,255}$/,
  /** EC2 instance types and their wildcard forms (`m5.large`, `m5.*`, `*.metal`). */
  preferredResourceValue: /^[a-z0-9*][a-z0-9*-]*(?:\.[a-z0-9*-]+)*$/,
} as const;

/** The resource type and location a supported resource ARN names, or undefined. */
export function parsePreferenceResourceArn(arn: string): { resourceType: 'Ec2Instance' | 'AutoScalingGroup'; region: string; accountId: string } | undefined {
  const instance = PreferencePatterns.ec2InstanceArn.exec(arn);
  if (instance) return { resourceType: 'Ec2Instance', region: instance[1], accountId: instance[2] };
  const group = PreferencePatterns.autoScalingGroupArn.exec(arn);
  if (group) return { resourceType: 'AutoScalingGroup', region: group[1], accountId: group[2] };
  return undefined;
}
