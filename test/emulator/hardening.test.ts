/**
 * Bad input of every kind gets an AWS-shaped answer, never a 5xx or a dead process; web pages cannot drive
 * the emulator; growth is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator';
import { ClientTokens, TOKEN_LIFETIME_MS } from '../../src/emulator/idempotency';
import { admin, automation, MANAGEMENT, MEMBERS, signedCall, STANDALONE, type Emulator } from './helpers';
import { httpText, rawPipelined, rawRequest } from './raw-http';
import { signedHeaders } from './signing';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/cdktf-aws-enrollment.js');
const CO = 'ComputeOptimizerService';
const HUB = 'CostOptimizationHubService';

let emu: Emulator;
let host: string;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-hardening-'));
  emu = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0 });
  host = new URL(emu.url).host;
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => admin(emu.url, 'POST', 'reset'));

const state = () => admin(emu.url, 'GET', 'state');
/** The state without what every call changes (the clock, the counts). */
const durableState = async () => {
  const { now: _now, calls: _calls, replayedCalls: _replays, ...rest } = await state();
  return rest;
};

function expectAwsError(res: { status: number; json?: any; headers: Record<string, string> }, status: number, type: string): void {
  expect({ status: res.status, type: res.json?.__type, header: res.headers['x-amzn-errortype'] }).toEqual({ status, type, header: type });
  expect(typeof res.json.message).toBe('string');
}

describe('malformed HTTP gets a well-formed AWS error', () => {
  const head = (extra: Array<[string, string]> = []): Array<[string, string]> => [['Host', host], ['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', `${CO}.GetEnrollmentStatus`], ...extra];

  test('a truncated body (the client stops and half-closes): 400 SerializationException', async () => {
    const res = await rawRequest(emu.url, httpText('POST', '/', head([['Content-Length', '100']]), '{"status": "Act'), { halfClose: true });
    expectAwsError(res, 400, 'SerializationException');
  });

  test('a 20 KiB header: 431 with a JSON body', async () => {
    const res = await rawRequest(emu.url, httpText('POST', '/', head([['X-Padding', 'a'.repeat(20 * 1024)], ['Content-Length', '2']]), '{}'));
    expectAwsError(res, 431, 'RequestHeaderFieldsTooLargeException');
  });

  test('both Content-Length and Transfer-Encoding: 400 SerializationException', async () => {
    const res = await rawRequest(emu.url, httpText('POST', '/', head([['Content-Length', '2'], ['Transfer-Encoding', 'chunked']]), '2\r\n{}\r\n0\r\n\r\n'));
    expectAwsError(res, 400, 'SerializationException');
  });

  test('a broken chunk, a garbage request line, a bad Content-Length: 400 each', async () => {
    for (const text of [
      httpText('POST', '/', head([['Transfer-Encoding', 'chunked']]), 'zz\r\n{}\r\n0\r\n\r\n'),
      'NOT HTTP AT ALL\r\n\r\n',
      httpText('POST', '/', head([['Content-Length', 'abc']]), '{}'),
    ]) {
      expectAwsError(await rawRequest(emu.url, text), 400, 'SerializationException');
    }
  });

  test('pipelined requests on one connection are all answered', async () => {
    const answers = await rawPipelined(emu.url, httpText('POST', '/', head([['Content-Length', '2']]), '{}'), 5);
    expect(answers.map((a) => [a.status, a.json?.__type])).toEqual(Array(5).fill([403, 'MissingAuthenticationToken']));
  });
});

