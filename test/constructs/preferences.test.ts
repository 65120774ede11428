import { Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
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
  EnrollmentStatus,
  ExternalMetricsSource,
  LookBackPeriodPreference,
  MemberAccountDiscountVisibility,
  PaymentOption,
  PreferencesRemovalPolicy,
  PreferredResourceName,
  RecommendationPreferenceResourceType as ResourceType,
  RecommendationPreferenceScopeName as ScopeName,
  SavingsEstimationMode,
  type ComputeOptimizerRecommendationPreferencesProps,
} from '../../src';
import { synthJson, testApp } from './helpers';

const REGION = { region: 'eu-west-1' };
const ORG: ComputeOptimizerRecommendationPreferencesProps = {
  ...REGION,
  resourceType: ResourceType.EC2_INSTANCE,
  scope: { name: ScopeName.ORGANIZATION, value: 'ALL_ACCOUNTS' },
  lookBackPeriod: LookBackPeriodPreference.DAYS_32,
};
const INSTANCE = 'arn:aws:ec2:eu-west-1:222222222222:instance/i-0123456789abcdef0';
const GROUP = 'arn:aws:autoscaling:eu-west-1:222222222222:autoScalingGroup:0f6c7a52-0000-4000-8000-000000000001:autoScalingGroupName/web';

function resources(json: any, kind: string): [string, any][] {
  return (Object.entries(json.resource?.terraform_data ?? {}) as [string, any][]).filter(([, r]) => r.input.kind === kind && r.triggers_replace.role !== 'removal');
}

function removals(json: any): any[] {
  return Object.values(json.resource?.terraform_data ?? {}).filter((r: any) => r.triggers_replace.role === 'removal');
}

