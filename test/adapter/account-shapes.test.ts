/**
 * Every account and organisation shape: an organisation with no members yet converges at once with member
 * accounts included (no wait, no update on the next apply, no drift in the next read).
 */
import { MANAGEMENT, MEMBER, STANDALONE, emulator, payload, run, type TestEmulator } from './helpers';

let lonely: TestEmulator;
beforeAll(async () => {
  lonely = await emulator({ accounts: { management: MANAGEMENT, members: [], standalone: [] } });
});
afterAll(async () => {
  await lonely.close();
});
beforeEach(async () => {
  await lonely.reset();
});

const CO = 'compute-optimizer-enrollment';
const HUB = 'cost-optimization-hub-enrollment';

test('Compute Optimizer with member accounts included and no members: converges, re-applies nothing, reads in sync', async () => {
  const declared = payload(CO, lonely.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '5' });
  const first = await run('apply', CO, declared);
  expect(first.code).toBe(0);
  expect(first.json).toMatchObject({ status: 'Active', memberAccountsEnrolled: 'false', memberAccountsIncluded: 'true' });
  expect(await lonely.calls('ComputeOptimizerService.UpdateEnrollmentStatus')).toBe(1);

  const again = await run('apply', CO, declared);
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/already Active with member accounts; nothing to change/);
  expect(await lonely.calls('ComputeOptimizerService.UpdateEnrollmentStatus')).toBe(1);

  // The plan-time read (what the drift check compares) says no member is left out.
  const read = await run('read', CO, payload(CO, lonely.url, { includeMemberAccounts: 'true' }));
  expect(read.json).toMatchObject({ status: 'Active', memberAccountsEnrolled: 'false', memberAccountsIncluded: 'true' });
});

test('Cost Optimization Hub with member accounts included and no members: converges at once and re-applies nothing', async () => {
  const declared = payload(HUB, lonely.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '5' });
  const started = Date.now();
  const first = await run('apply', HUB, declared);
  expect(first.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(4000);
  expect(first.json).toMatchObject({ status: 'Active', includeMemberAccounts: 'true' });
  const again = await run('apply', HUB, declared);
  expect(again.stderr).toMatch(/already Active; nothing to change/);
  expect(await lonely.calls('CostOptimizationHubService.UpdateEnrollmentStatus')).toBe(1);
});

describe('only the management account can include member accounts', () => {
  let org: TestEmulator;
  beforeAll(async () => {
    org = await emulator();
  });
  afterAll(async () => {
    await org.close();
  });
  beforeEach(async () => {
    await org.reset();
  });

  const MEMBER_REFUSAL = /account 222222222222 is a member account of organization o-[a-z0-9]+ \(management account 111111111111\), and only the management account can include member accounts; run this from the management account, or drop includeMemberAccounts/;
  const STANDALONE_REFUSAL = /account 555555555555 is a standalone account \(it belongs to no organization\), and only an organization's management account can include member accounts; drop includeMemberAccounts/;

  test.each([
    [CO, 'a member', MEMBER, MEMBER_REFUSAL, 'ComputeOptimizerService.UpdateEnrollmentStatus'],
    [HUB, 'a member', MEMBER, MEMBER_REFUSAL, 'CostOptimizationHubService.UpdateEnrollmentStatus'],
    [CO, 'a standalone', STANDALONE, STANDALONE_REFUSAL, 'ComputeOptimizerService.UpdateEnrollmentStatus'],
    [HUB, 'a standalone', STANDALONE, STANDALONE_REFUSAL, 'CostOptimizationHubService.UpdateEnrollmentStatus'],
  ])('%s from %s account: refused at once, in one line, before any change', async (kind, _label, account, refusal, update) => {
    const started = Date.now();
    const out = await run('apply', kind, payload(kind, org.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '30' }), { account });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(refusal);
    expect(out.stderr).toMatch(new RegExp(`^cdktf-aws-enrollment [^\\n]*${kind}: includeMemberAccounts is true`));
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(await org.calls(update)).toBe(0);
  });

  test('the same accounts without includeMemberAccounts enroll themselves, and the identity calls are not made', async () => {
    for (const account of [MEMBER, STANDALONE]) {
      const out = await run('apply', HUB, payload(HUB, org.url, { status: 'Active', timeoutSeconds: '5' }), { account });
      expect(out.code).toBe(0);
    }
    expect(await org.calls('AWSOrganizationsV20161128.DescribeOrganization')).toBe(0);
  });

  test('the management account asks once per run, and goes on', async () => {
    const out = await run('apply', CO, payload(CO, org.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '10' }));
    expect(out.code).toBe(0);
    expect(await org.calls('AWSOrganizationsV20161128.DescribeOrganization')).toBe(1);
  });

  test('when Organizations will not answer, a note says so and the run goes on as before', async () => {
    await org.faults({ failNext: 10, operations: ['AWSOrganizationsV20161128.DescribeOrganization'] });
    const out = await run('apply', CO, payload(CO, org.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '10' }), { env: { AWS_MAX_ATTEMPTS: '1' } });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/note: could not tell whether account 111111111111 is an organisation's management account \(.*Organizations DescribeOrganization.*\); going on/);
    expect(await org.calls('ComputeOptimizerService.UpdateEnrollmentStatus')).toBe(1);
  });

  test('a member account declaring Automation member associations is refused before any association', async () => {
    const kind = 'automation-member-accounts';
    const out = await run('apply', kind, payload(kind, org.url, { allMembers: 'true', accountIds: '[]', removalPolicy: 'retain', timeoutSeconds: '5' }), { account: MEMBER });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/account 222222222222 is a member account of organization .*only the management account can associate member accounts; run this from the management account, or move this declaration to the management account's stack/);
    expect(await org.calls('ComputeOptimizerAutomationService.AssociateAccounts')).toBe(0);
  });
});
