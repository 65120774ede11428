/**
 * Automation rule rows on real plans (fixtures/scenarios.ts `RULE_SCENARIOS`, made by the installed
 * `terraform` against the emulator): an update row lists the fields that change, before → after; an
 * organisation rule says which member accounts it applies to and in which order; a rule set's failing check
 * is drift only where the console changed a rule, not where the plan itself changes the rules.
 */
import { RULE_MEMBERS, RULE_SCENARIOS } from './fixtures/scenarios';
import { jsonSummary, realPlans, runCli } from './helpers';

jest.setTimeout(240_000);

const { plan } = realPlans('rule', RULE_SCENARIOS);
const json = jsonSummary;

const [FIRST, SECOND] = RULE_MEMBERS;
const SET = /^terraform_data\.AutomationRules_[0-9a-f]{8}_[0-9A-F]+$/;
const CLEAN_UP_NOTE = 'Snapshots and deletes unattached EBS volumes in eu-west-1, us-east-1, with no other criteria, daily at 03:00 UTC.';
const UPGRADE_NOTE = 'Changes EBS volumes to their recommended volume type in every Region, with no other criteria, daily at 04:00 UTC.';

describe('a pull request that changes two rules', () => {
  test('JSON: one update row per rule, with only the fields that change, and the organisation rule\'s members and order', async () => {
    const doc = await json(plan('rules-update'));
    const stack = doc.stacks[0];
    expect(stack.ruleChanges).toEqual([
      {
        address: expect.stringMatching(SET),
        setId: 'rules-update',
        scope: 'the calling account',
        rule: 'clean-up',
        action: 'update',
        fields: [
          { field: 'criteria', before: '{"region":[{"comparison":"StringEquals","values":["us-east-1"]}]}', after: '{"region":[{"comparison":"StringEquals","values":["eu-west-1","us-east-1"]}]}' },
          { field: 'schedule', before: '{"scheduleExpression":"cron(30 2 * * ? *)"}', after: '{"scheduleExpression":"cron(0 3 * * ? *)"}' },
        ],
        observed: null,
        risks: [{ code: 'deletes-ebs-volumes', text: CLEAN_UP_NOTE }],
      },
      {
        address: expect.stringMatching(SET),
        setId: 'rules-update',
        scope: 'the calling account',
        rule: 'org-upgrade',
        action: 'update',
        fields: [{ field: 'organizationConfiguration', before: `{"accountIds":["${FIRST}"]}`, after: `{"accountIds":["${FIRST}","${SECOND}"],"ruleApplyOrder":"BeforeAccountRules"}` }],
        observed: null,
        risks: [
          { code: 'changes-ebs-volumes', text: UPGRADE_NOTE },
          { code: 'organization-rule', text: `Applies to member accounts ${FIRST}, ${SECOND} (before their own rules).` },
        ],
      },
    ]);
    expect(doc.totals.rulesByAction).toEqual({ create: 0, update: 2, delete: 0, 'repair-drift': 0, 'stop-managing': 0 });
    // The set's check fails because AWS has the rules as merged: that is this change, not drift.
    expect(stack.driftChecks).toEqual([]);
    expect(doc.totals.driftWarnings).toBe(0);
    // The members stay as they are: no association row.
    expect(stack.associationChanges).toEqual([]);
  });

  test('Markdown: each update says what changes and what the rule will do; the organisation rule is flagged for attention', async () => {
    const run = await runCli([plan('rules-update')]);
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md).toContain('**Total:** 2 enrollment resources in 1 stack: 2 no change · Automation rules: 2 update · 0 drift warnings ·');
    expect(md).toContain(
      [
        '**Needs attention:**',
        '- **update rule** `clean-up` — deletes unattached EBS volumes',
        '- **update rule** `org-upgrade` — changes EBS volume types; applies to member accounts',
        '',
      ].join('\n'),
    );
    expect(md).not.toContain('**Drift**');
    const rows = md.split('\n').filter((l) => l.startsWith('| `clean-up` |') || l.startsWith('| `org-upgrade` |'));
    expect(rows).toEqual([
      '| `clean-up` | the calling account (set `rules-update`) | **update** | `criteria` {"region":[{"comparison":"StringEquals","values":["us-east-1"]}]} → {"region":[{"comparison":"StringEquals","values":["eu-west-1","us-east-1"]}]}<br>`schedule` {"scheduleExpression":"cron(30 2 * * ? *)"} → {"scheduleExpression":"cron(0 3 * * ? *)"} | ' +
        `${CLEAN_UP_NOTE} |`,
      // A long value is clipped in the table (the JSON document has it whole).
      `| \`org-upgrade\` | the calling account (set \`rules-update\`) | **update** | \`organizationConfiguration\` {"accountIds":["${FIRST}"]} → {"accountIds":["${FIRST}","${SECOND}"],"ruleApplyOrder":"BeforeAccountRu… | ` +
        `${UPGRADE_NOTE}<br>Applies to member accounts ${FIRST}, ${SECOND} (before their own rules). |`,
    ]);
  });

  test.each([
    ['organization-rule', ['organization-rule (rules-update: rule org-upgrade)']],
    ['rule-update', ['rule-update (rules-update: rule clean-up)', 'rule-update (rules-update: rule org-upgrade)']],
    ['deletes-ebs-volumes', ['deletes-ebs-volumes (rules-update: rule clean-up)']],
  ])('--fail-on %s holds it for approval, naming the rules', async (word, hits) => {
    const run = await runCli([plan('rules-update'), '--fail-on', word]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`plan-summary: --fail-on matched ${hits.join(', ')}; this plan needs an explicit approval\n`);
  });

  test('--fail-on drift and rule-create do not match a plain update', async () => {
    for (const word of ['drift', 'rule-create', 'rule-delete', 'rule-repair-drift']) {
      expect((await runCli([plan('rules-update'), '--fail-on', word, '--format', 'json'])).code).toBe(0);
    }
  });
});

