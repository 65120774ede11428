/**
 * generatePlanFixtures produces real, normalised plan JSON for the plan review, and the plan review reads
 * those real plans (data-source reads, checks and all) the way the scenario means them.
 *
 * The fixtures are the run's shared set (sharedPlanFixtures), made once for this file and the plan review's
 * e2e-fixtures test. Set PLAN_FIXTURES_OUT=<dir> to write them somewhere kept (e.g. the plan review's fixture directory).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parsePlan } from '../../src/plan-review/plan';
import { summariseStack } from '../../src/plan-review/summary';
import { FIXTURE_ENDPOINT, PLAN_FIXTURES, generatePlanFixtures, sharedPlanFixtures } from '../support/external-provider/plan-fixtures';

jest.setTimeout(180_000);

const keep = process.env.PLAN_FIXTURES_OUT;
let outDir: string;
let files: string[];

// The run's one set of fixtures (test/plan-review/e2e-fixtures.test.ts reads the same), or a kept set.
beforeAll(async () => {
  if (keep) {
    outDir = path.resolve(keep);
    files = await generatePlanFixtures(outDir);
  } else {
    ({ dir: outDir, files } = await sharedPlanFixtures());
  }
});

const load = (name: string) => readFileSync(path.join(outDir, `${name}.plan.json`), 'utf8');

test('one normalised plan per documented fixture, plus a README', () => {
  expect(files.map((f) => path.basename(f)).sort()).toEqual(Object.keys(PLAN_FIXTURES).map((n) => `${n}.plan.json`).sort());
  expect(readdirSync(outDir)).toContain('README.md');
  for (const name of Object.keys(PLAN_FIXTURES)) {
    const text = load(name);
    expect(JSON.parse(text).format_version).toMatch(/^1\./);
    // Stable across runs: only the fixed endpoint, no temporary paths.
    expect(text.match(/http:\/\/127\.0\.0\.1:\d+/g)?.every((u) => u === FIXTURE_ENDPOINT)).toBe(true);
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/emulator-[a-z0-9-]*-secret/);
  }
});

test('the plan review reads the real plans as the scenario means them', () => {
  const summary = (name: string) => summariseStack('enrollment', `${name}.plan.json`, parsePlan(`${name}.plan.json`, load(name)));
  const actionOf = (name: string, kind: string) => summary(name).resources.find((r) => r.kind === kind)?.action;

  expect(actionOf('initial', 'compute-optimizer-enrollment')).toBe('enroll');
  expect(actionOf('in-sync', 'compute-optimizer-enrollment')).toBe('no-change');
  expect(actionOf('drift', 'compute-optimizer-enrollment')).toBe('repair-drift');
  expect(actionOf('drift', 'cost-optimization-hub-enrollment')).toBe('no-change');
  expect(actionOf('pending', 'compute-optimizer-enrollment')).toBe('no-change');
  expect(actionOf('member-drift', 'compute-optimizer-enrollment')).toBe('repair-drift');
});
