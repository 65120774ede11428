/**
 * The plan review on the end-to-end suite's own plans (test/support/external-provider/plan-fixtures.ts: the
 * full stack with every construct, made by another scenario than ours), so the review is checked against
 * plans it was not written alongside: first plan, in sync, destroy, drift, Pending, a member's drift.
 */
import * as path from 'node:path';
import { sharedPlanFixtures } from '../support/external-provider/plan-fixtures';
import { runCli } from './helpers';

jest.setTimeout(180_000);

let dir: string;
const file = (name: string) => path.join(dir, `${name}.plan.json`);

// The run's one set of fixtures, shared with test/e2e/plan-fixtures.test.ts (which checks how they are made).
beforeAll(async () => {
  ({ dir } = await sharedPlanFixtures());
});

type Resource = { address: string; kind: string; action: string; risks: { code: string; text: string }[]; [key: string]: any };

async function resources(name: string): Promise<Record<string, Resource>> {
  const run = await runCli(['--format', 'json', file(name)]);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const doc = JSON.parse(run.stdout);
  expect(doc.stacks[0].name).toBe(name);
  return Object.fromEntries(doc.stacks[0].resources.map((r: Resource) => [r.kind, r]));
}

const actions = (byKind: Record<string, Resource>) => Object.fromEntries(Object.entries(byKind).map(([k, r]) => [k, r.action]));

test('first plan: three enrollments, no drift reported for what the plan itself enrolls', async () => {
  const r = await resources('initial');
  expect(actions(r)).toEqual({
    'automation-enrollment': 'enroll',
    'compute-optimizer-enrollment': 'enroll',
    'cost-optimization-hub-enrollment': 'enroll',
  });
  expect(Object.values(r).every((x) => x.drift === null)).toBe(true);
});

test('in sync: no changes', async () => {
  expect(Object.values(actions(await resources('in-sync')))).toEqual(['no-change', 'no-change', 'no-change']);
});

test('destroy with removal policy retain: Terraform lets go, AWS stays', async () => {
  const r = await resources('destroy');
  expect(Object.values(actions(r))).toEqual(['stop-managing', 'stop-managing', 'stop-managing']);
  expect(r['compute-optimizer-enrollment'].risks.map((n) => n.code)).toEqual(['aws-unchanged']);
});

test('console opt-out: both affected services repaired, with the check messages', async () => {
  const r = await resources('drift');
  expect(actions(r)).toEqual({
    'automation-enrollment': 'repair-drift',
    'compute-optimizer-enrollment': 'repair-drift',
    'cost-optimization-hub-enrollment': 'no-change',
  });
  expect(r['compute-optimizer-enrollment'].drift.messages[0]).toMatch(/AWS reports status "Inactive" \(reason: "Opted out in the console"\)/);
  const markdown = await runCli([file('drift'), '--fail-on', 'drift']);
  expect(markdown.code).toBe(3);
  expect(markdown.stdout).toContain('**Drift** (AWS no longer matches the code; apply repairs it):');
});

test('Pending: Compute Optimizer is in progress, not drifting', async () => {
  const r = await resources('pending');
  expect(r['compute-optimizer-enrollment']).toMatchObject({ action: 'no-change', drift: null, observed: { status: 'Pending' } });
  expect(r['compute-optimizer-enrollment'].risks.map((n) => n.code)).toEqual(['pending']);
});

test("a member account's opt-out: the enrollment is re-applied to enroll the members again", async () => {
  const r = await resources('member-drift');
  const co = r['compute-optimizer-enrollment'];
  expect(co).toMatchObject({ action: 'repair-drift', observed: { status: 'Active', memberAccountsEnrolled: false } });
  expect(co.risks.map((n) => n.code)).toEqual(['member-accounts']);
  expect(co.risks[0].text).toMatch(/^Enrolls the organisation's member accounts again: AWS reports them not enrolled/);
});

test('all six plans as one multi-stack comment', async () => {
  const names = ['initial', 'in-sync', 'destroy', 'drift', 'pending', 'member-drift'];
  const run = await runCli(names.map(file));
  expect(run.code).toBe(0);
  expect(run.stdout.split('\n').filter((l) => l.startsWith('### Stack '))).toEqual(names.map((n) => `### Stack \`${n}\``));
  expect(run.stdout.length).toBeLessThan(65_536);
});