describe('the organisation rule narrowed in the console', () => {
  test('is a repair row with what AWS has and what apply restores, the note naming the declared members, and counted as drift', async () => {
    const doc = await json(plan('rules-drift'));
    const stack = doc.stacks[0];
    expect(stack.ruleChanges).toEqual([
      {
        address: expect.stringMatching(SET),
        setId: 'rules-update',
        scope: 'the calling account',
        rule: 'org-upgrade',
        action: 'repair-drift',
        fields: [{ field: 'organizationConfiguration', before: `{"accountIds":["${SECOND}"],"ruleApplyOrder":"AfterAccountRules"}`, after: `{"accountIds":["${FIRST}"]}` }],
        observed: 'differs in organizationConfiguration.accountIds',
        risks: [
          { code: 'rule-drift', text: 'Changed in the console (organizationConfiguration.accountIds): apply restores the declaration.' },
          { code: 'changes-ebs-volumes', text: UPGRADE_NOTE },
          { code: 'organization-rule', text: `Applies to member accounts ${FIRST} (after their own rules).` },
        ],
      },
    ]);
    expect(stack.driftChecks).toEqual([
      {
        address: expect.stringMatching(/^check\.AutomationRules_[0-9a-f]{8}_[0-9A-F]+_in_sync$/),
        status: 'fail',
        messages: ['Compute Optimizer Automation rules: AWS differs from the declaration (org-upgrade differs in organizationConfiguration.accountIds); `terraform apply` restores the declaration'],
        resource: stack.ruleChanges[0].address,
      },
    ]);
    const md = (await runCli([plan('rules-drift')])).stdout;
    expect(md).toContain('- **repair drift rule** `org-upgrade` — changes EBS volume types; applies to member accounts');
    expect(md).toContain('· Automation rules: 1 repair drift · 1 drift warning ·');
    const run = await runCli([plan('rules-drift'), '--fail-on', 'drift,organization-rule']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('plan-summary: --fail-on matched drift (rules-drift: rule org-upgrade), organization-rule (rules-drift: rule org-upgrade); this plan needs an explicit approval\n');
  });
});