describe('request data never reaches a prototype or the stack', () => {
  test.each(['constructor', '__proto__'])('a signed header named %s: an answer, not a 500', async (name) => {
    const body = '{}';
    const headers = signedHeaders({ host, target: `${CO}.GetEnrollmentStatus`, body, ...MANAGEMENT, service: 'compute-optimizer', extraSignedNames: [name] });
    const res = await fetch(emu.url + '/', { method: 'POST', headers, body });
    // Signed as an absent header, the signature is valid; the emulator reads the header as absent too.
    expect(res.status).toBe(200);
    const forged = { ...headers, authorization: headers.authorization.replace(/Signature=\w+/, 'Signature=' + '0'.repeat(64)) };
    const bad = await fetch(emu.url + '/', { method: 'POST', headers: forged, body });
    expect([bad.status, ((await bad.json()) as any).__type]).toEqual([400, 'InvalidSignatureException']);
  });

  test('a signed header name that is not lower case (toString) is an incomplete signature', async () => {
    const body = '{}';
    const headers = signedHeaders({ host, target: `${CO}.GetEnrollmentStatus`, body, ...MANAGEMENT, service: 'compute-optimizer', extraSignedNames: ['toString'] });
    const res = await fetch(emu.url + '/', { method: 'POST', headers, body });
    expect([res.status, ((await res.json()) as any).__type]).toEqual([400, 'IncompleteSignatureException']);
  });

  test('an Authorization parameter named __proto__ or constructor is not a prototype', async () => {
    const res = await fetch(emu.url + '/', {
      method: 'POST',
      headers: { 'x-amz-target': `${CO}.GetEnrollmentStatus`, authorization: 'AWS4-HMAC-SHA256 __proto__=x, constructor=y, Credential=EMULATORMANAGEMENT01/20250101/us-east-1/compute-optimizer/aws4_request, SignedHeaders=host, Signature=00' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(['InvalidSignatureException', 'IncompleteSignatureException']).toContain(((await res.json()) as any).__type);
  });

  test.each([
    ['client-token fingerprint', 'ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration', 'aco-automation', (deep: string) => `{"status":"Active","clientToken":"tok","ignored":${deep}}`],
    ['pagination fingerprint', `${CO}.GetEnrollmentStatusesForOrganization`, 'compute-optimizer', (deep: string) => `{"ignored":${deep}}`],
    ['a known member', `${HUB}.UpdatePreferences`, 'cost-optimization-hub', (deep: string) => `{"preferredCommitment":${deep}}`],
  ])('JSON nested 3,000 levels deep (%s): 400 SerializationException', async (_name, target, service, body) => {
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    const res = await signedCall(emu.url, target, body(deep), MANAGEMENT, service);
    expect([res.status, res.body.__type]).toEqual([400, 'SerializationException']);
    expect(res.body.message).toMatch(/more than 64 levels/);
  });
});

describe('null is absent and unknown members are ignored, everywhere', () => {
  test('preferredCommitment {"term": null} keeps the stored term', async () => {
    const res = await signedCall(emu.url, `${HUB}.UpdatePreferences`, { preferredCommitment: { term: null, paymentOption: 'NoUpfront' } }, MANAGEMENT, 'cost-optimization-hub');
    expect(res.status).toBe(200);
    expect(res.body.preferredCommitment).toEqual({ term: 'ThreeYears', paymentOption: 'NoUpfront' });
    // Nothing null is stored (the state file and the view hold no null).
    expect(JSON.stringify((await state()).accounts[MANAGEMENT.accountId].costOptimizationHub.preferences)).not.toContain('null');
  });

  test('memberAccountDiscountVisibility: null from a member is no attempt to set it', async () => {
    const res = await signedCall(emu.url, `${HUB}.UpdatePreferences`, { memberAccountDiscountVisibility: null, savingsEstimationMode: 'AfterDiscounts' }, MEMBERS[0], 'cost-optimization-hub');
    expect(res.status).toBe(200);
    expect(res.body.savingsEstimationMode).toBe('AfterDiscounts');
  });

  test('filters with "values": null, and null page members, restrict nothing', async () => {
    const res = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, { filters: [{ name: 'Status', values: null }, { name: null }], maxResults: null, nextToken: null }, MANAGEMENT, 'compute-optimizer');
    expect(res.status).toBe(200);
    expect(res.body.accountEnrollmentStatuses).toHaveLength(MEMBERS.length);
  });

  test('the same client token with an extra unknown member or a null is the same request', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active' }, STANDALONE, 'compute-optimizer');
    const first = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'same-1' }, STANDALONE);
    expect(first.status).toBe(200);
    for (const again of [
      { status: 'Active', clientToken: 'same-1', somethingNew: { nested: [1, 2] } },
      { status: 'Active', clientToken: 'same-1', somethingNew: null },
    ]) {
      const res = await automation(emu.url, 'UpdateEnrollmentConfiguration', again, STANDALONE);
      expect([res.status, res.body]).toEqual([200, first.body]);
    }
    expect((await state()).replayedCalls['ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration']).toBe(2);
  });

  test('a null list element is a wrongly typed member (SerializationException), not a crash', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
    const res = await automation(emu.url, 'AssociateAccounts', { accountIds: [null] });
    expect([res.status, res.body.__type]).toEqual([400, 'SerializationException']);
  });
});

