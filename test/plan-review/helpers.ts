import { Readable } from 'node:stream';
import { main } from '../../src/plan-review/cli';
import { generateFixtures, type Fixtures, type Scenario } from './fixtures/generate';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `plan-summary` in-process with captured output; `stdin` is piped when given (a TTY otherwise). */
export async function runCli(argv: string[], stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = Object.assign(Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), { isTTY: stdin === undefined });
  const code = await main(argv, {
    stdin: input,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** Runs `plan-summary --format json` on one plan: exit 0, nothing on stderr, the document parsed. */
export async function jsonSummary(file: string): Promise<any> {
  const run = await runCli(['--format', 'json', file]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/**
 * Generates real plans for `scenarios` before the file's tests (fixtures/generate.ts) and removes them after;
 * `plan(name)` is the path of a scenario's `terraform show -json` output.
 */
export function realPlans(label: string, scenarios: Record<string, Scenario>): { plan(name: string): string } {
  let fixtures: Fixtures | undefined;
  beforeAll(async () => {
    const started = Date.now();
    fixtures = await generateFixtures(scenarios);
    // A figure for the report, not an assertion: several people share two cores.
    process.stderr.write(`plan-review ${label} fixtures: ${Object.keys(fixtures.plans).length} real plans in ${Date.now() - started} ms (terraform ${fixtures.terraformMs} ms)\n`);
  });
  afterAll(async () => {
    await fixtures?.cleanup();
  });
  return { plan: (name) => fixtures!.plans[name] };
}
