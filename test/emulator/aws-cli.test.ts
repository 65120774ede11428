/**
 * The installed `aws` CLI (botocore, Python) as a client independent of our own code and of the JS SDK.
 * Credentials come from a custom accounts file, so the test also covers `accounts` loading.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulator, type AccountsFile } from '../../src/emulator';
import { admin, type Emulator } from './helpers';

const awsAvailable = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
if (!awsAvailable) process.stdout.write('aws-cli.test: SKIPPED, the `aws` command is not installed or does not run (install awscli to run these tests)\n');
const describeAws = awsAvailable ? describe : describe.skip;

const ACCOUNTS: AccountsFile = {
  management: { accountId: '900000000001', accessKeyId: 'CLITESTMANAGEMENT001', secretAccessKey: 'cli-test-management-secret' },
  members: [
    { accountId: '900000000002', accessKeyId: 'CLITESTMEMBER0000002', secretAccessKey: 'cli-test-member-2' },
    { accountId: '900000000003', accessKeyId: 'CLITESTMEMBER0000003', secretAccessKey: 'cli-test-member-3' },
    { accountId: '900000000004', accessKeyId: 'CLITESTMEMBER0000004', secretAccessKey: 'cli-test-member-4' },
  ],
  standalone: [{ accountId: '900000000009', accessKeyId: 'CLITESTSTANDALONE009', secretAccessKey: 'cli-test-standalone' }],
};

let dir: string;
let emu: Emulator;

/** Each `aws` run costs seconds of Python start-up (more on a loaded machine): tests with many runs get room. */
const MANY_RUNS_MS = 240_000;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** Runs `aws` isolated from any user configuration, as one account (or with temporary credentials). */
function aws(args: string[], account: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ACCOUNTS.management, region = 'us-east-1'): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  if (account.sessionToken !== undefined) env.AWS_SESSION_TOKEN = account.sessionToken;
  return new Promise((resolve) => {
    execFile('aws', [...args, '--endpoint-url', emu.url, '--region', region, '--output', 'json'], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      let json: unknown;
      try {
        json = stdout.trim() === '' ? undefined : JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-cli-'));
  const accountsPath = path.join(dir, 'accounts.json');
  writeFileSync(accountsPath, JSON.stringify(ACCOUNTS));
  emu = await startEmulator({ quiet: true, accounts: accountsPath, memberEnrollmentDelayMs: 0 });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describeAws('aws CLI against the emulator', () => {
  test('Compute Optimizer: opt in with members, read back, follow nextToken, one error', async () => {
    let r = await aws(['compute-optimizer', 'update-enrollment-status', '--status', 'Active', '--include-member-accounts'], ACCOUNTS.management, 'eu-west-1');
    expect(r.code).toBe(0);
    expect(r.json.status).toBe('Active');
    r = await aws(['compute-optimizer', 'get-enrollment-status'], ACCOUNTS.management, 'eu-west-1');
    expect(r.json).toMatchObject({ status: 'Active', memberAccountsEnrolled: true, numberOfMemberAccountsOptedIn: 3 });

    // --page-size 1 makes the CLI fetch three pages and merge them, following nextToken itself.
    r = await aws(['compute-optimizer', 'get-enrollment-statuses-for-organization', '--page-size', '1'], ACCOUNTS.management, 'eu-west-1');
    expect(r.code).toBe(0);
    expect(r.json.accountEnrollmentStatuses.map((a: any) => a.accountId)).toEqual(['900000000002', '900000000003', '900000000004']);
    expect((await admin(emu.url, 'GET', 'state')).calls['ComputeOptimizerService.GetEnrollmentStatusesForOrganization']).toBe(3);

    r = await aws(['compute-optimizer', 'get-enrollment-statuses-for-organization'], ACCOUNTS.members![0], 'eu-west-1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/AccessDeniedException/);
  });

  test('Compute Optimizer Automation: opt in, list accounts page by page, one error', async () => {
    let r = await aws(['compute-optimizer-automation', 'update-enrollment-configuration', '--status', 'Active']);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe('Active');
    r = await aws(['compute-optimizer-automation', 'get-enrollment-configuration']);
    expect(r.json).toMatchObject({ status: 'Active' });
    r = await aws(['compute-optimizer-automation', 'associate-accounts', '--account-ids', '900000000002']);
    expect(r.json.accountIds).toEqual(['900000000002']);
    r = await aws(['compute-optimizer-automation', 'list-accounts', '--page-size', '2']);
    expect(r.code).toBe(0);
    expect(r.json.accounts.map((a: any) => [a.accountId, a.organizationRuleMode])).toEqual([
      ['900000000002', 'AnyAllowed'],
      ['900000000003', 'NoneAllowed'],
      ['900000000004', 'NoneAllowed'],
    ]);
    expect((await admin(emu.url, 'GET', 'state')).calls['ComputeOptimizerAutomationService.ListAccounts']).toBe(2);
    r = await aws(['compute-optimizer-automation', 'update-enrollment-configuration', '--status', 'Inactive'], ACCOUNTS.members![0]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ForbiddenException/);
  });

  test('Cost Optimization Hub: opt in, list the organisation page by page, preferences, one error', async () => {
    let r = await aws(['cost-optimization-hub', 'update-enrollment-status', '--status', 'Active', '--include-member-accounts']);
    expect(r.json.status).toBe('Active');
    r = await aws(['cost-optimization-hub', 'list-enrollment-statuses', '--include-organization-info', '--page-size', '1']);
    expect(r.code).toBe(0);
    expect(r.json.items.map((i: any) => i.status)).toEqual(['Active', 'Active', 'Active', 'Active']);
    r = await aws(['cost-optimization-hub', 'update-preferences', '--savings-estimation-mode', 'AfterDiscounts'], ACCOUNTS.standalone![0]);
    expect(r.json.savingsEstimationMode).toBe('AfterDiscounts');
    r = await aws(['cost-optimization-hub', 'list-enrollment-statuses', '--account-id', '12345']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ValidationException/);
  });

  test('Compute Optimizer Automation rules: create, list, update, tag, list tags, delete, a stale revision', async () => {
    const standalone = ACCOUNTS.standalone![0];
    expect((await aws(['compute-optimizer', 'update-enrollment-status', '--status', 'Active'], standalone)).code).toBe(0);
    expect((await aws(['compute-optimizer-automation', 'update-enrollment-configuration', '--status', 'Active'], standalone)).code).toBe(0);
    let r = await aws(
      [
        'compute-optimizer-automation', 'create-automation-rule',
        '--name', 'nightly-ebs-cleanup',
        '--rule-type', 'AccountRule',
        '--recommended-action-types', 'SnapshotAndDeleteUnattachedEbsVolume',
        '--schedule', 'scheduleExpression=cron(30 2 * * ? *),scheduleExpressionTimezone=UTC,executionWindowInMinutes=120',
        '--criteria', JSON.stringify({ region: [{ comparison: 'StringEquals', values: ['eu-west-1'] }], ebsVolumeSizeInGib: [{ comparison: 'NumericLessThan', values: [100] }] }),
        '--status', 'Active',
        '--tags', 'key=managed-by,value=cdktf',
      ],
      standalone,
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ name: 'nightly-ebs-cleanup', ruleRevision: 1, criteria: { ebsVolumeSizeInGib: [{ comparison: 'NumericLessThan', values: [100] }] } });
    const arn: string = r.json.ruleArn;
    expect(arn).toMatch(/^arn:aws:compute-optimizer::900000000009:automation-rule\/[0-9A-Za-z]{16}$/);

    r = await aws(['compute-optimizer-automation', 'list-automation-rules', '--filters', 'name=Name,values=nightly-*'], standalone);
    expect(r.code).toBe(0);
    expect(r.json.automationRules.map((x: any) => [x.ruleArn, x.status])).toEqual([[arn, 'Active']]);

    r = await aws(['compute-optimizer-automation', 'update-automation-rule', '--rule-arn', arn, '--rule-revision', '1', '--status', 'Inactive'], standalone);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ruleRevision: 2, status: 'Inactive' });
    r = await aws(['compute-optimizer-automation', 'update-automation-rule', '--rule-arn', arn, '--rule-revision', '1', '--status', 'Active'], standalone);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/InvalidParameterValueException.*not the current revision/);

    r = await aws(['compute-optimizer-automation', 'tag-resource', '--resource-arn', arn, '--rule-revision', '2', '--tags', 'key=env,value=prod'], standalone);
    expect(r.code).toBe(0);
    r = await aws(['compute-optimizer-automation', 'list-tags-for-resource', '--resource-arn', arn], standalone);
    expect(r.json.tags).toEqual([
      { key: 'managed-by', value: 'cdktf' },
      { key: 'env', value: 'prod' },
    ]);
    r = await aws(['compute-optimizer-automation', 'untag-resource', '--resource-arn', arn, '--rule-revision', '2', '--tag-keys', 'env'], standalone);
    expect(r.code).toBe(0);

    r = await aws(['compute-optimizer-automation', 'create-automation-rule', '--name', 'too-often', '--rule-type', 'AccountRule', '--recommended-action-types', 'UpgradeEbsVolumeType', '--schedule', 'scheduleExpression=cron(0 * * * ? *)', '--status', 'Active'], standalone);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/InvalidParameterValueException.*one fixed hour/);

    r = await aws(['compute-optimizer-automation', 'delete-automation-rule', '--rule-arn', arn, '--rule-revision', '2'], standalone);
    expect(r.code).toBe(0);
    r = await aws(['compute-optimizer-automation', 'get-automation-rule', '--rule-arn', arn], standalone);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ResourceNotFoundException/);
  }, MANY_RUNS_MS);

  test('Compute Optimizer recommendation preferences: put at two scopes, get, effective, delete', async () => {
    const member = ACCOUNTS.members![1];
    const region = 'eu-west-1';
    expect((await aws(['compute-optimizer', 'update-enrollment-status', '--status', 'Active', '--include-member-accounts'], ACCOUNTS.management, region)).code).toBe(0);
    let r = await aws(
      ['compute-optimizer', 'put-recommendation-preferences', '--resource-type', 'Ec2Instance', '--scope', 'name=Organization,value=ALL_ACCOUNTS', '--look-back-period', 'DAYS_32', '--enhanced-infrastructure-metrics', 'Active'],
      ACCOUNTS.management,
      region,
    );
    expect(r.code).toBe(0);
    r = await aws(
      [
        'compute-optimizer', 'put-recommendation-preferences', '--resource-type', 'Ec2Instance',
        '--utilization-preferences', JSON.stringify([{ metricName: 'CpuUtilization', metricParameters: { threshold: 'P95', headroom: 'PERCENT_30' } }]),
        '--look-back-period', 'DAYS_93',
      ],
      member,
      region,
    );
    expect(r.code).toBe(0);
    r = await aws(['compute-optimizer', 'get-recommendation-preferences', '--resource-type', 'Ec2Instance', '--scope', 'name=Organization,value=ALL_ACCOUNTS'], ACCOUNTS.management, region);
    expect(r.code).toBe(0);
    expect(r.json.recommendationPreferencesDetails).toEqual([
      { scope: { name: 'Organization', value: 'ALL_ACCOUNTS' }, resourceType: 'Ec2Instance', enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_32' },
    ]);
    const arn = `arn:aws:ec2:${region}:${member.accountId}:instance/i-0123456789abcdef0`;
    r = await aws(['compute-optimizer', 'get-effective-recommendation-preferences', '--resource-arn', arn], member, region);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ enhancedInfrastructureMetrics: 'Active', lookBackPeriod: 'DAYS_93', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { threshold: 'P95', headroom: 'PERCENT_30' } }, { metricName: 'MemoryUtilization' }] });

    r = await aws(['compute-optimizer', 'delete-recommendation-preferences', '--resource-type', 'Ec2Instance', '--recommendation-preference-names', 'LookBackPeriodPreference'], member, region);
    expect(r.code).toBe(0);
    r = await aws(['compute-optimizer', 'get-effective-recommendation-preferences', '--resource-arn', arn], member, region);
    expect(r.json.lookBackPeriod).toBe('DAYS_32');
    r = await aws(['compute-optimizer', 'put-recommendation-preferences', '--resource-type', 'AutoScalingGroup', '--scope', 'name=Organization,value=ALL_ACCOUNTS', '--look-back-period', 'DAYS_32'], ACCOUNTS.management, region);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/InvalidParameterValueException.*AutoScalingGroup cannot be set at the Organization scope/);
  }, MANY_RUNS_MS);

  test('STS and Organizations: who am I, the organisation, and a standalone account outside it', async () => {
    let r = await aws(['sts', 'get-caller-identity']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ Account: '900000000001', Arn: 'arn:aws:iam::900000000001:user/emulator' });
    r = await aws(['organizations', 'describe-organization']);
    expect(r.code).toBe(0);
    expect(r.json.Organization).toMatchObject({ MasterAccountId: '900000000001', FeatureSet: 'ALL', AvailablePolicyTypes: [] });
    r = await aws(['organizations', 'describe-organization'], ACCOUNTS.members![0]);
    expect(r.json.Organization.MasterAccountId).toBe('900000000001');
    r = await aws(['organizations', 'describe-organization'], ACCOUNTS.standalone![0]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/\(AWSOrganizationsNotInUseException\) when calling the DescribeOrganization operation: Your account is not a member of an organization\./);
  });

  test('sts assume-role into a member: the CLI then acts as the member with AWS_SESSION_TOKEN', async () => {
    const member = ACCOUNTS.members![1];
    const roleArn = `arn:aws:iam::${member.accountId}:role/OrganizationAccountAccessRole`;
    let r = await aws(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'x2', '--duration-seconds', '900']);
    expect(r.code).toBe(0);
    expect(r.json.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${member.accountId}:assumed-role/OrganizationAccountAccessRole/x2`);
    const c = r.json.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    const temporary = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };

    r = await aws(['sts', 'get-caller-identity'], temporary);
    expect(r.json).toMatchObject({ Account: member.accountId, Arn: `arn:aws:sts::${member.accountId}:assumed-role/OrganizationAccountAccessRole/x2` });
    // An enrollment only the member account has proves whose account the credentials reach.
    await admin(emu.url, 'POST', `accounts/${member.accountId}/compute-optimizer`, { status: 'Failed', statusReason: 'only in the member account' });
    r = await aws(['compute-optimizer', 'get-enrollment-status'], temporary, 'eu-west-1');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 'Failed', statusReason: 'only in the member account' });

    r = await aws(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'x3'], ACCOUNTS.standalone![0]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`(AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::900000000009:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 901 });
    r = await aws(['compute-optimizer', 'get-enrollment-status'], temporary, 'eu-west-1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/\(ExpiredTokenException\).*The security token included in the request is expired/);
    r = await aws(['sts', 'get-caller-identity'], temporary);
    expect(r.stderr).toMatch(/\(ExpiredToken\) when calling the GetCallerIdentity operation/);
  }, MANY_RUNS_MS);

  test('wrong secret: InvalidSignatureException', async () => {
    const r = await aws(['compute-optimizer', 'get-enrollment-status'], { ...ACCOUNTS.standalone![0], secretAccessKey: 'wrong' }, 'eu-west-1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/InvalidSignatureException/);
  });
});
