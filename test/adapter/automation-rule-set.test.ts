/**
 * `automation-rule-set` against the emulator over HTTP: the adapter reconciles the rules a set manages (by
 * its tag) and never touches others; drift reads compare AWS with the declaration the read carries.
 */
import { ComputeOptimizerAutomationClient, GetAutomationRuleCommand, UpdateAutomationRuleCommand } from '../../src/adapter/automation-commands';
import { RULE_SET_TAG, encodeRules, type RuleDeclaration } from '../../src/shared';
import { DEFAULT_ACCOUNTS, MANAGEMENT, MEMBER, emulator, payload, run, type TestEmulator } from './helpers';

const KIND = 'automation-rule-set';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await emu.reset();
  await emu.console(MANAGEMENT.accountId, 'compute-optimizer', 'Active');
  await emu.console(MANAGEMENT.accountId, 'automation', 'Active');
});

const rule = (name: string, extra: Partial<RuleDeclaration> = {}): RuleDeclaration => ({
  name,
  ruleType: 'AccountRule',
  recommendedActionTypes: ['SnapshotAndDeleteUnattachedEbsVolume'],
  criteria: { region: [{ comparison: 'StringEquals', values: ['us-east-1'] }] },
  schedule: { scheduleExpression: 'cron(30 2 * * ? *)' },
  status: 'Active',
  tags: {},
  ...extra,
});

const set = (rules: RuleDeclaration[], setId = 'prod') => payload(KIND, emu.url, { setId, rules: encodeRules(rules) });

async function rules(): Promise<any[]> {
  return (await emu.state()).accounts[MANAGEMENT.accountId].automation.automationRules;
}

test('apply creates the declared rules, tagged with the set id; a second apply changes nothing', async () => {
  const first = await run('apply', KIND, set([rule('a'), rule('b', { status: 'Inactive', priority: '0.25', tags: { team: 'ops' } })]));
  expect(first.code).toBe(0);
  expect(first.stderr).toMatch(/created rule "a"/);
  expect(first.json).toMatchObject({ ruleCount: '2', inSync: 'true', summary: '' });
  const created = await rules();
  expect(created.map((r) => r.name).sort()).toEqual(['a', 'b']);
  for (const r of created) expect(r.tags).toEqual(expect.arrayContaining([{ key: RULE_SET_TAG, value: 'prod' }]));

  const before = await emu.calls('ComputeOptimizerAutomationService.CreateAutomationRule');
  const again = await run('apply', KIND, set([rule('a'), rule('b', { status: 'Inactive', priority: '0.25', tags: { team: 'ops' } })]));
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/already match; nothing to change/);
  expect(await emu.calls('ComputeOptimizerAutomationService.CreateAutomationRule')).toBe(before);
  expect(await emu.calls('ComputeOptimizerAutomationService.UpdateAutomationRule')).toBe(0);
});

test('apply updates what differs, deletes managed rules no longer declared, and leaves foreign rules alone', async () => {
  expect((await run('apply', KIND, set([rule('a'), rule('b')]))).code).toBe(0);
  // A rule nobody manages, and one another stack manages.
  expect((await run('apply', KIND, set([rule('other-stack')], 'staging'))).code).toBe(0);
  const foreignBefore = (await rules()).find((r) => r.name === 'other-stack');

  const result = await run('apply', KIND, set([rule('a', { schedule: { scheduleExpression: 'cron(0 3 * * ? *)' }, tags: { team: 'ops' } })]));
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/updated rule "a" \(schedule\.scheduleExpression, tags\)/);
  expect(result.stderr).toMatch(/deleted rule "b" \(no longer declared\)/);
  const after = await rules();
  expect(after.map((r) => r.name).sort()).toEqual(['a', 'other-stack']);
  expect(after.find((r) => r.name === 'a').schedule.scheduleExpression).toBe('cron(0 3 * * ? *)');
  expect(after.find((r) => r.name === 'a').tags).toEqual(expect.arrayContaining([{ key: 'team', value: 'ops' }, { key: RULE_SET_TAG, value: 'prod' }]));
  expect(after.find((r) => r.name === 'other-stack')).toEqual(foreignBefore);

  // The last rule removed: the set deletes it, still leaving the other stack's rule.
  expect((await run('apply', KIND, set([]))).code).toBe(0);
  expect((await rules()).map((r) => r.name)).toEqual(['other-stack']);
});

test('a declared name taken by a rule the set does not manage fails without touching it', async () => {
  expect((await run('apply', KIND, set([rule('shared')], 'staging'))).code).toBe(0);
  const result = await run('apply', KIND, set([rule('shared')]));
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/rule "shared" already exists in this account but is not managed by rule set "prod"/);
  expect((await rules()).find((r) => r.name === 'shared').tags).toEqual([{ key: RULE_SET_TAG, value: 'staging' }]);
});

