import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  AutomationRuleStatus,
  AutomationRuleType,
  ComparisonOperator,
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationRule,
  ComputeOptimizerAutomationRuleSet,
  EnrollmentStatus,
  RecommendedActionType,
  RuleSetRemovalPolicy,
  type ComputeOptimizerAutomationRuleProps,
} from '../../src';
import { decodeRules } from '../../src/shared';
import { synthJson, testApp, warningsOf } from './helpers';

const REGION = { region: 'us-east-1' };
const RULE: ComputeOptimizerAutomationRuleProps = {
  ...REGION,
  name: 'clean-up',
  recommendedActionTypes: [RecommendedActionType.SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME],
  schedule: { scheduleExpression: 'cron(30 2 * * ? *)' },
  status: AutomationRuleStatus.ACTIVE,
};

function sets(json: any): [string, any][] {
  return (Object.entries(json.resource?.terraform_data ?? {}) as [string, any][]).filter(([, r]) => r.input.kind === 'automation-rule-set' && r.triggers_replace.role !== 'removal');
}

describe('ComputeOptimizerAutomationRule', () => {
  test('rules of one account form one set, in canonical form, applied after the Automation enrollment', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerAutomationRule(stack, 'B', { ...RULE, name: 'b', tags: { team: 'ops' } });
      new ComputeOptimizerAutomationRule(stack, 'A', {
        ...RULE,
        name: 'a',
        criteria: { region: [{ comparison: ComparisonOperator.STRING_EQUALS, values: ['us-west-2', 'us-east-1'] }] },
      });
    });
    const [[name, set]] = sets(json);
    const rules = decodeRules(set.input.rules);
    expect(rules.map((r) => r.name)).toEqual(['a', 'b']);
    expect(rules[0]).toEqual({
      name: 'a',
      ruleType: 'AccountRule',
      recommendedActionTypes: ['SnapshotAndDeleteUnattachedEbsVolume'],
      criteria: { region: [{ comparison: 'StringEquals', values: ['us-east-1', 'us-west-2'] }] },
      schedule: { scheduleExpression: 'cron(30 2 * * ? *)' },
      status: 'Active',
      tags: {},
    });
    expect(set.input.setId).toBe('test');
    const [automation] = (Object.entries(json.resource.terraform_data) as [string, any][]).find(([, r]) => r.input.kind === 'automation-enrollment')!;
    expect(set.depends_on).toEqual([`terraform_data.${automation}`]);
    // A change to any rule re-applies the set; the set's destroy step deletes its rules.
    expect(set.triggers_replace.declared.rules).toBe(set.input.rules);
    expect(json.resource.terraform_data[`${name.replace(/_[0-9A-F]{8}$/, '')}_Removal_${name.slice(-8)}`]).toBeUndefined();
    expect(Object.values(json.resource.terraform_data).filter((r: any) => r.triggers_replace.role === 'removal')).toHaveLength(1);
  });

  test('a set without rules has no destroy step; with removalPolicy "retain" neither', () => {
    const empty = synthJson((stack) => new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { ...REGION, status: EnrollmentStatus.ACTIVE }));
    expect(Object.values(empty.resource.terraform_data).filter((r: any) => r.triggers_replace.role === 'removal')).toHaveLength(0);
    const retained = synthJson((stack) => {
      const ruleSet = new ComputeOptimizerAutomationRuleSet(stack, 'Rules', { ...REGION, setId: 'team-a/prod', removalPolicy: RuleSetRemovalPolicy.RETAIN });
      new ComputeOptimizerAutomationRule(stack, 'A', { ...RULE, ruleSet });
    });
    const [[, set]] = sets(retained);
    expect(set.input).toMatchObject({ setId: 'team-a/prod', removalPolicy: 'retain' });
    expect(Object.values(retained.resource.terraform_data).filter((r: any) => r.triggers_replace.role === 'removal')).toHaveLength(0);
  });

  test('accounts are told apart by role and profile, not by Region', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerAutomationRule(stack, 'A', RULE);
      new ComputeOptimizerAutomationRule(stack, 'B', { ...RULE, name: 'b', region: 'eu-west-1' });
      new ComputeOptimizerAutomationRule(stack, 'C', { ...RULE, roleArn: 'arn:aws:iam::222222222222:role/Enroller' });
    });
    expect(sets(json).map(([, s]) => decodeRules(s.input.rules).map((r) => r.name)).sort()).toEqual([['b', 'clean-up'], ['clean-up']]);
  });

  test('an Active rule that deletes volumes warns at synth, naming the rule', () => {
    const stack = new TerraformStack(testApp(), 'test');
    new ComputeOptimizerAutomationRule(stack, 'A', RULE);
    new ComputeOptimizerAutomationRule(stack, 'B', { ...RULE, name: 'off', status: AutomationRuleStatus.INACTIVE });
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/^\[cdktf-aws-enrollment\] test\/A: rule "clean-up" is Active and snapshots then deletes unattached EBS volumes/)]);
  });

  test.each<[string, Partial<ComputeOptimizerAutomationRuleProps>, string]>([
    ['a name with spaces', { name: 'clean up' }, 'test/r: `name` must be letters, digits, _ and -, got "clean up"'],
    ['an empty name', { name: '' }, 'test/r: `name` must be 1-128 characters long, got 0'],
    ['no action type', { recommendedActionTypes: [] }, 'test/r: `recommendedActionTypes` must list at least one of'],
    ['a schedule more often than daily', { schedule: { scheduleExpression: 'cron(*/10 * * * ? *)' } }, 'test/r: `schedule.scheduleExpression` must name one fixed minute'],
    ['an execution window too short', { schedule: { scheduleExpression: 'cron(0 1 * * ? *)', executionWindowInMinutes: 30 } }, 'test/r: `schedule.executionWindowInMinutes` must be a whole number from 60 to 1440, got 30'],
    ['an unknown time zone', { schedule: { scheduleExpression: 'cron(0 1 * * ? *)', scheduleExpressionTimezone: 'Mars/Olympus' } }, 'test/r: `schedule.scheduleExpressionTimezone` must be an IANA time zone'],
    ['a priority above 1', { priority: '1.5' }, 'test/r: `priority` must be a decimal number from 0 to 1'],
    ['a numeric operator on a text criterion', { criteria: { region: [{ comparison: ComparisonOperator.NUMERIC_EQUALS, values: ['us-east-1'] }] } }, 'test/r: `criteria.region[0].comparison` must be one of StringEquals'],
    ['text values on a number criterion', { criteria: { ebsVolumeSizeInGib: [{ comparison: ComparisonOperator.NUMERIC_LESS_THAN, values: ['big' as any] }] } }, 'test/r: `criteria.ebsVolumeSizeInGib[0].values` must be whole numbers'],
    ['an organisation rule without accounts', { ruleType: AutomationRuleType.ORGANIZATION_RULE }, 'test/r: `organizationConfiguration.accountIds` is required for an OrganizationRule'],
    ['accounts on an account rule', { organizationConfiguration: { accountIds: ['222222222222'] } }, 'test/r: `organizationConfiguration` only applies to rules of `ruleType` "OrganizationRule"'],
    ['a reserved tag key', { tags: { 'aws:owner': 'me' } }, 'test/r: the tag key "aws:owner" is reserved'],
    ['a status that is not a rule status', { status: 'Paused' as any }, 'test/r: `status` must be "Active" or "Inactive", got "Paused"'],
  ])('refuses %s, naming the construct, property and value', (_what, change, message) => {
    expect(() => synthJson((stack) => new ComputeOptimizerAutomationRule(stack, 'r', { ...RULE, ...change }))).toThrow(message);
  });

  test('refuses values only Terraform knows: rules are compared as a whole at plan time', () => {
    expect(() =>
      synthJson((stack) => {
        const when = new TerraformVariable(stack, 'when', { type: 'string' });
        new ComputeOptimizerAutomationRule(stack, 'r', { ...RULE, schedule: { scheduleExpression: when.stringValue } });
      }),
    ).toThrow('test/r: `schedule.scheduleExpression` is only known to Terraform');
  });

  test('refuses two rules of one name in one account, and two sets for one account', () => {
    expect(() =>
      synthJson((stack) => {
        new ComputeOptimizerAutomationRule(stack, 'A', RULE);
        new ComputeOptimizerAutomationRule(stack, 'B', RULE);
      }),
    ).toThrow('test/B: `name` "clean-up" is already declared by test/A');
    expect(() =>
      synthJson((stack) => {
        new ComputeOptimizerAutomationRuleSet(stack, 'One', REGION);
        new ComputeOptimizerAutomationRuleSet(stack, 'Two', { region: 'eu-west-1' });
      }),
    ).toThrow('test/Two: test/One already manages the Automation rules of this account');
  });

  test('Automation declared Inactive with Active rules is refused at synth', () => {
    expect(() =>
      synthJson((stack) => {
        new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { ...REGION, status: EnrollmentStatus.INACTIVE });
        new ComputeOptimizerAutomationRule(stack, 'A', RULE);
      }),
    ).toThrow(/rule "clean-up" \(test\/A\) is Active, but test\/Automation declares Automation "Inactive"/);
  });
});
