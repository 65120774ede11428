/**
 * Golden Terraform JSON of every construct in the configurations users write. A restructuring of the
 * construct layer must leave these byte-identical; a deliberate change to the output updates the snapshot
 * (`npx jest test/constructs/golden.test.ts -u`) and says why in the commit.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  AutomationRuleStatus,
  AutomationRuleType,
  ComparisonOperator,
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationRule,
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollment,
  ComputeOptimizerEnrollmentStatus,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  ComputeOptimizerStatus,
  CostOptimizationHubEnrollment,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
  EnrollmentStatus,
  OrganizationOptimizationEnrollment,
  RecommendedActionType,
  RuleApplyOrder,
  RemovalPolicy,
  CommitmentTerm,
  ComputeOptimizerEffectiveRecommendationPreferences,
  ComputeOptimizerRecommendationPreferences,
  CostOptimizationHubPreferences,
  CustomizableMetricHeadroom,
  CustomizableMetricName,
  CustomizableMetricThreshold,
  EnhancedInfrastructureMetrics,
  InferredWorkloadTypesPreference,
  LookBackPeriodPreference,
  MemberAccountDiscountVisibility,
  PreferencesRemovalPolicy,
  PreferredResourceName,
  RecommendationPreferenceResourceType,
  RecommendationPreferenceScopeName,
  SavingsEstimationMode,
} from '../../src';
import { ADAPTER_PATH_CONTEXT } from '../../src';
import { FIXTURE_ADAPTER } from './helpers';

/**
 * The same snapshots hold on both cores (jest's cdktf and cdktn projects): future flags are off (cdktf 0.21
 * has none; cdktn's `canonicalAssetHashes` would only rename the asset's directory), and the JSON is printed
 * again because the two cores print empty objects differently.
 */
function golden(declare: (stack: TerraformStack) => void): string {
  const app = Testing.app({ enableFutureFlags: false, context: { [ADAPTER_PATH_CONTEXT]: FIXTURE_ADAPTER } });
  const stack = new TerraformStack(app, 'golden');
  declare(stack);
  return JSON.stringify(JSON.parse(Testing.synth(stack, true)), null, 2);
}

const CONNECTION = {
  region: 'eu-west-1',
  profile: 'management',
  roleArn: 'arn:aws:iam::111111111111:role/OptimizationEnroller',
  roleSessionName: 'terraform-enrollment',
  externalId: 'org-external-id',
  endpoint: 'http://127.0.0.1:4566',
};

test('organisation rollout with members, retained (the example stack)', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1' });
      new OrganizationOptimizationEnrollment(stack, 'Organization', { includeMemberAccounts: true, removalPolicy: RemovalPolicy.RETAIN });
    }),
  ).toMatchSnapshot();
});

test('organisation rollout that opts out on destroy, every connection field', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, CONNECTION);
      new OrganizationOptimizationEnrollment(stack, 'Organization', { removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: true });
    }),
  ).toMatchSnapshot();
});

test('organisation rollout without Automation, Hub, status report or drift reads', () => {
  expect(
    golden((stack) => {
      new OrganizationOptimizationEnrollment(stack, 'Organization', {
        region: 'us-west-2',
        includeMemberAccounts: false,
        automation: false,
        costOptimizationHub: false,
        statusReport: false,
        detectDrift: false,
      });
    }),
  ).toMatchSnapshot();
});

test('each resource on its own, with the options that change what is synthesized', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1' });
      const co = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', {
        status: EnrollmentStatus.ACTIVE,
        includeMemberAccounts: true,
        removalPolicy: RemovalPolicy.OPT_OUT,
        acknowledgeRecommendationDataDeletion: true,
        timeoutSeconds: 900,
      });
      new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { status: EnrollmentStatus.ACTIVE, preventDestroy: true, dependsOn: [co] });
      new CostOptimizationHubEnrollment(stack, 'Hub', { status: EnrollmentStatus.INACTIVE, includeMemberAccounts: false, detectDrift: false, profile: 'billing' });
    }),
  ).toMatchSnapshot();
});

test('declarations only Terraform knows (variables as status and member flag)', () => {
  expect(
    golden((stack) => {
      const status = new TerraformVariable(stack, 'status', { type: 'string', default: 'Active' });
      const members = new TerraformVariable(stack, 'members', { type: 'bool', default: true });
      new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', {
        region: 'ap-southeast-2',
        status: status.stringValue as EnrollmentStatus.ACTIVE,
        includeMemberAccounts: members.booleanValue as unknown as boolean,
      });
      new CostOptimizationHubEnrollment(stack, 'Hub', { region: 'ap-southeast-2', status: EnrollmentStatus.ACTIVE, includeMemberAccounts: members.booleanValue as unknown as boolean });
    }),
  ).toMatchSnapshot();
});

