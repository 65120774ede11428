import { READ_RESULT_FIELDS } from '../../src/shared';
import { MANAGEMENT, MEMBER, emulator, payload, run, type TestEmulator } from './helpers';

const AUTO = 'automation-enrollment';
const HUB = 'cost-optimization-hub-enrollment';
const HUB_STATUSES = 'cost-optimization-hub-enrollment-statuses';
const CO = 'compute-optimizer-enrollment';
const AUTO_UPDATE = 'ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('automation-enrollment', () => {
  test('read before Compute Optimizer is Active reports Inactive with the reason instead of failing the plan', async () => {
    const r = await run('read', AUTO, payload(AUTO, emu.url));
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!)).toEqual([...READ_RESULT_FIELDS[AUTO]]);
    expect(r.json).toMatchObject({ status: 'Inactive', statusReason: expect.stringMatching(/Compute Optimizer is not Active/) });
  });

  test('apply needs Compute Optimizer first, and says so', async () => {
    const r = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/OptInRequiredException\): Compute Optimizer Automation needs the account enrolled in Compute Optimizer first; declare a compute-optimizer-enrollment with status "Active"/);
  });

  test('apply, idempotent re-apply, opt-out and the 24-hour rule', async () => {
    expect((await run('apply', CO, payload(CO, emu.url, { status: 'Active' }))).code).toBe(0);
    const on = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(on.code).toBe(0);
    expect(on.json).toMatchObject({ status: 'Active', organizationRuleMode: 'NoneAllowed' });
    expect(await emu.calls(AUTO_UPDATE)).toBe(1);

    const again = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(again.code).toBe(0);
    expect(await emu.calls(AUTO_UPDATE)).toBe(1);

    const retained = await run('destroy', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(retained.code).toBe(0);
    expect((await emu.state()).accounts[MANAGEMENT.accountId].automation.status).toBe('Active');

    const off = await run('destroy', AUTO, payload(AUTO, emu.url, { status: 'Active', removalPolicy: 'opt-out' }));
    expect(off.code).toBe(0);
    expect(off.json?.status).toBe('Inactive');
    expect((await emu.state()).accounts[MANAGEMENT.accountId].automation).toMatchObject({ status: 'Inactive', rules: 'stopped' });

    const tooSoon = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.stderr).toMatch(/does not allow opting in again within 24 hours of opting out; re-run apply after \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/);

    await emu.admin('POST', 'clock', { advanceSeconds: 24 * 3600 + 60 });
    const later = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(later.code).toBe(0);
    expect(later.json?.status).toBe('Active');
  });

  test('the same apply retried reuses its client token; a new apply does not', async () => {
    await run('apply', CO, payload(CO, emu.url, { status: 'Active' }));
    // Drop the first update after the emulator has counted it: the SDK-style retry must resend the same body.
    await emu.faults({ dropNext: 1, operations: [AUTO_UPDATE] });
    const r = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
    expect(r.code).toBe(0);
    expect(await emu.calls(AUTO_UPDATE)).toBe(2);
  });

  test('destroy when Compute Optimizer is already off has nothing to do', async () => {
    const r = await run('destroy', AUTO, payload(AUTO, emu.url, { removalPolicy: 'opt-out', status: 'Active' }));
    expect(r.code).toBe(0);
    expect(r.json?.status).toBe('Inactive');
    expect(await emu.calls(AUTO_UPDATE)).toBe(0);
  });
});

describe('cost-optimization-hub-enrollment', () => {
  test('read, apply with member accounts, idempotent re-apply, statuses, opt-out', async () => {
    const before = await run('read', HUB, payload(HUB, emu.url));
    expect(before.code).toBe(0);
    expect(Object.keys(before.json!)).toEqual([...READ_RESULT_FIELDS[HUB]]);
    expect(before.json).toMatchObject({ status: 'Inactive', includeMemberAccounts: 'false' });

    const on = await run('apply', HUB, payload(HUB, emu.url, { status: 'Active', includeMemberAccounts: 'true' }));
    expect(on.code).toBe(0);
    expect(on.json).toMatchObject({ status: 'Active', includeMemberAccounts: 'true' });
    const UPDATE = 'CostOptimizationHubService.UpdateEnrollmentStatus';
    expect(await emu.calls(UPDATE)).toBe(1);
    expect((await run('apply', HUB, payload(HUB, emu.url, { status: 'Active', includeMemberAccounts: 'true' }))).code).toBe(0);
    expect(await emu.calls(UPDATE)).toBe(1);

    const statuses = await run('read', HUB_STATUSES, payload(HUB_STATUSES, emu.url, { includeOrganizationInfo: 'true' }));
    expect(statuses.code).toBe(0);
    expect(Object.keys(statuses.json!)).toEqual([...READ_RESULT_FIELDS[HUB_STATUSES]]);
    expect(statuses.json).toMatchObject({ includeMemberAccounts: 'true', accountCount: '4' });
    const items = JSON.parse(statuses.json!.items);
    expect(Object.keys(items[0])).toEqual(['accountId', 'status', 'lastUpdatedTimestamp', 'createdTimestamp']);

    const one = await run('read', HUB_STATUSES, payload(HUB_STATUSES, emu.url, { accountId: MEMBER.accountId }));
    expect(one.code).toBe(0);
    expect(JSON.parse(one.json!.items).map((i: { accountId: string }) => i.accountId)).toEqual([MEMBER.accountId]);

    const off = await run('destroy', HUB, payload(HUB, emu.url, { status: 'Active', removalPolicy: 'opt-out' }));
    expect(off.code).toBe(0);
    expect(off.json?.status).toBe('Inactive');
  });

  test('includeMemberAccounts "false" after "true" leaves the members enrolled and settles at once', async () => {
    const UPDATE = 'CostOptimizationHubService.UpdateEnrollmentStatus';
    expect((await run('apply', HUB, payload(HUB, emu.url, { status: 'Active', includeMemberAccounts: 'true' }))).code).toBe(0);
    expect(await emu.calls(UPDATE)).toBe(1);
    // AWS has no way to opt members out through this flag, so there is nothing to change and nothing to wait for.
    const started = Date.now();
    const without = await run('apply', HUB, payload(HUB, emu.url, { status: 'Active', includeMemberAccounts: 'false', timeoutSeconds: '30' }));
    expect(without.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await emu.calls(UPDATE)).toBe(1);
    const members = await run('read', HUB_STATUSES, payload(HUB_STATUSES, emu.url, { accountId: MEMBER.accountId }));
    expect(JSON.parse(members.json!.items)[0].status).toBe('Active');
  });

  test('a member reading another account is refused with the IAM action named', async () => {
    const r = await run('read', HUB_STATUSES, payload(HUB_STATUSES, emu.url, { accountId: '333333333333' }), { account: MEMBER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/allow the IAM action cost-optimization-hub:ListEnrollmentStatuses .* in us-east-1/);
  });
});
