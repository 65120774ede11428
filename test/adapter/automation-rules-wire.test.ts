/**
 * The rule, tag and account commands of our Automation client must send what the aws CLI sends for the same
 * input (target, content type, signing scope, body), generate a client token where the CLI generates one, and
 * page through ListAutomationRules and ListAccounts with the same requests as the CLI's own pagination.
 */
import { spawn, spawnSync } from 'node:child_process';
import { UpdateEnrollmentStatusCommand, ComputeOptimizerClient } from '@aws-sdk/client-compute-optimizer';
import {
  AssociateAccountsCommand,
  ComputeOptimizerAutomationClient,
  CreateAutomationRuleCommand,
  DeleteAutomationRuleCommand,
  DisassociateAccountsCommand,
  GetAutomationRuleCommand,
  ListAccountsCommand,
  ListAutomationRulesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAutomationRuleCommand,
  UpdateEnrollmentConfigurationCommand,
  paginateListAccounts,
  paginateListAutomationRules,
  type CreateAutomationRuleRequest,
} from '../../src/adapter/automation-commands';
import { captureProxy, type Captured, type CaptureProxy } from './capture';
import { MANAGEMENT, MEMBER, emulator, type TestEmulator } from './helpers';

const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAwsCli) process.stdout.write('automation-rules-wire.test: SKIPPED, the `aws` command is not installed\n');
const testCli = hasAwsCli ? test : test.skip;
/** Each `aws` run costs seconds of Python start-up (more on a loaded machine). */
const MANY_RUNS_MS = 240_000;

let emu: TestEmulator;
let proxy: CaptureProxy;
let client: ComputeOptimizerAutomationClient;
const credentials = { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey };

beforeAll(async () => {
  emu = await emulator();
  proxy = await captureProxy(emu.url);
  client = new ComputeOptimizerAutomationClient({ region: 'eu-west-1', endpoint: proxy.url, credentials, maxAttempts: 1 });
  const co = new ComputeOptimizerClient({ region: 'eu-west-1', endpoint: emu.url, credentials, maxAttempts: 1 });
  await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  co.destroy();
  const direct = new ComputeOptimizerAutomationClient({ region: 'eu-west-1', endpoint: emu.url, credentials, maxAttempts: 1 });
  await direct.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
  direct.destroy();
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await emu?.close();
});
beforeEach(() => {
  proxy.requests.length = 0;
});

/** Runs the aws CLI through the capturing proxy with the input as --cli-input-json; resolves with its JSON output. */
function aws(operation: string, input: unknown, extra: string[] = []): Promise<any> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1' };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    const command = operation.replace(/[A-Z]/g, (c, i) => `${i === 0 ? '' : '-'}${c.toLowerCase()}`);
    const args = ['compute-optimizer-automation', command, '--cli-input-json', JSON.stringify(input), ...extra, '--endpoint-url', proxy.url, '--region', 'eu-west-1', '--output', 'json'];
    const child = spawn('aws', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout.trim() ? JSON.parse(stdout) : {}) : reject(new Error(`aws ${operation} exited ${code}: ${stderr}`))));
  });
}

const scope = (authorization: string) => /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization)?.slice(1);

/** The CLI's request and ours agree on everything but what must differ (the signature). */
function expectSameRequest(cli: Captured, ours: Captured): void {
  expect(ours.target).toBe(cli.target);
  expect(ours.contentType).toBe(cli.contentType);
  expect(scope(ours.authorization)).toEqual(scope(cli.authorization));
  expect(JSON.parse(ours.body)).toEqual(JSON.parse(cli.body));
}

/** Runs the CLI, then our client, for the same input; returns both answers after comparing the two requests. */
async function both<T>(operation: string, input: object, send: () => Promise<T>): Promise<{ cli: any; ours: T }> {
  const cli = await aws(operation, input);
  const ours = await send();
  const [cliRequest, ourRequest] = proxy.requests.slice(-2);
  expect(cliRequest.target).toBe(`ComputeOptimizerAutomationService.${operation}`);
  expectSameRequest(cliRequest, ourRequest);
  return { cli, ours };
}