test('read reports drift from a console edit and a console deletion; apply restores both', async () => {
  expect((await run('apply', KIND, set([rule('a'), rule('b')]))).code).toBe(0);
  const [a, b] = (await rules()).sort((x, y) => x.name.localeCompare(y.name));
  await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/automation/rules/${a.ruleId}`, { status: 'Inactive' });
  await emu.admin('DELETE', `accounts/${MANAGEMENT.accountId}/automation/rules/${b.ruleId}`);

  const read = await run('read', KIND, set([rule('a'), rule('b')]));
  expect(read.code).toBe(0);
  expect(read.json).toMatchObject({ inSync: 'false', ruleCount: '1', summary: 'missing in AWS: b; a differs in status' });
  expect(JSON.parse(read.json!.rules)[0]).toMatchObject({ name: 'a', status: 'Inactive', ruleArn: a.ruleArn });

  // b was created once before with the same declaration: the apply must create it again, not replay that.
  const repair = await run('apply', KIND, set([rule('a'), rule('b')]));
  expect(repair.code).toBe(0);
  expect(repair.stderr).toMatch(/created rule "b"/);
  expect((await run('read', KIND, set([rule('a'), rule('b')]))).json).toMatchObject({ inSync: 'true', ruleCount: '2' });
});

test('a stale revision (an edit between read and update) is read again and retried', async () => {
  expect((await run('apply', KIND, set([rule('a')]))).code).toBe(0);
  const [a] = await rules();
  // Hold the update long enough for a console edit to land first.
  await emu.faults({ latencyMs: 1500, operations: ['ComputeOptimizerAutomationService.UpdateAutomationRule'] });
  const applying = run('apply', KIND, set([rule('a', { priority: '0.1' })]));
  for (let i = 0; i < 100 && (await emu.calls('ComputeOptimizerAutomationService.UpdateAutomationRule')) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/automation/rules/${a.ruleId}`, { description: 'edited meanwhile' });
  const result = await applying;
  await emu.admin('DELETE', 'faults');
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/changed while it was being updated \(stale revision\); reading it again/);
  const [after] = await rules();
  expect(after).toMatchObject({ priority: '0.1' });
  expect(after.description ?? '').toBe('');
  expect(await emu.calls('ComputeOptimizerAutomationService.UpdateAutomationRule')).toBeGreaterThanOrEqual(2);
});

test('destroy deletes the managed rules, or leaves them with removalPolicy "retain"', async () => {
  expect((await run('apply', KIND, set([rule('a'), rule('b')]))).code).toBe(0);
  const kept = await run('destroy', KIND, { ...set([rule('a'), rule('b')]), removalPolicy: 'retain' });
  expect(kept.code).toBe(0);
  expect(kept.stderr).toMatch(/removalPolicy is "retain"; leaving the rules of "prod" in AWS/);
  expect(await rules()).toHaveLength(2);
  const gone = await run('destroy', KIND, set([rule('a'), rule('b')]));
  expect(gone.code).toBe(0);
  expect(await rules()).toHaveLength(0);
});

test('before Compute Optimizer is enrolled there is nothing to read, and declared rules fail with what to do', async () => {
  await emu.reset();
  expect((await run('read', KIND, set([rule('a')]))).json).toMatchObject({ inSync: 'false', ruleCount: '0', summary: 'missing in AWS: a' });
  expect((await run('apply', KIND, set([]))).code).toBe(0);
  const refused = await run('apply', KIND, set([rule('a')]));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/OptInRequiredException/);
});

test('bad declarations are refused as bad input, naming the rule and the field', async () => {
  const bad = await run('apply', KIND, payload(KIND, emu.url, { setId: 'prod', rules: JSON.stringify([{ ...rule('a'), schedule: { scheduleExpression: '*/5 * * * ? *' } }]) }));
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/`rules` must be a JSON list of rule declarations: rule "a": `schedule.scheduleExpression` must name one fixed minute/);
  const dup = await run('apply', KIND, payload(KIND, emu.url, { setId: 'prod', rules: JSON.stringify([rule('a'), rule('a')]) }));
  expect(dup.stderr).toMatch(/rule "a" is declared twice/);
  const setId = await run('apply', KIND, payload(KIND, emu.url, { setId: 'no spaces allowed!', rules: '[]' }));
  expect(setId.stderr).toMatch(/`setId` must be 1-256 characters/);
});

