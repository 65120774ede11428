/**
 * The data sources' typed attributes are real cdktf tokens: composed with `Fn.*`, `TerraformIterator`,
 * locals, outputs and other resources' arguments, they render as one valid expression that the real
 * `terraform` validates, plans and applies, with the values AWS (the emulator) reports.
 */
import { Fn, TerraformIterator, TerraformLocal, TerraformOutput, Token } from 'cdktf';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import {
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollmentStatus,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
} from '../../src/constructs';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

test('Fn, iterators, locals and outputs over every kind of attribute plan and apply with the values AWS reports', async () => {
  const members = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);
  await world.admin.setStatus(members[0], 'compute-optimizer', 'Active');
  await world.admin.setStatus(members[1], 'compute-optimizer', 'Active');
  await world.admin.setStatus(DEFAULT_ACCOUNTS.management.accountId, 'cost-optimization-hub', 'Active');

  const tf = world.synth('compose', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    const org = new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'Org');
    const own = new ComputeOptimizerEnrollmentStatus(stack, 'Own');
    const automation = new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'Automation');
    const hub = new CostOptimizationHubEnrollmentStatuses(stack, 'Hub', { includeOrganizationInfo: true });

    const ids = TerraformIterator.fromList(org.accounts).pluckProperty('accountId');
    const local = new TerraformLocal(stack, 'summary', { accounts: org.accountCount, busiest: Fn.max([org.activeCount, org.inactiveCount]) });
    new TerraformOutput(stack, 'account_count', { value: Fn.lengthOf(org.accounts) });
    new TerraformOutput(stack, 'busiest', { value: Fn.lookup(local.asAnyMap, 'busiest', 0) });
    new TerraformOutput(stack, 'sum', { value: Fn.sum([org.activeCount, org.pendingCount, org.failedCount, org.inactiveCount]) });
    new TerraformOutput(stack, 'ids', { value: Fn.sort(Token.asList(ids)) });
    new TerraformOutput(stack, 'active_ids', {
      value: Fn.sort(Token.asList(TerraformIterator.fromList(org.accounts).forExpressionForList('val.status == "Active" ? val.accountId : ""'))),
    });
    new TerraformOutput(stack, 'status_upper', { value: Fn.upper(own.status) });
    new TerraformOutput(stack, 'members_enrolled', { value: Fn.tostring(own.memberAccountsEnrolled) });
    new TerraformOutput(stack, 'opted_in_plus_one', { value: Fn.sum([own.numberOfMemberAccountsOptedIn, 1]) });
    new TerraformOutput(stack, 'rule_mode', { value: Fn.lower(automation.organizationRuleMode) });
    new TerraformOutput(stack, 'hub_items', { value: Fn.lengthOf(hub.items) });
    new TerraformOutput(stack, 'hub_members', { value: Fn.tostring(hub.includeMemberAccounts) });
    new TerraformOutput(stack, 'hub_active', { value: Fn.format('%d of %d', [hub.activeCount, hub.accountCount]) });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['validate', '-no-color']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const out = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  const value = (name: string) => out[name].value;
  expect(value('account_count')).toBe(3);
  expect(value('busiest')).toBe(2);
  expect(value('sum')).toBe(3);
  expect(value('ids')).toEqual([...members].sort());
  expect(value('active_ids')).toEqual(['', members[0], members[1]]);
  expect(value('status_upper')).toBe('INACTIVE');
  expect(value('members_enrolled')).toBe('false');
  expect(value('opted_in_plus_one')).toBe(3);
  expect(value('rule_mode')).toBe('');
  expect(value('hub_items')).toBe(DEFAULT_ACCOUNTS.members.length + 1);
  expect(value('hub_members')).toBe('false');
  expect(value('hub_active')).toBe(`1 of ${DEFAULT_ACCOUNTS.members.length + 1}`);
});
