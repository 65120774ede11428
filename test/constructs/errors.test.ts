/**
 * Every synth-time error and warning names the construct it is about, the way cdktf and aws-cdk report them,
 * so a stack with forty enrollments points straight at the one to fix.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerEnrollment,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  ComputeOptimizerStatus,
  CostOptimizationHubEnrollment,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
  EnrollmentStatus,
  OrganizationOptimizationEnrollment,
  RemovalPolicy,
} from '../../src';
import { testApp, warningsOf } from './helpers';

const REGION = { region: 'us-east-1' };

function errorOf(declare: (scope: Construct) => void): string {
  const stack = new TerraformStack(testApp(), 'prod');
  const team = new Construct(stack, 'Team');
  try {
    declare(team);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the declaration to be refused');
}

test.each<[string, (scope: Construct) => void, string]>([
  ['a status only AWS reports', (s) => new ComputeOptimizerEnrollment(s, 'co', { ...REGION, status: 'Pending' as any }), 'prod/Team/co: `status` must be "Active" or "Inactive"'],
  ['a string where a boolean belongs', (s) => new ComputeOptimizerEnrollment(s, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: 'yes' as any }), 'prod/Team/co: `includeMemberAccounts` must be true or false'],
  ['a timeout out of range', (s) => new CostOptimizationHubEnrollment(s, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE, timeoutSeconds: 0 }), 'prod/Team/hub: `timeoutSeconds` must be a whole number from 1 to 86400, got 0'],
  ['an unknown removal policy', (s) => new ComputeOptimizerAutomationEnrollment(s, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: 'delete' as any }), 'prod/Team/auto: `removalPolicy` must be "retain" or "opt-out", got "delete"'],
  ['an opt-out without the acknowledgement', (s) => new ComputeOptimizerEnrollment(s, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT }), 'prod/Team/co: `removalPolicy` "opt-out" on Compute Optimizer deletes'],
  ['a bad region', (s) => new ComputeOptimizerEnrollment(s, 'co', { region: 'Europe', status: EnrollmentStatus.ACTIVE }), 'prod/Team/co: `region` must be an AWS region'],
  ['no region at all', (s) => new CostOptimizationHubEnrollment(s, 'hub', { status: EnrollmentStatus.ACTIVE }), 'prod/Team/hub: `region` is required'],
  ['a session name without a role', (s) => new ComputeOptimizerEnrollment(s, 'co', { ...REGION, roleSessionName: 'x1', status: EnrollmentStatus.ACTIVE }), 'prod/Team/co: `roleSessionName` needs `roleArn`'],
  ['a filter entry that is not a status', (s) => new ComputeOptimizerOrganizationEnrollmentStatuses(s, 'org', { ...REGION, statusFilter: [ComputeOptimizerStatus.ACTIVE, 'On' as any] }), 'prod/Team/org: `statusFilter` entries must be'],
  ['a page size out of range (named as the prop)', (s) => new CostOptimizationHubEnrollmentStatuses(s, 'hub', { ...REGION, maxResults: 101 }), 'prod/Team/hub: `maxResults` must be a whole number from 1 to 100, got 101'],
  ['an account id that is not 12 digits', (s) => new CostOptimizationHubEnrollmentStatuses(s, 'hub', { ...REGION, accountId: '123' }), 'prod/Team/hub: `accountId` must be a 12-digit AWS account id'],
  ['a bad flag on the organisation construct', (s) => new OrganizationOptimizationEnrollment(s, 'org', { ...REGION, automation: 'no' as any }), 'prod/Team/org: `automation` must be true or false'],
  ['a bad member flag passed down by the organisation construct', (s) => new OrganizationOptimizationEnrollment(s, 'org', { region: 'nowhere' }), 'prod/Team/org/ComputeOptimizer: `region` must be an AWS region'],
  ['a bad default for a scope', (s) => EnrollmentDefaults.set(s, { detectDrift: 'no' as any }), 'prod/Team: `detectDrift` must be true or false'],
])('%s is refused with the construct path', (_what, declare, message) => {
  expect(errorOf(declare).startsWith(message)).toBe(true);
});

test('cross-construct problems name both constructs', () => {
  const stack = new TerraformStack(testApp(), 'prod');
  new ComputeOptimizerEnrollment(stack, 'off', { ...REGION, status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
  expect(() => new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE })).toThrow(
    /^prod\/auto: `status` "Active" on Compute Optimizer Automation \(prod\/auto\) needs Compute Optimizer to be Active, but prod\/off declares "Inactive"/,
  );
});

test('warnings name the construct', () => {
  const stack = new TerraformStack(testApp(), 'prod');
  new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.INACTIVE });
  expect(warningsOf(stack)).toEqual([expect.stringMatching(/^\[cdktf-aws-enrollment\] prod\/auto: Compute Optimizer Automation is declared Inactive/)]);
});
