/**
 * Recommendation preferences for an organisation, from its management account: EC2 preferences for every
 * account (a 32-day look-back, CPU sized for the 95th percentile with 20 % headroom, no burstable t2 types),
 * an override for one member account that runs month-end batch jobs (93 days of metrics with enhanced
 * infrastructure metrics, a paid feature), Cost Optimization Hub's preferences, and the preferences one of
 * that account's instances ends up with.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  CommitmentTerm,
  ComputeOptimizerEffectiveRecommendationPreferences,
  ComputeOptimizerEnrollment,
  ComputeOptimizerRecommendationPreferences,
  CostOptimizationHubEnrollment,
  CostOptimizationHubPreferences,
  CustomizableMetricHeadroom,
  CustomizableMetricName,
  CustomizableMetricThreshold,
  EnhancedInfrastructureMetrics,
  EnrollmentDefaults,
  EnrollmentStatus,
  LookBackPeriodPreference,
  MemberAccountDiscountVisibility,
  PaymentOption,
  PreferencesRemovalPolicy,
  PreferredResourceName,
  RecommendationPreferenceResourceType,
  RecommendationPreferenceScopeName,
  SavingsEstimationMode,
} from '../../src';

export interface PreferencesStackOptions {
  /** The member account whose preferences override the organisation's. */
  readonly batchAccountId: string;
  /** An EC2 instance in that account, to read its effective preferences. */
  readonly batchInstanceArn: string;
  /** Where the preferences are set (they are regional). @default "us-east-1" */
  readonly region?: string;
  /** An endpoint override (the emulator). @default - AWS */
  readonly endpoint?: string;
}

export function declarePreferencesStack(scope: Construct, id: string, options: PreferencesStackOptions): TerraformStack {
  const stack = new TerraformStack(scope, id);
  EnrollmentDefaults.set(stack, { region: options.region ?? 'us-east-1', endpoint: options.endpoint });

  // Preferences need Compute Optimizer enrolled: they are ordered after it.
  const computeOptimizer = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
  new CostOptimizationHubEnrollment(stack, 'CostOptimizationHub', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });

  const organisation = new ComputeOptimizerRecommendationPreferences(stack, 'OrganizationEc2', {
    resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
    scope: { name: RecommendationPreferenceScopeName.ORGANIZATION, value: 'ALL_ACCOUNTS' },
    lookBackPeriod: LookBackPeriodPreference.DAYS_32,
    utilizationPreferences: [
      { metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { threshold: CustomizableMetricThreshold.P95, headroom: CustomizableMetricHeadroom.PERCENT_20 } },
    ],
    preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, excludeList: ['t2.*'] }],
    savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS,
    // Destroying the stack deletes these, so Compute Optimizer's defaults apply again.
    removalPolicy: PreferencesRemovalPolicy.DELETE,
  });

  // A narrower scope wins: this account analyses 93 days of metrics, whatever the organisation says.
  const batch = new ComputeOptimizerRecommendationPreferences(stack, 'BatchAccountEc2', {
    resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
    scope: { name: RecommendationPreferenceScopeName.ACCOUNT_ID, value: options.batchAccountId },
    enhancedInfrastructureMetrics: EnhancedInfrastructureMetrics.ACTIVE,
    lookBackPeriod: LookBackPeriodPreference.DAYS_93,
    removalPolicy: PreferencesRemovalPolicy.DELETE,
  });

  new CostOptimizationHubPreferences(stack, 'HubPreferences', {
    savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS,
    memberAccountDiscountVisibility: MemberAccountDiscountVisibility.ALL,
    preferredCommitment: { term: CommitmentTerm.ONE_YEAR, paymentOption: PaymentOption.NO_UPFRONT },
  });

  // Read after the preferences are applied, so the output shows what the instance gets from now on.
  const effective = new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'BatchInstance', {
    resourceArn: options.batchInstanceArn,
    dependsOn: [computeOptimizer, organisation, batch],
  });
  new TerraformOutput(stack, 'batch_instance_look_back_period', { value: effective.lookBackPeriod });
  new TerraformOutput(stack, 'batch_instance_enhanced_infrastructure_metrics', { value: effective.enhancedInfrastructureMetrics });
  new TerraformOutput(stack, 'batch_instance_utilization_preferences', { value: effective.utilizationPreferences });
  return stack;
}

if (require.main === module) {
  const app = new App();
  declarePreferencesStack(app, 'preferences', {
    batchAccountId: '222222222222',
    batchInstanceArn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0',
  });
  app.synth();
}
