/**
 * Every account and organisation shape: an organisation with no members yet converges at once with member
 * accounts included (no wait, no update on the next apply, no drift in the next read).
 */
import { MANAGEMENT, emulator, payload, run, type TestEmulator } from './helpers';

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