describe('organisation rules (the management account applying a rule to member accounts)', () => {
  const [FIRST, SECOND, THIRD] = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);
  const orgRule = (accountIds: string[], extra: Partial<RuleDeclaration> = {}): RuleDeclaration =>
    rule('org-clean-up', { ruleType: 'OrganizationRule', organizationConfiguration: { accountIds }, ...extra });

  /** Members take organisation rules once associated (Automation on, rule mode AnyAllowed): the member-accounts kind does it. */
  async function associate(ids: string[]): Promise<void> {
    for (const id of ids) await emu.console(id, 'compute-optimizer', 'Active');
    const associated = await run('apply', 'automation-member-accounts', payload('automation-member-accounts', emu.url, { accountIds: JSON.stringify(ids) }));
    expect(associated.code).toBe(0);
  }

  test('apply creates the rule for the listed members, reads back in sync, and a member can read it but not change it', async () => {
    await associate([FIRST, SECOND]);
    const created = await run('apply', KIND, set([orgRule([SECOND, FIRST])]));
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/created rule "org-clean-up"/);
    expect(created.json).toMatchObject({ ruleCount: '1', inSync: 'true', summary: '' });
    const [stored] = await rules();
    expect(stored).toMatchObject({
      name: 'org-clean-up',
      ruleType: 'OrganizationRule',
      // AWS fills in the apply order the declaration leaves out; that is not drift.
      organizationConfiguration: { ruleApplyOrder: 'AfterAccountRules', accountIds: expect.arrayContaining([FIRST, SECOND]) },
      tags: expect.arrayContaining([{ key: RULE_SET_TAG, value: 'prod' }]),
    });
    expect(stored.organizationConfiguration.accountIds).toHaveLength(2);
    const read = await run('read', KIND, set([orgRule([SECOND, FIRST])]));
    expect(read.json).toMatchObject({ inSync: 'true', ruleCount: '1', summary: '' });
    expect(JSON.parse(read.json!.rules)[0]).toMatchObject({ ruleType: 'OrganizationRule', organizationConfiguration: { ruleApplyOrder: 'AfterAccountRules' } });
    const again = await run('apply', KIND, set([orgRule([FIRST, SECOND])]));
    expect(again.stderr).toMatch(/already match; nothing to change/);
    expect(await emu.calls('ComputeOptimizerAutomationService.UpdateAutomationRule')).toBe(0);

    // The member it applies to reads it through its own credentials; changing it is the management account's.
    const client = new ComputeOptimizerAutomationClient({
      region: 'eu-west-1',
      endpoint: emu.url,
      credentials: { accessKeyId: MEMBER.accessKeyId, secretAccessKey: MEMBER.secretAccessKey },
    });
    try {
      const seen = await client.send(new GetAutomationRuleCommand({ ruleArn: stored.ruleArn }));
      expect(seen).toMatchObject({ name: 'org-clean-up', ruleType: 'OrganizationRule' });
      await expect(client.send(new UpdateAutomationRuleCommand({ ruleArn: stored.ruleArn, ruleRevision: seen.ruleRevision!, status: 'Inactive' }))).rejects.toThrow(
        /belongs to the management account .*member accounts can view it but not change it/,
      );
    } finally {
      client.destroy();
    }
  });

  test('apply updates the members and the apply order that differ; a console change of the accounts is drift the next apply repairs', async () => {
    await associate([FIRST, SECOND, THIRD]);
    expect((await run('apply', KIND, set([orgRule([FIRST])]))).code).toBe(0);
    const updated = await run('apply', KIND, set([orgRule([FIRST, THIRD], { organizationConfiguration: { accountIds: [FIRST, THIRD], ruleApplyOrder: 'BeforeAccountRules' } })]));
    expect(updated.code).toBe(0);
    expect(updated.stderr).toMatch(/updated rule "org-clean-up" \(organizationConfiguration\.accountIds, organizationConfiguration\.ruleApplyOrder\)/);
    const [stored] = await rules();
    expect(stored.organizationConfiguration).toEqual({ ruleApplyOrder: 'BeforeAccountRules', accountIds: expect.arrayContaining([FIRST, THIRD]) });
    expect(stored.organizationConfiguration.accountIds).toHaveLength(2);
    expect(stored.ruleRevision).toBe(2);

    const declared = set([orgRule([FIRST, THIRD], { organizationConfiguration: { accountIds: [FIRST, THIRD], ruleApplyOrder: 'BeforeAccountRules' } })]);
    await emu.admin('POST', `accounts/${MANAGEMENT.accountId}/automation/rules/${stored.ruleId}`, { organizationConfiguration: { ruleApplyOrder: 'BeforeAccountRules', accountIds: [FIRST] } });
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'false', summary: 'org-clean-up differs in organizationConfiguration.accountIds' });
    const repair = await run('apply', KIND, declared);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toMatch(/updated rule "org-clean-up" \(organizationConfiguration\.accountIds\)/);
    expect((await run('read', KIND, declared)).json).toMatchObject({ inSync: 'true' });
  });

  test('a member that is not associated is refused by AWS, and the apply fails naming it without creating the rule', async () => {
    await associate([FIRST]);
    const refused = await run('apply', KIND, set([orgRule([FIRST, SECOND])]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Organization rules can only apply to member accounts that have Automation enabled and allow organization rules (associated with AssociateAccounts); not: ${SECOND}.`);
    expect(await rules()).toEqual([]);
  });

  test('only the management account may own one: a member applying the set is refused', async () => {
    await associate([FIRST]);
    await emu.console(MEMBER.accountId, 'automation', 'Active');
    const refused = await run('apply', KIND, set([orgRule([SECOND])]), { account: MEMBER });
    expect(refused.code).toBe(1);
    // One line: what failed, why (AWS's words) and who may do it.
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/CreateAutomationRule was forbidden \(ForbiddenException\)/);
    expect(refused.stderr).toContain(`Account ${MEMBER.accountId} is not the management account of an organization; only the management account can create or change organization rules.`);
  });
});
