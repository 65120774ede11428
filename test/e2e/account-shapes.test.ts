/**
 * Account and organisation shapes through real Terraform against the emulator:
 * - an organisation with no members yet: member accounts included, apply converges and the next plan is clean;
 * - a member account and a standalone account declaring includeMemberAccounts: apply fails at once with one
 *   line naming the account, its role and the fix, and nothing is enrolled;
 * - the organisation rollout with Automation associations: every member associated; a member disassociated
 *   in the console (the API, behind Terraform's back) is drift the plan shows and apply repairs.
 */
import { CostOptimizationHubEnrollment, ComputeOptimizerEnrollment, EnrollmentDefaults, EnrollmentStatus, OrganizationOptimizationEnrollment } from '../../src/constructs';
import { ComputeOptimizerAutomationClient, DisassociateAccountsCommand } from '../../src/adapter/automation-commands';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { checkResults, expectPlanCode, plan, plannedActions } from '../support/external-provider/plans';
import { startWorld, type World } from '../support/external-provider/world';

jest.setTimeout(240_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management;
const MEMBERS = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);
const flat = (text: string) => text.replace(/\s+/g, ' ');
const changedResources = (json: any) => Object.keys(plannedActions(json)).filter((a) => a.startsWith('terraform_data.'));

const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});
async function world(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld(options);
  worlds.push(w);
  return w;
}

test('an organisation with no members: apply converges with member accounts included, and the next plan is clean', async () => {
  const lonely = await world({ accounts: { management: MANAGEMENT, members: [], standalone: [] } });
  const tf = lonely.synth('lonely', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    new OrganizationOptimizationEnrollment(stack, 'Org', { includeMemberAccounts: true });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  const started = Date.now();
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(Date.now() - started).toBeLessThan(60_000);
  const state = await lonely.admin.state();
  expect(state.accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Active');
  expect(state.accounts[MANAGEMENT.accountId].costOptimizationHub.status).toBe('Active');

  const next = await plan(tf, 'lonely-next');
  expectPlanCode(next, 0);
  expect(next.result.stdout).toContain('No changes.');
  for (const c of checkResults(next.json)) expect(c.status).toBe('pass');
  // Re-applying changes nothing: one enrollment call per service, from the first apply.
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const calls = (await lonely.admin.state()).calls;
  expect(calls['ComputeOptimizerService.UpdateEnrollmentStatus']).toBe(1);
  expect(calls['CostOptimizationHubService.UpdateEnrollmentStatus']).toBe(1);
});

test.each([
  ['a member account', DEFAULT_ACCOUNTS.members[0], /account 222222222222 is a member account of organization o-[a-z0-9]+ \(management account 111111111111\), and only the management account can include member accounts; run this from the management account, or drop includeMemberAccounts/],
  ['a standalone account', DEFAULT_ACCOUNTS.standalone[0], /account 555555555555 is a standalone account \(it belongs to no organization\), and only an organization's management account can include member accounts; drop includeMemberAccounts/],
])('%s declaring includeMemberAccounts: apply fails at once with the account, its role and the fix', async (_label, account, refusal) => {
  const w = await world({ account });
  const tf = w.synth('not-management', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    new CostOptimizationHubEnrollment(stack, 'Hub', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  const started = Date.now();
  const result = await tf.run(['apply', '-no-color', '-input=false', '-auto-approve']);
  // Well before any wait (the default timeout is 600 s): both resources refused in the same apply.
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(result.code).toBe(1);
  const err = flat(result.stderr);
  expect(err).toContain('compute-optimizer-enrollment: includeMemberAccounts is true');
  expect(err).toContain('cost-optimization-hub-enrollment: includeMemberAccounts is true');
  expect(err).toMatch(refusal);
  const state = await w.admin.state();
  expect(state.accounts[account.accountId].computeOptimizer.status).toBe('Inactive');
  expect(state.accounts[account.accountId].costOptimizationHub.status).toBe('Inactive');
  expect(state.calls['ComputeOptimizerService.UpdateEnrollmentStatus'] ?? 0).toBe(0);
  expect(state.calls['CostOptimizationHubService.UpdateEnrollmentStatus'] ?? 0).toBe(0);
});

test('the organisation rollout associates every member for Automation; a console disassociation is drift that apply repairs', async () => {
  const org = await world({ memberEnrollmentDelayMs: 0 });
  const tf = org.synth('rollout', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    new OrganizationOptimizationEnrollment(stack, 'Org', { includeMemberAccounts: true });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const modes = async () => {
    const state = await org.admin.state();
    return MEMBERS.map((id) => state.accounts[id].automation.organizationRuleMode);
  };
  expect(await modes()).toEqual(MEMBERS.map(() => 'AnyAllowed'));
  expectPlanCode(await plan(tf, 'rollout-clean'), 0);

  // In the console: the management account disassociates one member.
  const automation = new ComputeOptimizerAutomationClient({
    region: 'us-east-1',
    endpoint: org.endpoint,
    credentials: { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey },
  });
  await automation.send(new DisassociateAccountsCommand({ accountIds: [MEMBERS[1]] }));
  expect((await modes())[1]).toBe('NoneAllowed');

  const drift = await plan(tf, 'rollout-drift');
  expectPlanCode(drift, 2);
  expect(flat(drift.result.stdout)).toContain(`not associated: ${MEMBERS[1]}`);
  expect(checkResults(drift.json).some((c) => c.status === 'fail')).toBe(true);
  expect(changedResources(drift.json)).toEqual([expect.stringMatching(/^terraform_data\.Org_AutomationMembers_/)]);

  await tf.ok(['apply', '-no-color', '-input=false', 'rollout-drift.tfplan']);
  expect(await modes()).toEqual(MEMBERS.map(() => 'AnyAllowed'));
  const clean = await plan(tf, 'rollout-repaired');
  expectPlanCode(clean, 0);
  for (const c of checkResults(clean.json)) expect(c.status).toBe('pass');
});
