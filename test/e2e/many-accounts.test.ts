/**
 * A stack of several accounts through real Terraform: the management account (by the default chain, with its
 * organisation status reads) and every member through its own profile. The plan reads all of them in one
 * adapter process (plus one for the reads that wait for the enrollments), and each account's drift check
 * still sees its own account: a console change in one member fails that member's check alone.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { OrganizationOptimizationEnrollment } from '../../src';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { checkResults, expectPlanCode, partsAtPlan, plan, plannedActions } from '../support/external-provider/plans';
import type { TerraformRunner } from '../support/external-provider/terraform';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

const MEMBERS = DEFAULT_ACCOUNTS.members;
/** Terraform's lines for each data source read while planning. */
const readsIn = (stdout: string) => stdout.match(/data\.external\.EnrollmentRead_\w+: Read complete after/g) ?? [];

let world: World;
let tf: TerraformRunner;

beforeAll(async () => {
  world = await startWorld();
  // The world's AWS_SHARED_CREDENTIALS_FILE: one profile per member account.
  writeFileSync(
    path.join(world.dir, 'no-aws-credentials'),
    MEMBERS.map((m, i) => `[member-${i + 1}]\naws_access_key_id = ${m.accessKeyId}\naws_secret_access_key = ${m.secretAccessKey}\n`).join('\n'),
  );
  tf = world.synth('accounts', (stack, endpoint) => {
    new OrganizationOptimizationEnrollment(stack, 'Management', { region: 'us-east-1', endpoint, includeMemberAccounts: true });
    MEMBERS.forEach((_, i) => {
      new OrganizationOptimizationEnrollment(stack, `Member${i + 1}`, { region: 'us-east-1', endpoint, profile: `member-${i + 1}`, includeMemberAccounts: false, statusReport: false });
    });
  });
  await tf.ok(['init', '-no-color', '-input=false']);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
});

afterAll(async () => {
  await world?.close();
});

test(`a steady plan of ${MEMBERS.length + 1} accounts reads them all in one adapter process, each part for its own account`, async () => {
  const outcome = await plan(tf, 'steady');
  expectPlanCode(outcome, 0);
  // The stack's read and the organisation reads that wait for the enrollments: two, however many accounts.
  expect(readsIn(outcome.result.stdout)).toHaveLength(2);
  expect(Object.keys(outcome.json.prior_state.values.root_module.resources.filter((r: any) => r.mode === 'data'))).toHaveLength(2);
  const parts = partsAtPlan(outcome.json);
  const members = Object.entries(parts).filter(([label]) => /^Member\d_ComputeOptimizer_/.test(label));
  expect(members).toHaveLength(MEMBERS.length);
  for (const [, result] of members) expect(result.status).toBe('Active');
  for (const c of checkResults(outcome.json)) expect([c.address, c.status]).toEqual([c.address, 'pass']);
});

test("one member's console opt-out fails that member's checks only, and the plan repairs that member only", async () => {
  const changed = MEMBERS[1];
  await world.admin.setStatus(changed.accountId, 'automation', 'Inactive');
  const outcome = await plan(tf, 'one-member');
  expectPlanCode(outcome, 2);
  // Both reads still at plan time: the organisation reads wait for the management account's enrollments
  // only (ordering per account), and those do not change.
  expect(readsIn(outcome.result.stdout)).toHaveLength(2);
  const failing = checkResults(outcome.json).filter((c) => c.status !== 'pass');
  expect(failing.map((c) => c.address)).toEqual([expect.stringMatching(/^check\.Member2_Automation_\w+_in_sync$/)]);
  const changes = Object.entries(plannedActions(outcome.json)).filter(([, action]) => action !== 'no-op' && action !== 'read');
  expect(changes.map(([address]) => address)).toEqual([expect.stringMatching(/^terraform_data\.Member2_Automation_\w+$/)]);

  // AWS refuses opting in to Automation again within 24 hours of opting out: wait them out on the emulator's clock.
  await world.admin.advanceClock(25 * 3600);
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect((await world.admin.state()).accounts[changed.accountId].automation.status).toBe('Active');
  expectPlanCode(await plan(tf, 'repaired'), 0);
});
