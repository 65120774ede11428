/**
 * Destroy with the data sources in place: Terraform reads AWS again while planning the destroy, then runs each
 * enrollment's destroy-time provisioner in reverse dependency order, following its removal policy.
 */
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { EnrollmentDefaults, OrganizationOptimizationEnrollment, RemovalPolicy } from '../../src/constructs';
import { buildEnrollmentStack } from '../support/external-provider/enrollment-stack';
import { expectPlanCode, plan, plannedActions } from '../support/external-provider/plans';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;
const MEMBER = DEFAULT_ACCOUNTS.members[0].accountId;

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const statuses = async (accountId: string) => {
  const a = (await world.admin.state()).accounts[accountId];
  return { co: a.computeOptimizer.status, automation: a.automation.status, hub: a.costOptimizationHub.status };
};

test('removal policy "retain": destroy plans only deletions, runs the reads, and leaves AWS enrolled', async () => {
  const tf = world.synth('retain', buildEnrollmentStack);
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(await statuses(MANAGEMENT)).toEqual({ co: 'Active', automation: 'Active', hub: 'Active' });

  const destroyPlan = await plan(tf, 'destroy', ['-destroy']);
  expectPlanCode(destroyPlan, 2);
  // Terraform refreshes before a destroy plan, so the drift reads run (and would fail it if AWS were unreachable).
  expect(destroyPlan.result.stdout).toMatch(/data\.external\.EnrollmentRead_\w+: Read complete after/);
  const actions = Object.entries(plannedActions(destroyPlan.json)).filter(([a]) => a.startsWith('terraform_data.'));
  // The three enrollments, the account's (empty) Automation rule set and the members' association.
  expect(actions).toHaveLength(5);
  for (const [, action] of actions) expect(action).toBe('delete');

  const destroyed = await tf.ok(['apply', '-no-color', '-input=false', 'destroy.tfplan']);
  expect(destroyed.stdout).toMatch(/Apply complete! Resources: 0 added, 0 changed, 5 destroyed\./);
  // "retain" has no destroy step at all: not one call to AWS.
  expect(destroyed.stdout).not.toContain("Provisioning with 'local-exec'");
  expect(await statuses(MANAGEMENT)).toEqual({ co: 'Active', automation: 'Active', hub: 'Active' });
  expect((await statuses(MEMBER)).co).toBe('Active');
});

test('removal policy "opt-out": destroy opts the account out of all three services, Automation first', async () => {
  await world.admin.reset();
  const tf = world.synth('opt-out', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    new OrganizationOptimizationEnrollment(stack, 'Org', {
      includeMemberAccounts: true,
      removalPolicy: RemovalPolicy.OPT_OUT,
      acknowledgeRecommendationDataDeletion: true,
    });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(await statuses(MANAGEMENT)).toEqual({ co: 'Active', automation: 'Active', hub: 'Active' });

  const destroyed = await tf.ok(['destroy', '-no-color', '-input=false', '-auto-approve']);
  // Three enrollments and their three removal companions (which carry the opt-out), the empty rule set, and
  // the members' association with its companion (which disassociates them first).
  expect(destroyed.stdout).toMatch(/Destroy complete! Resources: 9 destroyed\./);
  expect(destroyed.stdout).toMatch(/opted out this account only; its member accounts stay enrolled/);
  // Automation depends on Compute Optimizer, so Terraform destroys it first; otherwise its opt-out would be refused.
  const order = [...destroyed.stdout.matchAll(/terraform_data\.Org_(\w+?)_Removal_[0-9A-F]{8}: Destruction complete/g)].map((m) => m[1]);
  expect(order.indexOf('Automation')).toBeLessThan(order.indexOf('ComputeOptimizer'));
  const state = await world.admin.state();
  expect(state.accounts[MANAGEMENT].computeOptimizer).toMatchObject({ status: 'Inactive', recommendationData: 'deleted' });
  expect(state.accounts[MANAGEMENT].automation).toMatchObject({ status: 'Inactive', rules: 'stopped' });
  expect(state.accounts[MANAGEMENT].costOptimizationHub.status).toBe('Inactive');
  // The members were disassociated from Automation and stay enrolled in Compute Optimizer and the Hub.
  expect(state.accounts[MEMBER].automation.organizationRuleMode).toBe('NoneAllowed');
  expect(state.accounts[MEMBER].computeOptimizer.status).toBe('Active');
  expect(state.accounts[MEMBER].costOptimizationHub.status).toBe('Active');
});