const RULE: CreateAutomationRuleRequest = {
  name: 'wire-rule',
  description: 'Compared with the aws CLI',
  ruleType: 'AccountRule',
  recommendedActionTypes: ['SnapshotAndDeleteUnattachedEbsVolume', 'UpgradeEbsVolumeType'],
  criteria: {
    region: [{ comparison: 'StringEquals', values: ['eu-west-1', 'eu-central-1'] }],
    ebsVolumeSizeInGib: [{ comparison: 'NumericLessThanEquals', values: [512] }],
    estimatedMonthlySavings: [{ comparison: 'NumericGreaterThan', values: [2.5] }],
    resourceTag: [{ comparison: 'StringNotLikeIfExists', key: 'automation-opt-out', values: ['*'] }],
  },
  schedule: { scheduleExpression: 'cron(30 2 * * ? *)', scheduleExpressionTimezone: 'Europe/Paris', executionWindowInMinutes: 90 },
  priority: '0.125',
  status: 'Active',
  tags: [{ key: 'managed-by', value: 'cdktf-aws-enrollment' }],
};

testCli('rule and tag commands send what the aws CLI sends, and read its answers the same way', async () => {
  const created = await both('CreateAutomationRule', { ...RULE, clientToken: 'wire-create-1' }, () => client.send(new CreateAutomationRuleCommand({ ...RULE, clientToken: 'wire-create-1' })));
  // The same token made the second call a replay: one rule, the same answer, timestamps decoded.
  expect(created.ours.ruleArn).toBe(created.cli.ruleArn);
  expect(created.ours.createdTimestamp).toEqual(new Date(created.cli.createdTimestamp * 1000));
  const ruleArn = created.ours.ruleArn!;

  const got = await both('GetAutomationRule', { ruleArn }, () => client.send(new GetAutomationRuleCommand({ ruleArn })));
  expect(got.ours.criteria).toEqual(got.cli.criteria);
  expect(got.ours.lastUpdatedTimestamp).toBeInstanceOf(Date);

  const filters = [{ name: 'Name' as const, values: ['wire-*'] }, { name: 'Status' as const, values: ['Active'] }];
  const listed = await both('ListAutomationRules', { filters, maxResults: 10 }, () => client.send(new ListAutomationRulesCommand({ filters, maxResults: 10 })));
  expect(listed.ours.automationRules!.map((r) => r.ruleArn)).toEqual([ruleArn]);

  const change = { ruleArn, ruleRevision: 1, status: 'Inactive' as const, schedule: { scheduleExpression: 'cron(0 3 ? * SUN *)' }, clientToken: 'wire-update-1' };
  const updated = await both('UpdateAutomationRule', change, () => client.send(new UpdateAutomationRuleCommand(change)));
  expect(updated.ours.ruleRevision).toBe(2);

  const tags = { resourceArn: ruleArn, ruleRevision: 2, tags: [{ key: 'env', value: 'prod' }], clientToken: 'wire-tag-1' };
  await both('TagResource', tags, () => client.send(new TagResourceCommand(tags)));
  const listedTags = await both('ListTagsForResource', { resourceArn: ruleArn }, () => client.send(new ListTagsForResourceCommand({ resourceArn: ruleArn })));
  expect(listedTags.ours.tags).toEqual(listedTags.cli.tags);
  const untag = { resourceArn: ruleArn, ruleRevision: 2, tagKeys: ['env'], clientToken: 'wire-untag-1' };
  await both('UntagResource', untag, () => client.send(new UntagResourceCommand(untag)));

  const remove = { ruleArn, ruleRevision: 2, clientToken: 'wire-delete-1' };
  await both('DeleteAutomationRule', remove, () => client.send(new DeleteAutomationRuleCommand(remove)));
  expect((await client.send(new ListAutomationRulesCommand({}))).automationRules).toEqual([]);
}, MANY_RUNS_MS);

