/**
 * Compute Optimizer recommendation preferences in the emulator, through the real @aws-sdk/client-compute-optimizer:
 * scopes per resource type and account role, which preference applies to which resource type, value rules,
 * pagination, deletion, Regions, and the effective preferences resolving resource over account over organisation.
 */
import {
  DeleteRecommendationPreferencesCommand,
  GetEffectiveRecommendationPreferencesCommand,
  GetRecommendationPreferencesCommand,
  PutRecommendationPreferencesCommand,
  UpdateEnrollmentStatusCommand,
  paginateGetRecommendationPreferences,
  type ComputeOptimizerClient,
  type PutRecommendationPreferencesCommandInput,
} from '@aws-sdk/client-compute-optimizer';
import { ComputeOptimizerClient as Client } from '@aws-sdk/client-compute-optimizer';
import { startEmulator, type EmulatorAccount } from '../../src/emulator';
import { admin, computeOptimizer, expectAwsError, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu.url, 'POST', 'reset');
  await computeOptimizer(emu.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  await computeOptimizer(emu.url, STANDALONE).send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
});

const REGION = 'eu-west-1';
const [MEMBER] = MEMBERS;
const instance = (account: string, region = REGION, id = 'i-0123456789abcdef0') => `arn:aws:ec2:${region}:${account}:instance/${id}`;
const group = (account: string, name = 'web') => `arn:aws:autoscaling:${REGION}:${account}:autoScalingGroup:0f6c7a52-0000-4000-8000-000000000001:autoScalingGroupName/${name}`;
const ORG = { name: 'Organization', value: 'ALL_ACCOUNTS' } as const;
const account = (id: string) => ({ name: 'AccountId', value: id }) as const;

function co(who: EmulatorAccount = MANAGEMENT, region = REGION): ComputeOptimizerClient {
  return new Client({ endpoint: emu.url, region, credentials: { accessKeyId: who.accessKeyId, secretAccessKey: who.secretAccessKey }, maxAttempts: 1 });
}
const put = (input: PutRecommendationPreferencesCommandInput, who: EmulatorAccount = MANAGEMENT) => co(who).send(new PutRecommendationPreferencesCommand(input));
const effective = (arn: string, who: EmulatorAccount = MANAGEMENT) => co(who).send(new GetEffectiveRecommendationPreferencesCommand({ resourceArn: arn }));

describe('PutRecommendationPreferences: scopes', () => {
  test('organisation scope: management account only, value ALL_ACCOUNTS', async () => {
    await put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_32' });
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_32' }, MEMBER), 'AccessDeniedException', 403, /only the management account/);
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_32' }, STANDALONE), 'AccessDeniedException', 403);
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: { name: 'Organization', value: MANAGEMENT.accountId }, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /ALL_ACCOUNTS/);
  });

  test('account scope: the caller itself, or a member from the management account; no scope means the caller', async () => {
    await put({ resourceType: 'EbsVolume', lookBackPeriod: 'DAYS_93' }, MEMBER);
    const own = await co(MEMBER).send(new GetRecommendationPreferencesCommand({ resourceType: 'EbsVolume' }));
    expect(own.recommendationPreferencesDetails).toEqual([{ scope: account(MEMBER.accountId), resourceType: 'EbsVolume', lookBackPeriod: 'DAYS_93' }]);
    await put({ resourceType: 'EbsVolume', scope: account(MEMBERS[1].accountId), lookBackPeriod: 'DAYS_32' });
    await expectAwsError(put({ resourceType: 'EbsVolume', scope: account(MEMBERS[1].accountId), lookBackPeriod: 'DAYS_32' }, MEMBER), 'AccessDeniedException', 403, /may address itself/);
    await expectAwsError(put({ resourceType: 'EbsVolume', scope: account('12345'), lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /12-digit/);
    await expectAwsError(put({ resourceType: 'EbsVolume', scope: account(STANDALONE.accountId), lookBackPeriod: 'DAYS_32' }), 'AccessDeniedException', 403);
  });

  test('no Auto Scaling groups at organisation or account scope; resource scope only for EC2 instance and Auto Scaling group ARNs', async () => {
    await expectAwsError(put({ resourceType: 'AutoScalingGroup', scope: ORG, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /AutoScalingGroup cannot be set at the Organization scope; use ResourceArn/);
    await expectAwsError(put({ resourceType: 'AutoScalingGroup', lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /AccountId scope/);
    await put({ resourceType: 'AutoScalingGroup', scope: { name: 'ResourceArn', value: group(MANAGEMENT.accountId) }, lookBackPeriod: 'DAYS_32' });
    await put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId) }, enhancedInfrastructureMetrics: 'Active' });
    await expectAwsError(put({ resourceType: 'EbsVolume', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId) }, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /cannot be set at the ResourceArn scope/);
    await expectAwsError(
      put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: `arn:aws:lambda:${REGION}:${MANAGEMENT.accountId}:function:f` }, lookBackPeriod: 'DAYS_32' }),
      'InvalidParameterValueException',
      400,
      /not an EC2 instance or Auto Scaling group ARN/,
    );
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: group(MANAGEMENT.accountId) }, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /use it with resourceType AutoScalingGroup/);
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId, 'us-west-2') }, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /is in us-west-2, but this request went to eu-west-1/);
    await expectAwsError(put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(STANDALONE.accountId) }, lookBackPeriod: 'DAYS_32' }), 'AccessDeniedException', 403);
    await expectAwsError(put({ resourceType: 'NotApplicable', lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /cannot be set for the resource type NotApplicable/);
  });
});