/** Declares in a fresh stack and returns the synth-time error message. */
function refused(declare: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(testApp(), 'test');
  try {
    declare(stack);
    Testing.synth(stack, true);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the declaration to be refused');
}

describe('ComputeOptimizerRecommendationPreferences', () => {
  test('the payload carries the target and the declared preferences (structures as canonical JSON); ordered after Compute Optimizer', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerRecommendationPreferences(stack, 'Org', {
        ...ORG,
        utilizationPreferences: [
          { metricName: CustomizableMetricName.MEMORY_UTILIZATION, metricParameters: { headroom: CustomizableMetricHeadroom.PERCENT_10 } },
          { metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { headroom: CustomizableMetricHeadroom.PERCENT_30, threshold: CustomizableMetricThreshold.P95 } },
        ],
        preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, includeList: ['m6g.*', 'c6g.*'], excludeList: [] }],
        externalMetricsPreference: { source: ExternalMetricsSource.DATADOG },
      });
    });
    const [[, co]] = resources(json, 'compute-optimizer-enrollment');
    const [[name, prefs]] = resources(json, 'recommendation-preferences');
    expect(prefs.input).toEqual({
      schema: 'cdktf-aws-enrollment/v1',
      kind: 'recommendation-preferences',
      region: 'eu-west-1',
      resourceType: 'Ec2Instance',
      scopeName: 'Organization',
      scopeValue: 'ALL_ACCOUNTS',
      externalMetricsPreference: '{"source":"Datadog"}',
      lookBackPeriod: 'DAYS_32',
      utilizationPreferences: '[{"metricName":"CpuUtilization","metricParameters":{"threshold":"P95","headroom":"PERCENT_30"}},{"metricName":"MemoryUtilization","metricParameters":{"headroom":"PERCENT_10"}}]',
      preferredResources: '[{"name":"Ec2InstanceTypes","includeList":["c6g.*","m6g.*"]}]',
    });
    expect(prefs.depends_on).toEqual([`terraform_data.${Object.keys(json.resource.terraform_data).find((k) => json.resource.terraform_data[k] === co)}`]);
    // Any declared change re-applies; the read part carries the declaration it compares.
    expect(Object.keys(prefs.triggers_replace.declared).sort()).toEqual(['externalMetricsPreference', 'lookBackPeriod', 'preferredResources', 'resourceType', 'scopeName', 'scopeValue', 'utilizationPreferences']);
    const [read] = Object.values(json.data.external) as any[];
    expect(read.query).toMatchObject({ 'p1.for': name, 'p1.kind': 'recommendation-preferences', 'p1.scopeValue': 'ALL_ACCOUNTS', 'p1.lookBackPeriod': 'DAYS_32' });
    expect(json.check[`${name}_in_sync`].assert[0].error_message).toMatch(/^Compute Optimizer recommendation preferences \(Ec2Instance Organization ALL_ACCOUNTS\): AWS differs from the declaration/);
    // "retain" (the default) has no destroy step.
    expect(removals(json)).toHaveLength(0);
  });

  test('removal policy "delete" adds the removal companion that carries the destroy step', () => {
    const json = synthJson((stack) => new ComputeOptimizerRecommendationPreferences(stack, 'Org', { ...ORG, removalPolicy: PreferencesRemovalPolicy.DELETE }));
    const [companion] = removals(json);
    expect(companion.input).toMatchObject({ kind: 'recommendation-preferences', removalPolicy: 'delete' });
    expect(companion.provisioner[0]['local-exec']).toMatchObject({ when: 'destroy', interpreter: expect.arrayContaining(['destroy', 'recommendation-preferences']) });
  });

  test('declarations of different scopes are different things; the same scope twice must agree', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerRecommendationPreferences(stack, 'Org', ORG);
      new ComputeOptimizerRecommendationPreferences(stack, 'Account', { ...ORG, scope: { name: ScopeName.ACCOUNT_ID, value: '222222222222' }, lookBackPeriod: LookBackPeriodPreference.DAYS_93 });
      new ComputeOptimizerRecommendationPreferences(stack, 'Ebs', { ...ORG, resourceType: ResourceType.EBS_VOLUME, lookBackPeriod: LookBackPeriodPreference.DAYS_93 });
      new ComputeOptimizerRecommendationPreferences(stack, 'Again', ORG);
    });
    expect(resources(json, 'recommendation-preferences')).toHaveLength(4);
    const message = refused((stack) => {
      new ComputeOptimizerRecommendationPreferences(stack, 'Org', ORG);
      new ComputeOptimizerRecommendationPreferences(stack, 'Other', { ...ORG, lookBackPeriod: LookBackPeriodPreference.DAYS_93, enhancedInfrastructureMetrics: EnhancedInfrastructureMetrics.ACTIVE });
    });
    expect(message).toContain(
      'test/Org and test/Other both manage Compute Optimizer recommendation preferences (Ec2Instance Organization ALL_ACCOUNTS) for the same account and connection but declare different values (enhancedInfrastructureMetrics unset vs "Active", lookBackPeriod "DAYS_32" vs "DAYS_93"); every apply would undo the other: keep one of them',
    );
  });

  test('declared while Compute Optimizer is declared Inactive is refused', () => {
    const message = refused((stack) => {
      new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { ...REGION, status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
      new ComputeOptimizerRecommendationPreferences(stack, 'Org', ORG);
    });
    expect(message).toBe(
      'test/Org: Compute Optimizer recommendation preferences (test/Org) need Compute Optimizer to be Active, but test/ComputeOptimizer declares "Inactive"; declare Compute Optimizer Active, or remove test/Org',
    );
  });

  test.each<[string, Partial<ComputeOptimizerRecommendationPreferencesProps>, string]>([
    ['an Auto Scaling group at the account scope', { resourceType: ResourceType.AUTO_SCALING_GROUP, scope: { name: ScopeName.ACCOUNT_ID, value: '222222222222' } },
      '`scope.name` "AccountId" cannot be used with `resourceType` "AutoScalingGroup": AutoScalingGroup takes preferences at "ResourceArn" only (with the Auto Scaling group ARN as `scope.value`)'],
    ['the organisation scope without ALL_ACCOUNTS', { scope: { name: ScopeName.ORGANIZATION, value: '111111111111' } },
      '`scope.value` must be "ALL_ACCOUNTS" with `scope.name` "Organization" (every account of the organisation), got "111111111111"'],
    ['an account scope that is not an account id', { scope: { name: ScopeName.ACCOUNT_ID, value: '1234' } }, '`scope.value` must be a 12-digit account id with `scope.name` "AccountId", got "1234"'],
    ['a resource scope whose ARN is another type', { scope: { name: ScopeName.RESOURCE_ARN, value: GROUP } }, '`scope.value` names an Auto Scaling group; use it with `resourceType` "AutoScalingGroup", not "Ec2Instance"'],
    ['a resource in another Region', { scope: { name: ScopeName.RESOURCE_ARN, value: INSTANCE.replace('eu-west-1', 'us-east-1') } },
      '`scope.value` is a resource in us-east-1, but these preferences are set in eu-west-1; set `region` to the resource\'s Region (preferences are regional)'],
    ['a preference for a resource type it does not apply to', { resourceType: ResourceType.LAMBDA_FUNCTION },
      '`lookBackPeriod` cannot be set for `resourceType` "LambdaFunction"; it applies to "Ec2Instance", "AutoScalingGroup", "EbsVolume", "EcsService", "RdsDBInstance" or "AuroraDBClusterStorage"'],
    ['external metrics at the resource scope', { scope: { name: ScopeName.RESOURCE_ARN, value: INSTANCE }, externalMetricsPreference: { source: ExternalMetricsSource.DYNATRACE } },
      '`externalMetricsPreference` cannot be set at `scope.name` "ResourceArn"; set it at "Organization" or "AccountId"'],
    ['a memory threshold', { utilizationPreferences: [{ metricName: CustomizableMetricName.MEMORY_UTILIZATION, metricParameters: { threshold: CustomizableMetricThreshold.P90 } }] },
      '`utilizationPreferences[0].metricParameters.threshold` applies to CpuUtilization only; MemoryUtilization takes a headroom alone'],
    ['a CPU headroom memory takes', { utilizationPreferences: [{ metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { headroom: CustomizableMetricHeadroom.PERCENT_10 } }] },
      '`utilizationPreferences[0].metricParameters.headroom` must be "PERCENT_30", "PERCENT_20" or "PERCENT_0" for CpuUtilization, got "PERCENT_10"'],
    ['a metric twice', { utilizationPreferences: [{ metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { headroom: CustomizableMetricHeadroom.PERCENT_0 } }, { metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { threshold: CustomizableMetricThreshold.P90 } }] },
      '`utilizationPreferences` sets CpuUtilization twice; give each metric once'],
    ['metric parameters without a value', { utilizationPreferences: [{ metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: {} }] },
      '`utilizationPreferences[0].metricParameters` must set a threshold and/or a headroom for CpuUtilization, got {}'],
    ['an instance type that is not one', { preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, includeList: ['M5 Large'] }] },
      '`preferredResources[0].includeList` entries must be EC2 instance types or wildcard forms of them (such as "m5.large", "m5.*" or "*.metal"), got "M5 Large"'],
    ['preferred resources without a list', { preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, includeList: [] }] },
      '`preferredResources[0]` must have a non-empty includeList or excludeList (an empty preference is an error in AWS)'],
    ['an unknown lookBackPeriod', { lookBackPeriod: 'DAYS_7' as LookBackPeriodPreference }, '`lookBackPeriod` must be "DAYS_14", "DAYS_32" or "DAYS_93", got "DAYS_7"'],
    ['an unknown scope name', { scope: { name: 'Region' as ScopeName, value: 'x' } }, '`scope.name` must be "Organization", "AccountId" or "ResourceArn", got "Region"'],
    ['no preference at all', { lookBackPeriod: undefined }, 'declare at least one preference (enhancedInfrastructureMetrics, inferredWorkloadTypes, externalMetricsPreference, lookBackPeriod, utilizationPreferences, preferredResources, savingsEstimationMode); a declaration without one manages nothing'],
  ])('%s is refused, naming the construct and the property', (_name, change, message) => {
    expect(refused((stack) => new ComputeOptimizerRecommendationPreferences(stack, 'Prefs', { ...ORG, ...change }))).toBe(`test/Prefs: ${message}`);
  });

  test('a resource-scope declaration for an Auto Scaling group, and values only Terraform knows, are accepted', () => {
    const json = synthJson((stack) => {
      const account = new TerraformVariable(stack, 'account', { type: 'string' });
      new ComputeOptimizerRecommendationPreferences(stack, 'Group', {
        ...REGION,
        resourceType: ResourceType.AUTO_SCALING_GROUP,
        scope: { name: ScopeName.RESOURCE_ARN, value: GROUP },
        inferredWorkloadTypes: 'Inactive' as never,
        preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, excludeList: ['t2.*'] }],
      });
      new ComputeOptimizerRecommendationPreferences(stack, 'Member', { ...ORG, scope: { name: ScopeName.ACCOUNT_ID, value: account.stringValue } });
    });
    const all = resources(json, 'recommendation-preferences').map(([, r]) => r.input);
    expect(all[0]).toMatchObject({ resourceType: 'AutoScalingGroup', scopeName: 'ResourceArn', preferredResources: '[{"name":"Ec2InstanceTypes","excludeList":["t2.*"]}]' });
    expect(all[1].scopeValue).toBe('${var.account}');
  });

  test('structured values must be known at synth time', () => {
    const message = refused((stack) => {
      const family = new TerraformVariable(stack, 'family', { type: 'string' });
      new ComputeOptimizerRecommendationPreferences(stack, 'Prefs', { ...ORG, preferredResources: [{ name: PreferredResourceName.EC2_INSTANCE_TYPES, includeList: [family.stringValue] }] });
    });
    expect(message).toBe('test/Prefs: `preferredResources[0].includeList` is only known to Terraform: preferredResources must be known at synth time, where it is checked and compared with AWS');
  });
});

