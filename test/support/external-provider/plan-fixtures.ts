/**
 * Real `terraform show -json` plans for the plan-review tests, produced by the drift scenario against the
 * emulator with the hashicorp/external stand-in (so data-source reads and check blocks are real).
 *
 * Normalised so regenerating gives identical files (see normalizePlan): the emulator's random endpoint becomes
 * `http://127.0.0.1:4566`, ISO-8601 timestamps become 2026-01-01T00:00:00Z, terraform_data ids are numbered,
 * and `relevant_attributes` is sorted. Nothing else is touched.
 */
import { ComputeOptimizerClient, UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ACCOUNTS } from '../../../src/emulator';
import { buildEnrollmentStack } from './enrollment-stack';
import { sharedOnce } from '../shared-once';
import { plan } from './plans';
import { startWorld } from './world';

export const FIXTURE_ENDPOINT = 'http://127.0.0.1:4566';
const FIXED_TIME = '2026-01-01T00:00:00Z';
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The plan JSON made stable across runs: the endpoint, timestamps, the random ids Terraform gives
 * `terraform_data` (numbered in order of appearance, so equal ids stay equal), and `relevant_attributes`,
 * which Terraform lists in no fixed order (sorted).
 */
export function normalizePlan(json: unknown, endpoint: string): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(json, null, 2)
    .split(endpoint)
    .join(FIXTURE_ENDPOINT)
    .replace(ISO_TIME, FIXED_TIME)
    .replace(UUID, (id) => {
      if (!ids.has(id)) ids.set(id, `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, '0')}`);
      return ids.get(id)!;
    });
  const plan = JSON.parse(text);
  if (Array.isArray(plan.relevant_attributes)) {
    const key = (a: { resource: string; attribute: unknown }) => `${a.resource} ${JSON.stringify(a.attribute)}`;
    plan.relevant_attributes.sort((a: any, b: any) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return plan;
}

function write(outDir: string, name: string, json: unknown, endpoint: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.plan.json`);
  writeFileSync(file, `${JSON.stringify(normalizePlan(json, endpoint), null, 2)}\n`);
  return file;
}

/**
 * Saves a plan from a running scenario when PLAN_FIXTURES_DIR is set (the e2e suite calls it at each plan),
 * so `PLAN_FIXTURES_DIR=<dir> npx jest test/e2e/drift.test.ts` regenerates fixtures as a side effect.
 */
export function savePlanFixture(name: string, json: unknown, endpoint: string): void {
  const dir = process.env.PLAN_FIXTURES_DIR;
  if (dir && json) write(path.resolve(dir), name, json, endpoint);
}

/** What each fixture shows (also written as `README.md` next to them). */
export const PLAN_FIXTURES: Record<string, string> = {
  initial: 'first plan of a fresh organisation: drift reads report Inactive, three enrollments to create, dependent reads deferred to apply, the three drift checks fail (AWS is not yet as declared)',
  'in-sync': 'plan right after apply: no changes, every check passes',
  drift: 'Compute Optimizer opted out in the console: the check fails with observed/declared status and the Compute Optimizer enrollment is replaced (re-applied)',
  pending: 'AWS reports Pending (members still enrolling): no enrollment changes, checks pass; the status outputs change',
  destroy: '`terraform plan -destroy` of the in-sync stack (removal policy "retain")',
  'member-drift': 'a member account opted out in the console: Compute Optimizer reads Active with memberAccountsEnrolled "false", its check fails and it is replaced to re-enroll the members',
};

/**
 * Runs the scenario (emulator + stand-in + real terraform) and writes `<name>.plan.json` for every entry of
 * PLAN_FIXTURES into `outDir`. Takes about 10-20 s. Returns the files written.
 */
export async function generatePlanFixtures(outDir: string): Promise<string[]> {
  const world = await startWorld();
  const files: string[] = [];
  try {
    const tf = world.synth('enrollment', buildEnrollmentStack);
    await tf.ok(['init', '-no-color', '-input=false']);
    const step = async (name: string, args: string[] = []) => {
      const outcome = await plan(tf, name, args);
      if (!outcome.json) throw new Error(`plan "${name}" failed (exit ${outcome.code}): ${outcome.result.stderr}`);
      files.push(write(outDir, name, outcome.json, world.endpoint));
      return outcome;
    };
    await step('initial');
    await tf.ok(['apply', '-no-color', '-input=false', 'initial.tfplan']);
    await step('in-sync');
    await step('destroy', ['-destroy']);

    await world.admin.setStatus(DEFAULT_ACCOUNTS.management.accountId, 'compute-optimizer', 'Inactive', 'Opted out in the console');
    await step('drift');
    await tf.ok(['apply', '-no-color', '-input=false', 'drift.tfplan']);

    await world.admin.config({ memberEnrollmentDelayMs: 3_600_000 });
    await world.admin.setStatus(DEFAULT_ACCOUNTS.members[0].accountId, 'compute-optimizer', 'Inactive');
    const client = new ComputeOptimizerClient({
      region: 'us-east-1',
      endpoint: world.endpoint,
      credentials: { accessKeyId: DEFAULT_ACCOUNTS.management.accessKeyId, secretAccessKey: DEFAULT_ACCOUNTS.management.secretAccessKey },
    });
    await client.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
    client.destroy();
    await step('pending');

    await world.admin.advanceClock(3_601);
    await world.admin.config({ memberEnrollmentDelayMs: 0 });
    await world.admin.setStatus(DEFAULT_ACCOUNTS.members[1].accountId, 'compute-optimizer', 'Inactive');
    await step('member-drift');

    writeFileSync(
      path.join(outDir, 'README.md'),
      '# Real Terraform plans (generated)\n\nWritten by `generatePlanFixtures` (test/support/external-provider/plan-fixtures.ts); ' +
        'see docs/terraform-tests.md. Do not edit by hand.\n\n' +
        Object.entries(PLAN_FIXTURES)
          .map(([name, what]) => `- \`${name}.plan.json\`: ${what}`)
          .join('\n') +
        '\n',
    );
    return files;
  } finally {
    await world.close();
  }
}

/**
 * The fixtures of this jest run, generated once for every test file that reads them (test/support/shared-once.ts):
 * the scenario is the same for all of them, so running it again would only repeat the same plans.
 */
export async function sharedPlanFixtures(): Promise<{ dir: string; files: string[] }> {
  const { dir, value } = await sharedOnce('plan-fixtures', (outDir) => generatePlanFixtures(outDir));
  return { dir, files: value };
}
