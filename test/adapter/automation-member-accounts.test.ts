/**
 * `automation-member-accounts` and `automation-organization-accounts` against the emulator over HTTP: which
 * members take part in the organisation's Automation, reconciled through ListAccounts, AssociateAccounts and
 * DisassociateAccounts.
 */
import { DEFAULT_ACCOUNTS, MANAGEMENT, MEMBER, emulator, payload, run, type TestEmulator } from './helpers';

const KIND = 'automation-member-accounts';
const MEMBERS = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await emu.reset();
  for (const id of [MANAGEMENT.accountId, ...MEMBERS]) await emu.console(id, 'compute-optimizer', 'Active');
  await emu.console(MANAGEMENT.accountId, 'automation', 'Active');
});

const modes = async () => Object.fromEntries(await Promise.all(MEMBERS.map(async (id) => [id, (await emu.state()).accounts[id].automation.organizationRuleMode])));
const all = () => payload(KIND, emu.url, { allMembers: 'true' });
const listed = (ids: string[]) => payload(KIND, emu.url, { accountIds: JSON.stringify(ids) });

test('all members: every member Automation lists is associated, and a second apply changes nothing', async () => {
  const first = await run('apply', KIND, all());
  expect(first.code).toBe(0);
  expect(first.stderr).toContain(`associated ${MEMBERS.join(', ')}`);
  expect(first.json).toMatchObject({ associatedCount: String(MEMBERS.length), inSync: 'true', summary: '' });
  expect(Object.values(await modes())).toEqual(MEMBERS.map(() => 'AnyAllowed'));
  // Association enables Automation for a member that had not enabled it.
  expect((await emu.state()).accounts[MEMBER.accountId].automation.status).toBe('Active');

  const again = await run('apply', KIND, all());
  expect(again.stderr).toMatch(/already associated; nothing to change/);
  expect(await emu.calls('ComputeOptimizerAutomationService.AssociateAccounts')).toBe(1);
});

test('an explicit list is exactly that: others are disassociated; drift from the console is read and repaired', async () => {
  expect((await run('apply', KIND, all())).code).toBe(0);
  const result = await run('apply', KIND, listed([MEMBERS[0]]));
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`disassociated ${MEMBERS.slice(1).join(', ')}`);
  expect(await modes()).toEqual({ [MEMBERS[0]]: 'AnyAllowed', [MEMBERS[1]]: 'NoneAllowed', [MEMBERS[2]]: 'NoneAllowed' });

  // A member disassociated "in the console" (by the API, behind Terraform's back).
  await run('apply', KIND, listed([]));
  const read = await run('read', KIND, listed([MEMBERS[0]]));
  expect(read.json).toMatchObject({ inSync: 'false', associatedCount: '0', summary: `not associated: ${MEMBERS[0]}` });
  expect((await run('apply', KIND, listed([MEMBERS[0]]))).code).toBe(0);
  expect((await run('read', KIND, listed([MEMBERS[0]]))).json).toMatchObject({ inSync: 'true' });
});

test('a declared member Compute Optimizer has not enrolled yet is waited for, then fails with what to do', async () => {
  await emu.console(MEMBERS[2], 'compute-optimizer', 'Inactive');
  const result = await run('apply', KIND, { ...listed([MEMBERS[2]]), timeoutSeconds: '1' });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/declared member account\(s\) not yet listed by Automation/);
  expect(result.stderr).toMatch(/timed out after 1s waiting for member accounts 444444444444 to be listed by Automation/);
  expect((await run('read', KIND, listed([MEMBERS[2]]))).json!.summary).toMatch(/not listed by Automation \(not a member, or Compute Optimizer not Active\): 444444444444/);
});

test('destroy: "retain" leaves the members associated, "disassociate" disassociates the declared ones', async () => {
  expect((await run('apply', KIND, all())).code).toBe(0);
  const kept = await run('destroy', KIND, all());
  expect(kept.stderr).toMatch(/removalPolicy is "retain"; the member accounts stay associated/);
  expect(Object.values(await modes())).toEqual(MEMBERS.map(() => 'AnyAllowed'));
  const gone = await run('destroy', KIND, { ...all(), removalPolicy: 'disassociate' });
  expect(gone.code).toBe(0);
  expect(Object.values(await modes())).toEqual(MEMBERS.map(() => 'NoneAllowed'));
});

test('only the management account can associate: a member is told so in one line, before any call to Automation', async () => {
  await emu.console(MEMBER.accountId, 'automation', 'Active');
  const result = await run('apply', KIND, all(), { account: MEMBER });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/account 222222222222 is a member account of organization .*only the management account can associate member accounts/);
  expect(await emu.calls('ComputeOptimizerAutomationService.ListAccounts')).toBe(0);
});

test('when Organizations cannot tell, Automation\'s own refusal is the one line', async () => {
  await emu.console(MEMBER.accountId, 'automation', 'Active');
  await emu.faults({ failNext: 10, operations: ['AWSOrganizationsV20161128.DescribeOrganization'] });
  const result = await run('apply', KIND, all(), { account: MEMBER, env: { AWS_MAX_ATTEMPTS: '1' } });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/NotManagementAccountException\): only the organization's management account can do this/);
});

test('the organisation listing counts statuses and rule modes', async () => {
  expect((await run('apply', KIND, listed([MEMBERS[0], MEMBERS[1]]))).code).toBe(0);
  const read = await run('read', 'automation-organization-accounts', payload('automation-organization-accounts', emu.url));
  expect(read.code).toBe(0);
  expect(read.json).toMatchObject({ accountCount: '3', activeCount: '2', inactiveCount: '1', anyAllowedCount: '2', noneAllowedCount: '1' });
  expect(JSON.parse(read.json!.accounts).map((a: { accountId: string }) => a.accountId)).toEqual(MEMBERS);
});

test('60 members are associated in two calls, the most AssociateAccounts takes being 50', async () => {
  const members = Array.from({ length: 60 }, (_, i) => ({ accountId: String(700000000000 + i), accessKeyId: `EMULATORBATCH${String(i).padStart(7, '0')}`, secretAccessKey: `batch-secret-${i}` }));
  const big = await emulator({ accounts: { management: MANAGEMENT, members } });
  try {
    for (const m of [MANAGEMENT, ...members]) await big.console(m.accountId, 'compute-optimizer', 'Active');
    await big.console(MANAGEMENT.accountId, 'automation', 'Active');
    const result = await run('apply', KIND, payload(KIND, big.url, { allMembers: 'true' }));
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ associatedCount: '60', inSync: 'true' });
    expect(await big.calls('ComputeOptimizerAutomationService.AssociateAccounts')).toBe(2);
  } finally {
    await big.close();
  }
});