describe('CostOptimizationHubPreferences', () => {
  test('flat payload fields, ordered after the Hub enrollment, one set per account', () => {
    const json = synthJson((stack) => {
      new CostOptimizationHubEnrollment(stack, 'Hub', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new CostOptimizationHubPreferences(stack, 'HubPreferences', {
        ...REGION,
        savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS,
        memberAccountDiscountVisibility: MemberAccountDiscountVisibility.NONE,
        preferredCommitment: { term: CommitmentTerm.ONE_YEAR, paymentOption: PaymentOption.NO_UPFRONT },
        removalPolicy: PreferencesRemovalPolicy.DELETE,
      });
    });
    const [[hub]] = resources(json, 'cost-optimization-hub-enrollment');
    const [[, prefs]] = resources(json, 'cost-optimization-hub-preferences');
    expect(prefs.input).toEqual({
      schema: 'cdktf-aws-enrollment/v1',
      kind: 'cost-optimization-hub-preferences',
      region: 'eu-west-1',
      savingsEstimationMode: 'AfterDiscounts',
      memberAccountDiscountVisibility: 'None',
      preferredCommitmentTerm: 'OneYear',
      preferredCommitmentPaymentOption: 'NoUpfront',
      removalPolicy: 'delete',
    });
    expect(prefs.depends_on).toEqual([`terraform_data.${hub}`]);
    expect(removals(json)).toHaveLength(1);

    // The Hub has one endpoint: two declarations for the same account in different Regions are the same thing.
    const message = refused((stack) => {
      new CostOptimizationHubPreferences(stack, 'A', { ...REGION, savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS });
      new CostOptimizationHubPreferences(stack, 'B', { region: 'us-west-2', savingsEstimationMode: SavingsEstimationMode.BEFORE_DISCOUNTS });
    });
    expect(message).toContain('test/A and test/B both manage Cost Optimization Hub for the same account and connection but declare different values (savingsEstimationMode "AfterDiscounts" vs "BeforeDiscounts")');
  });

  test('a declaration without preferences, and values the model refuses, are refused naming the property', () => {
    expect(refused((stack) => new CostOptimizationHubPreferences(stack, 'Hub', { ...REGION, preferredCommitment: {} }))).toMatch(/^test\/Hub: declare at least one preference/);
    expect(refused((stack) => new CostOptimizationHubPreferences(stack, 'Hub', { ...REGION, preferredCommitment: { term: 'FiveYears' as CommitmentTerm } }))).toBe(
      'test/Hub: `preferredCommitment.term` must be "OneYear" or "ThreeYears", got "FiveYears"',
    );
  });
});

describe('ComputeOptimizerEffectiveRecommendationPreferences', () => {
  test('one part of the connection read; attributes are composable tokens', () => {
    const json = synthJson((stack) => {
      const effective = new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'Effective', { ...REGION, resourceArn: INSTANCE });
      new TerraformOutput(stack, 'look_back', { value: effective.lookBackPeriod });
      new TerraformOutput(stack, 'cpu', { value: Fn.lookup(Fn.element(effective.utilizationPreferences, 0), 'metricParameters', {}) });
      new TerraformOutput(stack, 'external', { value: effective.externalMetricsPreference });
    });
    const [[id, read]] = Object.entries(json.data.external) as [string, any][];
    expect(read.query).toMatchObject({ 'p0.kind': 'effective-recommendation-preferences', 'p0.for': 'test/Effective', 'p0.resourceArn': INSTANCE });
    expect(json.output.look_back.value).toBe(`\${data.external.${id}.result["p0.lookBackPeriod"]}`);
    expect(json.output.cpu.value).toContain(`jsondecode(data.external.${id}.result["p0.utilizationPreferences"])`);
    expect(json.output.external.value).toMatch(/\("" == data\.external\.\w+\.result\["p0\.externalMetricsPreference"\]\) \? null : jsondecode/);
  });

  test('an ARN that is not an EC2 instance or Auto Scaling group, or is in another Region, is refused', () => {
    expect(refused((stack) => new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'Effective', { ...REGION, resourceArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f' }))).toMatch(
      /^test\/Effective: `resourceArn` must be an EC2 instance ARN/,
    );
    expect(refused((stack) => new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'Effective', { region: 'us-east-1', resourceArn: INSTANCE }))).toBe(
      "test/Effective: `resourceArn` is a resource in eu-west-1, but the read is made in us-east-1; set `region` to the resource's Region (preferences are regional)",
    );
  });
});