testCli('without a client token both generate one for every idempotent operation', async () => {
  const cli = await aws('CreateAutomationRule', { ...RULE, name: 'cli-generated' });
  const ours = await client.send(new CreateAutomationRuleCommand({ ...RULE, name: 'ours-generated' }));
  const [cliCreate, ourCreate] = proxy.requests.slice(-2).map((r) => JSON.parse(r.body));
  expect(Object.keys(ourCreate).sort()).toEqual(Object.keys(cliCreate).sort());
  expect(ourCreate.clientToken).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  expect(ourCreate.clientToken).not.toBe(cliCreate.clientToken);

  const tokens = async (operation: string, input: object, send: () => Promise<unknown>) => {
    await aws(operation, input);
    await send();
    return proxy.requests.slice(-2).map((r) => JSON.parse(r.body).clientToken as string | undefined);
  };
  for (const [operation, input, send] of [
    ['UpdateAutomationRule', { ruleArn: cli.ruleArn, ruleRevision: 1, status: 'Inactive' }, () => client.send(new UpdateAutomationRuleCommand({ ruleArn: ours.ruleArn!, ruleRevision: 1, status: 'Inactive' }))],
    ['TagResource', { resourceArn: cli.ruleArn, ruleRevision: 2, tags: [{ key: 'a', value: 'b' }] }, () => client.send(new TagResourceCommand({ resourceArn: ours.ruleArn!, ruleRevision: 2, tags: [{ key: 'a', value: 'b' }] }))],
    ['UntagResource', { resourceArn: cli.ruleArn, ruleRevision: 2, tagKeys: ['a'] }, () => client.send(new UntagResourceCommand({ resourceArn: ours.ruleArn!, ruleRevision: 2, tagKeys: ['a'] }))],
    ['DeleteAutomationRule', { ruleArn: cli.ruleArn, ruleRevision: 2 }, () => client.send(new DeleteAutomationRuleCommand({ ruleArn: ours.ruleArn!, ruleRevision: 2 }))],
    ['AssociateAccounts', { accountIds: [MEMBER.accountId] }, () => client.send(new AssociateAccountsCommand({ accountIds: [MEMBER.accountId] }))],
    ['DisassociateAccounts', { accountIds: [MEMBER.accountId] }, () => client.send(new DisassociateAccountsCommand({ accountIds: [MEMBER.accountId] }))],
  ] as const) {
    const [cliToken, ourToken] = await tokens(operation, input, send as () => Promise<unknown>);
    expect({ operation, cli: typeof cliToken, ours: typeof ourToken }).toEqual({ operation, cli: 'string', ours: 'string' });
    expect(ourToken).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  }
  // Reads carry no token, in both.
  await both('ListAccounts', {}, () => client.send(new ListAccountsCommand({})));
}, MANY_RUNS_MS);

testCli('account association commands and the paginators send the same pages as the CLI pagination', async () => {
  const associate = { accountIds: [MEMBER.accountId], clientToken: 'wire-associate-1' };
  const assoc = await both('AssociateAccounts', associate, () => client.send(new AssociateAccountsCommand(associate)));
  expect(assoc.ours).toMatchObject({ accountIds: [MEMBER.accountId], errors: [] });

  proxy.requests.length = 0;
  const cliAccounts = await aws('ListAccounts', {}, ['--page-size', '1']);
  const cliPages = proxy.requests.splice(0);
  const ourAccounts: string[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: 1 })) ourAccounts.push(...page.accounts.map((a) => a.accountId));
  const ourPages = proxy.requests.splice(0);
  expect(ourAccounts).toEqual(cliAccounts.accounts.map((a: { accountId: string }) => a.accountId));
  expect(ourPages.length).toBe(cliPages.length);
  expect(ourPages.length).toBeGreaterThan(1);
  ourPages.forEach((ours, i) => expectSameRequest(cliPages[i], ours));

  for (const name of ['page-a', 'page-b', 'page-c']) await client.send(new CreateAutomationRuleCommand({ ...RULE, name }));
  proxy.requests.length = 0;
  const filters = [{ name: 'Name' as const, values: ['page-*'] }];
  const cliRules = await aws('ListAutomationRules', { filters }, ['--page-size', '2']);
  const cliRulePages = proxy.requests.splice(0);
  const ourRules: string[] = [];
  for await (const page of paginateListAutomationRules({ client, pageSize: 2 }, { filters })) ourRules.push(...page.automationRules!.map((r) => r.name!));
  const ourRulePages = proxy.requests.splice(0);
  expect(ourRules).toEqual(cliRules.automationRules.map((r: { name: string }) => r.name));
  expect(ourRules).toEqual(['page-a', 'page-b', 'page-c']);
  expect(ourRulePages.length).toBe(2);
  ourRulePages.forEach((ours, i) => expectSameRequest(cliRulePages[i], ours));
}, MANY_RUNS_MS);

test('errors come back as typed exceptions with the AWS code, status and message', async () => {
  const err = await client.send(new GetAutomationRuleCommand({ ruleArn: `arn:aws:compute-optimizer::${MANAGEMENT.accountId}:automation-rule/AAAAAAAAAAAAAAAA` })).catch((e: unknown) => e);
  expect(err).toMatchObject({ name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 404 } });
  expect((err as Error).message).toMatch(/does not exist/);
});
