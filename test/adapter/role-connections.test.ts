/**
 * Connections with `roleArn` against the emulator's STS over plain http: the role's account is the one
 * changed, and every STS refusal is reported as an STS failure in one line (never as an unreachable service).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountsFile } from '../../src/emulator';
import { MEMBER_ACCESS_ROLE_NAME } from '../../src/shared/connection';
import { emulator, payload, run, type TestEmulator } from './helpers';

const CO = 'compute-optimizer-enrollment';
const FILE: AccountsFile = {
  management: { accountId: '810000000001', accessKeyId: 'ROLECONNMANAGEMENT01', secretAccessKey: 'role-conn-management', userName: 'terraform' },
  members: [
    { accountId: '810000000002', accessKeyId: 'ROLECONNMEMBER000002', secretAccessKey: 'role-conn-member-2' },
    { accountId: '810000000003', accessKeyId: 'ROLECONNMEMBER000003', secretAccessKey: 'role-conn-member-3' },
  ],
  standalone: [
    {
      accountId: '810000000009',
      accessKeyId: 'ROLECONNSTANDALONE09',
      secretAccessKey: 'role-conn-standalone',
      roles: [
        { name: 'Partner', trustedPrincipals: ['810000000001'], externalId: 'partner-ext-1' },
      ],
    },
  ],
};
const [MGMT, MEMBER_A, MEMBER_B] = [FILE.management, FILE.members![0], FILE.members![1]];
const memberRole = (accountId: string) => `arn:aws:iam::${accountId}:role/${MEMBER_ACCESS_ROLE_NAME}`;

let emu: TestEmulator;
beforeAll(async () => {
  emu = await emulator({ accounts: { ...FILE, management: { ...MGMT, roles: [{ name: 'Self', trustedPrincipals: [MGMT.accountId] }] } } });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('roleArn connections through the emulator', () => {
  test('apply through OrganizationAccountAccessRole changes the member account, read sees it, and STS was called once per run', async () => {
    const fields = { roleArn: memberRole(MEMBER_A.accountId), roleSessionName: 'member-stack' };
    const r = await run('apply', CO, payload(CO, emu.url, { ...fields, status: 'Active' }), { account: MGMT });
    expect(r.stderr).not.toMatch(/TypeError|options\.agent/);
    expect(r.code).toBe(0);
    expect(r.json?.status).toBe('Active');
    const state = await emu.state();
    expect(state.accounts[MEMBER_A.accountId].computeOptimizer.status).toBe('Active');
    expect(state.accounts[MGMT.accountId].computeOptimizer.status).toBe('Inactive');
    expect(state.calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBe(1);

    const read = await run('read', CO, payload(CO, emu.url, fields), { account: MGMT });
    expect(read.code).toBe(0);
    expect(read.json?.status).toBe('Active');
    expect((await emu.state()).calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBe(2);
  });

  test('AWS_ENDPOINT_URL alone (no endpoint in the payload) sends STS and the service to the emulator', async () => {
    const body = { ...payload(CO, emu.url, { roleArn: memberRole(MEMBER_B.accountId) }) };
    delete (body as Record<string, string>).endpoint;
    const r = await run('read', CO, body, { account: MGMT, env: { AWS_ENDPOINT_URL: emu.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await emu.state()).calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBe(1);
  });

  test('an untrusted caller: AccessDenied as STS said it, in one line naming the role and the caller', async () => {
    const role = memberRole(MEMBER_B.accountId);
    const r = await run('apply', CO, payload(CO, emu.url, { roleArn: role, status: 'Active' }), { account: MEMBER_A });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `could not assume role ${role}: STS AssumeRole refused: AccessDenied: User: arn:aws:iam::${MEMBER_A.accountId}:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${role}; check the role's trust policy or the connection's roleArn/externalId`,
    );
    expect(r.stderr).not.toMatch(/could not reach|TypeError/);
    expect((await emu.state()).accounts[MEMBER_B.accountId].computeOptimizer.status).toBe('Inactive');
  });

  test('a wrong or missing externalId is refused the same way; the right one works', async () => {
    const role = 'arn:aws:iam::810000000009:role/Partner';
    for (const externalId of ['partner-ext-2', undefined]) {
      const r = await run('read', CO, payload(CO, emu.url, { roleArn: role, ...(externalId ? { externalId } : {}) }), { account: MGMT });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(
        new RegExp(`could not assume role ${role.replace(/[/.]/g, '\\$&')}: STS AssumeRole refused: AccessDenied: User: arn:aws:iam::810000000001:user/terraform is not authorized to perform: sts:AssumeRole on resource: ${role.replace(/[/.]/g, '\\$&')}; check the role's trust policy or the connection's roleArn/externalId$`),
      );
    }
    const ok = await run('read', CO, payload(CO, emu.url, { roleArn: role, externalId: 'partner-ext-1' }), { account: MGMT });
    expect(ok.code).toBe(0);
  });

  test('expired calling credentials: STS refuses them (ExpiredToken) and the line says to refresh them', async () => {
    const sts = new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials: { accessKeyId: MGMT.accessKeyId, secretAccessKey: MGMT.secretAccessKey }, maxAttempts: 1 });
    const own = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MGMT.accountId}:role/Self`, RoleSessionName: 'ci-session', DurationSeconds: 900 }));
    sts.destroy();
    const c = own.Credentials!;
    const account = { accountId: MGMT.accountId, accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! };
    const env = { AWS_SESSION_TOKEN: c.SessionToken! };
    // Valid: role chaining from a session works.
    const fresh = await run('read', CO, payload(CO, emu.url, { roleArn: memberRole(MEMBER_A.accountId) }), { account, env });
    expect(fresh.code).toBe(0);

    await emu.admin('POST', 'clock', { advanceSeconds: 901 });
    const r = await run('read', CO, payload(CO, emu.url, { roleArn: memberRole(MEMBER_A.accountId) }), { account, env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `cdktf-aws-enrollment adapter read compute-optimizer-enrollment: could not assume role ${memberRole(MEMBER_A.accountId)}: STS AssumeRole refused the calling credentials: ExpiredToken: The security token included in the request is expired; refresh them (a new session, \`aws sso login\`) or check that they belong to the right partition`,
    );
    // Without a role, the service itself refuses them.
    const direct = await run('read', CO, payload(CO, emu.url), { account, env });
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/Compute Optimizer GetEnrollmentStatus was refused \(ExpiredTokenException\)/);
  });

  test.each(['http', 'https'])('STS unreachable over %s beside an http service endpoint: the line names STS and its endpoint, not the service', async (scheme) => {
    // https: STS gets a TLS-capable agent of its own even though the service endpoint is plain http.
    const r = await run('read', CO, payload(CO, emu.url, { roleArn: memberRole(MEMBER_A.accountId) }), { account: MGMT, env: { AWS_ENDPOINT_URL_STS: `${scheme}://127.0.0.1:1`, AWS_MAX_ATTEMPTS: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(`: could not assume role ${memberRole(MEMBER_A.accountId).replace(/[/.]/g, '\\$&')}: could not reach STS at ${scheme}://127\\.0\\.0\\.1:1 after 1 attempt \\(ECONNREFUSED: .*\\); check the network and the STS endpoint`),
    );
    expect(r.stderr).not.toMatch(/Compute Optimizer|TypeError/);
  });
});
