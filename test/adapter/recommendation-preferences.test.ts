/**
 * The preference kinds against the emulator over HTTP: `recommendation-preferences` puts only the declared
 * preferences and compares only those, destroy deletes them with removal policy "delete" (savings estimation
 * mode cannot be deleted); `cost-optimization-hub-preferences` keeps the preferred commitment member it does
 * not declare and restores AWS's defaults on delete; `effective-recommendation-preferences` resolves scopes.
 */
import { READ_RESULT_FIELDS } from '../../src/shared';
import { MANAGEMENT, MEMBER, emulator, payload, run, type TestEmulator } from './helpers';

const KIND = 'recommendation-preferences';
const HUB = 'cost-optimization-hub-preferences';
const EFFECTIVE = 'effective-recommendation-preferences';
const PUT = 'ComputeOptimizerService.PutRecommendationPreferences';
const ORG = { resourceType: 'Ec2Instance', scopeName: 'Organization', scopeValue: 'ALL_ACCOUNTS' };
const INSTANCE = `arn:aws:ec2:eu-west-1:${MEMBER.accountId}:instance/i-0123456789abcdef0`;
const UTILIZATION = JSON.stringify([{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_30' } }]);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  await emu.console(MANAGEMENT.accountId, 'compute-optimizer', 'Active');
  await emu.console(MEMBER.accountId, 'compute-optimizer', 'Active');
});

async function stored(accountId = MANAGEMENT.accountId): Promise<any[]> {
  return (await emu.state()).accounts[accountId].computeOptimizer.recommendationPreferences;
}

describe('recommendation-preferences', () => {
  test('apply puts the declared preferences, read reports them in sync, and a second apply makes no call', async () => {
    const declared = payload(KIND, emu.url, { ...ORG, lookBackPeriod: 'DAYS_32', utilizationPreferences: UTILIZATION, inferredWorkloadTypes: 'Inactive' });
    const first = await run('apply', KIND, declared);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/set inferredWorkloadTypes, lookBackPeriod, utilizationPreferences for Ec2Instance at Organization ALL_ACCOUNTS/);
    expect(Object.keys(first.json!)).toEqual([...READ_RESULT_FIELDS[KIND]]);
    expect(first.json).toMatchObject({ lookBackPeriod: 'DAYS_32', inferredWorkloadTypes: 'Inactive', inSync: 'true', summary: '', enhancedInfrastructureMetrics: '' });
    expect(JSON.parse(first.json!.utilizationPreferences)).toEqual([{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_30' } }]);
    expect(await stored()).toEqual([
      expect.objectContaining({ region: 'eu-west-1', scope: { name: 'Organization', value: 'ALL_ACCOUNTS' }, lookBackPeriod: 'DAYS_32', inferredWorkloadTypes: 'Inactive' }),
    ]);
    const again = await run('apply', KIND, declared);
    expect(again.stderr).toMatch(/already match; nothing to change/);
    expect(await emu.calls(PUT)).toBe(1);
  });

  test('only declared preferences count: an undeclared one set in the console is not drift, a declared one is', async () => {
    const declared = payload(KIND, emu.url, { ...ORG, lookBackPeriod: 'DAYS_32' });
    expect((await run('apply', KIND, declared)).code).toBe(0);
    const console = (body: object) => emu.admin('POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer/preferences`, { region: 'eu-west-1', resourceType: 'Ec2Instance', scope: { name: 'Organization', value: 'ALL_ACCOUNTS' }, ...body });
    await console({ enhancedInfrastructureMetrics: 'Active' });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'true', enhancedInfrastructureMetrics: 'Active' });
    await console({ lookBackPeriod: 'DAYS_14' });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'false', summary: 'lookBackPeriod is DAYS_14 in AWS, declared DAYS_32' });
    await console({ delete: ['LookBackPeriodPreference'] });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'false', summary: 'lookBackPeriod is not set in AWS' });
    const repair = await run('apply', KIND, declared);
    expect(repair.stderr).toMatch(/set lookBackPeriod for/);
    // The console's own preference is left as it is.
    expect(repair.json).toMatchObject({ inSync: 'true', lookBackPeriod: 'DAYS_32', enhancedInfrastructureMetrics: 'Active' });
  });

  test('utilisation parameters left out mean the defaults, so AWS filling them in is not drift', async () => {
    const declared = payload(KIND, emu.url, { ...ORG, utilizationPreferences: UTILIZATION });
    expect((await run('apply', KIND, declared)).code).toBe(0);
    await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer/preferences`, {
      region: 'eu-west-1',
      resourceType: 'Ec2Instance',
      scope: { name: 'Organization', value: 'ALL_ACCOUNTS' },
      utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_30' } }],
    });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'true' });
  });

  test('destroy with "delete" removes the declared preferences (not others) and says savings estimation mode stays', async () => {
    const declared = { ...payload(KIND, emu.url, { resourceType: 'Ec2Instance', scopeName: 'AccountId', scopeValue: MEMBER.accountId, lookBackPeriod: 'DAYS_93', savingsEstimationMode: 'AfterDiscounts' }) };
    expect((await run('apply', KIND, declared)).code).toBe(0);
    await emu.admin('POST', `accounts/${MEMBER.accountId}/compute-optimizer/preferences`, { region: 'eu-west-1', resourceType: 'Ec2Instance', inferredWorkloadTypes: 'Inactive' });
    const kept = await run('destroy', KIND, declared);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(/removalPolicy is "retain"; leaving the preferences of Ec2Instance at AccountId 222222222222 in AWS/);
    expect(kept.stdout).toBe('');

    const gone = await run('destroy', KIND, { ...declared, removalPolicy: 'delete' });
    expect(gone.code).toBe(0);
    expect(gone.stderr).toMatch(/deleted lookBackPeriod for Ec2Instance at AccountId 222222222222; the next scope up applies/);
    expect(gone.stderr).toMatch(/savingsEstimationMode cannot be deleted .* it stays AfterDiscounts for Ec2Instance at AccountId 222222222222/);
    const [left] = await stored(MEMBER.accountId);
    expect(left).toMatchObject({ inferredWorkloadTypes: 'Inactive', savingsEstimationMode: 'AfterDiscounts' });
    expect(left.lookBackPeriod).toBeUndefined();
    // Nothing left to delete is not an error.
    const again = await run('destroy', KIND, { ...declared, removalPolicy: 'delete' });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/none of the declared preferences is set .*; nothing to delete/);
  });

  test('the model\'s rules are checked before any call, as bad input naming the field', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ resourceType: 'AutoScalingGroup', scopeName: 'AccountId', scopeValue: MANAGEMENT.accountId, lookBackPeriod: 'DAYS_32' }, /`scope.name` "AccountId" cannot be used with `resourceType` "AutoScalingGroup"/],
      [{ ...ORG, scopeValue: MANAGEMENT.accountId, lookBackPeriod: 'DAYS_32' }, /`scope.value` must be "ALL_ACCOUNTS" with `scope.name` "Organization"/],
      [{ ...ORG, resourceType: 'EbsVolume', utilizationPreferences: UTILIZATION }, /`utilizationPreferences` cannot be set for `resourceType` "EbsVolume"/],
      [{ ...ORG, utilizationPreferences: JSON.stringify([{ metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_0' } }]) }, /headroom` must be "PERCENT_30", "PERCENT_20" or "PERCENT_10" for MemoryUtilization, got "PERCENT_0"/],
      [{ ...ORG }, /declare at least one preference/],
      [{ resourceType: 'Ec2Instance', scopeName: 'ResourceArn', scopeValue: INSTANCE.replace('eu-west-1', 'us-east-1'), lookBackPeriod: 'DAYS_32' }, /is a resource in us-east-1, but these preferences are set in eu-west-1/],
    ];
    for (const [fields, message] of cases) {
      const r = await run('apply', KIND, payload(KIND, emu.url, fields));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await emu.calls(PUT)).toBe(0);
  });

  test('the Organization scope from a member account fails with what to do', async () => {
    const r = await run('apply', KIND, payload(KIND, emu.url, { ...ORG, lookBackPeriod: 'DAYS_32' }), { account: MEMBER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AccessDeniedException.*only the organization's management account can set preferences at the Organization scope/);
  });

  test('before Compute Optimizer is enrolled the read reports the declaration missing; apply fails with what to do', async () => {
    await emu.reset();
    const declared = payload(KIND, emu.url, { ...ORG, lookBackPeriod: 'DAYS_32' });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'false', summary: 'lookBackPeriod is not set in AWS' });
    const refused = await run('apply', KIND, declared);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/OptInRequiredException.*enroll the account in Compute Optimizer first/);
  });
});

