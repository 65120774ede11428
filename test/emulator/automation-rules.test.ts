/**
 * Automation rules in the emulator, through our SDK-shaped Automation client over real HTTP: every constraint of
 * the model, ruleRevision concurrency, organisation rules, tags, idempotent client tokens, opting out, and the
 * console actions of the admin API.
 */
import { UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import {
  AssociateAccountsCommand,
  ComputeOptimizerAutomationClient,
  CreateAutomationRuleCommand,
  DeleteAutomationRuleCommand,
  DisassociateAccountsCommand,
  GetAutomationRuleCommand,
  ListAutomationRulesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAutomationRuleCommand,
  UpdateEnrollmentConfigurationCommand,
  paginateListAutomationRules,
  type CreateAutomationRuleRequest,
} from '../../src/adapter/automation-commands';
import { startEmulator, type EmulatorAccount } from '../../src/emulator';
import { admin, computeOptimizer, expectAwsError, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
const clients: ComputeOptimizerAutomationClient[] = [];
beforeAll(async () => {
  emu = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0 });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu.close();
});

function auto(account: EmulatorAccount = MANAGEMENT): ComputeOptimizerAutomationClient {
  const c = new ComputeOptimizerAutomationClient({
    region: 'eu-west-1',
    endpoint: emu.url,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
}

const DAILY = { scheduleExpression: 'cron(30 2 * * ? *)', scheduleExpressionTimezone: 'UTC', executionWindowInMinutes: 60 };
const rule = (over: Partial<CreateAutomationRuleRequest> = {}): CreateAutomationRuleRequest => ({
  name: 'clean-unattached',
  ruleType: 'AccountRule',
  recommendedActionTypes: ['SnapshotAndDeleteUnattachedEbsVolume'],
  schedule: DAILY,
  status: 'Active',
  ...over,
});

beforeEach(async () => {
  await admin(emu.url, 'POST', 'reset');
  await computeOptimizer(emu.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  await computeOptimizer(emu.url, STANDALONE).send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
  await auto().send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
});

describe('Automation rules: lifecycle', () => {
  test('create, get, list, update with the current revision, delete', async () => {
    const client = auto();
    const created = await client.send(
      new CreateAutomationRuleCommand(
        rule({ description: 'Snapshot then delete', criteria: { region: [{ comparison: 'StringEquals', values: ['eu-west-1'] }] }, tags: [{ key: 'team', value: 'platform' }] }),
      ),
    );
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created).toMatchObject({ name: 'clean-unattached', ruleType: 'AccountRule', ruleRevision: 1, priority: '0.5', status: 'Active', tags: [{ key: 'team', value: 'platform' }] });
    expect(created.ruleId).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(created.ruleArn).toBe(`arn:aws:compute-optimizer::${MANAGEMENT.accountId}:automation-rule/${created.ruleId}`);
    expect(created.createdTimestamp).toBeInstanceOf(Date);

    const got = await client.send(new GetAutomationRuleCommand({ ruleArn: created.ruleArn! }));
    expect(got).toMatchObject({ accountId: MANAGEMENT.accountId, description: 'Snapshot then delete', criteria: { region: [{ comparison: 'StringEquals', values: ['eu-west-1'] }] }, schedule: DAILY });
    expect(got.lastUpdatedTimestamp).toBeInstanceOf(Date);

    const listed = await client.send(new ListAutomationRulesCommand({}));
    expect(listed.automationRules).toHaveLength(1);
    // List items carry neither criteria nor tags (the model's AutomationRule shape).
    expect(Object.keys(listed.automationRules![0]).sort()).toEqual(
      ['accountId', 'createdTimestamp', 'description', 'lastUpdatedTimestamp', 'name', 'priority', 'recommendedActionTypes', 'ruleArn', 'ruleId', 'ruleRevision', 'ruleType', 'schedule', 'status'].sort(),
    );

    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 60 });
    const updated = await client.send(new UpdateAutomationRuleCommand({ ruleArn: created.ruleArn!, ruleRevision: 1, status: 'Inactive', schedule: { scheduleExpression: 'cron(0 4 ? * MON *)' } }));
    expect(updated).toMatchObject({ ruleRevision: 2, status: 'Inactive', schedule: { scheduleExpression: 'cron(0 4 ? * MON *)' }, description: 'Snapshot then delete' });
    expect(updated.lastUpdatedTimestamp!.getTime() - updated.createdTimestamp!.getTime()).toBeGreaterThanOrEqual(60_000);
    // A schedule given replaces the stored one as a whole.
    expect((await client.send(new GetAutomationRuleCommand({ ruleArn: created.ruleArn! }))).schedule).toEqual({ scheduleExpression: 'cron(0 4 ? * MON *)' });

    await client.send(new DeleteAutomationRuleCommand({ ruleArn: created.ruleArn!, ruleRevision: 2 }));
    await expectAwsError(client.send(new GetAutomationRuleCommand({ ruleArn: created.ruleArn! })), 'ResourceNotFoundException', 404, /does not exist/);
    expect((await client.send(new ListAutomationRulesCommand({}))).automationRules).toEqual([]);
  });

  test('a stale ruleRevision is refused for update, delete, tag and untag, and nothing changes', async () => {
    const client = auto();
    const { ruleArn } = await client.send(new CreateAutomationRuleCommand(rule()));
    await client.send(new UpdateAutomationRuleCommand({ ruleArn: ruleArn!, ruleRevision: 1, priority: '0.25' }));
    const stale = { ruleArn: ruleArn!, ruleRevision: 1 };
    await expectAwsError(client.send(new UpdateAutomationRuleCommand({ ...stale, status: 'Inactive' })), 'InvalidParameterValueException', 400, /ruleRevision 1 is not the current revision .* \(it is 2\)/);
    await expectAwsError(client.send(new DeleteAutomationRuleCommand(stale)), 'InvalidParameterValueException', 400, /not the current revision/);
    await expectAwsError(client.send(new TagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 1, tags: [{ key: 'a', value: 'b' }] })), 'InvalidParameterValueException', 400);
    await expectAwsError(client.send(new UntagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 3, tagKeys: ['a'] })), 'InvalidParameterValueException', 400);
    expect(await client.send(new GetAutomationRuleCommand({ ruleArn: ruleArn! }))).toMatchObject({ ruleRevision: 2, status: 'Active', priority: '0.25', tags: [] });
  });

  test('tags: add, overwrite, remove; tag operations check the revision but keep it', async () => {
    const client = auto();
    const { ruleArn } = await client.send(new CreateAutomationRuleCommand(rule({ tags: [{ key: 'team', value: 'a' }] })));
    await client.send(new TagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 1, tags: [{ key: 'team', value: 'b' }, { key: 'env', value: 'prod' }] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: ruleArn! }))).tags).toEqual([
      { key: 'team', value: 'b' },
      { key: 'env', value: 'prod' },
    ]);
    await client.send(new UntagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 1, tagKeys: ['team', 'absent'] }));
    const got = await client.send(new GetAutomationRuleCommand({ ruleArn: ruleArn! }));
    expect(got).toMatchObject({ ruleRevision: 1, tags: [{ key: 'env', value: 'prod' }] });

    await expectAwsError(client.send(new TagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 1, tags: [{ key: 'aws:owner', value: 'x' }] })), 'InvalidParameterValueException', 400, /reserved/);
    const many = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expectAwsError(client.send(new TagResourceCommand({ resourceArn: ruleArn!, ruleRevision: 1, tags: many })), 'InvalidParameterValueException', 400, /201 tags; a rule may have at most 200/);
    await expectAwsError(client.send(new CreateAutomationRuleCommand(rule({ name: 'dup-tags', tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }))), 'InvalidParameterValueException', 400, /appears twice/);
    await expectAwsError(client.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:compute-optimizer::${MANAGEMENT.accountId}:automation-rule/AAAAAAAAAAAAAAAA` })), 'ResourceNotFoundException', 404);
  });

  test('the same client token answers the first response without creating again; other parameters are a mismatch', async () => {
    const client = auto();
    const first = await client.send(new CreateAutomationRuleCommand(rule({ clientToken: 'create-1' })));
    const again = await client.send(new CreateAutomationRuleCommand(rule({ clientToken: 'create-1' })));
    expect(again.ruleArn).toBe(first.ruleArn);
    expect((await client.send(new ListAutomationRulesCommand({}))).automationRules).toHaveLength(1);
    await expectAwsError(client.send(new CreateAutomationRuleCommand(rule({ name: 'other', clientToken: 'create-1' }))), 'IdempotentParameterMismatchException', 409);

    // A retried update (same token) is answered with its first response, not refused as a stale revision.
    const u1 = await client.send(new UpdateAutomationRuleCommand({ ruleArn: first.ruleArn!, ruleRevision: 1, status: 'Inactive', clientToken: 'update-1' }));
    const u2 = await client.send(new UpdateAutomationRuleCommand({ ruleArn: first.ruleArn!, ruleRevision: 1, status: 'Inactive', clientToken: 'update-1' }));
    expect(u2.ruleRevision).toBe(u1.ruleRevision);
    expect((await client.send(new GetAutomationRuleCommand({ ruleArn: first.ruleArn! }))).ruleRevision).toBe(2);
  });

  test('without a priority a new rule sorts first in its group; names are unique per account', async () => {
    const client = auto();
    const a = await client.send(new CreateAutomationRuleCommand(rule({ name: 'a' })));
    const b = await client.send(new CreateAutomationRuleCommand(rule({ name: 'b' })));
    const c = await client.send(new CreateAutomationRuleCommand(rule({ name: 'c', priority: '0.9' })));
    expect([a.priority, b.priority, c.priority]).toEqual(['0.5', '0.25', '0.9']);
    await expectAwsError(client.send(new CreateAutomationRuleCommand(rule({ name: 'a' }))), 'InvalidParameterValueException', 400, /already has a rule named "a"/);
    await expectAwsError(client.send(new UpdateAutomationRuleCommand({ ruleArn: b.ruleArn!, ruleRevision: 1, name: 'a' })), 'InvalidParameterValueException', 400, /already has a rule named/);
  });
});

describe('Automation rules: constraints from the model', () => {
  const refused = async (over: Record<string, unknown>, message: RegExp, code = 'InvalidParameterValueException') =>
    expectAwsError(auto().send(new CreateAutomationRuleCommand(rule(over as Partial<CreateAutomationRuleRequest>))), code, 400, message);

  test('name: pattern and 1-128 characters; description pattern and length', async () => {
    await refused({ name: 'has space' }, /name.*regular expression/);
    await refused({ name: '' }, /length between 1 and 128/);
    await refused({ name: 'x'.repeat(129) }, /length between 1 and 128/);
    await refused({ description: 'semi;colon' }, /description.*regular expression/);
    await refused({ description: 'd'.repeat(1025) }, /length between 0 and 1024/);
    await auto().send(new CreateAutomationRuleCommand(rule({ name: 'x'.repeat(128), description: 'ok - owner@example.com' })));
  });

  test('required members, enums, and JSON types', async () => {
    const client = auto();
    const { status: _omit, ...noStatus } = rule();
    await expectAwsError(client.send(new CreateAutomationRuleCommand(noStatus as CreateAutomationRuleRequest)), 'InvalidParameterValueException', 400, /status.*must not be null/);
    await refused({ ruleType: 'TeamRule' }, /ruleType.*enum/);
    await refused({ recommendedActionTypes: ['DeleteEverything'] }, /recommendedActionTypes.*enum/);
    await refused({ recommendedActionTypes: [] }, /at least one/);
    await expectAwsError(client.send(new CreateAutomationRuleCommand(rule({ schedule: { ...DAILY, executionWindowInMinutes: '60' as never } }))), 'SerializationException', 400);
  });

  test('criteria: operators per criterion type, 20 conditions of 20 values, value patterns', async () => {
    await refused({ criteria: { region: [{ comparison: 'NumericEquals', values: ['eu-west-1'] }] } }, /"NumericEquals" does not apply to region \(a string criterion\)/);
    await refused({ criteria: { ebsVolumeSizeInGib: [{ comparison: 'StringEquals', values: [100] }] } }, /does not apply to ebsVolumeSizeInGib \(a integer criterion\)/);
    await refused({ criteria: { estimatedMonthlySavings: [{ comparison: 'StringLike', values: [1.5] }] } }, /does not apply to estimatedMonthlySavings/);
    await refused({ criteria: { resourceTag: [{ comparison: 'NumericLessThan', key: 'team', values: ['a'] }] } }, /does not apply to resourceTag \(a resource tag criterion\)/);
    await refused({ criteria: { resourceTag: [{ comparison: 'StringEquals', values: ['a'] }] } }, /key is required/);
    await refused({ criteria: { region: [{ values: ['eu-west-1'] }] } }, /comparison is required/);
    await refused({ criteria: { region: [{ comparison: 'StringEquals', values: [] }] } }, /at least one value/);
    await refused({ criteria: { region: [{ comparison: 'StringEquals', values: Array.from({ length: 21 }, (_, i) => `r${i}`) }] } }, /21 values; at most 20/);
    await refused({ criteria: { region: Array.from({ length: 21 }, () => ({ comparison: 'StringEquals', values: ['a'] })) } }, /21 conditions; at most 20/);
    await refused({ criteria: { region: [{ comparison: 'StringEquals', values: ['semi;colon'] }] } }, /regular expression/);
    await refused({ criteria: { estimatedMonthlySavings: [{ comparison: 'NumericGreaterThan', values: ['ten'] }] } }, /must be a number/);
    const ok = await auto().send(
      new CreateAutomationRuleCommand(
        rule({
          criteria: {
            region: [{ comparison: 'StringLikeIfExists', values: ['eu-*'] }],
            ebsVolumeSizeInGib: [{ comparison: 'NumericLessThanEquals', values: [500] }],
            estimatedMonthlySavings: [{ comparison: 'NumericGreaterThanEqualsIfExists', values: [2.5] }],
            resourceTag: [{ comparison: 'StringNotLikeIfExists', key: 'automation-opt-out', values: ['*'] }],
            restartNeeded: [{ comparison: 'StringEquals', values: ['false'] }],
          },
        }),
      ),
    );
    expect(ok.criteria!.estimatedMonthlySavings).toEqual([{ comparison: 'NumericGreaterThanEqualsIfExists', values: [2.5] }]);
  });

  test('schedule: cron at most daily with a fixed minute and hour, a known time zone, a 60-1440 minute window', async () => {
    await refused({ schedule: { executionWindowInMinutes: 60 } }, /scheduleExpression is required/);
    await refused({ schedule: { scheduleExpression: 'cron(*/5 2 * * ? *)' } }, /one fixed minute/);
    await refused({ schedule: { scheduleExpression: 'cron(0 * * * ? *)' } }, /one fixed hour/);
    await refused({ schedule: { scheduleExpression: 'cron(0 2,14 * * ? *)' } }, /one fixed hour/);
    await refused({ schedule: { scheduleExpression: 'rate(1 day)' } }, /cron expression of six fields/);
    await refused({ schedule: { scheduleExpression: 'cron(0 25 * * ? *)' } }, /hour \(0-23\)/);
    await refused({ schedule: { scheduleExpression: 'cron(30 2 * * ? *)', scheduleExpressionTimezone: 'Mars/Olympus' } }, /not an IANA time zone/);
    await refused({ schedule: { scheduleExpression: 'cron(30 2 * * ? *)', executionWindowInMinutes: 59 } }, /between 60 and 1440/);
    await refused({ schedule: { scheduleExpression: 'cron(30 2 * * ? *)', executionWindowInMinutes: 1441 } }, /between 60 and 1440/);
    const client = auto();
    let n = 0;
    for (const expression of ['cron(30 2 * * ? *)', '30 2 * * ? *', '30 12 * * *', 'cron(0 4 ? * MON-FRI *)', 'cron(15 3 1 * ? *)']) {
      const made = await client.send(new CreateAutomationRuleCommand(rule({ name: `s${n++}`, schedule: { scheduleExpression: expression, scheduleExpressionTimezone: 'Europe/Paris', executionWindowInMinutes: 1440 } })));
      expect(made.schedule!.scheduleExpression).toBe(expression);
    }
  });

  test('priority: a decimal string from 0 to 1 with at most 30 fraction digits', async () => {
    for (const bad of ['1.5', '-0.1', '.5', '5e-1', '0.' + '1'.repeat(31), 'high', '1.01']) await refused({ priority: bad }, /priority .* is not valid/);
    const client = auto();
    let n = 0;
    for (const good of ['0', '1', '1.0', '0.000000000000000000000000000001', '0.75']) {
      expect((await client.send(new CreateAutomationRuleCommand(rule({ name: `p${n++}`, priority: good })))).priority).toBe(good);
    }
  });

  test('Automation must be enrolled; Compute Optimizer too', async () => {
    await expectAwsError(auto(STANDALONE).send(new ListAutomationRulesCommand({})), 'OptInRequiredException', 403, /opt in to Compute Optimizer Automation/);
    await expectAwsError(auto(STANDALONE).send(new CreateAutomationRuleCommand(rule())), 'OptInRequiredException', 403);
    await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/compute-optimizer`, { status: 'Inactive' });
    await expectAwsError(auto(STANDALONE).send(new ListAutomationRulesCommand({})), 'OptInRequiredException', 403, /Compute Optimizer \(status Active\)/);
  });

  test('at most 100 rules per account: ServiceQuotaExceededException (402)', async () => {
    const client = auto();
    for (let i = 0; i < 100; i++) await client.send(new CreateAutomationRuleCommand(rule({ name: `r${i}` })));
    await expectAwsError(client.send(new CreateAutomationRuleCommand(rule({ name: 'one-more' }))), 'ServiceQuotaExceededException', 402, /100 automation rules/);
  });
});