describe('web pages cannot drive the emulator', () => {
  const adminRaw = (method: string, route: string, headers: Record<string, string>, body?: string) => fetch(`${emu.url}/_emulator/${route}`, { method, headers, body });

  test('a form post or a no-cors fetch (no application/json) is refused and changes nothing', async () => {
    const before = await durableState();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await adminRaw('POST', 'clock', { 'content-type': type }, '{"advanceSeconds":86400}');
      expect(res.status).toBe(415);
      expect(((await res.json()) as any).error).toMatch(/Content-Type: application\/json/);
    }
    const noBody = await adminRaw('POST', 'reset', {});
    expect(noBody.status).toBe(415);
    expect(await durableState()).toEqual(before);
  });

  test('an Origin that is not loopback is refused, even with application/json', async () => {
    const res = await adminRaw('POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, { 'content-type': 'application/json', origin: 'https://evil.example' }, '{"status":"Active"}');
    expect(res.status).toBe(403);
    expect((await state()).accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Inactive');
    const local = await adminRaw('GET', 'state', { origin: 'http://localhost:3000' });
    expect(local.status).toBe(200);
    const sandboxed = await adminRaw('GET', 'state', { origin: 'null' });
    expect(sandboxed.status).toBe(403);
  });

  test('DNS rebinding: a foreign Host is refused by the admin API and the AWS routes', async () => {
    const rebound = await rawRequest(emu.url, httpText('GET', '/_emulator/state', [['Host', `evil.example:${new URL(emu.url).port}`]]));
    expect(rebound.status).toBe(403);
    expect(rebound.json.error).toMatch(/loopback/);
    const body = '{}';
    const headers = signedHeaders({ host: 'evil.example', target: `${CO}.GetEnrollmentStatus`, body, ...MANAGEMENT, service: 'compute-optimizer' });
    const aws = await rawRequest(emu.url, httpText('POST', '/', [...Object.entries(headers), ['Content-Length', '2']], body));
    expectAwsError(aws, 403, 'AccessDeniedException');
    expect(aws.json.message).toMatch(/DNS rebinding.*--allow-host evil\.example/);
    for (const ok of ['localhost', '127.0.0.1', '[::1]', 'emulator.localhost']) {
      const h = signedHeaders({ host: `${ok}:4566`, target: `${CO}.GetEnrollmentStatus`, body, ...MANAGEMENT, service: 'compute-optimizer' });
      expect((await rawRequest(emu.url, httpText('POST', '/', [...Object.entries(h), ['Content-Length', '2']], body))).status).toBe(200);
    }
  });

  test('--allow-host names are accepted on the AWS routes, never on the admin API', async () => {
    const other = await startEmulator({ quiet: true, allowedHosts: ['emulator'] });
    try {
      const body = '{}';
      const headers = signedHeaders({ host: 'emulator:4566', target: `${CO}.GetEnrollmentStatus`, body, ...MANAGEMENT, service: 'compute-optimizer' });
      expect((await rawRequest(other.url, httpText('POST', '/', [...Object.entries(headers), ['Content-Length', '2']], body))).status).toBe(200);
      expect((await rawRequest(other.url, httpText('GET', '/_emulator/state', [['Host', 'emulator:4566']]))).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  test('with an admin token, admin requests without it are refused', async () => {
    const token = 'a-long-enough-admin-token-1234';
    const guarded = await startEmulator({ quiet: true, adminToken: token });
    try {
      expect((await fetch(`${guarded.url}/_emulator/state`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/_emulator/state`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/_emulator/reset`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
    await expect(startEmulator({ quiet: true, adminToken: 'short' })).rejects.toThrow(/16-256 printable/);
  });
});

describe('bounded growth', () => {
  test('client tokens expire and are capped, oldest first', () => {
    const tokens = new ClientTokens(3);
    const dropped: string[] = [];
    tokens.onChange((k, r) => r === undefined && dropped.push(k));
    for (let i = 0; i < 5; i++) tokens.put(`k${i}`, { fingerprint: 'f', response: {}, at: 1000 + i });
    expect(tokens.size).toBe(3);
    expect(dropped).toEqual(['k0', 'k1']);
    expect(tokens.get('k2', 1004)).toBeDefined();
    tokens.put('k5', { fingerprint: 'f', response: {}, at: 1000 + TOKEN_LIFETIME_MS + 3 });
    expect(dropped).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(tokens.get('k4', 1000 + TOKEN_LIFETIME_MS + 3)).toBeDefined();
    expect(tokens.get('k4', 1004 + TOKEN_LIFETIME_MS)).toBeUndefined();
  });

  test('expired client-token records are dropped as new ones arrive', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active' }, STANDALONE, 'compute-optimizer');
    for (let i = 0; i < 5; i++) await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: `grow-${i}` }, STANDALONE);
    expect((await state()).clientTokens).toBe(5);
    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 24 * 3600 + 1 });
    await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'grow-new' }, STANDALONE);
    expect((await state()).clientTokens).toBe(1);
  });

  test('connections beyond the limit are refused with a clear 503', async () => {
    const small = await startEmulator({ quiet: true, maxConnections: 2 });
    const u = new URL(small.url);
    const idle = await Promise.all([0, 1].map(() => new Promise<net.Socket>((resolve) => { const s = net.connect(Number(u.port), u.hostname, () => resolve(s)); })));
    try {
      await new Promise((r) => setTimeout(r, 50));
      const res = await rawRequest(small.url, httpText('POST', '/', [['Host', u.host], ['Content-Length', '2']], '{}'));
      expectAwsError(res, 503, 'ServiceUnavailableException');
      expect(res.json.message).toMatch(/already serves 2 connections.*--max-connections/);
      idle[0].destroy();
      await new Promise((r) => setTimeout(r, 50));
      expect((await rawRequest(small.url, httpText('POST', '/', [['Host', u.host], ['Content-Length', '2']], '{}'))).status).toBe(403);
    } finally {
      for (const s of idle) s.destroy();
      await small.close();
    }
  });
});

describe('pagination tokens survive statuses changing between pages', () => {
  test('ListAccounts: a member leaving the list before the cursor shifts nothing', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
    const first = await automation(emu.url, 'ListAccounts', { maxResults: 2 });
    expect((first.body.accounts as any[]).map((a: any) => a.accountId)).toEqual([MEMBERS[0].accountId, MEMBERS[1].accountId]);
    // The first member stops being listed (Compute Optimizer no longer Active): an offset would now skip one.
    await admin(emu.url, 'POST', `accounts/${MEMBERS[0].accountId}/compute-optimizer`, { status: 'Inactive' });
    const second = await automation(emu.url, 'ListAccounts', { maxResults: 2, nextToken: first.body.nextToken });
    expect((second.body.accounts as any[]).map((a: any) => a.accountId)).toEqual([MEMBERS[2].accountId]);
    expect(second.body.nextToken).toBeUndefined();
  });

  test('GetEnrollmentStatusesForOrganization with a Status filter: no member skipped or repeated', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
    const query = { filters: [{ name: 'Status', values: ['Active'] }], maxResults: 1 };
    const first = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, query, MANAGEMENT, 'compute-optimizer');
    expect((first.body.accountEnrollmentStatuses as any[]).map((a: any) => a.accountId)).toEqual([MEMBERS[0].accountId]);
    // The member already served leaves the filtered list: with an offset the next page would skip one.
    await admin(emu.url, 'POST', `accounts/${MEMBERS[0].accountId}/compute-optimizer`, { status: 'Inactive' });
    const ids: string[] = [];
    let token = first.body.nextToken;
    for (let page = 0; page < 5 && token; page++) {
      const res = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, { ...query, nextToken: token }, MANAGEMENT, 'compute-optimizer');
      ids.push(...(res.body.accountEnrollmentStatuses as any[]).map((a: any) => a.accountId));
      token = res.body.nextToken;
    }
    expect(ids).toEqual([MEMBERS[1].accountId, MEMBERS[2].accountId]);
  });

  test('a token for another query or a forged position is the service validation error', async () => {
    await signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
    const first = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, { maxResults: 1 }, MANAGEMENT, 'compute-optimizer');
    const other = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, { maxResults: 1, filters: [{ name: 'Status', values: ['Active'] }], nextToken: first.body.nextToken }, MANAGEMENT, 'compute-optimizer');
    expect([other.status, other.body.__type]).toEqual([400, 'InvalidParameterValueException']);
    const forged = Buffer.from(JSON.stringify({ o: `${CO}.GetEnrollmentStatusesForOrganization`, k: -5, f: 'x' })).toString('base64');
    const bad = await signedCall(emu.url, `${CO}.GetEnrollmentStatusesForOrganization`, { nextToken: forged }, MANAGEMENT, 'compute-optimizer');
    expect([bad.status, bad.body.__type]).toEqual([400, 'InvalidParameterValueException']);
  });
});

