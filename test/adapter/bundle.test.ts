/**
 * The bundled single file, run exactly as Terraform runs it: `node adapter.cjs read <kind>` with the query on
 * stdin, `node adapter.cjs apply <kind> <payload>` with the payload as one argv element (no shell), credentials
 * in the environment, nothing else on the machine (no node_modules next to it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { READ_RESULT_FIELDS } from '../../src/shared';
import { DEFAULT_ACCOUNTS, MANAGEMENT, emulator, payload, type TestEmulator } from './helpers';

const root = resolve(__dirname, '../..');
let work: string;
let bundle: string;
let emu: TestEmulator;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'adapter-bundle-'));
  const built = join(work, 'build', 'adapter.cjs');
  const b = spawnSync(process.execPath, [join(root, 'scripts/bundle.mjs'), '--outfile', built], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundle failed: ${b.stderr}`);
  // Far from the repository, as in a Terraform asset directory: nothing to resolve modules from.
  mkdirSync(join(work, 'asset'));
  bundle = join(work, 'asset', 'adapter.cjs');
  copyFileSync(built, bundle);
  // A role in the management account that a member may assume with an external id (the roleArn test).
  emu = await emulator({ accounts: { ...DEFAULT_ACCOUNTS, management: { ...MANAGEMENT, roles: [{ name: 'Deploy', trustedPrincipals: ['222222222222'], externalId: 'ext-123' }] } } });
}, 60_000);
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], options: { stdin?: string; env?: Record<string, string | undefined>; program?: string } = {}): Promise<Spawned> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(work, 'home'),
      AWS_ACCESS_KEY_ID: MANAGEMENT.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MANAGEMENT.secretAccessKey,
      CDKTF_AWS_ENROLLMENT_POLL_MS: '50',
    };
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const child = spawn(process.execPath, [options.program ?? bundle, ...args], { cwd: join(work, 'asset'), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const CO = 'compute-optimizer-enrollment';

test('read: query on stdin, exactly one JSON object of strings on stdout, nothing on stderr', async () => {
  const r = await node(['read', CO], { stdin: JSON.stringify(payload(CO, emu.url)) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  const out = JSON.parse(r.stdout);
  expect(Object.keys(out)).toEqual([...READ_RESULT_FIELDS[CO]]);
  expect(out.status).toBe('Inactive');
});

test('apply: payload as one argv element; exit 0 only once AWS is in the declared state', async () => {
  await emu.admin('POST', 'config', { memberEnrollmentDelayMs: 1500 });
  const r = await node(['apply', CO, JSON.stringify(payload(CO, emu.url, { status: 'Active', includeMemberAccounts: 'true' }))]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/of 3 member accounts enrolled…/);
  const state = await emu.state();
  expect(state.accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Active');
  expect(state.accounts['222222222222'].computeOptimizer.status).toBe('Active');
});

test('a large listing is written out in full before the process exits', async () => {
  const members = Array.from({ length: 3000 }, (_, i) => ({ accountId: String(800000000000 + i), accessKeyId: `EMULATORLIST${String(i).padStart(8, '0')}`, secretAccessKey: `list-${i}` }));
  const big = await emulator({ accounts: { management: MANAGEMENT, members } });
  try {
    const ORG = 'compute-optimizer-organization-statuses';
    const r = await node(['read', ORG], { stdin: JSON.stringify(payload(ORG, big.url)) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.accountCount).toBe('3000');
    expect(JSON.parse(out.accounts)).toHaveLength(3000);
    // One call per page at the operation's documented maximum of 100 accounts.
    expect(await big.calls('ComputeOptimizerService.GetEnrollmentStatusesForOrganization')).toBe(30);
  } finally {
    await big.close();
  }
});

test('bad input exits 2 with one line; --help prints usage', async () => {
  const bad = await node(['read', CO], { stdin: '{"region": ["eu-west-1"]}' });
  expect(bad.code).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toMatch(/^cdktf-aws-enrollment adapter read compute-optimizer-enrollment: `region` must be a string/);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  const meta = await node(['apply', CO, JSON.stringify(payload(CO, emu.url, { status: 'Active', region: 'eu-west-1; rm -rf ~' }))]);
  expect(meta.code).toBe(2);
  expect(meta.stderr).toMatch(/`region` must be an AWS region/);
  const help = await node(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: cdktf-aws-enrollment adapter <read\|apply\|destroy> <kind>/);
});

test('AWS failures exit 1 with one line and never print the secret', async () => {
  const r = await node(['read', CO], { stdin: JSON.stringify(payload(CO, emu.url)), env: { AWS_SECRET_ACCESS_KEY: 'wrong-secret-do-not-print' } });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toContain('wrong-secret-do-not-print');
  expect(r.stderr).not.toContain(MANAGEMENT.secretAccessKey);
});

test('V8 code cache: written per user on first run, used afterwards, optional', async () => {
  const cacheHome = join(work, 'cache-home');
  const stdin = JSON.stringify(payload(CO, emu.url));
  expect((await node(['read', CO], { stdin, env: { XDG_CACHE_HOME: cacheHome } })).code).toBe(0);
  const dir = join(cacheHome, 'cdktf-aws-enrollment');
  const files = readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
  expect(files).toHaveLength(1);
  const second = await node(['read', CO], { stdin, env: { XDG_CACHE_HOME: cacheHome } });
  expect(second.code).toBe(0);
  expect(JSON.parse(second.stdout).status).toBe('Inactive');

  const off = join(work, 'cache-off');
  expect((await node(['read', CO], { stdin, env: { XDG_CACHE_HOME: off, CDKTF_AWS_ENROLLMENT_CODE_CACHE: 'off' } })).code).toBe(0);
  expect(existsSync(join(off, 'cdktf-aws-enrollment'))).toBe(false);
  // No HOME at all (some CI runners): still works, just without a cache.
  expect((await node(['read', CO], { stdin, env: { HOME: undefined } })).code).toBe(0);
});

test('a copy whose line endings were converted (CRLF, as git may check it out on Windows) still runs', async () => {
  const converted = join(work, 'asset', 'adapter-crlf.cjs');
  writeFileSync(converted, readFileSync(bundle, 'utf8').replace(/\n/g, '\r\n'));
  const r = await node(['read', CO], { stdin: JSON.stringify(payload(CO, emu.url)), program: converted });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).status).toBe('Inactive');
});

test('credentials from a profile load the on-demand credential chain embedded in the bundle', async () => {
  const home = join(work, 'profile-home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'credentials'), `[emulator]\naws_access_key_id = ${MANAGEMENT.accessKeyId}\naws_secret_access_key = ${MANAGEMENT.secretAccessKey}\n`);
  const env = { HOME: home, XDG_CACHE_HOME: join(home, 'cache'), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
  const stdin = JSON.stringify(payload(CO, emu.url, { profile: 'emulator' }));
  const r = await node(['read', CO], { stdin, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).status).toBe('Inactive');
  // The chain has a code cache of its own, beside the bundle's; the identity clients were not loaded.
  const cached = readdirSync(join(home, 'cache', 'cdktf-aws-enrollment')).filter((f) => f.endsWith('.v8cache'));
  expect(cached.map((f) => f.split('-')[2]).sort()).toEqual(['code', 'credential']);
  const again = await node(['read', CO], { stdin, env });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout).status).toBe('Inactive');
});

test('roleArn: the bundle assumes the role through the emulator STS (session name and external id passed) and calls as the role', async () => {
  const member = DEFAULT_ACCOUNTS.members[0];
  const r = await node(['read', 'compute-optimizer-organization-statuses'], {
    stdin: JSON.stringify(
      payload('compute-optimizer-organization-statuses', emu.url, {
        roleArn: 'arn:aws:iam::111111111111:role/Deploy',
        roleSessionName: 'ci',
        externalId: 'ext-123',
      }),
    ),
    env: { AWS_ACCESS_KEY_ID: member.accessKeyId, AWS_SECRET_ACCESS_KEY: member.secretAccessKey },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // Only the management account may list the organisation: the call was made as the assumed role.
  expect(JSON.parse(r.stdout).accountCount).toBe('3');
  const state = await emu.admin('GET', 'state');
  expect(state.calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBe(1);
  expect(state.roleSessions.map((s: { assumedRoleArn: string }) => s.assumedRoleArn)).toEqual(['arn:aws:sts::111111111111:assumed-role/Deploy/ci']);
});

test('an interrupted apply says what happens to the change in AWS', async () => {
  await emu.admin('POST', 'config', { memberEnrollmentDelayMs: 120_000 });
  const child = spawn(process.execPath, [bundle, 'apply', CO, JSON.stringify(payload(CO, emu.url, { status: 'Active', includeMemberAccounts: 'true' }))], {
    env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), AWS_ACCESS_KEY_ID: MANAGEMENT.accessKeyId, AWS_SECRET_ACCESS_KEY: MANAGEMENT.secretAccessKey, CDKTF_AWS_ENROLLMENT_POLL_MS: '50' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const done = new Promise<number | null>((r) => child.on('close', r));
  await new Promise<void>((r) =>
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/member accounts enrolled/.test(stderr)) r();
    }),
  );
  child.kill('SIGINT');
  expect(await done).toBe(130);
  expect(stderr).toMatch(/interrupted \(SIGINT\); a change already sent to AWS keeps going: re-run apply to wait for it/);
});