describe('Automation rules: organisation rules', () => {
  const [associated, other] = MEMBERS;
  beforeEach(async () => {
    await auto().send(new AssociateAccountsCommand({ accountIds: [associated.accountId] }));
  });
  const orgRule = (accountIds: string[], over: Partial<CreateAutomationRuleRequest> = {}) =>
    rule({ name: 'org-clean', ruleType: 'OrganizationRule', organizationConfiguration: { accountIds }, ...over });

  test('only the management account, for 1-50 associated member accounts; ruleApplyOrder defaults to AfterAccountRules', async () => {
    await expectAwsError(auto(associated).send(new CreateAutomationRuleCommand(orgRule([associated.accountId]))), 'ForbiddenException', 403, /only the management account/);
    await expectAwsError(auto().send(new CreateAutomationRuleCommand(rule({ ruleType: 'OrganizationRule' }))), 'InvalidParameterValueException', 400, /needs organizationConfiguration.accountIds/);
    await expectAwsError(auto().send(new CreateAutomationRuleCommand(orgRule([]))), 'InvalidParameterValueException', 400, /length between 1 and 50/);
    await expectAwsError(auto().send(new CreateAutomationRuleCommand(orgRule(Array.from({ length: 51 }, () => associated.accountId)))), 'InvalidParameterValueException', 400, /length between 1 and 50/);
    await expectAwsError(auto().send(new CreateAutomationRuleCommand(orgRule([other.accountId, STANDALONE.accountId]))), 'InvalidParameterValueException', 400, new RegExp(`not: ${other.accountId}, ${STANDALONE.accountId}`));
    await expectAwsError(auto().send(new CreateAutomationRuleCommand(rule({ organizationConfiguration: { accountIds: [associated.accountId] } }))), 'InvalidParameterValueException', 400, /applies to OrganizationRule only/);
    const made = await auto().send(new CreateAutomationRuleCommand(orgRule([associated.accountId])));
    expect(made.organizationConfiguration).toEqual({ ruleApplyOrder: 'AfterAccountRules', accountIds: [associated.accountId] });
  });

  test('a member sees the organisation rules that apply to it, read-only, while it is associated', async () => {
    const made = await auto().send(new CreateAutomationRuleCommand(orgRule([associated.accountId], { tags: [{ key: 'owner', value: 'platform' }] })));
    const member = auto(associated);
    await member.send(new CreateAutomationRuleCommand(rule({ name: 'own-rule' })));
    const seen = await member.send(new ListAutomationRulesCommand({}));
    expect(seen.automationRules!.map((r) => [r.name, r.accountId])).toEqual([
      ['org-clean', MANAGEMENT.accountId],
      ['own-rule', associated.accountId],
    ]);
    const byAccount = await member.send(new ListAutomationRulesCommand({ filters: [{ name: 'AccountId', values: [associated.accountId] }] }));
    expect(byAccount.automationRules!.map((r) => r.name)).toEqual(['own-rule']);
    expect((await member.send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! }))).name).toBe('org-clean');
    expect((await member.send(new ListTagsForResourceCommand({ resourceArn: made.ruleArn! }))).tags).toEqual([{ key: 'owner', value: 'platform' }]);
    await expectAwsError(member.send(new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 1, status: 'Inactive' })), 'ForbiddenException', 403, /can view it but not change it/);
    await expectAwsError(member.send(new DeleteAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 1 })), 'ForbiddenException', 403);
    await expectAwsError(auto(other).send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! })), 'OptInRequiredException', 403);

    await auto().send(new DisassociateAccountsCommand({ accountIds: [associated.accountId] }));
    expect((await member.send(new ListAutomationRulesCommand({}))).automationRules!.map((r) => r.name)).toEqual(['own-rule']);
    await expectAwsError(member.send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! })), 'ResourceNotFoundException', 404);
    // The member stays in accountIds; other changes go through, naming the accounts again checks them.
    const paused = await auto().send(new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 1, status: 'Inactive' }));
    expect(paused.organizationConfiguration!.accountIds).toEqual([associated.accountId]);
    await expectAwsError(
      auto().send(new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 2, organizationConfiguration: { accountIds: [associated.accountId] } })),
      'InvalidParameterValueException',
      400,
      /allow organization rules/,
    );
  });

  test('an update can turn an account rule into an organisation rule and back', async () => {
    const client = auto();
    const made = await client.send(new CreateAutomationRuleCommand(rule()));
    const org = await client.send(
      new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 1, ruleType: 'OrganizationRule', organizationConfiguration: { ruleApplyOrder: 'BeforeAccountRules', accountIds: [associated.accountId] } }),
    );
    expect(org).toMatchObject({ ruleType: 'OrganizationRule', ruleRevision: 2, organizationConfiguration: { ruleApplyOrder: 'BeforeAccountRules' } });
    const back = await client.send(new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 2, ruleType: 'AccountRule' }));
    expect(back.organizationConfiguration).toBeUndefined();
  });
});

