/**
 * The shipped GitHub Actions example: valid YAML, and every command it runs exists in this package, with
 * options `plan-summary` accepts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { COMMENT_MARKER } from '../../src/plan-review/markdown';
import { runCli } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW = path.join(ROOT, 'examples', 'github-actions', 'plan-review.yml');
const text = readFileSync(WORKFLOW, 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(text) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const scripts = steps.filter((s) => typeof s.run === 'string').map((s) => s.run as string);

/** The subcommands src/cli.ts dispatches (read from its COMMANDS table: the one list of commands). */
function cliCommands(): string[] {
  const source = readFileSync(path.join(ROOT, 'src', 'cli.ts'), 'utf8');
  const table = /const COMMANDS[^{]*\{([\s\S]*?)\n\};/.exec(source);
  if (!table) throw new Error('src/cli.ts has no COMMANDS table');
  return [...table[1].matchAll(/^\s*'?([a-z-]+)'?\s*:/gm)].map((m) => m[1]);
}

test('parses as YAML without errors or warnings, runs on pull requests and can comment', () => {
  const doc = parseDocument(text);
  expect(doc.errors).toEqual([]);
  expect(doc.warnings).toEqual([]);
  expect(workflow.on).toHaveProperty('pull_request');
  expect(workflow.permissions['pull-requests']).toBe('write');
});

test('synthesizes, plans, converts with show -json, summarises and comments, in that order', () => {
  const order = [/\bnpm start\b/, /\bterraform\b.* plan .*-out=tfplan/, /\bterraform\b.* show -json tfplan/, /cdktf-aws-enrollment plan-summary/];
  const positions = order.map((re) => scripts.join('\n').search(re));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  const commentStep = steps.find((s) => s.uses?.startsWith('actions/github-script@'));
  expect(String(commentStep?.with?.script)).toContain(`'${COMMENT_MARKER}'`);
  expect(String(commentStep?.with?.script)).toMatch(/updateComment[\s\S]*createComment/);
  // The setup-terraform wrapper would write extra lines into the JSON.
  expect(steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))?.with?.terraform_wrapper).toBe(false);
});

test('every npm script and package command it uses exists', async () => {
  const npmRuns = scripts.flatMap((s) => [...s.matchAll(/\bnpm (?:run )?([a-z:-]+)/g)].map((m) => m[1]));
  for (const script of npmRuns) {
    if (script === 'ci' || script === 'install') continue;
    expect(pkg.scripts).toHaveProperty([script]);
  }
  expect(pkg.bin).toHaveProperty(['cdktf-aws-enrollment']);

  const known = cliCommands();
  expect(known).toContain('plan-summary');
  const invocations = scripts.flatMap((s) => [...s.matchAll(/cdktf-aws-enrollment\s+([a-z-]+)([^\n>|;&]*)/g)]);
  expect(invocations.length).toBeGreaterThan(0);
  for (const [, command, rest] of invocations) {
    expect(known).toContain(command);
    if (command === 'plan-summary') {
      // Options are validated before --help is honoured: exit 0 means every option is accepted.
      const argv = rest.trim().split(/\s+/).filter(Boolean);
      expect(await runCli([...argv, '--help'])).toMatchObject({ code: 0, stderr: '' });
    }
  }
});
