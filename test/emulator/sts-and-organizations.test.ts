/**
 * STS (Query protocol, XML) and Organizations (awsJson1_1) through the official SDK clients, raw wire checks
 * of the XML, AssumeRole's trust rules, and temporary credentials used on the other services.
 */
import { ComputeOptimizerClient, GetEnrollmentStatusCommand, UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { startEmulator, signRequest, type AccountsFile, type EmulatorAccount } from '../../src/emulator';
import { loadAccounts } from '../../src/emulator/accounts';
import { MEMBER_ACCESS_ROLE_NAME } from '../../src/shared/connection';
import { admin, expectAwsError, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const keys = (a: EmulatorAccount): Creds => ({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey });
const temporary = (c: Credentials | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

const sts = (url: string, credentials: Creds) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const organizations = (url: string, credentials: Creds) => new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const computeOptimizer = (url: string, credentials: Creds) => new ComputeOptimizerClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 });

const MEMBER = MEMBERS[0];
const memberRole = (accountId: string) => `arn:aws:iam::${accountId}:role/${MEMBER_ACCESS_ROLE_NAME}`;

/** A form-encoded STS call signed by hand, for the exact XML (a string is sent as the body as it is). */
async function rawSts(url: string, form: Record<string, string> | string, credentials: Creds = keys(MANAGEMENT)): Promise<{ status: number; type: string | null; body: string }> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const headers = signRequest({
    url: new URL(url + '/'),
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    region: 'us-east-1',
    service: 'sts',
  });
  delete headers.host;
  const res = await fetch(url + '/', { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('STS and Organizations on the built-in organisation', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0 });
  });
  afterAll(() => emu.close());

  test('GetCallerIdentity names the account and its IAM user; the XML is STS-shaped', async () => {
    const out = await sts(emu.url, keys(MANAGEMENT)).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: MANAGEMENT.accountId, Arn: `arn:aws:iam::${MANAGEMENT.accountId}:user/emulator` });
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const raw = await rawSts(emu.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    expect(raw.status).toBe(200);
    expect(raw.type).toBe('text/xml');
    expect(raw.body).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user\/emulator<\/Arn><UserId>AIDA[A-Z2-7]{17}<\/UserId><Account>111111111111<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>\n$/,
    );
  });

  test('errors are STS XML: unknown action, wrong key, wrong secret, wrong signing name', async () => {
    let raw = await rawSts(emu.url, { Action: 'GetSessionTokens', Version: '2011-06-15' });
    expect(raw.status).toBe(400);
    expect(raw.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Could not find operation GetSessionTokens for version 2011-06-15<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>\n$/,
    );
    raw = await rawSts(emu.url, { Version: '2011-06-15' });
    expect(raw.body).toMatch(/<Code>MissingAction<\/Code>/);
    await expectAwsError(sts(emu.url, { accessKeyId: 'AKIANOTAKEYEXAMPLE00', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /security token included in the request is invalid/);
    await expectAwsError(sts(emu.url, { ...keys(MANAGEMENT), secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
  });

  test('DescribeOrganization: the organisation for the management account and members, AWSOrganizationsNotInUseException for a standalone account', async () => {
    const mine = await organizations(emu.url, keys(MANAGEMENT)).send(new DescribeOrganizationCommand({}));
    const id = mine.Organization!.Id!;
    expect(id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(mine.Organization).toEqual({
      Id: id,
      Arn: `arn:aws:organizations::111111111111:organization/${id}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::111111111111:account/${id}/111111111111`,
      MasterAccountId: '111111111111',
      MasterAccountEmail: '111111111111@example.com',
      AvailablePolicyTypes: [],
    });
    const theirs = await organizations(emu.url, keys(MEMBER)).send(new DescribeOrganizationCommand({}));
    expect(theirs.Organization).toEqual(mine.Organization);
    await expectAwsError(organizations(emu.url, keys(STANDALONE)).send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException', 400, /^Your account is not a member of an organization\.$/);

    // The wire: awsJson1_1, the error's message under "Message" as Organizations sends it.
    const body = '{}';
    const headers = signRequest({
      url: new URL(emu.url + '/'),
      body,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization' },
      ...keys(STANDALONE),
      region: 'us-east-1',
      service: 'organizations',
    });
    delete headers.host;
    const res = await fetch(emu.url + '/', { method: 'POST', headers, body });
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await res.json()).toEqual({ __type: 'AWSOrganizationsNotInUseException', Message: 'Your account is not a member of an organization.' });
  });

  test('AssumeRole into a member through OrganizationAccountAccessRole: the credentials act as the member on every service', async () => {
    const out = await sts(emu.url, keys(MANAGEMENT)).send(new AssumeRoleCommand({ RoleArn: memberRole(MEMBER.accountId), RoleSessionName: 'deploy', DurationSeconds: 900 }));
    expect(out.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${MEMBER.accountId}:assumed-role/${MEMBER_ACCESS_ROLE_NAME}/deploy`,
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:deploy$/),
    });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SessionToken!.length).toBeGreaterThan(100);
    const lifetime = c.Expiration!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(890_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);

    const creds = temporary(c);
    const who = await sts(emu.url, creds).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: MEMBER.accountId, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
    const org = await organizations(emu.url, creds).send(new DescribeOrganizationCommand({}));
    expect(org.Organization!.MasterAccountId).toBe(MANAGEMENT.accountId);
    await computeOptimizer(emu.url, creds).send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[MEMBER.accountId].computeOptimizer.status).toBe('Active');
    expect(state.accounts[MANAGEMENT.accountId].computeOptimizer.status).toBe('Inactive');
    expect(state.roleSessions).toContainEqual({ assumedRoleArn: out.AssumedRoleUser!.Arn, expiration: c.Expiration!.getTime() / 1000, expired: false });
    expect(JSON.stringify(state)).not.toContain(c.SessionToken);

    // The token must come with its key: without it, or with another one, the key is refused.
    await expectAwsError(computeOptimizer(emu.url, { ...creds, sessionToken: undefined }).send(new GetEnrollmentStatusCommand({})), 'UnrecognizedClientException', 400);
    await expectAwsError(computeOptimizer(emu.url, { ...creds, sessionToken: 'forged' }).send(new GetEnrollmentStatusCommand({})), 'UnrecognizedClientException', 400);
    await expectAwsError(sts(emu.url, { ...keys(MANAGEMENT), sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  test('AssumeRole refusals: untrusted caller, unknown role, DurationSeconds outside the model and the role, role chaining', async () => {
    const deny = (caller: string, arn: string) => new RegExp(`^User: ${caller.replace(/[/.]/g, '\\$&')} is not authorized to perform: sts:AssumeRole on resource: ${arn.replace(/[/.]/g, '\\$&')}$`);
    // A member may not assume another member's role: only the management account is trusted.
    await expectAwsError(
      sts(emu.url, keys(MEMBER)).send(new AssumeRoleCommand({ RoleArn: memberRole(MEMBERS[1].accountId), RoleSessionName: 'x1' })),
      'AccessDenied',
      403,
      deny(`arn:aws:iam::${MEMBER.accountId}:user/emulator`, memberRole(MEMBERS[1].accountId)),
    );
    // A standalone account has no such role.
    await expectAwsError(sts(emu.url, keys(MANAGEMENT)).send(new AssumeRoleCommand({ RoleArn: memberRole(STANDALONE.accountId), RoleSessionName: 'x1' })), 'AccessDenied', 403);
    const raw = await rawSts(emu.url, { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: memberRole(STANDALONE.accountId), RoleSessionName: 'x1' });
    expect(raw.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::111111111111:user\/emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::555555555555:role\/OrganizationAccountAccessRole<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>\n$/,
    );

    let r = await rawSts(emu.url, { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: memberRole(MEMBER.accountId), RoleSessionName: 'x', DurationSeconds: '899' });
    expect(r.status).toBe(400);
    expect(r.body).toContain(
      "<Code>ValidationError</Code><Message>2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900</Message>",
    );
    r = await rawSts(emu.url, { Action: 'AssumeRole', Version: '2011-06-15', RoleSessionName: 'xy' });
    expect(r.body).toContain("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    // OrganizationAccountAccessRole keeps AWS's default MaxSessionDuration: one hour.
    await expectAwsError(
      sts(emu.url, keys(MANAGEMENT)).send(new AssumeRoleCommand({ RoleArn: memberRole(MEMBER.accountId), RoleSessionName: 'long', DurationSeconds: 7200 })),
      'ValidationError',
      400,
      /exceeds the MaxSessionDuration set for this role/,
    );
  });

  test('credentials expire on the emulated clock: ExpiredTokenException (JSON services), ExpiredToken (STS)', async () => {
    const out = await sts(emu.url, keys(MANAGEMENT)).send(new AssumeRoleCommand({ RoleArn: memberRole(MEMBERS[2].accountId), RoleSessionName: 'short', DurationSeconds: 900 }));
    const creds = temporary(out.Credentials);
    await computeOptimizer(emu.url, creds).send(new GetEnrollmentStatusCommand({}));
    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 901 });
    await expectAwsError(computeOptimizer(emu.url, creds).send(new GetEnrollmentStatusCommand({})), 'ExpiredTokenException', 400, /^The security token included in the request is expired$/);
    await expectAwsError(organizations(emu.url, creds).send(new DescribeOrganizationCommand({})), 'ExpiredTokenException', 400);
    await expectAwsError(sts(emu.url, creds).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, /expired/);
    const raw = await rawSts(emu.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' }, creds);
    expect(raw.body).toContain('<Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error>');
  });

  test('seeded fuzz: 300 mutated STS forms are each answered with STS XML, a known code and no 5xx; the emulator keeps serving', async () => {
    let seed = 20261202;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      // The high bits: an LCG's low bits repeat with a short period.
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
    const names = ['Action', 'Version', 'RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SourceIdentity', 'Policy', 'Tags.member.1.Key', 'PolicyArns.member.1.arn', '__proto__', 'constructor', ''];
    const values = ['', 'x', 'AssumeRole', 'GetCallerIdentity', '2011-06-15', '2011-06-16', 'a'.repeat(3000), '900', '43201', '-5', '1e3', '99999999999999', '<x>&amp;', '\u0000', 'é', memberRole(MEMBER.accountId), memberRole('999999999999'), 'arn:aws:iam::222222222222:role/', '%zz', '+'];
    const known = new Set(['AccessDenied', 'ValidationError', 'MalformedInput', 'InvalidAction', 'MissingAction', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken']);
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const parts = [`Action=${pick(['AssumeRole', 'GetCallerIdentity', 'Bogus', ''])}`, `Version=${pick(['2011-06-15', '2011-06-15', ''])}`];
      for (let k = rnd(6); k > 0; k--) parts.push(`${encodeURIComponent(pick(names))}=${rnd(4) === 0 ? pick(values) : encodeURIComponent(pick(values))}`);
      if (rnd(5) === 0) parts.reverse();
      const creds = rnd(10) === 0 ? { ...keys(MANAGEMENT), secretAccessKey: 'wrong' } : rnd(10) === 0 ? keys(STANDALONE) : keys(MANAGEMENT);
      const r = await rawSts(emu.url, parts.join('&'), creds);
      expect([200, 400, 403]).toContain(r.status);
      expect(r.type).toBe('text/xml');
      if (r.status === 200) {
        expect(r.body).toMatch(/^<(AssumeRole|GetCallerIdentity)Response xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">.*<\/ResponseMetadata><\/\1Response>\n$/s);
        seen.set('ok', (seen.get('ok') ?? 0) + 1);
      } else {
        const code = /^<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>(\w+)<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>\n$/s.exec(r.body)?.[1];
        expect(known).toContain(code);
        seen.set(code!, (seen.get(code!) ?? 0) + 1);
      }
    }
    // The cases reach past the front door: successes and the action's own refusals both occur.
    expect(seen.get('ok')).toBeGreaterThan(10);
    expect(seen.get('ValidationError')).toBeGreaterThan(10);
    expect((await sts(emu.url, keys(MANAGEMENT)).send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT.accountId);
  });

  test('reset forgets every session', async () => {
    const out = await sts(emu.url, keys(MANAGEMENT)).send(new AssumeRoleCommand({ RoleArn: memberRole(MEMBER.accountId), RoleSessionName: 'gone' }));
    await admin(emu.url, 'POST', 'reset', {});
    await expectAwsError(sts(emu.url, temporary(out.Credentials)).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });
});

describe('roles from the accounts file', () => {
  const FILE: AccountsFile = {
    management: { accountId: '700000000001', accessKeyId: 'ROLETESTMANAGEMENT01', secretAccessKey: 'm', userName: 'ci', email: 'platform@example.org' },
    members: [
      {
        accountId: '700000000002',
        accessKeyId: 'ROLETESTMEMBER000002',
        secretAccessKey: 'm2',
        roles: [
          { name: 'Deployer', path: '/ops/', trustedPrincipals: ['arn:aws:iam::700000000001:user/ci'], externalId: 'shared-secret-1', maxSessionDuration: 43200 },
          { name: 'Chained', trustedPrincipals: ['arn:aws:iam::700000000002:role/ops/Deployer'] },
        ],
      },
    ],
    standalone: [{ accountId: '700000000009', accessKeyId: 'ROLETESTSTANDALONE09', secretAccessKey: 's', roles: [{ name: 'Auditor', trustedPrincipals: ['700000000001'] }] }],
  };
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true, accounts: FILE });
  });
  afterAll(() => emu.close());
  const mgmt = keys(FILE.management);
  const deployer = 'arn:aws:iam::700000000002:role/ops/Deployer';

  test('external id, path, user principals, long sessions, role chaining, email', async () => {
    const denied = await expectAwsError(sts(emu.url, mgmt).send(new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'ci-run' })), 'AccessDenied', 403);
    expect(denied.message).toBe(`User: arn:aws:iam::700000000001:user/ci is not authorized to perform: sts:AssumeRole on resource: ${deployer}`);
    await expectAwsError(sts(emu.url, mgmt).send(new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'ci-run', ExternalId: 'wrong-one' })), 'AccessDenied', 403);
    const out = await sts(emu.url, mgmt).send(new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'ci-run', ExternalId: 'shared-secret-1', DurationSeconds: 43200 }));
    // The assumed-role ARN leaves the path out, as AWS's does.
    expect(out.AssumedRoleUser!.Arn).toBe('arn:aws:sts::700000000002:assumed-role/Deployer/ci-run');
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(43_190_000);

    const chained = sts(emu.url, temporary(out.Credentials));
    await expectAwsError(chained.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::700000000002:role/Chained', RoleSessionName: 'hop', DurationSeconds: 7200 })), 'ValidationError', 400, /1 hour session limit for roles assumed by role chaining/);
    const hop = await chained.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::700000000002:role/Chained', RoleSessionName: 'hop' }));
    expect((await sts(emu.url, temporary(hop.Credentials)).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::700000000002:assumed-role/Chained/hop');

    // An account id in the trust policy trusts every principal of that account; a standalone account may hold roles too.
    const auditor = await sts(emu.url, mgmt).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::700000000009:role/Auditor', RoleSessionName: 'audit' }));
    expect(auditor.AssumedRoleUser!.Arn).toBe('arn:aws:sts::700000000009:assumed-role/Auditor/audit');
    await expectAwsError(organizations(emu.url, temporary(auditor.Credentials)).send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException', 400);
    // Members of a custom file hold OrganizationAccountAccessRole as well.
    await sts(emu.url, mgmt).send(new AssumeRoleCommand({ RoleArn: memberRole('700000000002'), RoleSessionName: 'admin' }));
    expect((await organizations(emu.url, mgmt).send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountEmail).toBe('platform@example.org');
  });

  test.each([
    [{ roles: {} }, 'members[0].roles must be an array of roles'],
    [{ roles: [{ name: 'A' }] }, 'members[0].roles[0].trustedPrincipals must list who may assume the role'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['1234'] }] }, 'members[0].roles[0].trustedPrincipals[0] must be a 12-digit account id, arn:aws:iam::<id>:root, or an IAM user or role ARN, got "1234"'],
    [{ roles: [{ name: 'bad name', trustedPrincipals: ['700000000001'] }] }, 'members[0].roles[0].name must be 1-64 characters'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['700000000001'] }, { name: 'A', trustedPrincipals: ['700000000001'] }] }, 'members[0].roles[1].name "A" is used twice in this account'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['700000000001'], externalId: 'x' }] }, 'members[0].roles[0].externalId must be 2-1224 characters'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['700000000001'], maxSessionDuration: 900 }] }, 'members[0].roles[0].maxSessionDuration must be whole seconds from 3600 to 43200'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['700000000001'], path: 'ops' }] }, 'members[0].roles[0].path must start and end with "/"'],
    [{ roles: [{ name: 'A', trustedPrincipals: ['700000000001'], trust: [] }] }, 'members[0].roles[0] has unknown member "trust"'],
    [{ email: 'nobody' }, 'members[0].email must be an email address'],
    [{ userName: 'a b' }, 'members[0].userName must be 1-64 characters'],
  ])('loadAccounts refuses %j in one line', (extra, message) => {
    const file = { ...FILE, members: [{ ...FILE.members![0], ...extra }] };
    let caught: Error | undefined;
    try {
      loadAccounts(file as AccountsFile);
    } catch (err) {
      caught = err as Error;
    }
    expect(caught?.message).toContain(message);
    expect(caught?.message.startsWith('accounts: ')).toBe(true);
    expect(caught?.message).not.toContain('\n');
  });
});
