/**
 * The whole product through real Terraform: every construct in one stack against the emulator, with the
 * hashicorp/external stand-in serving the plan-time reads.
 *
 * The steps run in order and share one stack (each builds on the state the previous one left):
 * plan shows reads and planned enrollments → apply → "No changes" → opt out in the "console" → the plan warns
 * (check block) and plans the repair → apply repairs → clean again → Pending is not drift → a failing read is a
 * readable Terraform error.
 */
import { ComputeOptimizerClient, UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { buildEnrollmentStack } from '../support/external-provider/enrollment-stack';
import { savePlanFixture } from '../support/external-provider/plan-fixtures';
import { PlanOutcome, checkResults, expectPlanCode, partsAtPlan, plan, plannedActions, readCarrying } from '../support/external-provider/plans';
import type { TerraformRunner } from '../support/external-provider/terraform';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;
const MEMBER = DEFAULT_ACCOUNTS.members[0].accountId;

/** Terraform wraps diagnostics to the terminal width; compare sentences with whitespace collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

// cdktf appends a hash to every logical id, so resources are found by the readable part of their address.
const ENROLLMENTS = {
  computeOptimizer: 'terraform_data.Org_ComputeOptimizer_',
  automation: 'terraform_data.Org_Automation_',
  hub: 'terraform_data.Org_CostOptimizationHub_',
};
// Each enrollment's drift read is a part of the stack's one read, labelled with the resource it checks.
const OBSERVED = {
  computeOptimizer: 'Org_ComputeOptimizer_',
  automation: 'Org_Automation_',
  hub: 'Org_CostOptimizationHub_',
};

/** The one entry whose key starts with `prefix` (undefined when none; an error when ambiguous). */
function pick<T>(record: Record<string, T>, prefix: string): T | undefined {
  const keys = Object.keys(record).filter((k) => k.startsWith(prefix));
  if (keys.length > 1) throw new Error(`several addresses start with ${prefix}: ${keys.join(', ')}`);
  return keys.length === 1 ? record[keys[0]] : undefined;
}

let world: World;
let tf: TerraformRunner;

function statusOf(state: any, accountId: string, service: 'computeOptimizer' | 'automation' | 'costOptimizationHub'): string {
  return state.accounts[accountId][service].status;
}

beforeAll(async () => {
  world = await startWorld();
  tf = world.synth('enrollment', buildEnrollmentStack);
  await tf.ok(['init', '-no-color', '-input=false']);
});

afterAll(async () => {
  if (process.env.E2E_TIMINGS === '1') {
    for (const h of tf?.history ?? []) process.stderr.write(`terraform ${h.args.join(' ')}: ${h.durationMs} ms\n`);
  }
  await world?.close();
});

test('the first plan reads AWS through the data sources and plans every enrollment', async () => {
  const outcome = await plan(tf, 'initial');
  expectPlanCode(outcome, 2);
  savePlanFixture('initial', outcome.json, world.endpoint);

  // One read for the stack's drift checks: one adapter process, not one per check.
  expect(outcome.result.stdout.match(/data\.external\.EnrollmentRead_\w+: Read complete after/g)).toHaveLength(1);
  const reads = partsAtPlan(outcome.json);
  for (const prefix of Object.values(OBSERVED)) expect(pick(reads, prefix)?.status).toBe('Inactive');

  const actions = plannedActions(outcome.json);
  for (const prefix of Object.values(ENROLLMENTS)) expect(pick(actions, prefix)).toBe('create');
  // Reads that wait for the enrollments happen during apply, so outputs describe AWS after it.
  expect(actions[readCarrying(outcome.json, 'enrollment/CoStatus')!]).toBe('read');

  // The payload (schema marker, kind, declared status) is what the plan review reads; no credentials in it.
  const co = outcome.json.resource_changes.find((r: any) => r.address.startsWith(ENROLLMENTS.computeOptimizer));
  expect(co.change.after.input).toMatchObject({ schema: 'cdktf-aws-enrollment/v1', kind: 'compute-optimizer-enrollment', status: 'Active' });
  expect(JSON.stringify(outcome.json)).not.toContain(DEFAULT_ACCOUNTS.management.secretAccessKey);
});

test('apply enrolls the organisation in all three services', async () => {
  await tf.ok(['apply', '-no-color', '-input=false', 'initial.tfplan']);
  const state = await world.admin.state();
  expect(statusOf(state, MANAGEMENT, 'computeOptimizer')).toBe('Active');
  expect(statusOf(state, MEMBER, 'computeOptimizer')).toBe('Active');
  expect(statusOf(state, MANAGEMENT, 'automation')).toBe('Active');
  expect(statusOf(state, MANAGEMENT, 'costOptimizationHub')).toBe('Active');
  const outputs = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  expect(outputs.compute_optimizer_status.value).toBe('Active');
  // Credentials reach the adapter only through the environment: never the state, which stores every read.
  const stateText = readFileSync(path.join(tf.cwd, 'terraform.tfstate'), 'utf8');
  expect(stateText).toContain('cdktf-aws-enrollment/v1');
  expect(stateText).not.toContain(DEFAULT_ACCOUNTS.management.secretAccessKey);
  expect(stateText).not.toContain(DEFAULT_ACCOUNTS.management.accessKeyId);
  expect(outputs.automation_status.value).toBe('Active');
  // Read during apply, after the enrollments; page size 2 makes the adapter follow nextToken over 3 members.
  expect(String(outputs.active_member_count.value)).toBe('3');
  expect(String(outputs.organization_active_count.value)).toBe('3');
  expect(JSON.stringify(outputs.member_hub_items.value)).toContain(MEMBER);
});

test('the plan after apply says "No changes" and every check passes', async () => {
  const outcome = await plan(tf, 'in-sync');
  expectPlanCode(outcome, 0);
  expect(outcome.result.stdout).toContain('No changes. Your infrastructure matches the configuration.');
  savePlanFixture('in-sync', outcome.json, world.endpoint);
  const checks = checkResults(outcome.json);
  // One per enrollment, one for the account's Automation rule set, one for the members' association.
  expect(checks.length).toBe(5);
  for (const c of checks) expect(c.status).toBe('pass');
});

test('an opt-out made in the console shows as drift: the check warns and the plan repairs it', async () => {
  await world.admin.setStatus(MANAGEMENT, 'compute-optimizer', 'Inactive', 'Opted out in the console');
  const outcome = await plan(tf, 'drift');
  expectPlanCode(outcome, 2);
  savePlanFixture('drift', outcome.json, world.endpoint);

  expect(pick(partsAtPlan(outcome.json), OBSERVED.computeOptimizer)?.status).toBe('Inactive');
  const text = flat(outcome.result.stdout);
  expect(text).toContain('Warning: Check block assertion failed');
  expect(text).toContain('Compute Optimizer enrollment has drifted: AWS reports status "Inactive"');
  expect(text).toContain('the stack declares "Active"');

  // Automation needs Compute Optimizer: its read reports Inactive too, so it is re-applied after it.
  expect(text).toContain('Compute Optimizer Automation enrollment has drifted: AWS reports status "Inactive"');
  const failing = checkResults(outcome.json).filter((c) => c.status !== 'pass').map((c) => c.address);
  expect(failing).toHaveLength(2);
  expect(failing).toEqual(expect.arrayContaining([expect.stringContaining('Org_ComputeOptimizer_'), expect.stringContaining('Org_Automation_')]));

  const actions = plannedActions(outcome.json);
  expect(pick(actions, ENROLLMENTS.computeOptimizer)).toMatch(/^(delete,create|create,delete)$/);
  expect(pick(actions, ENROLLMENTS.automation)).toMatch(/^(delete,create|create,delete)$/);
  expect(pick(actions, ENROLLMENTS.hub)).toBeUndefined();
  const reasons = outcome.json.resource_changes.filter((r: any) => r.address.startsWith('terraform_data.') && r.change.actions.includes('create'));
  for (const r of reasons) expect(r.change.replace_paths).toEqual([['triggers_replace']]);
});

test('apply repairs the drift, and the next plan is clean again', async () => {
  await tf.ok(['apply', '-no-color', '-input=false', 'drift.tfplan']);
  const state = await world.admin.state();
  expect(statusOf(state, MANAGEMENT, 'computeOptimizer')).toBe('Active');

  const outcome = await plan(tf, 'repaired');
  expectPlanCode(outcome, 0);
  expect(outcome.result.stdout).toContain('No changes.');
  for (const c of checkResults(outcome.json)) expect(c.status).toBe('pass');
});

let pending: PlanOutcome;

test('Pending while planning is enrollment in progress, not drift', async () => {
  // Someone re-enrolls the organisation while a member is out: AWS answers Pending until the member is in.
  await world.admin.config({ memberEnrollmentDelayMs: 3_600_000 });
  await world.admin.setStatus(MEMBER, 'compute-optimizer', 'Inactive');
  const client = new ComputeOptimizerClient({
    region: 'us-east-1',
    endpoint: world.endpoint,
    credentials: { accessKeyId: DEFAULT_ACCOUNTS.management.accessKeyId, secretAccessKey: DEFAULT_ACCOUNTS.management.secretAccessKey },
  });
  const answer = await client.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  client.destroy();
  expect(answer.status).toBe('Pending');

  pending = await plan(tf, 'pending');
  expect(pending.json).toBeDefined();
  savePlanFixture('pending', pending.json, world.endpoint);
  expect(pick(partsAtPlan(pending.json), OBSERVED.computeOptimizer)?.status).toBe('Pending');
  const actions = plannedActions(pending.json);
  expect(pick(actions, ENROLLMENTS.computeOptimizer)).toBeUndefined();
  expect(pick(actions, ENROLLMENTS.hub)).toBeUndefined();
  const coCheck = checkResults(pending.json).find((c) => c.address.includes('Org_ComputeOptimizer_'));
  expect(coCheck?.status).toBe('pass');
  expect(flat(pending.result.stdout)).not.toContain('Compute Optimizer enrollment has drifted');
});

// A management account that is Pending is opted in itself (only members are still enrolling), so Automation
// keeps answering and is not re-applied.
test('Pending Compute Optimizer does not make Automation look drifted', () => {
  expect(pick(plannedActions(pending.json), ENROLLMENTS.automation)).toBeUndefined();
  for (const c of checkResults(pending.json)) expect(c.status).toBe('pass');
});

test('once the members are in, AWS reports Active and nothing is planned', async () => {
  await world.admin.advanceClock(3_601);
  const settled = await plan(tf, 'settled');
  expect(settled.json).toBeDefined();
  expect(pick(partsAtPlan(settled.json), OBSERVED.computeOptimizer)?.status).toBe('Active');
  expect(Object.keys(plannedActions(settled.json)).filter((a) => a.startsWith('terraform_data.'))).toEqual([]);
  for (const c of checkResults(settled.json)) expect(c.status).toBe('pass');
});

test('a member account opted out in the console is drift of includeMemberAccounts: the repair re-enrolls it', async () => {
  const other = DEFAULT_ACCOUNTS.members[1].accountId;
  await world.admin.config({ memberEnrollmentDelayMs: 0 });
  await world.admin.setStatus(other, 'compute-optimizer', 'Inactive');
  const outcome = await plan(tf, 'member-drift');
  expectPlanCode(outcome, 2);
  savePlanFixture('member-drift', outcome.json, world.endpoint);
  expect(pick(partsAtPlan(outcome.json), OBSERVED.computeOptimizer)).toMatchObject({ status: 'Active', memberAccountsEnrolled: 'false' });
  expect(flat(outcome.result.stdout)).toContain('(member accounts reported: "false")');
  expect(pick(plannedActions(outcome.json), ENROLLMENTS.computeOptimizer)).toMatch(/^(delete,create|create,delete)$/);

  await tf.ok(['apply', '-no-color', '-input=false', 'member-drift.tfplan']);
  expect(statusOf(await world.admin.state(), other, 'computeOptimizer')).toBe('Active');
  const clean = await plan(tf, 'member-repaired');
  expect(Object.keys(plannedActions(clean.json)).filter((a) => a.startsWith('terraform_data.'))).toEqual([]);
  for (const c of checkResults(clean.json)) expect(c.status).toBe('pass');
});

test('an adapter failure during a read is a readable Terraform error naming the data source', async () => {
  await world.admin.faults({ failNext: 50, operations: ['ComputeOptimizerService.GetEnrollmentStatus'] });
  try {
    const outcome = await plan(tf, 'read-error');
    expectPlanCode(outcome, 1);
    const err = flat(outcome.result.stderr);
    expect(err).toContain('Error: External Program Execution Failed');
    expect(err).toMatch(/with data\.external\.EnrollmentRead_\w+/); // the data source's address
    // ...and the message names the part that failed: what was read, for which resource.
    expect(err).toMatch(/compute-optimizer-enrollment for Org_ComputeOptimizer_\w+/);
    expect(err).toContain('State: exit status 1');
    // The adapter's one-line message (what failed, why, what to do) is carried verbatim.
    const message = /Error Message: (.*?) State: exit status/.exec(err)?.[1] ?? '';
    expect(message).toMatch(/InternalServerException|500|internal/i);
    expect(message.length).toBeGreaterThan(20);
    if (process.env.E2E_TIMINGS === '1') process.stderr.write(`adapter read failure as Terraform shows it: ${message}\n`);
  } finally {
    await world.admin.clearFaults();
  }
});
