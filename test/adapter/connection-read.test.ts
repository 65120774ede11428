/**
 * `adapter read connection-read` with many connections: one process reads every account of a stack, each
 * part through its own connection (profiles, roles, the default chain), and reports what failed in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CONNECTIONS_AT_ONCE } from '../../src/adapter/commands';
import type { AccountsFile } from '../../src/emulator';
import { MEMBER_ACCESS_ROLE_NAME, PAYLOAD_SCHEMA, READ_RESULT_FIELDS, encodeConnectionRead } from '../../src/shared';
import { emulator, run, type TestEmulator } from './helpers';

const MEMBERS = CONNECTIONS_AT_ONCE + 9;
const FILE: AccountsFile = {
  management: { accountId: '820000000001', accessKeyId: 'CONNREADMANAGEMENT01', secretAccessKey: 'conn-read-management' },
  members: Array.from({ length: MEMBERS }, (_, i) => ({
    accountId: String(820_000_000_100 + i),
    accessKeyId: `CONNREADMEMBER${String(i).padStart(6, '0')}`,
    secretAccessKey: `conn-read-member-${i}`,
  })),
};
const MGMT = FILE.management;
const members = FILE.members!;

let emu: TestEmulator;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await emulator({ accounts: FILE });
  dir = mkdtempSync(path.join(tmpdir(), 'conn-read-'));
  writeFileSync(
    path.join(dir, 'credentials'),
    members.map((m, i) => `[member-${i}]\naws_access_key_id = ${m.accessKeyId}\naws_secret_access_key = ${m.secretAccessKey}\n`).join('\n'),
  );
  env = { AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_CONFIG_FILE: path.join(dir, 'no-config') };
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emu.reset());

const base = () => ({ region: 'eu-west-1', endpoint: emu.url });

describe('one read for many connections', () => {
  test(`every member through its profile (more than ${CONNECTIONS_AT_ONCE} at once), the management account by the default chain and one member by role: each part sees its own account`, async () => {
    // Every third member enrolled behind Terraform's back, so each part's answer tells the accounts apart.
    for (let i = 0; i < MEMBERS; i += 3) await emu.console(members[i].accountId, 'compute-optimizer', 'Active');
    const connections = [base(), ...members.map((_, i) => ({ ...base(), profile: `member-${i}` })), { ...base(), roleArn: `arn:aws:iam::${members[1].accountId}:role/${MEMBER_ACCESS_ROLE_NAME}` }];
    const parts = connections.flatMap((_, c) => [
      { kind: 'compute-optimizer-enrollment' as const, for: `co_${c}`, fields: {}, connection: c },
      { kind: 'automation-enrollment' as const, for: `auto_${c}`, fields: {}, connection: c },
    ]);
    const query = encodeConnectionRead(connections, parts);
    expect(query['c1.profile']).toBe('member-0');
    expect(query.region).toBeUndefined();

    const r = await run('read', 'connection-read', query, { account: MGMT, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const status = (c: number) => r.json![`p${c * 2}.status`];
    expect(status(0)).toBe('Inactive');
    expect(r.json!['p1.status']).toBe('Inactive');
    for (let i = 0; i < MEMBERS; i++) expect([i, status(i + 1)]).toEqual([i, i % 3 === 0 ? 'Active' : 'Inactive']);
    // The role connection reads member 1, as its profile connection does.
    expect(status(connections.length - 1)).toBe(status(2));
    // Exactly each part's result keys, in the parts' order.
    expect(Object.keys(r.json!)).toEqual(parts.flatMap((p, i) => READ_RESULT_FIELDS[p.kind].map((k) => `p${i}.${k}`)));
    const calls = (await emu.state()).calls;
    expect(calls['Compute_Optimizer.GetEnrollmentStatus'] ?? calls['ComputeOptimizerService.GetEnrollmentStatus']).toBe(connections.length);
    expect(calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBe(1);
  });

  test('identical parts are read once per connection, not once across connections', async () => {
    const connections = [base(), { ...base(), profile: 'member-0' }];
    const parts = [0, 0, 1, 1].map((c, i) => ({ kind: 'compute-optimizer-enrollment' as const, for: `co_${i}`, fields: {}, connection: c }));
    const r = await run('read', 'connection-read', encodeConnectionRead(connections, parts), { account: MGMT, env });
    expect(r.code).toBe(0);
    expect([0, 1, 2, 3].map((i) => r.json![`p${i}.status`])).toEqual(['Inactive', 'Inactive', 'Inactive', 'Inactive']);
    const calls = (await emu.state()).calls;
    expect(calls['Compute_Optimizer.GetEnrollmentStatus'] ?? calls['ComputeOptimizerService.GetEnrollmentStatus']).toBe(2);
  });

  test('one connection that fails fails the read in one line naming the part and its profile (exit 1)', async () => {
    const connections = [base(), { ...base(), profile: 'member-0' }, { ...base(), profile: 'nobody' }];
    const parts = connections.map((_, c) => ({ kind: 'compute-optimizer-enrollment' as const, for: `Account${c}_CO`, fields: {}, connection: c }));
    const r = await run('read', 'connection-read', encodeConnectionRead(connections, parts), { account: MGMT, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cdktf-aws-enrollment adapter read connection-read: reading compute-optimizer-enrollment for Account2_CO: .*nobody/);
  });

  test.each([
    [{ 'p0.connection': 'c3', 'c0.region': 'eu-west-1' }, /p0\.connection.*names connection "c3"/],
    [{ 'p0.connection': 'first', 'c0.region': 'eu-west-1' }, /p0\.connection.*must name a connection/],
    [{ 'p0.connection': 'c0', 'c0.region': 'eu-west-1', 'c0.password': 'x' }, /unknown connection field `c0\.password`/],
    [{ 'p0.connection': 'c0', 'c0.region': 'Mars' }, /c0: .*region/],
    [{ 'p0.connection': 'c0', 'c0.profile': 'member-0' }, /missing required field `c0\.region`/],
    [{ 'c0.region': 'eu-west-1' }, /missing required field `region`/],
    [{ region: 'eu-west-1', 'p0.connection': 'c0', 'c0.region': 'eu-west-1' }, /either as top-level fields or as c<M>\.<field> groups, not both/],
    [{ 'p0.connection': 'c0', 'c0.region': 'eu-west-1', 'c1.region': 'NOT A REGION' }, /c1: .*region/],
  ])('bad connections are refused before any call, in one line (exit 2): %j', async (fields, message) => {
    const query = { schema: PAYLOAD_SCHEMA, kind: 'connection-read', 'p0.kind': 'compute-optimizer-enrollment', 'p0.for': 'x', ...fields };
    const r = await run('read', 'connection-read', query, { account: MGMT, env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(Object.keys((await emu.state()).calls ?? {}).filter((k) => !k.startsWith('_'))).toEqual([]);
  });
});