describe('Automation rules: listing', () => {
  test('filters (ANDed, values ORed, * and ? wildcards) and pages through paginateListAutomationRules', async () => {
    const client = auto();
    for (const [name, status, action] of [
      ['ebs-clean-eu', 'Active', 'SnapshotAndDeleteUnattachedEbsVolume'],
      ['ebs-clean-us', 'Inactive', 'SnapshotAndDeleteUnattachedEbsVolume'],
      ['ebs-upgrade', 'Active', 'UpgradeEbsVolumeType'],
    ] as const) {
      await client.send(new CreateAutomationRuleCommand(rule({ name, status, recommendedActionTypes: [action] })));
    }
    const names = async (filters: Array<{ name: any; values: string[] }>) => (await client.send(new ListAutomationRulesCommand({ filters }))).automationRules!.map((r) => r.name);
    expect(await names([{ name: 'Name', values: ['ebs-clean-*'] }])).toEqual(['ebs-clean-eu', 'ebs-clean-us']);
    expect(await names([{ name: 'Name', values: ['ebs-clean-?s'] }])).toEqual(['ebs-clean-us']);
    expect(await names([{ name: 'Status', values: ['Active'] }, { name: 'RecommendedActionType', values: ['SnapshotAndDeleteUnattachedEbsVolume'] }])).toEqual(['ebs-clean-eu']);
    expect(await names([{ name: 'Status', values: ['Inactive', 'Active'] }])).toHaveLength(3);
    expect(await names([{ name: 'OrganizationConfigurationRuleApplyOrder', values: ['*'] }])).toEqual([]);
    await expectAwsError(client.send(new ListAutomationRulesCommand({ filters: [{ name: 'Colour' as any, values: ['red'] }] })), 'InvalidParameterValueException', 400, /enum/);
    await expectAwsError(client.send(new ListAutomationRulesCommand({ filters: [{ name: 'Name', values: ['a;b'] }] })), 'InvalidParameterValueException', 400, /regular expression/);
    await expectAwsError(client.send(new ListAutomationRulesCommand({ maxResults: 101 })), 'InvalidParameterValueException', 400, /between 1 and 100/);

    const pages: string[][] = [];
    for await (const page of paginateListAutomationRules({ client, pageSize: 2 }, {})) pages.push(page.automationRules!.map((r) => r.name!));
    expect(pages).toEqual([['ebs-clean-eu', 'ebs-clean-us'], ['ebs-upgrade']]);
    expect((await admin(emu.url, 'GET', 'state')).calls['ComputeOptimizerAutomationService.ListAutomationRules']).toBeGreaterThanOrEqual(2);
  });
});

