import { READ_RESULT_FIELDS } from '../../src/shared';
import { MANAGEMENT, MEMBER, emulator, payload, run, type TestEmulator } from './helpers';

const KIND = 'compute-optimizer-enrollment';
const UPDATE = 'ComputeOptimizerService.UpdateEnrollmentStatus';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('compute-optimizer-enrollment', () => {
  test('read prints exactly the declared keys, all strings', async () => {
    const r = await run('read', KIND, payload(KIND, emu.url));
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!)).toEqual([...READ_RESULT_FIELDS[KIND]]);
    expect(Object.values(r.json!).every((v) => typeof v === 'string')).toBe(true);
    expect(r.json).toMatchObject({ status: 'Inactive', memberAccountsEnrolled: 'false', numberOfMemberAccountsOptedIn: '0' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  test('apply opts in, and a re-apply makes no second update call', async () => {
    const first = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active' }));
    expect(first.code).toBe(0);
    expect(first.json?.status).toBe('Active');
    expect(await emu.calls(UPDATE)).toBe(1);

    const again = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active' }));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already Active; nothing to change/);
    expect(await emu.calls(UPDATE)).toBe(1);
    const state = await emu.state();
    expect(state.accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Active');
  });

  test('apply with member accounts waits out Pending with one progress line per poll', async () => {
    // Long enough that even a slow machine sees members Pending on the first poll.
    await emu.admin('POST', 'config', { memberEnrollmentDelayMs: 2000 });
    const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', includeMemberAccounts: 'true' }));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 'Active', memberAccountsEnrolled: 'true', numberOfMemberAccountsOptedIn: '3' });
    const progress = r.stderr.split('\n').filter((l) => /member accounts enrolled…/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatch(/^0 of 3 member accounts enrolled… \(\d+s of 600s\)$/);
    // Idempotent with members too.
    const again = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', includeMemberAccounts: 'true' }));
    expect(again.code).toBe(0);
    expect(await emu.calls(UPDATE)).toBe(1);
  });

  test('apply that does not settle in time fails with the timeout and the last progress', async () => {
    await emu.admin('POST', 'config', { memberEnrollmentDelayMs: 120_000 });
    const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '1' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/timed out after 1s waiting for Compute Optimizer enrollment to become Active; last seen: 0 of 3 member accounts enrolled…; .*re-run apply/);
  });

  test('Failed while waiting is an error that carries statusReason', async () => {
    await emu.admin('POST', 'config', { memberEnrollmentDelayMs: 120_000 });
    let failed = false;
    const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', includeMemberAccounts: 'true', timeoutSeconds: '60' }), {
      onStderr: (line) => {
        if (!failed && /member accounts enrolled/.test(line)) {
          failed = true;
          void emu.console(MANAGEMENT.accountId, 'compute-optimizer', 'Failed', 'The service-linked role could not be created');
        }
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Compute Optimizer enrollment is Failed: The service-linked role could not be created; fix the cause and re-run apply/);
  });

  test('destroy retains by default and opts out only with the acknowledgement', async () => {
    await run('apply', KIND, payload(KIND, emu.url, { status: 'Active' }));
    const retained = await run('destroy', KIND, payload(KIND, emu.url, { status: 'Active' }));
    expect(retained.code).toBe(0);
    expect(retained.stdout).toBe('');
    expect(retained.stderr).toMatch(/removalPolicy is "retain"/);
    expect((await emu.state()).accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Active');

    const refused = await run('destroy', KIND, payload(KIND, emu.url, { status: 'Active', removalPolicy: 'opt-out' }));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/deletes its recommendation data.*set `acknowledgeRecommendationDataDeletion` to "true"/);
    expect((await emu.state()).accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Active');

    const out = await run('destroy', KIND, payload(KIND, emu.url, { status: 'Active', removalPolicy: 'opt-out', acknowledgeRecommendationDataDeletion: 'true' }));
    expect(out.code).toBe(0);
    expect(out.json?.status).toBe('Inactive');
    const co = (await emu.state()).accounts[MANAGEMENT.accountId].computeOptimizer;
    expect(co).toMatchObject({ status: 'Inactive', recommendationData: 'deleted' });
  });

  test('apply refuses an opt-out removal policy without the acknowledgement before changing anything', async () => {
    const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', removalPolicy: 'opt-out' }));
    expect(r.code).toBe(2);
    expect(await emu.calls(UPDATE)).toBe(0);
  });

  test('a member account opts itself in', async () => {
    const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active' }), { account: MEMBER });
    expect(r.code).toBe(0);
    expect((await emu.state()).accounts[MEMBER.accountId].computeOptimizer.status).toBe('Active');
  });
});

describe('compute-optimizer-organization-statuses', () => {
  const ORG = 'compute-optimizer-organization-statuses';
  test('lists every member with counts per status, filtered on request', async () => {
    await emu.console(MEMBER.accountId, 'compute-optimizer', 'Active');
    const all = await run('read', ORG, payload(ORG, emu.url));
    expect(all.code).toBe(0);
    expect(all.json).toMatchObject({ accountCount: '3', activeCount: '1', inactiveCount: '2', pendingCount: '0', failedCount: '0' });
    const accounts = JSON.parse(all.json!.accounts);
    expect(accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual(['222222222222', '333333333333', '444444444444']);
    expect(Object.keys(accounts[0])).toEqual(['accountId', 'status', 'statusReason', 'lastUpdatedTimestamp']);

    const active = await run('read', ORG, payload(ORG, emu.url, { statusFilter: 'Active' }));
    expect(active.json).toMatchObject({ accountCount: '1', activeCount: '1' });
  });

  test('a member account is told the listing needs the management account, naming the IAM action', async () => {
    const r = await run('read', ORG, payload(ORG, emu.url), { account: MEMBER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GetEnrollmentStatusesForOrganization was refused \(AccessDeniedException\): allow the IAM action compute-optimizer:GetEnrollmentStatusesForOrganization/);
    expect(r.stderr).toMatch(/Only the management account/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('pagination', () => {
  test('follows nextToken across many pages, with the model maximum as the default page size', async () => {
    const members = Array.from({ length: 25 }, (_, i) => ({ accountId: String(900000000000 + i), accessKeyId: `EMULATORPAGE${String(i).padStart(8, '0')}`, secretAccessKey: `page-${i}` }));
    const big = await emulator({ accounts: { management: MANAGEMENT, members } });
    try {
      const ORG = 'compute-optimizer-organization-statuses';
      const TARGET = 'ComputeOptimizerService.GetEnrollmentStatusesForOrganization';
      const paged = await run('read', ORG, payload(ORG, big.url, { pageSize: '4' }));
      expect(paged.code).toBe(0);
      expect(paged.json?.accountCount).toBe('25');
      expect(new Set(JSON.parse(paged.json!.accounts).map((a: { accountId: string }) => a.accountId)).size).toBe(25);
      expect(await big.calls(TARGET)).toBe(7);

      await big.reset();
      const whole = await run('read', ORG, payload(ORG, big.url));
      expect(whole.json?.accountCount).toBe('25');
      expect(await big.calls(TARGET)).toBe(1);

      const HUB = 'cost-optimization-hub-enrollment-statuses';
      const hub = await run('read', HUB, payload(HUB, big.url, { includeOrganizationInfo: 'true', pageSize: '10' }));
      expect(hub.code).toBe(0);
      expect(hub.json?.accountCount).toBe('26');
      expect(await big.calls('CostOptimizationHubService.ListEnrollmentStatuses')).toBe(3);
    } finally {
      await big.close();
    }
  });
});

test('includeMemberAccounts from a member account fails before changing anything', async () => {
  const r = await run('apply', KIND, payload(KIND, emu.url, { status: 'Active', includeMemberAccounts: 'true' }), { account: MEMBER });
  // The account's role, not an IAM permission, is the cause: the line says which account, its role and the fix.
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/account 222222222222 is a member account of organization o-\w+ \(management account 111111111111\).*run this from the management account, or drop includeMemberAccounts/);
  expect(r.stderr).not.toMatch(/IAM action/);
  expect(await emu.calls(UPDATE)).toBe(0);
  expect(await emu.calls('ComputeOptimizerService.GetEnrollmentStatusesForOrganization')).toBe(0);
});
