/**
 * The hashicorp/external stand-in, driven by the real terraform binary on hand-written configurations.
 * Proves the protocol plumbing (schema, validation with unknowns, reads in plan and apply, plan JSON) and
 * that program failures surface as the real provider's diagnostics.
 */
import * as grpc from '@grpc/grpc-js';
import { ExtData, decode, encode } from '@msgpack/msgpack';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ExternalProvider,
  parseProgramOutput,
  startExternalProvider,
  terraformEnv,
  terraformRunner,
  useRegistryProvider,
} from '../support/external-provider';
import { UNKNOWN, decodeDynamicValue, encodeDynamicValue, isKnown } from '../support/external-provider/values';

jest.setTimeout(120_000);

const PROGRAMS: Record<string, string> = {
  // Echoes the query back, plus what it saw of its environment, so the test can check stdin and cwd.
  'echo.js': `
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const query = JSON.parse(input);
  process.stdout.write(JSON.stringify({ ...query, stdin: input, cwd: process.cwd(), marker: process.env.E2E_MARKER || '' }));
});`,
  'fail.js': `process.stderr.write('could not reach AWS: connection refused'); process.exit(1);`,
  'silent-fail.js': `process.exit(3);`,
  'not-json.js': `process.stdout.write('hello, not json');`,
  'number.js': `process.stdout.write(JSON.stringify({ count: 3 }));`,
};

const config = (body: string) => `
terraform {
  required_providers {
    external = { source = "hashicorp/external" }
  }
}
${body}
`;

/** Terraform wraps diagnostic text to the terminal width; compare sentences with whitespace collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** E2E_EXTERNAL_PROVIDER=registry runs the same configurations with the real provider, to compare. */
const REAL = useRegistryProvider();
const standInOnly = REAL ? test.skip : test;

let provider: ExternalProvider | undefined;
const dirs: string[] = [];

function workspace(body: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfext-ws-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(PROGRAMS)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'main.tf'), config(body));
  return terraformRunner(dir, terraformEnv(provider, { E2E_MARKER: 'from-terraform-env' }), provider);
}

beforeAll(async () => {
  if (!REAL) provider = await startExternalProvider();
});
afterAll(async () => {
  await provider?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a read during plan: query on stdin as sorted JSON, result in state and plan JSON', async () => {
  const tf = workspace(`
data "external" "echo" {
  program = ["node", "\${path.module}/echo.js"]
  query   = { zeta = "last", alpha = "first value", gone = null }
}
output "result" { value = data.external.echo.result }
output "id" { value = data.external.echo.id }
`);
  await tf.ok(['init', '-no-color']);
  const plan = await tf.ok(['plan', '-no-color', '-out=tfplan']);
  expect(plan.stdout).toMatch(/data\.external\.echo: Reading\.\.\./);
  expect(plan.stdout).toMatch(/data\.external\.echo: Read complete after/);

  const json = await tf.showJson('tfplan');
  const data = json.prior_state.values.root_module.resources.find((r: any) => r.address === 'data.external.echo');
  expect(data).toMatchObject({ mode: 'data', type: 'external', provider_name: 'registry.terraform.io/hashicorp/external' });
  expect(data.values.id).toBe('-');
  expect(data.values.result).toEqual({
    alpha: 'first value',
    zeta: 'last',
    stdin: '{"alpha":"first value","zeta":"last"}',
    cwd: tf.cwd,
    marker: 'from-terraform-env',
  });
  // null query values are dropped from stdin but kept in state, like the real provider
  expect(data.values.query).toEqual({ alpha: 'first value', zeta: 'last', gone: null });
  expect(json.planned_values.outputs.id.value).toBe('-');

  await tf.ok(['apply', '-no-color', 'tfplan']);
  const out = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  expect(out.result.value.alpha).toBe('first value');
  if (provider) expect(provider.calls).toEqual(expect.arrayContaining(['GetProviderSchema', 'ValidateDataResourceConfig', 'ConfigureProvider', 'ReadDataSource']));
});

test('a read whose query is unknown until apply is planned as a read and performed during apply', async () => {
  const tf = workspace(`
resource "terraform_data" "source" { input = "made-at-apply" }
data "external" "later" {
  program     = ["node", "echo.js"]
  working_dir = path.module
  query       = { value = terraform_data.source.output }
}
output "value" { value = data.external.later.result.value }
`);
  await tf.ok(['init', '-no-color']);
  await tf.ok(['plan', '-no-color', '-out=tfplan']);
  const json = await tf.showJson('tfplan');
  const change = json.resource_changes.find((r: any) => r.address === 'data.external.later');
  expect(change.change.actions).toEqual(['read']);
  expect(change.action_reason).toBe('read_because_config_unknown');
  await tf.ok(['apply', '-no-color', 'tfplan']);
  const out = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  expect(out.value.value).toBe('made-at-apply');
});

test('a program that exits non-zero fails the plan with its stderr, worded like the real provider', async () => {
  const tf = workspace(`
data "external" "fail" { program = ["node", "\${path.module}/fail.js"] }
data "external" "silent" { program = ["node", "\${path.module}/silent-fail.js"] }
`);
  await tf.ok(['init', '-no-color']);
  const plan = await tf.run(['plan', '-no-color']);
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Error: External Program Execution Failed');
  expect(plan.stderr).toContain('with data.external.fail');
  expect(flat(plan.stderr)).toContain('The data source received an unexpected error while attempting to execute the program.');
  // Terraform wraps a long program path onto the next line.
  expect(plan.stderr).toMatch(/Program:\s+\/\S+\/node/);
  expect(plan.stderr).toContain('Error Message: could not reach AWS: connection refused');
  expect(plan.stderr).toContain('State: exit status 1');
  expect(flat(plan.stderr)).toContain('The program was executed, however it returned no additional error messaging.');
  expect(plan.stderr).toContain('State: exit status 3');
});