describe('Automation rules: opting out and the admin API', () => {
  test('opting out makes every rule Inactive with a new revision; opting in again leaves them Inactive', async () => {
    const client = auto(STANDALONE);
    await client.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
    const a = await client.send(new CreateAutomationRuleCommand(rule({ name: 'a' })));
    const b = await client.send(new CreateAutomationRuleCommand(rule({ name: 'b', status: 'Inactive' })));
    expect((await admin(emu.url, 'GET', 'state')).accounts[STANDALONE.accountId].automation.rules).toBe('running');

    await client.send(new UpdateEnrollmentConfigurationCommand({ status: 'Inactive' }));
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[STANDALONE.accountId].automation.rules).toBe('stopped');
    expect(state.accounts[STANDALONE.accountId].automation.automationRules.map((r: any) => [r.name, r.status, r.ruleRevision])).toEqual([
      ['a', 'Inactive', 2],
      ['b', 'Inactive', 1],
    ]);
    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 24 * 3600 + 1 });
    await client.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
    expect((await client.send(new GetAutomationRuleCommand({ ruleArn: a.ruleArn! }))).status).toBe('Inactive');
    expect((await client.send(new GetAutomationRuleCommand({ ruleArn: b.ruleArn! }))).ruleRevision).toBe(1);
  });

  test('a console edit changes the rule with a new revision (a writer holding the old one is refused); a console delete removes it', async () => {
    const client = auto();
    const made = await client.send(new CreateAutomationRuleCommand(rule({ tags: [{ key: 'managed-by', value: 'stack-1' }] })));
    const path = `accounts/${MANAGEMENT.accountId}/automation/rules/${made.ruleId}`;
    const edited = await admin(emu.url, 'POST', path, { status: 'Inactive', schedule: { scheduleExpression: 'cron(0 5 * * ? *)' }, tags: [] });
    expect(edited).toMatchObject({ ruleArn: made.ruleArn, ruleRevision: 2, status: 'Inactive', tags: [] });
    await expectAwsError(client.send(new UpdateAutomationRuleCommand({ ruleArn: made.ruleArn!, ruleRevision: 1, status: 'Active' })), 'InvalidParameterValueException', 400, /not the current revision/);

    const listed = (await admin(emu.url, 'GET', 'state')).accounts[MANAGEMENT.accountId].automation.automationRules;
    expect(listed).toEqual([expect.objectContaining({ ruleId: made.ruleId, name: 'clean-unattached', ruleRevision: 2, schedule: { scheduleExpression: 'cron(0 5 * * ? *)' } })]);
    expect(typeof listed[0].created).toBe('number');

    const badEdit = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schedule: { scheduleExpression: 'cron(* * * * ? *)' } }) });
    expect(badEdit.status).toBe(400);
    expect(((await badEdit.json()) as { error: string }).error).toMatch(/one fixed minute/);
    const unknownMember = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ colour: 'red' }) });
    expect([unknownMember.status, ((await unknownMember.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/"colour" is not a rule member/)]);

    expect(await admin(emu.url, 'DELETE', path)).toEqual({ deleted: made.ruleArn });
    const gone = await fetch(`${emu.url}/_emulator/${path}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    expect(gone.status).toBe(404);
    await expectAwsError(client.send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! })), 'ResourceNotFoundException', 404);
  });

  test('the console "rules" switch enables or disables every rule', async () => {
    const client = auto();
    const made = await client.send(new CreateAutomationRuleCommand(rule({ status: 'Inactive' })));
    await admin(emu.url, 'POST', `accounts/${MANAGEMENT.accountId}/automation`, { status: 'Active', rules: 'running' });
    expect(await client.send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! }))).toMatchObject({ status: 'Active', ruleRevision: 2 });
    expect((await admin(emu.url, 'GET', 'state')).accounts[MANAGEMENT.accountId].automation.rules).toBe('running');
  });

  test('rules survive a restart from the state file', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-state-'));
    const statePath = path.join(dir, 'state.json');
    try {
      let durable = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0, statePath });
      const c = new ComputeOptimizerAutomationClient({ region: 'eu-west-1', endpoint: durable.url, credentials: { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey }, maxAttempts: 1 });
      await computeOptimizer(durable.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
      await c.send(new UpdateEnrollmentConfigurationCommand({ status: 'Active' }));
      const made = await c.send(new CreateAutomationRuleCommand(rule()));
      await durable.close();
      durable = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0, statePath });
      const c2 = new ComputeOptimizerAutomationClient({ region: 'eu-west-1', endpoint: durable.url, credentials: { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey }, maxAttempts: 1 });
      expect((await c2.send(new GetAutomationRuleCommand({ ruleArn: made.ruleArn! }))).name).toBe('clean-unattached');
      c.destroy();
      c2.destroy();
      await durable.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