describe('PutRecommendationPreferences: which preference for which resource type, and their values', () => {
  test('each preference only for the resource types and scopes it applies to', async () => {
    await expectAwsError(put({ resourceType: 'LambdaFunction', lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /lookBackPeriod cannot be set for LambdaFunction/);
    await expectAwsError(put({ resourceType: 'EbsVolume', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_20' } }] }), 'InvalidParameterValueException', 400, /utilizationPreferences cannot be set for EbsVolume; it applies to Ec2Instance/);
    await expectAwsError(put({ resourceType: 'RdsDBInstance', externalMetricsPreference: { source: 'Datadog' } }), 'InvalidParameterValueException', 400, /externalMetricsPreference cannot be set for RdsDBInstance/);
    await expectAwsError(put({ resourceType: 'EbsVolume', preferredResources: [{ name: 'Ec2InstanceTypes', includeList: ['m5.*'] }] }), 'InvalidParameterValueException', 400, /preferredResources cannot be set for EbsVolume/);
    await expectAwsError(
      put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId) }, externalMetricsPreference: { source: 'Datadog' } }),
      'InvalidParameterValueException',
      400,
      /externalMetricsPreference cannot be set at the ResourceArn scope/,
    );
    await expectAwsError(put({ resourceType: 'EcsService', enhancedInfrastructureMetrics: 'Active' }), 'InvalidParameterValueException', 400, /enhancedInfrastructureMetrics cannot be set for EcsService/);
    await put({ resourceType: 'RdsDBInstance', enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_93', savingsEstimationMode: 'AfterDiscounts' });
    await put({ resourceType: 'LambdaFunction', savingsEstimationMode: 'AfterDiscounts' });
    await put({ resourceType: 'AuroraDBClusterStorage', lookBackPeriod: 'DAYS_32' });
  });

  test('enums, look-back values, utilisation metrics with their thresholds and headrooms', async () => {
    await expectAwsError(put({ resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_60' as never }), 'InvalidParameterValueException', 400, /lookBackPeriod.*enum/);
    await expectAwsError(put({ resourceType: 'Ec2Instance', enhancedInfrastructureMetrics: 'On' as never }), 'InvalidParameterValueException', 400, /enum/);
    await expectAwsError(put({ resourceType: 'Pod' as never, lookBackPeriod: 'DAYS_32' }), 'InvalidParameterValueException', 400, /resourceType.*enum/);
    const util = (metricName: string, metricParameters: Record<string, string>) => put({ resourceType: 'Ec2Instance', utilizationPreferences: [{ metricName: metricName as never, metricParameters }] });
    await expectAwsError(util('MemoryUtilization', { threshold: 'P95' }), 'InvalidParameterValueException', 400, /MemoryUtilization takes no threshold/);
    await expectAwsError(util('MemoryUtilization', { headroom: 'PERCENT_0' }), 'InvalidParameterValueException', 400, /MemoryUtilization headroom must be PERCENT_30, PERCENT_20, PERCENT_10/);
    await expectAwsError(util('CpuUtilization', { headroom: 'PERCENT_10' }), 'InvalidParameterValueException', 400, /CpuUtilization headroom must be PERCENT_30, PERCENT_20, PERCENT_0/);
    await expectAwsError(util('CpuUtilization', {}), 'InvalidParameterValueException', 400, /must set threshold and\/or headroom/);
    await expectAwsError(util('DiskUtilization', { headroom: 'PERCENT_20' }), 'InvalidParameterValueException', 400, /metricName.*enum/);
    await expectAwsError(
      put({ resourceType: 'Ec2Instance', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_0' } }, { metricName: 'CpuUtilization', metricParameters: { threshold: 'P90' } }] }),
      'InvalidParameterValueException',
      400,
      /names CpuUtilization twice/,
    );
    await util('CpuUtilization', { threshold: 'P90', headroom: 'PERCENT_0' });
    await util('MemoryUtilization', { headroom: 'PERCENT_10' });
  });

  test('preferred resources: an include or exclude list of instance types, up to 1000 values', async () => {
    const pref = (p: Record<string, unknown>) => put({ resourceType: 'Ec2Instance', preferredResources: [p as never] });
    await expectAwsError(pref({ name: 'Ec2InstanceTypes' }), 'InvalidParameterValueException', 400, /non-empty includeList or excludeList/);
    await expectAwsError(pref({ name: 'Ec2InstanceTypes', includeList: [], excludeList: [] }), 'InvalidParameterValueException', 400, /non-empty/);
    await expectAwsError(pref({ includeList: ['m5.large'] }), 'InvalidParameterValueException', 400, /name is required/);
    await expectAwsError(pref({ name: 'RdsInstanceClasses', includeList: ['m5.large'] }), 'InvalidParameterValueException', 400, /enum/);
    await expectAwsError(pref({ name: 'Ec2InstanceTypes', includeList: ['m5 large'] }), 'InvalidParameterValueException', 400, /not an EC2 instance type/);
    await expectAwsError(pref({ name: 'Ec2InstanceTypes', excludeList: Array.from({ length: 1001 }, (_, i) => `m${i}.large`) }), 'InvalidParameterValueException', 400, /1001 values; at most 1000/);
    await pref({ name: 'Ec2InstanceTypes', includeList: ['m5.*', 'c6i.large'], excludeList: ['*.metal'] });
    const got = await co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }));
    expect(got.recommendationPreferencesDetails![0].preferredResources).toEqual([{ name: 'Ec2InstanceTypes', includeList: ['m5.*', 'c6i.large'], effectiveIncludeList: ['m5.*', 'c6i.large'], excludeList: ['*.metal'] }]);
  });

  test('savings estimation mode: members cannot activate it; the management account can, for them too', async () => {
    await expectAwsError(put({ resourceType: 'Ec2Instance', savingsEstimationMode: 'AfterDiscounts' }, MEMBER), 'AccessDeniedException', 403, /only the organization's management account can activate savings estimation mode/);
    await put({ resourceType: 'Ec2Instance', savingsEstimationMode: 'BeforeDiscounts' }, MEMBER);
    await put({ resourceType: 'Ec2Instance', scope: account(MEMBER.accountId), savingsEstimationMode: 'AfterDiscounts' });
    await put({ resourceType: 'Ec2Instance', savingsEstimationMode: 'AfterDiscounts' }, STANDALONE);
    await expectAwsError(
      put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId) }, savingsEstimationMode: 'AfterDiscounts' }),
      'InvalidParameterValueException',
      400,
      /savingsEstimationMode cannot be set at the ResourceArn scope/,
    );
  });

  test('Compute Optimizer must be opted in', async () => {
    await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/compute-optimizer`, { status: 'Inactive' });
    await expectAwsError(put({ resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_32' }, STANDALONE), 'OptInRequiredException', 403, /not opted in to Compute Optimizer/);
    await expectAwsError(effective(instance(STANDALONE.accountId), STANDALONE), 'OptInRequiredException', 403);
  });
});

describe('GetRecommendationPreferences and DeleteRecommendationPreferences', () => {
  test('a put changes only the preferences it names; get returns what is set, per scope and Region', async () => {
    await put({ resourceType: 'Ec2Instance', scope: ORG, enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_32' });
    await put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_93', inferredWorkloadTypes: 'Inactive' });
    await put({ resourceType: 'Ec2Instance', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { threshold: 'P95' } }] });
    const got = await co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }));
    expect(got.recommendationPreferencesDetails).toEqual([
      { scope: ORG, resourceType: 'Ec2Instance', enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_93', inferredWorkloadTypes: 'Inactive' },
      { scope: account(MANAGEMENT.accountId), resourceType: 'Ec2Instance', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { threshold: 'P95' } }] },
    ]);
    const orgOnly = await co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', scope: ORG }));
    expect(orgOnly.recommendationPreferencesDetails).toHaveLength(1);
    // Preferences are regional: another Region has none.
    expect((await co(MANAGEMENT, 'us-east-1').send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }))).recommendationPreferencesDetails).toEqual([]);
    // A member reads neither the organisation scope nor other accounts.
    await expectAwsError(co(MEMBER).send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', scope: ORG })), 'AccessDeniedException', 403);
    expect((await co(MEMBER).send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }))).recommendationPreferencesDetails).toEqual([]);
  });

  test('pagination with maxResults and nextToken (paginateGetRecommendationPreferences)', async () => {
    for (let i = 0; i < 5; i++) {
      await put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: instance(MANAGEMENT.accountId, REGION, `i-0000000000000000${i}`) }, lookBackPeriod: 'DAYS_32' });
    }
    const pages: number[] = [];
    for await (const page of paginateGetRecommendationPreferences({ client: co(), pageSize: 2 }, { resourceType: 'Ec2Instance' })) pages.push(page.recommendationPreferencesDetails!.length);
    expect(pages).toEqual([2, 2, 1]);
    await expectAwsError(co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', maxResults: 1001 })), 'InvalidParameterValueException', 400, /between 0 and 1000/);
    await expectAwsError(co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', nextToken: 'Zm9yZ2Vk' })), 'InvalidParameterValueException', 400, /nextToken/);
  });

  test('delete removes the named preferences; naming none that is set is ResourceNotFoundException', async () => {
    await put({ resourceType: 'Ec2Instance', enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_32' });
    await co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['LookBackPeriodPreference'] }));
    expect((await co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }))).recommendationPreferencesDetails).toEqual([
      { scope: account(MANAGEMENT.accountId), resourceType: 'Ec2Instance', enhancedInfrastructureMetrics: 'Active' },
    ]);
    await expectAwsError(
      co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['LookBackPeriodPreference'] })),
      'ResourceNotFoundException',
      404,
      /No LookBackPeriodPreference preference is set/,
    );
    await co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['EnhancedInfrastructureMetrics', 'UtilizationPreferences'] }));
    expect((await co().send(new GetRecommendationPreferencesCommand({ resourceType: 'Ec2Instance' }))).recommendationPreferencesDetails).toEqual([]);
    await expectAwsError(co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'EbsVolume', recommendationPreferenceNames: ['UtilizationPreferences'] })), 'InvalidParameterValueException', 400, /does not apply to EbsVolume/);
    await expectAwsError(co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: [] })), 'InvalidParameterValueException', 400, /at least one/);
    await expectAwsError(co().send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['SavingsEstimationMode' as never] })), 'InvalidParameterValueException', 400, /enum/);
  });
});

describe('GetEffectiveRecommendationPreferences', () => {
  test('defaults when nothing is set', async () => {
    const out = await effective(instance(MANAGEMENT.accountId));
    expect(out).toMatchObject({
      enhancedInfrastructureMetrics: 'Inactive',
      lookBackPeriod: 'DAYS_14',
      utilizationPreferences: [
        { metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_20' } },
        { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_20' } },
      ],
    });
    expect(out.externalMetricsPreference).toBeUndefined();
    expect(out.preferredResources).toBeUndefined();
  });

  test('resource over account over organisation, preference by preference', async () => {
    await put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_32', enhancedInfrastructureMetrics: 'Active', externalMetricsPreference: { source: 'Datadog' } });
    const arn = instance(MEMBER.accountId);
    expect(await effective(arn, MEMBER)).toMatchObject({ lookBackPeriod: 'DAYS_32', enhancedInfrastructureMetrics: 'Active', externalMetricsPreference: { source: 'Datadog' } });

    await put({ resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_93', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_0' } }] }, MEMBER);
    expect(await effective(arn, MEMBER)).toMatchObject({
      lookBackPeriod: 'DAYS_93',
      enhancedInfrastructureMetrics: 'Active',
      utilizationPreferences: [
        { metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_0' } },
        { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_20' } },
      ],
    });

    await put({ resourceType: 'Ec2Instance', scope: { name: 'ResourceArn', value: arn }, lookBackPeriod: 'DAYS_14', enhancedInfrastructureMetrics: 'Inactive' }, MEMBER);
    expect(await effective(arn, MEMBER)).toMatchObject({ lookBackPeriod: 'DAYS_14', enhancedInfrastructureMetrics: 'Inactive', externalMetricsPreference: { source: 'Datadog' } });
    // Another instance of the same account is not affected by the resource-level preference.
    expect(await effective(instance(MEMBER.accountId, REGION, 'i-0fedcba9876543210'), MEMBER)).toMatchObject({ lookBackPeriod: 'DAYS_93', enhancedInfrastructureMetrics: 'Active' });
    // The management account reads a member's resource; deleting the account level falls back to the organisation.
    await co(MEMBER).send(new DeleteRecommendationPreferencesCommand({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['LookBackPeriodPreference'] }));
    expect((await effective(instance(MEMBER.accountId, REGION, 'i-0fedcba9876543210'))).lookBackPeriod).toBe('DAYS_32');
  });

  test('an Auto Scaling group: its own resource preferences, then the Ec2Instance account and organisation ones; a standalone account has no organisation', async () => {
    await put({ resourceType: 'Ec2Instance', scope: ORG, lookBackPeriod: 'DAYS_32', preferredResources: [{ name: 'Ec2InstanceTypes', includeList: ['m6i.*'] }] });
    const asg = group(MANAGEMENT.accountId);
    expect(await effective(asg)).toMatchObject({ lookBackPeriod: 'DAYS_32', preferredResources: [{ name: 'Ec2InstanceTypes', effectiveIncludeList: ['m6i.*'] }] });
    await put({ resourceType: 'AutoScalingGroup', scope: { name: 'ResourceArn', value: asg }, lookBackPeriod: 'DAYS_93' });
    expect((await effective(asg)).lookBackPeriod).toBe('DAYS_93');
    expect((await effective(instance(STANDALONE.accountId), STANDALONE)).lookBackPeriod).toBe('DAYS_14');
  });

  test('only EC2 instance and Auto Scaling group ARNs, in the Region called, of an account the caller may read', async () => {
    await expectAwsError(effective(`arn:aws:rds:${REGION}:${MANAGEMENT.accountId}:db:main`), 'InvalidParameterValueException', 400, /only those resource ARNs are supported/);
    await expectAwsError(effective(instance(MANAGEMENT.accountId, 'us-east-1')), 'InvalidParameterValueException', 400, /is in us-east-1/);
    await expectAwsError(effective(instance(MANAGEMENT.accountId), MEMBER), 'AccessDeniedException', 403);
  });
});

describe('console change of a preference (admin API)', () => {
  test('sets and deletes as the account would, and shows in the state', async () => {
    const path = `accounts/${MEMBER.accountId}/compute-optimizer/preferences`;
    const answer = await admin(emu.url, 'POST', path, { region: REGION, resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_93' });
    expect(answer.recommendationPreferencesDetails).toEqual([{ scope: account(MEMBER.accountId), resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_93' }]);
    expect((await effective(instance(MEMBER.accountId), MEMBER)).lookBackPeriod).toBe('DAYS_93');
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[MEMBER.accountId].computeOptimizer.recommendationPreferences).toEqual([{ region: REGION, scope: account(MEMBER.accountId), resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_93' }]);
    await admin(emu.url, 'POST', path, { region: REGION, resourceType: 'Ec2Instance', delete: ['LookBackPeriodPreference'] });
    expect((await effective(instance(MEMBER.accountId), MEMBER)).lookBackPeriod).toBe('DAYS_14');

    const bad = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ region: REGION, resourceType: 'AutoScalingGroup', lookBackPeriod: 'DAYS_93' }) });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/cannot be set at the AccountId scope/)]);
    const noRegion = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_93' }) });
    expect([noRegion.status, ((await noRegion.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/needs "region"/)]);
  });
});
