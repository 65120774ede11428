/**
 * The emulator applies a change and then drops the connection instead of answering (dropAfterApplyNext):
 * the retry, by the SDK within the run or by Terraform re-running the apply, must converge without doing
 * the change twice: Automation through its client token, the others by re-reading before acting.
 */
import { MANAGEMENT, emulator, payload, run, type TestEmulator } from './helpers';

const CO = 'compute-optimizer-enrollment';
const AUTO = 'automation-enrollment';
const HUB = 'cost-optimization-hub-enrollment';
const AUTO_UPDATE = 'ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration';
const CO_UPDATE = 'ComputeOptimizerService.UpdateEnrollmentStatus';
const HUB_UPDATE = 'CostOptimizationHubService.UpdateEnrollmentStatus';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  expect((await run('apply', CO, payload(CO, emu.url, { status: 'Active' }))).code).toBe(0);
});

const account = async () => (await emu.state()).accounts[MANAGEMENT.accountId];

test('Automation: the SDK-style retry reuses the client token, so AWS answers from its record', async () => {
  await emu.faults({ dropAfterApplyNext: 1, operations: [AUTO_UPDATE] });
  const r = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
  expect(r.code).toBe(0);
  const state = await emu.state();
  expect(state.accounts[MANAGEMENT.accountId].automation.status).toBe('Active');
  // Two calls arrived; the second was the same request (same token) and was answered without acting.
  expect(state.calls[AUTO_UPDATE]).toBe(2);
  expect(state.replayedCalls[AUTO_UPDATE]).toBe(1);
});

test('Automation: a failed run re-run by Terraform sees the change made and does not send it again', async () => {
  await emu.faults({ dropAfterApplyNext: 1, operations: [AUTO_UPDATE] });
  const first = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '1' } });
  expect(first.code).toBe(1);
  expect(first.stderr).toMatch(/UpdateEnrollmentConfiguration could not reach .*ECONNRESET/);
  const changedAt = (await account()).automation.lastUpdated;
  const again = await run('apply', AUTO, payload(AUTO, emu.url, { status: 'Active' }));
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/already Active; nothing to change/);
  expect((await emu.state()).calls[AUTO_UPDATE]).toBe(1);
  expect((await account()).automation.lastUpdated).toBe(changedAt);
});

test('Compute Optimizer opt-out: the retried update finds it done; the data is deleted once', async () => {
  expect((await account()).computeOptimizer.recommendationData).toBe('present');
  await emu.faults({ dropAfterApplyNext: 1, operations: [CO_UPDATE] });
  const r = await run('destroy', CO, payload(CO, emu.url, { status: 'Active', removalPolicy: 'opt-out', acknowledgeRecommendationDataDeletion: 'true' }));
  expect(r.code).toBe(0);
  const co = (await account()).computeOptimizer;
  expect(co).toMatchObject({ status: 'Inactive', recommendationData: 'deleted', recommendationDataDeletions: 1 });
  expect((await emu.state()).calls[CO_UPDATE]).toBe(3); // the apply in beforeEach, the dropped one, the retry
});

test('Cost Optimization Hub: a dropped answer and a re-run converge with one change', async () => {
  await emu.faults({ dropAfterApplyNext: 1, operations: [HUB_UPDATE] });
  const first = await run('apply', HUB, payload(HUB, emu.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '1' } });
  expect(first.code).toBe(1);
  const changedAt = (await account()).costOptimizationHub.lastUpdated;
  expect((await account()).costOptimizationHub.status).toBe('Active');
  const again = await run('apply', HUB, payload(HUB, emu.url, { status: 'Active' }));
  expect(again.code).toBe(0);
  expect((await emu.state()).calls[HUB_UPDATE]).toBe(1);
  expect((await account()).costOptimizationHub.lastUpdated).toBe(changedAt);
});
