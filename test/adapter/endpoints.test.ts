/**
 * The AWS SDKs' standard endpoint variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) for all three
 * services, through the bundled adapter run as Terraform runs it, against the emulator. The two SDK clients
 * and our own Automation client must follow them alike, so a stack needs no `endpoint` to be pointed at the
 * emulator (or at a VPC endpoint).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { configuredEndpoint, endpointVariable } from '../../src/adapter/endpoints';
import { PAYLOAD_SCHEMA } from '../../src/shared';
import { ADAPTER_BUNDLE, ensureAdapterBundle } from '../support/external-provider/world';
import { MANAGEMENT, emulator, type TestEmulator } from './helpers';

jest.setTimeout(120_000);

let emu: TestEmulator;
/** A local port nothing listens on: a call sent there fails at once with ECONNREFUSED. */
let dead: string;

beforeAll(async () => {
  await ensureAdapterBundle();
  emu = await emulator();
  dead = await new Promise<string>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node adapter.cjs read <kind>` with the query on stdin and only `vars` (plus the keys) in the environment. */
function read(kind: string, vars: Record<string, string>, query: Record<string, string> = {}): Promise<Result> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: path.join(__dirname, 'no-home'),
    AWS_ACCESS_KEY_ID: MANAGEMENT.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MANAGEMENT.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    CDKTF_AWS_ENROLLMENT_CODE_CACHE: 'off',
    ...vars,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ADAPTER_BUNDLE, 'read', kind], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // No `endpoint` in the query: where the call goes is up to the environment.
    child.stdin.end(JSON.stringify({ schema: PAYLOAD_SCHEMA, kind, region: 'us-east-1', ...query }));
  });
}

const KINDS = {
  'Compute Optimizer': { kind: 'compute-optimizer-enrollment', target: 'ComputeOptimizerService.GetEnrollmentStatus' },
  'Compute Optimizer Automation': { kind: 'automation-enrollment', target: 'ComputeOptimizerAutomationService.GetEnrollmentConfiguration' },
  'Cost Optimization Hub': { kind: 'cost-optimization-hub-enrollment', target: 'CostOptimizationHubService.ListEnrollmentStatuses' },
} as const;

test('the variable names follow the SDKs: the serviceId upper-cased, spaces as underscores', () => {
  expect(endpointVariable('Compute Optimizer')).toBe('AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER');
  expect(endpointVariable('Compute Optimizer Automation')).toBe('AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER_AUTOMATION');
  expect(endpointVariable('Cost Optimization Hub')).toBe('AWS_ENDPOINT_URL_COST_OPTIMIZATION_HUB');
});

test('AWS_ENDPOINT_URL alone sends every service to the emulator', async () => {
  for (const { kind, target } of Object.values(KINDS)) {
    const before = await emu.calls(target);
    const result = await read(kind, { AWS_ENDPOINT_URL: emu.url });
    expect({ kind, code: result.code, stderr: result.stderr }).toEqual({ kind, code: 0, stderr: '' });
    expect(JSON.parse(result.stdout).status).toBe('Inactive');
    expect(await emu.calls(target)).toBe(before + 1);
  }
});

test.each(Object.entries(KINDS))('AWS_ENDPOINT_URL_<SERVICE> for %s wins over AWS_ENDPOINT_URL', async (serviceId, { kind, target }) => {
  const before = await emu.calls(target);
  const result = await read(kind, { AWS_ENDPOINT_URL: dead, [endpointVariable(serviceId)]: emu.url });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(await emu.calls(target)).toBe(before + 1);
});

test("one service's variable leaves the others on AWS_ENDPOINT_URL (checked on the Automation client)", async () => {
  const result = await read('automation-enrollment', { AWS_ENDPOINT_URL: dead, AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER: emu.url });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`could not reach ${dead}`);
  expect(result.stderr).toContain('ECONNREFUSED');
});

test('the three services on plain-http variables keep TLS unloaded, though STS and Organizations would go to AWS', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const probe = path.join(mkdtempSync(path.join(tmpdir(), 'tls-probe-')), 'probe.js');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write('tls loaded: ' + process.moduleLoadList.includes('NativeModule tls') + '\\n'));\n");
  const vars = {
    AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER: emu.url,
    AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER_AUTOMATION: emu.url,
    AWS_ENDPOINT_URL_COST_OPTIMIZATION_HUB: emu.url,
    NODE_OPTIONS: `--require ${probe}`,
  };
  const r = await read(KINDS['Compute Optimizer'].kind, vars);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('tls loaded: false');
});

test('an endpoint declared in the stack wins over the environment, as one passed to an SDK client does', async () => {
  const result = await read('automation-enrollment', { AWS_ENDPOINT_URL: dead, AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER_AUTOMATION: dead }, { endpoint: emu.url });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

test('a malformed variable is bad input (exit 2), named in one line that does not repeat its value', async () => {
  const secret = 'hunter2-not-a-real-password';
  for (const value of ['not a url', 'ftp://127.0.0.1:21', `http://user:${secret}@127.0.0.1:4566`]) {
    const result = await read('automation-enrollment', { AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER_AUTOMATION: value });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER_AUTOMATION must be an http(s) URL');
    expect(result.stderr).not.toContain(secret);
  }
});

describe('configuredEndpoint', () => {
  test('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the variables off; empty values count as unset', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_COST_OPTIMIZATION_HUB: 'http://127.0.0.1:2' };
    expect(configuredEndpoint('Cost Optimization Hub', env)).toBe('http://127.0.0.1:2');
    expect(configuredEndpoint('Compute Optimizer', env)).toBe('http://127.0.0.1:1');
    expect(configuredEndpoint('Cost Optimization Hub', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' })).toBeUndefined();
    expect(configuredEndpoint('Cost Optimization Hub', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' })).toBe('http://127.0.0.1:2');
    expect(configuredEndpoint('Cost Optimization Hub', { AWS_ENDPOINT_URL_COST_OPTIMIZATION_HUB: '', AWS_ENDPOINT_URL: 'https://vpce.example.com/' })).toBe(
      'https://vpce.example.com/',
    );
    expect(configuredEndpoint('Compute Optimizer', {})).toBeUndefined();
  });
});
