/**
 * Bounded time, through the real bundled adapter run as Terraform runs it: an endpoint that accepts and
 * never answers, one that sends headers and stalls the body, and injected latency. Each run ends within
 * its bound with one line that names the stalled call and its endpoint.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONNECTION_READ, PAYLOAD_SCHEMA } from '../../src/shared';
import { MANAGEMENT, emulator, payload, type TestEmulator } from './helpers';

const root = resolve(__dirname, '../..');
const CO = 'compute-optimizer-enrollment';
const AUTO = 'automation-enrollment';
const GET = 'ComputeOptimizerService.GetEnrollmentStatus';

let work: string;
let bundle: string;
let emu: TestEmulator;
let silent: { url: string; connections: () => number; close(): Promise<void> };
let stalling: { url: string; requests: () => number; close(): Promise<void> };

/** Accepts connections, reads everything, answers nothing. */
function silentEndpoint(): Promise<typeof silent> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () =>
      resolvePromise({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        connections: () => connections,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      }),
    ),
  );
}

/** Answers 200 with headers and the first bytes of a body, then stalls. */
function stallingEndpoint(): Promise<typeof stalling> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': '1000' });
    res.write('{"status":');
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () =>
      resolvePromise({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        requests: () => requests,
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      }),
    ),
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'adapter-deadlines-'));
  bundle = join(work, 'adapter.cjs');
  const b = spawnSync(process.execPath, [join(root, 'scripts/bundle.mjs'), '--outfile', bundle], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundle failed: ${b.stderr}`);
  emu = await emulator();
  silent = await silentEndpoint();
  stalling = await stallingEndpoint();
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await silent?.close();
  await stalling?.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => emu.reset());

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function adapter(args: string[], env: Record<string, string>, stdin = ''): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, AWS_ACCESS_KEY_ID: MANAGEMENT.accessKeyId, AWS_SECRET_ACCESS_KEY: MANAGEMENT.secretAccessKey, CDKTF_AWS_ENROLLMENT_POLL_MS: '50', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
    child.stdin.end(stdin);
  });
}

const read = (kind: string, url: string, env: Record<string, string>) => adapter(['read', kind], env, JSON.stringify(payload(kind, url)));
const escaped = (url: string) => url.replace(/[.]/g, '\\.');

test('read against an endpoint that accepts and never answers ends at its bound with one line', async () => {
  const r = await read(CO, silent.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '3' });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(
    new RegExp(
      `^cdktf-aws-enrollment adapter read ${CO}: gave up after 3s \\(the bound for a read; CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS raises it\\): Compute Optimizer GetEnrollmentStatus to ${escaped(silent.url)} never answered \\(attempt \\d+ was waiting [\\d.]+s; each attempt gets 1s\\); check that the endpoint is reachable and answering`,
    ),
  );
  expect(r.seconds).toBeGreaterThanOrEqual(2.9);
  expect(r.seconds).toBeLessThan(6);
  // Each attempt was ended and retried within the bound, not left hanging.
  expect(silent.connections()).toBeGreaterThanOrEqual(2);
}, 30_000);

test('the connection read the constructs use (several parts, calls made concurrently) has the same bound', async () => {
  const query = {
    schema: PAYLOAD_SCHEMA,
    kind: CONNECTION_READ,
    region: 'eu-west-1',
    endpoint: silent.url,
    'p0.kind': CO,
    'p0.for': 'Org_ComputeOptimizer',
    'p1.kind': 'cost-optimization-hub-enrollment',
    'p1.for': 'Org_CostOptimizationHub',
  };
  const r = await adapter(['read', CONNECTION_READ], { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '3' }, JSON.stringify(query));
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/gave up after 3s \(the bound for a read; .*\): (Compute Optimizer GetEnrollmentStatus|Cost Optimization Hub ListEnrollmentStatuses) to .* never answered/);
  expect(r.seconds).toBeLessThan(6);
}, 30_000);

test('apply against it ends within timeoutSeconds plus the call allowance', async () => {
  const r = await adapter(['apply', CO, JSON.stringify(payload(CO, silent.url, { status: 'Active', timeoutSeconds: '2' }))], { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '2' });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/gave up after 4s \(timeoutSeconds 2 \+ 2s for the calls\): Compute Optimizer GetEnrollmentStatus to .* never answered .*; a change already sent to AWS keeps going: re-run apply to wait for it/);
  expect(r.seconds).toBeLessThan(7);
}, 30_000);

test('headers then a stalled body: each attempt ends, the retries are counted, then one line', async () => {
  const before = stalling.requests();
  const r = await read(CO, stalling.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '6', AWS_MAX_ATTEMPTS: '2' });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  // 6 s shared by 2 attempts and a spare share: 2 s each.
  expect(r.stderr).toMatch(new RegExp(`Compute Optimizer GetEnrollmentStatus to ${escaped(stalling.url)} did not answer within 2s after 2 attempts; check that the endpoint is reachable`));
  expect(stalling.requests() - before).toBe(2);
  expect(r.seconds).toBeLessThan(6);
}, 30_000);

test('our Automation client obeys the same bounds', async () => {
  const r = await read(AUTO, stalling.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '6', AWS_MAX_ATTEMPTS: '2' });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/Compute Optimizer Automation GetEnrollmentConfiguration to .* did not answer within 2s after 2 attempts/);
  const never = await read(AUTO, silent.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '2' });
  expect(never.code).toBe(1);
  expect(never.stderr).toMatch(/gave up after 2s .*: Compute Optimizer Automation GetEnrollmentConfiguration to .* never answered/);
  expect(never.seconds).toBeLessThan(5);
}, 30_000);

test('injected latency: slower than an attempt may take is retried and reported; slow but in time succeeds', async () => {
  await emu.faults({ latencyMs: 2500, operations: [GET] });
  const slow = await read(CO, emu.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '6', AWS_MAX_ATTEMPTS: '2' });
  expect(slow.code).toBe(1);
  expect(slow.stderr).toMatch(/GetEnrollmentStatus to .* did not answer within 2s after 2 attempts/);
  expect(await emu.calls(GET)).toBe(2);
  await emu.faults({ latencyMs: 300 });
  const ok = await read(CO, emu.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: '6', AWS_MAX_ATTEMPTS: '2' });
  expect([ok.code, ok.stderr]).toEqual([0, '']);
  expect(JSON.parse(ok.stdout).status).toBe('Inactive');
}, 30_000);

test('a bad bound in the environment is bad input (exit 2), named', async () => {
  const r = await read(CO, emu.url, { CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS: 'soon' });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 3600, got "soon"/);
});
