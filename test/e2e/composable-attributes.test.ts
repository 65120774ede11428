/**
 * The data sources' typed attributes are real cdktf tokens: composed with `Fn.*`, `TerraformIterator`,
 * locals, outputs and other resources' arguments, they render as one valid expression that the real
 * `terraform` validates, plans and applies, with the values AWS (the emulator) reports. The enrollment
 * reads, the effective recommendation preferences (objects and lists of objects) and the Automation member
 * listing are each composed this way.
 */
import { DataResource, Fn, TerraformIterator, TerraformLocal, TerraformOutput, Token } from 'cdktf';
import { AssociateAccountsCommand, ComputeOptimizerAutomationClient } from '../../src/adapter/automation-commands';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import {
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerAutomationOrganizationAccounts,
  ComputeOptimizerEffectiveRecommendationPreferences,
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

test('the effective preferences and the Automation member listing compose too: objects, lists of objects and counts', async () => {
  const management = DEFAULT_ACCOUNTS.management;
  const members = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);
  await world.admin.reset();
  for (const id of [management.accountId, ...members]) await world.admin.setStatus(id, 'compute-optimizer', 'Active');
  await world.admin.setStatus(management.accountId, 'automation', 'Active');
  // The organisation's EC2 preferences, set in the console; the member's instance inherits them.
  await world.admin.preferences(management.accountId, 'compute-optimizer', {
    region: 'us-east-1',
    resourceType: 'Ec2Instance',
    scope: { name: 'Organization', value: 'ALL_ACCOUNTS' },
    enhancedInfrastructureMetrics: 'Active',
    externalMetricsPreference: { source: 'Datadog' },
    lookBackPeriod: 'DAYS_32',
    utilizationPreferences: [
      { metricName: 'CpuUtilization', metricParameters: { threshold: 'P95', headroom: 'PERCENT_0' } },
      { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_10' } },
    ],
    preferredResources: [{ name: 'Ec2InstanceTypes', includeList: ['m5.*', 'c5.large'], excludeList: ['m5.24xlarge'] }],
  });
  // Two of the three members associated for Automation (organisation rules may apply to them).
  const client = new ComputeOptimizerAutomationClient({
    region: 'us-east-1',
    endpoint: world.endpoint,
    credentials: { accessKeyId: management.accessKeyId, secretAccessKey: management.secretAccessKey },
  });
  try {
    await client.send(new AssociateAccountsCommand({ accountIds: [members[0], members[2]] }));
  } finally {
    client.destroy();
  }

  const tf = world.synth('compose-settings', (stack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    const effective = new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'Effective', {
      resourceArn: `arn:aws:ec2:us-east-1:${members[0]}:instance/i-0123456789abcdef0`,
    });
    const automation = new ComputeOptimizerAutomationOrganizationAccounts(stack, 'AutomationMembers');

    const metrics = TerraformIterator.fromList(effective.utilizationPreferences);
    new TerraformOutput(stack, 'look_back_days', { value: Fn.tonumber(Fn.replace(effective.lookBackPeriod, 'DAYS_', '')) });
    new TerraformOutput(stack, 'eim', { value: Fn.lower(effective.enhancedInfrastructureMetrics) });
    new TerraformOutput(stack, 'metrics_source', { value: Fn.lookup(effective.externalMetricsPreference, 'source', 'none') });
    new TerraformOutput(stack, 'metric_names', { value: Fn.sort(Token.asList(metrics.pluckProperty('metricName'))) });
    new TerraformOutput(stack, 'headroom_by_metric', { value: metrics.forExpressionForMap('val.metricName', 'val.metricParameters.headroom') });
    new TerraformOutput(stack, 'preferred_includes', { value: Fn.sort(Fn.flatten(Token.asList(TerraformIterator.fromList(effective.preferredResources).pluckProperty('includeList')))) });
    new TerraformOutput(stack, 'preferred_count', { value: Fn.lengthOf(effective.preferredResources) });

    const accounts = TerraformIterator.fromList(automation.accounts);
    const local = new TerraformLocal(stack, 'automation_summary', {
      associated: automation.anyAllowedCount,
      total: Fn.sum([automation.anyAllowedCount, automation.noneAllowedCount]),
    });
    new TerraformOutput(stack, 'member_ids', { value: Fn.sort(Token.asList(accounts.pluckProperty('accountId'))) });
    new TerraformOutput(stack, 'associated_ids', {
      value: Fn.compact(Fn.sort(Token.asList(accounts.forExpressionForList('val.organizationRuleMode == "AnyAllowed" ? val.accountId : ""')))),
    });
    new TerraformOutput(stack, 'associated_text', { value: Fn.format('%d of %d associated', [automation.anyAllowedCount, automation.accountCount]) });
    new TerraformOutput(stack, 'total', { value: Fn.lookup(local.asAnyMap, 'total', 0) });
    new TerraformOutput(stack, 'largest_count', { value: Fn.max([automation.activeCount, automation.inactiveCount, automation.pendingCount, automation.failedCount]) });
    // Another resource's argument built from them.
    const note = new DataResource(stack, 'Note', { input: Fn.join(',', Token.asList(accounts.pluckProperty('organizationRuleMode'))) as unknown as Record<string, string> });
    new TerraformOutput(stack, 'rule_modes', { value: note.output });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['validate', '-no-color']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const out = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  const value = (name: string) => out[name].value;
  // Resolved for the member's instance from the organisation's preferences (GetEffectiveRecommendationPreferences).
  expect(value('look_back_days')).toBe(32);
  expect(value('eim')).toBe('active');
  expect(value('metrics_source')).toBe('Datadog');
  expect(value('metric_names')).toEqual(['CpuUtilization', 'MemoryUtilization']);
  expect(value('headroom_by_metric')).toEqual({ CpuUtilization: 'PERCENT_0', MemoryUtilization: 'PERCENT_10' });
  expect(value('preferred_includes')).toEqual(['c5.large', 'm5.*']);
  expect(value('preferred_count')).toBe(1);
  // ListAccounts: every member, two associated (AnyAllowed, Automation turned on for them), one not.
  expect(value('member_ids')).toEqual([...members].sort());
  expect(value('associated_ids')).toEqual([members[0], members[2]].sort());
  expect(value('associated_text')).toBe(`2 of ${members.length} associated`);
  expect(value('total')).toBe(members.length);
  expect(value('largest_count')).toBe(2);
  expect(value('rule_modes')).toBe('AnyAllowed,NoneAllowed,AnyAllowed');
});