describe('dropAfterApplyNext', () => {
  test('the change is made and durable, then the connection drops without an answer', async () => {
    await admin(emu.url, 'POST', 'faults', { dropAfterApplyNext: 1, operations: [`${CO}.UpdateEnrollmentStatus`] });
    await expect(signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Active' }, STANDALONE, 'compute-optimizer')).rejects.toThrow();
    const s = await state();
    expect(s.accounts[STANDALONE.accountId].computeOptimizer.status).toBe('Active');
    expect(s.faults).toEqual({ dropAfterApplyNext: 0, operations: [`${CO}.UpdateEnrollmentStatus`] });
    // An error answer is dropped too: the fault strikes whatever the operation answers.
    await admin(emu.url, 'POST', 'faults', { dropAfterApplyNext: 1 });
    await expect(signedCall(emu.url, `${CO}.UpdateEnrollmentStatus`, { status: 'Pending' }, STANDALONE, 'compute-optimizer')).rejects.toThrow();
  });
});

describe('the emulator process survives every admin error class', () => {
  let child: ChildProcess;
  let url: string;
  let stderr = '';
  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--state', path.join(dir, 'admin-errors.json'), '--member-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0].trim());
      });
      child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
    });
  });
  afterAll(() => child.kill('SIGKILL'));

  test('each is answered with 4xx and the process keeps serving', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
      ['POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, json, '{"status":"Bogus"}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/automation`, json, '{"status":"Bogus"}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/automation`, json, '{"status":"Active","rules":"sometimes"}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/cost-optimization-hub`, json, '{"status":"Bogus"}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, json, '{"status":5}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, json, '{"status":"Active","statusReason":{"x":1}}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, json, `{"status":"Active","statusReason":"${'r'.repeat(5000)}"}`],
      ['POST', 'accounts/999999999999/compute-optimizer', json, '{"status":"Active"}'],
      ['POST', `accounts/${MANAGEMENT.accountId}/billing`, json, '{"status":"Active"}'],
      ['POST', 'clock', json, '{"advanceSeconds":"soon"}'],
      ['POST', 'clock', json, '{"advanceSeconds":1e308}'],
      ['POST', 'config', json, '{"memberEnrollmentDelayMs":1e20}'],
      ['POST', 'faults', json, '{"dropNext":-1}'],
      ['POST', 'faults', json, '{"operations":"all"}'],
      ['POST', 'faults', json, '{"__proto__":{"polluted":1}}'],
      ['POST', 'reset', json, '{"status":'],
      ['POST', 'reset', json, '[1,2]'],
      ['POST', 'reset', json, '['.repeat(5000) + ']'.repeat(5000)],
      ['POST', 'reset', { 'content-type': 'text/plain' }, '{}'],
      ['GET', 'nothing-here', {}, undefined],
      ['PUT', 'state', json, '{}'],
    ];
    for (const [method, route, headers, body] of cases) {
      const res = await fetch(`${url}/_emulator/${route}`, { method, headers, body });
      expect([route, res.status >= 400 && res.status < 500]).toEqual([route, true]);
      expect(typeof ((await res.json()) as any).error).toBe('string');
    }
    expect(child.exitCode).toBeNull();
    const s = await (await fetch(`${url}/_emulator/state`)).json();
    expect((s as any).accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Inactive');
    expect(({} as any).polluted).toBeUndefined();
    const res = await signedCall(url, `${CO}.GetEnrollmentStatus`, {}, MANAGEMENT, 'compute-optimizer');
    expect(res.status).toBe(200);
    expect(stderr).not.toMatch(/survived|internal error/);
  });
});

