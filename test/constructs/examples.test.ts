import { TerraformStack, Testing } from 'cdktf';
import { declarePreferencesStack } from '../../examples/preferences/main';
import { declareMemberAccountStack } from '../../examples/member-account/main';
import { declareStandaloneAccountStack } from '../../examples/standalone-account/main';
import { MEMBER_ACCESS_ROLE_NAME } from '../../src/shared/connection';
import { enrollmentResources, removalResources, testApp } from './helpers';

describe('examples', () => {
  test('standalone-account synthesizes with a role per account and the Hub after Compute Optimizer', () => {
    const stack = declareStandaloneAccountStack(testApp(), 'standalone', '123456789012');
    const json = JSON.parse(Testing.synth(stack, true));
    const resources = Object.entries(json.resource.terraform_data) as [string, any][];
    const [coName, co] = resources.find(([, r]) => r.input.kind === 'compute-optimizer-enrollment')!;
    const [, hub] = resources.find(([, r]) => r.input.kind === 'cost-optimization-hub-enrollment')!;
    expect(co.input.roleArn).toBe('arn:aws:iam::123456789012:role/OptimizationEnrollment');
    expect(hub.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(Object.keys(json.output)).toEqual(['compute_optimizer_last_updated', 'compute_optimizer_status'].sort());
  });

  test('member-account synthesizes: the management credentials assume OrganizationAccountAccessRole in the member, the Hub after Compute Optimizer, no member inclusion', () => {
    const stack = declareMemberAccountStack(testApp(), 'member', '222222222222');
    const json = JSON.parse(Testing.synth(stack, true));
    const resources = Object.entries(json.resource.terraform_data) as [string, any][];
    const [coName, co] = resources.find(([, r]) => r.input.kind === 'compute-optimizer-enrollment')!;
    const [, hub] = resources.find(([, r]) => r.input.kind === 'cost-optimization-hub-enrollment')!;
    for (const r of [co, hub]) {
      expect(r.input).toMatchObject({ roleArn: `arn:aws:iam::222222222222:role/${MEMBER_ACCESS_ROLE_NAME}`, roleSessionName: 'enrollment-222222222222', status: 'Active' });
      expect(r.input.includeMemberAccounts).not.toBe('true');
      expect(r.input.endpoint).toBeUndefined();
    }
    expect(hub.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(Object.keys(json.output)).toEqual(['compute_optimizer_status']);
  });

  test('local-emulator (plain JavaScript on the build) points every enrollment at the emulator', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { declareLocalEmulatorStack } = require('../../examples/local-emulator/main.js');
    const stack: TerraformStack = declareLocalEmulatorStack(testApp(), 'local', 'http://127.0.0.1:4566');
    const json = JSON.parse(Testing.synth(stack, true));
    const inputs = enrollmentResources(json).map((r: any) => r.input);
    expect(inputs).toHaveLength(3);
    // removalPolicy "opt-out": each enrollment has a removal companion that carries the destroy step, and so
    // has the members' association (it disassociates them first).
    expect(Object.keys(removalResources(json))).toHaveLength(4);
    for (const input of inputs) expect(input).toMatchObject({ endpoint: 'http://127.0.0.1:4566', removalPolicy: 'opt-out' });
    expect(json.data).toBeUndefined();
  });

  test('preferences: organisation-wide EC2 preferences and an account override, after Compute Optimizer; the effective read waits for both', () => {
    const stack = declarePreferencesStack(testApp(), 'preferences', {
      batchAccountId: '222222222222',
      batchInstanceArn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0',
    });
    const json = JSON.parse(Testing.synth(stack, true));
    const resources = Object.entries(json.resource.terraform_data) as [string, any][];
    const find = (predicate: (input: any) => boolean) => resources.find(([, r]) => r.triggers_replace.role !== 'removal' && predicate(r.input))!;
    const [coName] = find((i) => i.kind === 'compute-optimizer-enrollment');
    const [hubName] = find((i) => i.kind === 'cost-optimization-hub-enrollment');
    const [, org] = find((i) => i.kind === 'recommendation-preferences' && i.scopeName === 'Organization');
    const [, account] = find((i) => i.kind === 'recommendation-preferences' && i.scopeName === 'AccountId');
    const [, hubPrefs] = find((i) => i.kind === 'cost-optimization-hub-preferences');
    expect(org.input).toMatchObject({ scopeValue: 'ALL_ACCOUNTS', lookBackPeriod: 'DAYS_32', removalPolicy: 'delete' });
    expect(account.input).toMatchObject({ scopeValue: '222222222222', lookBackPeriod: 'DAYS_93', enhancedInfrastructureMetrics: 'Active' });
    expect(org.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(account.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(hubPrefs.depends_on).toEqual([`terraform_data.${hubName}`]);
    // Both Compute Optimizer declarations delete on destroy; the Hub's are retained.
    expect(resources.filter(([, r]) => r.triggers_replace.role === 'removal').map(([, r]) => r.input.kind)).toEqual(['recommendation-preferences', 'recommendation-preferences']);
    const effective = (Object.values(json.data.external) as any[]).find((d) => d.query['p0.kind'] === 'effective-recommendation-preferences');
    // Each declaration and, where it has one, its removal companion: a re-applied declaration is read after.
    expect(effective.depends_on).toHaveLength(5);
    expect(Object.keys(json.output).sort()).toEqual(['batch_instance_enhanced_infrastructure_metrics', 'batch_instance_look_back_period', 'batch_instance_utilization_preferences']);
  });
});