test('a Compute Optimizer opt-out declared in code', () => {
  expect(
    golden((stack) => {
      new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { region: 'us-east-1', status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
      new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { region: 'us-east-1', status: EnrollmentStatus.INACTIVE, removalPolicy: RemovalPolicy.OPT_OUT });
    }),
  ).toMatchSnapshot();
});

test('every data source with its options', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, CONNECTION);
      const own = new ComputeOptimizerEnrollmentStatus(stack, 'Own');
      new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'Automation', { region: 'us-west-2' });
      new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'Organization', { statusFilter: [ComputeOptimizerStatus.ACTIVE, ComputeOptimizerStatus.PENDING], maxResults: 2 });
      new CostOptimizationHubEnrollmentStatuses(stack, 'Member', { accountId: '222222222222', includeOrganizationInfo: true, maxResults: 50, dependsOn: [own.dataSource] });
    }),
  ).toMatchSnapshot();
});

test('Automation rules: an account rule and an organisation rule in the account\'s set', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1' });
      new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerAutomationRule(stack, 'CleanUp', {
        name: 'delete-unattached-volumes',
        recommendedActionTypes: [RecommendedActionType.SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME],
        criteria: { region: [{ comparison: ComparisonOperator.STRING_EQUALS, values: ['us-east-1'] }], ebsVolumeSizeInGib: [{ comparison: ComparisonOperator.NUMERIC_LESS_THAN, values: [100] }] },
        schedule: { scheduleExpression: 'cron(30 2 * * ? *)', executionWindowInMinutes: 120 },
        status: AutomationRuleStatus.ACTIVE,
        priority: '0.5',
        tags: { team: 'platform' },
      });
      new ComputeOptimizerAutomationRule(stack, 'Upgrade', {
        name: 'upgrade-gp2',
        ruleType: AutomationRuleType.ORGANIZATION_RULE,
        organizationConfiguration: { accountIds: ['333333333333', '222222222222'], ruleApplyOrder: RuleApplyOrder.BEFORE_ACCOUNT_RULES },
        recommendedActionTypes: [RecommendedActionType.UPGRADE_EBS_VOLUME_TYPE],
        schedule: { scheduleExpression: '0 4 * * ? *', scheduleExpressionTimezone: 'Europe/Paris' },
        status: AutomationRuleStatus.INACTIVE,
        description: 'gp2 to gp3',
      });
    }),
  ).toMatchSnapshot();
});

test('preferences: organisation-wide and account EC2 preferences, the Hub\'s, and an effective read', () => {
  expect(
    golden((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1' });
      const co = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
      new CostOptimizationHubEnrollment(stack, 'Hub', { status: EnrollmentStatus.ACTIVE });
      const org = new ComputeOptimizerRecommendationPreferences(stack, 'Organization', {
        resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
        scope: { name: RecommendationPreferenceScopeName.ORGANIZATION, value: 'ALL_ACCOUNTS' },
        lookBackPeriod: LookBackPeriodPreference.DAYS_32,
        inferredWorkloadTypes: InferredWorkloadTypesPreference.ACTIVE,
        utilizationPreferences: [
          { metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { threshold: CustomizableMetricThreshold.P95, headroom: CustomizableMetricHeadroom.PERCENT_20 } },
        ],
        preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, excludeList: ['t2.*'] }],
        savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS,
        removalPolicy: PreferencesRemovalPolicy.DELETE,
      });
      new ComputeOptimizerRecommendationPreferences(stack, 'Member', {
        resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
        scope: { name: RecommendationPreferenceScopeName.ACCOUNT_ID, value: '222222222222' },
        enhancedInfrastructureMetrics: EnhancedInfrastructureMetrics.ACTIVE,
        detectDrift: false,
      });
      new CostOptimizationHubPreferences(stack, 'HubPreferences', {
        memberAccountDiscountVisibility: MemberAccountDiscountVisibility.NONE,
        preferredCommitment: { term: CommitmentTerm.ONE_YEAR },
      });
      new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'Effective', {
        resourceArn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0',
        dependsOn: [co, org],
      });
    }),
  ).toMatchSnapshot();
});