describe('state files', () => {
  test('a symlink planted where the emulator writes is never followed; stale temp files are removed', async () => {
    const statePath = path.join(dir, 'planted.json');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'do not touch');
    // The old temp name was predictable (<state>.<pid>.tmp); the journal names are (<state>.journal.<n>).
    symlinkSync(victim, `${statePath}.${process.pid}.tmp`);
    symlinkSync(victim, `${statePath}.journal.1`);
    writeFileSync(`${statePath}.0123456789abcdef0123456789abcdef.tmp`, 'left by a killed run');
    const planted = await startEmulator({ quiet: true, statePath });
    try {
      await signedCall(planted.url, `${HUB}.UpdatePreferences`, { savingsEstimationMode: 'AfterDiscounts' }, MANAGEMENT, 'cost-optimization-hub');
    } finally {
      await planted.close();
    }
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    const names = readdirSync(dir).filter((n) => n.startsWith('planted.json'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).format).toBe('cdktf-aws-enrollment-emulator/v1');
    const again = await startEmulator({ quiet: true, statePath });
    try {
      const prefs = await signedCall(again.url, `${HUB}.GetPreferences`, {}, MANAGEMENT, 'cost-optimization-hub');
      expect(prefs.body.savingsEstimationMode).toBe('AfterDiscounts');
    } finally {
      await again.close();
    }
    // The planted link was skipped as a journal and removed with the old journals; its target is untouched.
    expect(existsSync(`${statePath}.journal.1`)).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
  });

  test('binding beyond loopback prints a warning that names the risk', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(err).toMatch(/warning: listening on 0\.0\.0\.0 makes the emulator reachable from other machines; anyone who can reach it can read and change its state/);
  });
});
