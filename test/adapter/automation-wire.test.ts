/**
 * Our Automation client must send what the aws CLI sends (same target, content type and body fields), and its
 * client token must be stable across retries of one apply but new for a new apply.
 */
import { spawnSync, spawn } from 'node:child_process';
import { ComputeOptimizerAutomationClient, GetEnrollmentConfigurationCommand, UpdateEnrollmentConfigurationCommand } from '../../src/adapter/automation-client';
import { captureProxy, type CaptureProxy } from './capture';
import { MANAGEMENT, emulator, payload, run, type TestEmulator } from './helpers';

const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
let emu: TestEmulator;
let proxy: CaptureProxy;

beforeAll(async () => {
  emu = await emulator();
  proxy = await captureProxy(emu.url);
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});
beforeEach(async () => {
  await emu.reset();
  proxy.requests.length = 0;
  proxy.respond = undefined;
  await run('apply', 'compute-optimizer-enrollment', payload('compute-optimizer-enrollment', emu.url, { status: 'Active' }));
});

const credentials = { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey };

function aws(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    const child = spawn('aws', [...args, '--endpoint-url', proxy.url, '--region', 'eu-west-1', '--output', 'json'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(0) : reject(new Error(`aws ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

const scope = (authorization: string) => /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization)?.slice(1);

(hasAwsCli ? test : test.skip)('requests match the aws CLI: target, content type, body fields, signing scope', async () => {
  const client = new ComputeOptimizerAutomationClient({ region: 'eu-west-1', endpoint: proxy.url, credentials });
  try {
    expect(await aws(['compute-optimizer-automation', 'get-enrollment-configuration'])).toBe(0);
    await client.send(new GetEnrollmentConfigurationCommand({}));
    expect(await aws(['compute-optimizer-automation', 'update-enrollment-configuration', '--status', 'Active', '--client-token', 'wire-test-token-1'])).toBe(0);
    await client.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active', clientToken: 'wire-test-token-1' }));
    // Without a token both generate one (the model marks it as an idempotency token).
    expect(await aws(['compute-optimizer-automation', 'update-enrollment-configuration', '--status', 'Active'])).toBe(0);
    await client.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
  } finally {
    client.destroy();
  }
  const [cliGet, ourGet, cliUpdate, ourUpdate, cliGenerated, ourGenerated] = proxy.requests;
  for (const [cli, ours] of [
    [cliGet, ourGet],
    [cliUpdate, ourUpdate],
    [cliGenerated, ourGenerated],
  ]) {
    expect(ours.target).toBe(cli.target);
    expect(ours.contentType).toBe(cli.contentType);
    expect(scope(ours.authorization)).toEqual(scope(cli.authorization));
  }
  expect(cliGet.target).toBe('ComputeOptimizerAutomationService.GetEnrollmentConfiguration');
  expect(scope(cliGet.authorization)).toEqual(['eu-west-1', 'aco-automation']);
  expect(JSON.parse(ourGet.body)).toEqual(JSON.parse(cliGet.body));
  expect(JSON.parse(ourUpdate.body)).toEqual(JSON.parse(cliUpdate.body));
  expect(JSON.parse(ourUpdate.body)).toEqual({ status: 'Active', clientToken: 'wire-test-token-1' });
  expect(Object.keys(JSON.parse(ourGenerated.body))).toEqual(Object.keys(JSON.parse(cliGenerated.body)));
  expect(JSON.parse(ourGenerated.body).clientToken).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
});

test('client token: reused by retries and by a re-run of the same apply, new for a new apply', async () => {
  const AUTO = 'automation-enrollment';
  const updates = () => proxy.requests.filter((r) => r.target.endsWith('.UpdateEnrollmentConfiguration')).map((r) => JSON.parse(r.body).clientToken as string);
  // Every update is dropped: the SDK-style retries and then a second run of the same apply all fail.
  proxy.respond = (r) => (r.target.endsWith('.UpdateEnrollmentConfiguration') ? 'drop' : undefined);
  const failed = await run('apply', AUTO, payload(AUTO, proxy.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '2' } });
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/could not reach .* after 2 attempts/);
  const rerun = await run('apply', AUTO, payload(AUTO, proxy.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '2' } });
  expect(rerun.code).toBe(1);
  const tokens = updates();
  expect(tokens).toHaveLength(4);
  expect(new Set(tokens).size).toBe(1);
  expect(tokens[0]).toMatch(/^[a-f0-9]{64}$/);

  // Once AWS has changed (opted in, then out), a new apply gets a new token.
  proxy.respond = undefined;
  expect((await run('apply', AUTO, payload(AUTO, proxy.url, { status: 'Active' }))).code).toBe(0);
  expect((await run('destroy', AUTO, payload(AUTO, proxy.url, { status: 'Active', removalPolicy: 'opt-out' }))).code).toBe(0);
  await emu.admin('POST', 'clock', { advanceSeconds: 25 * 3600 });
  expect((await run('apply', AUTO, payload(AUTO, proxy.url, { status: 'Active' }))).code).toBe(0);
  const all = updates();
  expect(all[4]).toBe(tokens[0]); // the first successful apply is the same change the failed runs attempted
  expect(new Set(all.slice(4)).size).toBe(3);
});

test('Cost Optimization Hub is signed for us-east-1 whatever region the payload names', async () => {
  const HUB = 'cost-optimization-hub-enrollment';
  const r = await run('read', HUB, payload(HUB, proxy.url, { region: 'ap-southeast-2' }));
  expect(r.code).toBe(0);
  const hub = proxy.requests.find((q) => q.target.startsWith('CostOptimizationHubService.'))!;
  expect(scope(hub.authorization)).toEqual(['us-east-1', 'cost-optimization-hub']);
  const CO = 'compute-optimizer-enrollment';
  await run('read', CO, payload(CO, proxy.url, { region: 'ap-southeast-2' }));
  const co = proxy.requests.find((q) => q.target.startsWith('ComputeOptimizerService.'))!;
  expect(scope(co.authorization)).toEqual(['ap-southeast-2', 'compute-optimizer']);
});
