/**
 * Input that is not a usable plan: hand-written JSON (the only hand-written fixtures), each answered with one
 * line on stderr and exit 2, never a stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plan-review-bad-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const PLAN_HEAD = '{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}},"resource_changes":[';
const OUR_CHANGE = JSON.stringify({
  address: 'terraform_data.co',
  mode: 'managed',
  type: 'terraform_data',
  name: 'co',
  change: { actions: ['create'], before: null, after: { input: { schema: 'cdktf-aws-enrollment/v1', kind: 'compute-optimizer-enrollment', region: 'eu-west-1', status: 'Active' } } },
});

async function rejects(name: string, text: string): Promise<string> {
  const run = await runCli([file(name, text)]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(2); // one line and its newline
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr.replace(dir + path.sep, '');
}

test.each([
  ['empty', '', 'plan-summary: empty is empty; pass the output of `terraform show -json <planfile>`\n'],
  ['plain-text', 'Terraform will perform the following actions:\n', /^plan-summary: plain-text is not JSON \(Unexpected token 'T', .*\); pass the output of `terraform show -json <planfile>`\n$/],
  ['truncated', `${PLAN_HEAD}${OUR_CHANGE}`.slice(0, 150), /^plan-summary: truncated is truncated: the JSON ends after 150 characters before it is complete; regenerate it with `terraform show -json <planfile>` and make sure the whole output was saved\n$/],
  ['truncated-in-string', `${PLAN_HEAD}${OUR_CHANGE}`.slice(0, 130), /^plan-summary: truncated-in-string is truncated: /],
  // Cut right after a `{`, a `,` or a `:`: JSON.parse reports a syntax error at the very end, not "end of input".
  ['truncated-after-brace', `${PLAN_HEAD}{`, /^plan-summary: truncated-after-brace is truncated: the JSON ends after \d+ characters/],
  ['truncated-after-comma', `${PLAN_HEAD}${OUR_CHANGE},`, /^plan-summary: truncated-after-comma is truncated: /],
  ['truncated-after-colon', '{"format_version":"1.2","resource_changes":', /^plan-summary: truncated-after-colon is truncated: /],
  ['truncated-after-key-comma', '{"format_version":"1.2",', /^plan-summary: truncated-after-key-comma is truncated: /],
  ['array', '[1,2]', 'plan-summary: array is JSON but not a Terraform plan (the top level is a list, not an object); pass the output of `terraform show -json <planfile>`\n'],
  ['number', '42', 'plan-summary: number is JSON but not a Terraform plan (the top level is a number, not an object); pass the output of `terraform show -json <planfile>`\n'],
  ['other-json', '{"name":"my-app","version":"1.0.0"}', 'plan-summary: other-json is JSON but not a Terraform plan (no `format_version` with `resource_changes` or `planned_values`); pass the output of `terraform show -json <planfile>`\n'],
  ['state', '{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}', 'plan-summary: state is Terraform state, not a plan (it has `values` but no `planned_values`); run `terraform plan -out=tfplan` and pass the output of `terraform show -json tfplan`\n'],
  ['config', '{"//":{"metadata":{}},"terraform":{},"resource":{"terraform_data":{}}}', 'plan-summary: config is a Terraform configuration (e.g. cdktf.out/stacks/*/cdk.tf.json), not a plan; run `terraform plan -out=tfplan` in that directory and pass the output of `terraform show -json tfplan`\n'],
  ['future-format', '{"format_version":"2.0","planned_values":{},"resource_changes":[]}', 'plan-summary: future-format has plan format_version "2.0", which this version cannot read (it reads 1.x, written by Terraform 1.0 and later); use a matching Terraform or upgrade cdktf-aws-enrollment\n'],
  ['old-format', '{"format_version":"0.1","planned_values":{},"resource_changes":[]}', /^plan-summary: old-format has plan format_version "0.1", which this version cannot read/],
  ['plan-log', '{"@level":"info","@message":"Terraform 1.11.4","type":"version"}\n{"@level":"info","@message":"Plan: 1 to add","type":"change_summary"}\n', 'plan-summary: plan-log is the log of `terraform plan -json` (one JSON object per line), not a plan; pass the output of `terraform show -json <planfile>`\n'],
  ['changes-not-list', '{"format_version":"1.2","planned_values":{},"resource_changes":{}}', 'plan-summary: changes-not-list is not a valid Terraform plan: `resource_changes` must be a list, got object; pass the output of `terraform show -json <planfile>`\n'],
  ['damaged-change', `${PLAN_HEAD}{"address":"x.y","type":"x","change":{}}]}`, 'plan-summary: damaged-change: resource_changes[0] (x.y) has no `change.actions` list; the plan is damaged, regenerate it with `terraform show -json`\n'],
  ['damaged-check', `${PLAN_HEAD}${OUR_CHANGE}],"checks":[{"status":"fail"}]}`, 'plan-summary: damaged-check: checks[0] has no `address` or `status`; the plan is damaged, regenerate it with `terraform show -json`\n'],
  ['no-enrollment', `${PLAN_HEAD}{"address":"terraform_data.x","mode":"managed","type":"terraform_data","name":"x","change":{"actions":["create"],"before":null,"after":{"input":"hello"}}}]}`, 'plan-summary: no enrollment resources in no-enrollment (1 other resource); plan a cdktf stack that uses the cdktf-aws-enrollment constructs\n'],
])('%s', async (name, text, expected) => {
  const line = await rejects(name, text);
  if (typeof expected === 'string') expect(line).toBe(expected);
  else expect(line).toMatch(expected);
});