describe('effective-recommendation-preferences', () => {
  test('the narrowest scope wins: resource over account over organisation, defaults for the rest', async () => {
    const read = async () => (await run('read', EFFECTIVE, payload(EFFECTIVE, emu.url, { resourceArn: INSTANCE }))).json!;
    expect(await read()).toEqual({ enhancedInfrastructureMetrics: 'Inactive', externalMetricsPreference: '', lookBackPeriod: 'DAYS_14', utilizationPreferences: expect.any(String), preferredResources: '' });
    expect((await run('apply', KIND, payload(KIND, emu.url, { ...ORG, lookBackPeriod: 'DAYS_93', externalMetricsPreference: '{"source":"Datadog"}' }))).code).toBe(0);
    expect(await read()).toMatchObject({ lookBackPeriod: 'DAYS_93', externalMetricsPreference: '{"source":"Datadog"}' });
    const account = payload(KIND, emu.url, { resourceType: 'Ec2Instance', scopeName: 'AccountId', scopeValue: MEMBER.accountId, lookBackPeriod: 'DAYS_32' });
    expect((await run('apply', KIND, account)).code).toBe(0);
    expect(await read()).toMatchObject({ lookBackPeriod: 'DAYS_32', externalMetricsPreference: '{"source":"Datadog"}' });
    const resource = payload(KIND, emu.url, { resourceType: 'Ec2Instance', scopeName: 'ResourceArn', scopeValue: INSTANCE, enhancedInfrastructureMetrics: 'Active' });
    expect((await run('apply', KIND, resource)).code).toBe(0);
    expect(await read()).toMatchObject({ lookBackPeriod: 'DAYS_32', enhancedInfrastructureMetrics: 'Active' });
    expect(JSON.parse((await read()).utilizationPreferences)).toEqual([
      { metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_20' } },
      { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_20' } },
    ]);
    // Deleting the account's look-back period lets the organisation's apply again.
    expect((await run('destroy', KIND, { ...account, removalPolicy: 'delete' })).code).toBe(0);
    expect(await read()).toMatchObject({ lookBackPeriod: 'DAYS_93' });
  });

  test('an ARN that is not an EC2 instance or Auto Scaling group is bad input', async () => {
    const r = await run('read', EFFECTIVE, payload(EFFECTIVE, emu.url, { resourceArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`resourceArn` must be an EC2 instance ARN/);
  });
});

describe('cost-optimization-hub-preferences', () => {
  const hubState = async (accountId = MANAGEMENT.accountId) => (await emu.state()).accounts[accountId].costOptimizationHub.preferences;

  test('apply sets the declared preferences, keeping the commitment member it does not declare', async () => {
    await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/cost-optimization-hub/preferences`, { preferredCommitment: { term: 'ThreeYears', paymentOption: 'NoUpfront' } });
    const declared = payload(HUB, emu.url, { memberAccountDiscountVisibility: 'None', preferredCommitmentTerm: 'OneYear' });
    const r = await run('apply', HUB, declared);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/set memberAccountDiscountVisibility None, preferredCommitmentTerm OneYear/);
    expect(r.json).toEqual({
      savingsEstimationMode: 'BeforeDiscounts',
      memberAccountDiscountVisibility: 'None',
      preferredCommitmentTerm: 'OneYear',
      preferredCommitmentPaymentOption: 'NoUpfront',
      inSync: 'true',
      summary: '',
    });
    expect(await hubState()).toMatchObject({ preferredCommitment: { term: 'OneYear', paymentOption: 'NoUpfront' } });
    expect((await run('apply', HUB, declared)).stderr).toMatch(/already match; nothing to change/);
  });

  test('a console change is drift; destroy with "delete" restores the defaults of the declared preferences only', async () => {
    const declared = payload(HUB, emu.url, { savingsEstimationMode: 'AfterDiscounts', preferredCommitmentPaymentOption: 'PartialUpfront' });
    expect((await run('apply', HUB, declared)).code).toBe(0);
    await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/cost-optimization-hub/preferences`, { savingsEstimationMode: 'BeforeDiscounts', memberAccountDiscountVisibility: 'None' });
    expect((await run('read', HUB, declared)).json).toMatchObject({ inSync: 'false', summary: 'savingsEstimationMode is BeforeDiscounts in AWS, declared AfterDiscounts' });
    expect((await run('apply', HUB, declared)).json).toMatchObject({ inSync: 'true' });

    const gone = await run('destroy', HUB, { ...declared, removalPolicy: 'delete' });
    expect(gone.code).toBe(0);
    expect(gone.stderr).toMatch(/restoring AWS's defaults for savingsEstimationMode, preferredCommitmentPaymentOption/);
    // The visibility someone set in the console is not this declaration's.
    expect(await hubState()).toMatchObject({ savingsEstimationMode: 'BeforeDiscounts', memberAccountDiscountVisibility: 'None', preferredCommitment: { paymentOption: 'AllUpfront' } });
  });

  test('a member account declaring the discount visibility fails with what to do', async () => {
    const r = await run('apply', HUB, payload(HUB, emu.url, { memberAccountDiscountVisibility: 'None' }), { account: MEMBER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/memberAccountDiscountVisibility is the organisation's setting: declare it only in the management account's stack/);
  });

  test('a declaration without preferences is bad input', async () => {
    const r = await run('apply', HUB, payload(HUB, emu.url, {}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declare at least one preference/);
  });
});
