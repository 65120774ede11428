import * as http from 'node:http';
import { GetEnrollmentStatusCommand, ComputeOptimizerClient, ThrottlingException } from '@aws-sdk/client-compute-optimizer';
import { startEmulator } from '../../src/emulator';
import { admin, computeOptimizer, expectAwsError, MANAGEMENT, signedCall, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(() => emu.close());
beforeEach(() => admin(emu.url, 'POST', 'reset'));

const CO = 'ComputeOptimizerService.GetEnrollmentStatus';

async function raw(headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(emu.url + '/', { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}

function expectError(res: { status: number; headers: Headers; body: any }, status: number, type: string): void {
  expect({ status: res.status, type: res.body.__type, header: res.headers.get('x-amzn-errortype') }).toEqual({ status, type, header: type });
  expect(typeof res.body.message).toBe('string');
  expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
  expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
}

describe('awsJson1_0 front door', () => {
  test('no signature: 403 MissingAuthenticationToken', async () => {
    expectError(await raw({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': CO }, '{}'), 403, 'MissingAuthenticationToken');
  });

  test('bad signature: 400 InvalidSignatureException (through the SDK as well)', async () => {
    const good = await signedCall(emu.url, CO, {}, MANAGEMENT, 'compute-optimizer');
    expect(good.status).toBe(200);
    const wrongSecret = { ...MANAGEMENT, secretAccessKey: 'not-the-secret' };
    const res = await signedCall(emu.url, CO, {}, wrongSecret, 'compute-optimizer');
    expect([res.status, res.body.__type]).toEqual([400, 'InvalidSignatureException']);
    const client = new ComputeOptimizerClient({ endpoint: emu.url, region: 'eu-west-1', credentials: { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: 'nope' }, maxAttempts: 1 });
    await expectAwsError(client.send(new GetEnrollmentStatusCommand({})), 'InvalidSignatureException', 400, /signature/);
  });

  test('a session token with a long-term key is refused, as AWS refuses it (temporary credentials: sts-and-organizations.test.ts)', async () => {
    const client = new ComputeOptimizerClient({
      endpoint: emu.url,
      region: 'ap-southeast-2',
      credentials: { accessKeyId: STANDALONE.accessKeyId, secretAccessKey: STANDALONE.secretAccessKey, sessionToken: 'session-token-value' },
      maxAttempts: 1,
    });
    await expectAwsError(client.send(new GetEnrollmentStatusCommand({})), 'UnrecognizedClientException', 400, /security token included in the request is invalid/);
  });

  test('UNSIGNED-PAYLOAD is refused: the body of a JSON call is always signed', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Hash } = await import('@smithy/hash-node');
    const signer = new SignatureV4({ service: 'compute-optimizer', region: 'us-east-1', credentials: MANAGEMENT, sha256: Hash.bind(null, 'sha256') });
    const url = new URL(emu.url);
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'ComputeOptimizerService.UpdateEnrollmentStatus', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: '{"status":"Inactive"}',
    });
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers.host;
    // Someone who captured the signed request swaps the body: without a payload hash nothing would notice.
    const res = await fetch(emu.url + '/', { method: 'POST', headers, body: '{"status":"Active"}' });
    const body = (await res.json()) as Record<string, unknown>;
    expect([res.status, body.__type]).toEqual([400, 'InvalidSignatureException']);
    expect((await admin(emu.url, 'GET', 'state')).accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Inactive');
  });

  test('a signature for another service is refused', async () => {
    const res = await signedCall(emu.url, CO, {}, MANAGEMENT, 'cost-optimization-hub');
    expect([res.status, res.body.__type]).toEqual([400, 'InvalidSignatureException']);
    expect(res.body.message).toMatch(/compute-optimizer/);
  });

  test('unknown access key: 400 UnrecognizedClientException', async () => {
    const res = await signedCall(emu.url, CO, {}, { ...STANDALONE, accessKeyId: 'AKIAUNKNOWNEXAMPLE01' }, 'compute-optimizer');
    expectError(res as any, 400, 'UnrecognizedClientException');
  });

  test('malformed JSON: 400 SerializationException', async () => {
    const res = await signedCall(emu.url, CO, '{"status": ', MANAGEMENT, 'compute-optimizer');
    expectError(res as any, 400, 'SerializationException');
  });

  test('a member of the wrong JSON type: 400 SerializationException; a constraint violation: the service error', async () => {
    const wrongType = await signedCall(emu.url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { status: 5 }, MANAGEMENT, 'compute-optimizer');
    expectError(wrongType as any, 400, 'SerializationException');
    const missing = await signedCall(emu.url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
    expectError(missing as any, 400, 'InvalidParameterValueException');
    expect(missing.body.message).toMatch(/status/);
    const notArray = await signedCall(emu.url, 'ComputeOptimizerService.GetEnrollmentStatus', '[1]', MANAGEMENT, 'compute-optimizer');
    expectError(notArray as any, 400, 'SerializationException');
  });

  test('unknown operation: 400 UnknownOperationException', async () => {
    const res = await signedCall(emu.url, 'ComputeOptimizerService.DeleteEverything', {}, MANAGEMENT, 'compute-optimizer');
    expectError(res as any, 400, 'UnknownOperationException');
    const prefix = await signedCall(emu.url, 'NoSuchService.GetEnrollmentStatus', {}, MANAGEMENT, 'compute-optimizer');
    expectError(prefix as any, 400, 'UnknownOperationException');
  });

  test('a body over 1 MiB: 413', async () => {
    const res = await fetch(emu.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': CO },
      body: Buffer.alloc(1024 * 1024 + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { __type: string }).__type).toBe('RequestEntityTooLargeException');
  });

  test('successful answers carry a request id and epoch-second timestamps', async () => {
    const res = await signedCall(emu.url, CO, {}, MANAGEMENT, 'compute-optimizer');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.lastUpdatedTimestamp).toBeCloseTo(Date.now() / 1000, -2);
  });
});

describe('fault injection', () => {
  test('throttleNext answers 429 ThrottlingException, only for the listed operations', async () => {
    await admin(emu.url, 'POST', 'faults', { throttleNext: 1, operations: [CO] });
    const other = await signedCall(emu.url, 'CostOptimizationHubService.GetPreferences', {}, MANAGEMENT, 'cost-optimization-hub');
    expect(other.status).toBe(200);
    const err = await expectAwsError(computeOptimizer(emu.url).send(new GetEnrollmentStatusCommand({})), 'ThrottlingException', 429);
    expect(err).toBeInstanceOf(ThrottlingException);
    expect((await computeOptimizer(emu.url).send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
  });

  test('the SDK retries through a throttle and a 500', async () => {
    await admin(emu.url, 'POST', 'faults', { throttleNext: 1, failNext: 1 });
    const client = new ComputeOptimizerClient({ endpoint: emu.url, region: 'eu-west-1', credentials: MANAGEMENT, maxAttempts: 3 });
    const out = await client.send(new GetEnrollmentStatusCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect((await admin(emu.url, 'GET', 'state')).calls[CO]).toBe(3);
  });

  test('failNext and error503Rate answer server faults', async () => {
    await admin(emu.url, 'POST', 'faults', { failNext: 1 });
    const e500 = await expectAwsError(computeOptimizer(emu.url).send(new GetEnrollmentStatusCommand({})), 'InternalServerException', 500);
    expect(e500.$fault).toBe('server');
    await admin(emu.url, 'POST', 'faults', { error503Rate: 1 });
    await expectAwsError(computeOptimizer(emu.url).send(new GetEnrollmentStatusCommand({})), 'ServiceUnavailableException', 503);
    await admin(emu.url, 'DELETE', 'faults');
    expect((await computeOptimizer(emu.url).send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
  });

  test('dropNext closes the connection without an answer; latencyMs delays', async () => {
    await admin(emu.url, 'POST', 'faults', { dropNext: 1 });
    await expect(signedCall(emu.url, CO, {}, MANAGEMENT, 'compute-optimizer')).rejects.toThrow();
    await admin(emu.url, 'POST', 'faults', { latencyMs: 150 });
    const started = Date.now();
    expect((await signedCall(emu.url, CO, {}, MANAGEMENT, 'compute-optimizer')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('bad admin input is refused with a one-line reason', async () => {
    await expect(admin(emu.url, 'POST', 'faults', { error500Rate: 2 })).rejects.toThrow(/error500Rate/);
    await expect(admin(emu.url, 'POST', 'faults', { sometimes: 1 })).rejects.toThrow(/unknown fault/);
    await expect(admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: -1 })).rejects.toThrow(/memberEnrollmentDelayMs/);
    await expect(admin(emu.url, 'POST', 'clock', { advanceSeconds: -5 })).rejects.toThrow(/advanceSeconds/);
    // A finite but huge advance would push the clock past any valid date (null timestamps, a damaged state file).
    await expect(admin(emu.url, 'POST', 'clock', { advanceSeconds: 1e308 })).rejects.toThrow(/advanceSeconds must be a number from 0 to/);
    expect((await admin(emu.url, 'GET', 'state')).now).toEqual(expect.any(Number));
    await expect(admin(emu.url, 'POST', 'faults', { latencyMs: 1e12 })).rejects.toThrow(/latencyMs must be at most/);
    await expect(admin(emu.url, 'POST', 'accounts/999999999999/automation', { status: 'Active' })).rejects.toThrow(/404/);
    await expect(admin(emu.url, 'POST', 'accounts/111111111111/billing', { status: 'Active' })).rejects.toThrow(/unknown service/);
    await expect(admin(emu.url, 'GET', 'nothing-here')).rejects.toThrow(/404/);
  });
});

describe('concurrency', () => {
  test('concurrent writers on one account are applied in order and never corrupt state', async () => {
    const client = computeOptimizer(emu.url, STANDALONE);
    const { UpdateEnrollmentStatusCommand } = await import('@aws-sdk/client-compute-optimizer');
    const statuses = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'Active' : 'Inactive') as 'Active' | 'Inactive');
    const results = await Promise.all(statuses.map((status) => client.send(new UpdateEnrollmentStatusCommand({ status }))));
    expect(results.map((r) => r.status)).toEqual(statuses);
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.calls['ComputeOptimizerService.UpdateEnrollmentStatus']).toBe(40);
  });

  test('keep-alive sockets are reused across calls', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const client = new ComputeOptimizerClient({ endpoint: emu.url, region: 'eu-west-1', credentials: MANAGEMENT, maxAttempts: 1, requestHandler: { httpAgent: agent } as any });
    for (let i = 0; i < 5; i++) expect((await client.send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
    agent.destroy();
  });
});