test('a resource named like ours but without the payload marker is not ours', async () => {
  const lookalike = JSON.stringify({
    address: 'terraform_data.compute_optimizer_enrollment',
    mode: 'managed',
    type: 'terraform_data',
    name: 'compute_optimizer_enrollment',
    change: { actions: ['create'], before: null, after: { input: { kind: 'compute-optimizer-enrollment', status: 'Active' } } },
  });
  expect(await rejects('lookalike', `${PLAN_HEAD}${lookalike}]}`)).toMatch(/no enrollment resources in lookalike \(1 other resource\)/);
});

test('a payload from a newer schema version is counted and called out, not misread', async () => {
  const newer = OUR_CHANGE.replace('cdktf-aws-enrollment/v1', 'cdktf-aws-enrollment/v2').replace('terraform_data.co', 'terraform_data.newer');
  const run = await runCli([file('newer', `${PLAN_HEAD}${OUR_CHANGE},${newer}]}`)]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('> **Warning:** `terraform_data.newer` uses payload schema "cdktf-aws-enrollment/v2", which this version cannot read; upgrade cdktf-aws-enrollment.');
  expect(run.stdout).toContain('1 other resource not listed (1 changing)');
});

test('one bad file among good ones fails the whole run with that file named', async () => {
  const good = file('good', `${PLAN_HEAD}${OUR_CHANGE}]}`);
  const run = await runCli([good, file('bad', '{"format_version":')]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^plan-summary: \S+bad is truncated: /);
});

test.each([
  [['--format', 'yaml'], 'plan-summary: --format must be "markdown" or "json", got "yaml"\n'],
  [['--fail-on', 'opt-out,everything'], 'plan-summary: --fail-on: unknown value "everything"; use enroll, opt-out, change-members, repair-drift, change-settings, stop-managing, undetermined, rule-create, rule-update, rule-delete, rule-repair-drift, rule-stop-managing, members-associate, members-disassociate, members-repair-drift, members-stop-managing, preference-create, preference-update, preference-delete, preference-repair-drift, preference-stop-managing, drift, any or a risk code (see --help)\n'],
  [['--fail-on'], 'plan-summary: --fail-on needs a value; run with --help for usage\n'],
  [['--max-chars', '10'], 'plan-summary: --max-chars must be a whole number from 2000 to 65536, got "10"\n'],
  [['--verbose'], 'plan-summary: unknown option "--verbose"; run with --help for usage\n'],
  [['/nonexistent/plan.json'], 'plan-summary: cannot read /nonexistent/plan.json: no such file; pass the path of a file written by `terraform show -json <planfile> > FILE`\n'],
  [['-', '-'], 'plan-summary: stdin ("-") can be read only once; pass the other plans as files\n'],
])('usage %j', async (argv, expected) => {
  const run = await runCli(argv, '');
  expect(run).toEqual({ code: 2, stdout: '', stderr: expected });
});

test('no file and a terminal on stdin: says how to give input', async () => {
  const run = await runCli([]);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe('plan-summary: no input: pass PLAN_JSON files or pipe `terraform show -json <planfile>` into stdin; run with --help for usage\n');
});

test('--help prints usage and exits 0', async () => {
  const run = await runCli(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Usage: cdktf-aws-enrollment plan-summary \[options\] \[PLAN_JSON \.\.\.\]/);
  expect(run.stdout).toContain('--fail-on LIST');
});