test('output that is not a JSON object of strings fails with "Unexpected External Program Results"', async () => {
  const tf = workspace(`
data "external" "text" { program = ["node", "\${path.module}/not-json.js"] }
data "external" "number" { program = ["node", "\${path.module}/number.js"] }
`);
  await tf.ok(['init', '-no-color']);
  const plan = await tf.run(['plan', '-no-color']);
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Error: Unexpected External Program Results');
  expect(flat(plan.stderr)).toContain('Program output must be a JSON encoded map of string keys and string values.');
  expect(plan.stderr).toContain("Result Error: invalid character 'h' looking for beginning of value");
  expect(plan.stderr).toContain('Result Error: json: cannot unmarshal number into Go value of type string');
});

test('validation: an empty program list and a program that cannot be found', async () => {
  const empty = workspace(`data "external" "none" { program = [] }`);
  await empty.ok(['init', '-no-color']);
  const validate = await empty.run(['validate', '-no-color']);
  expect(validate.code).toBe(1);
  expect(validate.stderr).toContain('Error: Invalid Attribute Value');
  expect(flat(validate.stderr)).toContain('Attribute program list must contain at least 1 elements, got: 0');

  const missing = workspace(`data "external" "missing" { program = ["./no-such-program"] }`);
  await missing.ok(['init', '-no-color']);
  const plan = await missing.run(['plan', '-no-color']);
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Error: External Program Lookup Failed');
  expect(plan.stderr).toContain('Error: exec: "./no-such-program": stat');
});

test('a program name missing from PATH falls back to $SHELL -i -c, as the real provider does on Unix', async () => {
  const tf = workspace(`data "external" "via_shell" { program = ["definitely-not-on-path-e2e", "arg"] }`);
  await tf.ok(['init', '-no-color']);
  const plan = await tf.run(['plan', '-no-color']);
  expect(plan.code).toBe(1);
  // with SHELL unset the lookup fails outright
  const noShell = workspace(`data "external" "no_shell" { program = ["definitely-not-on-path-e2e"] }`);
  await noShell.ok(['init', '-no-color']);
  const env = { ...noShell.env };
  delete env.SHELL;
  const bare = await terraformRunner(noShell.cwd, env, provider).run(['plan', '-no-color']);
  expect(bare.stderr).toContain('Error: External Program Lookup Failed');
  expect(bare.stderr).toContain('executable file not found in $PATH');
  if ((tf.env.SHELL ?? '').match(/\/(bash|sh|dash|zsh)$/)) {
    expect(plan.stderr).toContain('Error: External Program Execution Failed');
    expect(plan.stderr).toContain(`Program: ${tf.env.SHELL}`);
  }
});

standInOnly('RPCs the stand-in does not serve answer UNIMPLEMENTED', async () => {
  const target = JSON.parse(provider!.env.TF_REATTACH_PROVIDERS)['registry.terraform.io/hashicorp/external'].Addr.String;
  const Client = grpc.makeGenericClientConstructor({}, 'Provider');
  const client = new Client(`unix://${target}`, grpc.credentials.createInsecure());
  const pass = (b: Buffer) => b;
  const err = await new Promise<grpc.ServiceError | null>((resolve) =>
    client.makeUnaryRequest('/tfplugin6.Provider/PlanResourceChange', pass, pass, Buffer.alloc(0), (e) => resolve(e)),
  );
  client.close();
  expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
});

test('DynamicValue: any MessagePack extension is an unknown value, JSON is the fallback, responses are MessagePack', () => {
  const unknownPlain = encode({ program: ['node'], query: new ExtData(0, new Uint8Array([0])) });
  const refined = encode({ program: new ExtData(12, encode(new Map([[1, false]]))), query: null });
  expect(decodeDynamicValue({ msgpack: Buffer.from(unknownPlain) })).toEqual({ program: ['node'], query: UNKNOWN });
  expect(decodeDynamicValue({ msgpack: Buffer.from(refined) })).toEqual({ program: UNKNOWN, query: null });
  expect(isKnown(decodeDynamicValue({ msgpack: Buffer.from(refined) }))).toBe(false);
  expect(decodeDynamicValue({ json: Buffer.from('{"program":["a"],"query":null}') })).toEqual({ program: ['a'], query: null });
  expect(decodeDynamicValue({})).toBeNull();
  const state = { id: '-', program: ['node'], query: null, result: { a: '1' }, working_dir: null };
  expect(decode(encodeDynamicValue(state).msgpack)).toEqual(state);
  expect(() => encodeDynamicValue({ id: UNKNOWN })).toThrow(/unknown/);
});

test('program output parsing follows Go json.Unmarshal into map[string]string', () => {
  expect(parseProgramOutput('{"a":"1","b":null}')).toEqual({ result: { a: '1', b: '' } });
  expect(parseProgramOutput('null')).toEqual({ result: {} });
  expect(parseProgramOutput('')).toEqual({ error: 'unexpected end of JSON input' });
  expect(parseProgramOutput('["a"]').error).toBe('json: cannot unmarshal array into Go value of type map[string]string');
  expect(parseProgramOutput('{"a":true}').error).toBe('json: cannot unmarshal bool into Go value of type string');
  expect(parseProgramOutput('{} x').error).toBe("invalid character 'x' after top-level value");
});
