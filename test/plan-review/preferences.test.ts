/**
 * The preference notes on real plans (fixtures/scenarios.ts `PREFERENCE_SCENARIOS`, made by the installed
 * `terraform` against the emulator): each note's code and plain-words text in the JSON document and the
 * Markdown, the "Needs attention" list, and `--fail-on` with each code.
 */
import { PREFERENCE_MEMBER, PREFERENCE_SCENARIOS } from './fixtures/scenarios';
import { jsonSummary, realPlans, runCli } from './helpers';

jest.setTimeout(180_000);

const { plan } = realPlans('preference', PREFERENCE_SCENARIOS);
const json = jsonSummary;

/** The Markdown row of the preferences table for `target`. */
function preferenceRow(markdown: string, target: string): string {
  const rows = markdown.split('\n').filter((l) => l.startsWith(`| \`${target}\` (`));
  expect(rows).toHaveLength(1);
  return rows[0];
}

const ORGANISATION = 'Ec2Instance, organisation (ALL_ACCOUNTS)';
const MEMBER = `Ec2Instance, account ${PREFERENCE_MEMBER}`;
const HUB = 'Cost Optimization Hub';

const NOTES = {
  paid: 'Turns on enhanced infrastructure metrics, a paid feature: AWS charges for each resource analysed with it (up to 93 days of metrics).',
  inferred:
    'Turns off inferred workload types: Compute Optimizer stops detecting the applications on instances, so recommendations no longer show what moving to Graviton would take for them.',
  external: 'Recommendations use memory metrics from Datadog.',
  tighter:
    'CPU sized for the 90th percentile instead of the 99.5th; CPU headroom 0 % instead of 20 %; memory headroom 10 % instead of 20 %: recommendations favour smaller instances, with less room for peaks.',
  narrows: 'Recommendations suggest only the instance types c5.large, m5.*, never *.metal.',
  narrowsMember: 'Recommendations never suggest the instance types t2.*.',
  deletesOnDestroy: 'From now on, `terraform destroy` deletes these preferences.',
  organisationWide: 'Applies to every account of the organisation that does not set its own.',
  memberDiscountsHidden: "Member accounts see savings before discounts: the organisation's Savings Plans and Reserved Instance discounts are hidden from them.",
  term: 'Reserved Instance and Savings Plans recommendations assume 1-year commitments.',
  payment: 'Reserved Instance and Savings Plans recommendations assume no upfront payment.',
  restoresOnDestroy: "From now on, `terraform destroy` restores AWS's defaults for these preferences.",
  deletedAtAccount: "Deletes lookBackPeriod at this scope: the organisation's preferences, else Compute Optimizer's default, apply.",
  savingsModeKept: 'savingsEstimationMode cannot be deleted: it stays AfterDiscounts in AWS.',
};

describe('an update that changes what users are recommended and shown', () => {
  test('JSON: one row per changed declaration, each note with its code and text', async () => {
    const doc = await json(plan('preferences-update'));
    const rows = doc.stacks[0].preferenceChanges;
    expect(rows.map((r: { target: string; action: string }) => [r.target, r.action])).toEqual([
      [HUB, 'update'],
      [MEMBER, 'update'],
      [ORGANISATION, 'update'],
    ]);
    expect(rows[0]).toMatchObject({
      kind: 'cost-optimization-hub-preferences',
      address: expect.stringMatching(/^terraform_data\.HubPreferences_[0-9A-F]+$/),
      fields: [
        { field: 'memberAccountDiscountVisibility', before: null, after: 'None' },
        { field: 'preferredCommitmentTerm', before: null, after: 'OneYear' },
        { field: 'preferredCommitmentPaymentOption', before: null, after: 'NoUpfront' },
        { field: 'removalPolicy', before: null, after: 'delete' },
      ],
    });
    expect(rows[0].risks).toEqual([
      { code: 'member-discounts-hidden', text: NOTES.memberDiscountsHidden },
      { code: 'commitment-changed', text: NOTES.term },
      { code: 'commitment-changed', text: NOTES.payment },
      { code: 'removal-deletes-preferences', text: NOTES.restoresOnDestroy },
    ]);
    // Only what changes: the look-back period and savings mode stay as they are.
    expect(rows[1]).toMatchObject({
      kind: 'recommendation-preferences',
      address: expect.stringMatching(/^terraform_data\.MemberEc2_[0-9A-F]+$/),
      fields: [{ field: 'preferredResources', before: null, after: '[{"name":"Ec2InstanceTypes","excludeList":["t2.*"]}]' }],
      risks: [{ code: 'narrows-instance-types', text: NOTES.narrowsMember }],
    });
    expect(rows[2]).toMatchObject({
      kind: 'recommendation-preferences',
      address: expect.stringMatching(/^terraform_data\.OrganizationEc2_[0-9A-F]+$/),
      fields: [
        { field: 'enhancedInfrastructureMetrics', before: null, after: 'Active' },
        { field: 'inferredWorkloadTypes', before: null, after: 'Inactive' },
        { field: 'externalMetricsPreference', before: null, after: '{"source":"Datadog"}' },
        {
          field: 'utilizationPreferences',
          before: null,
          after: '[{"metricName":"CpuUtilization","metricParameters":{"threshold":"P90","headroom":"PERCENT_0"}},{"metricName":"MemoryUtilization","metricParameters":{"headroom":"PERCENT_10"}}]',
        },
        { field: 'preferredResources', before: null, after: '[{"name":"Ec2InstanceTypes","includeList":["c5.large","m5.*"],"excludeList":["*.metal"]}]' },
        { field: 'removalPolicy', before: null, after: 'delete' },
      ],
    });
    expect(rows[2].risks).toEqual([
      { code: 'paid-feature', text: NOTES.paid },
      { code: 'inferred-workloads-off', text: NOTES.inferred },
      { code: 'external-metrics', text: NOTES.external },
      { code: 'tighter-sizing', text: NOTES.tighter },
      { code: 'narrows-instance-types', text: NOTES.narrows },
      { code: 'removal-deletes-preferences', text: NOTES.deletesOnDestroy },
      { code: 'organisation-wide', text: NOTES.organisationWide },
    ]);
    expect(doc.totals.preferencesByAction).toEqual({ create: 0, update: 3, delete: 0, 'repair-drift': 0, 'stop-managing': 0 });
    // The declarations differ from AWS because of this change: that is the update, not drift.
    expect(doc.stacks[0].driftChecks).toEqual([]);
  });

  test('Markdown: the notes in plain words in each row, and the ones a reviewer must not miss under "Needs attention"', async () => {
    const run = await runCli([plan('preferences-update')]);
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md).toContain('**Total:** 2 enrollment resources in 1 stack: 2 no change · Preferences: 3 update ·');
    const attention = md.slice(md.indexOf('**Needs attention:**'), md.indexOf('\n\n', md.indexOf('**Needs attention:**'))).split('\n');
    expect(attention).toEqual([
      '**Needs attention:**',
      `- **update preferences** \`${HUB}\` — hides discounts from member accounts`,
      `- **update preferences** \`${MEMBER}\` — limits instance types`,
      `- **update preferences** \`${ORGANISATION}\` — paid feature; inferred workload types off; favours smaller instances; limits instance types`,
    ]);
    const hub = preferenceRow(md, HUB);
    expect(hub).toContain(
      '| **update** | `memberAccountDiscountVisibility` unset → None<br>`preferredCommitmentTerm` unset → OneYear<br>`preferredCommitmentPaymentOption` unset → NoUpfront<br>`removalPolicy` retain (default) → delete |',
    );
    expect(hub.endsWith(`| ${[NOTES.memberDiscountsHidden, NOTES.term, NOTES.payment, NOTES.restoresOnDestroy].join('<br>')} |`)).toBe(true);
    const organisation = preferenceRow(md, ORGANISATION);
    expect(organisation).toContain('`enhancedInfrastructureMetrics` unset → Active<br>`inferredWorkloadTypes` unset → Inactive<br>`externalMetricsPreference` unset → {"source":"Datadog"}');
    expect(organisation).toContain('`removalPolicy` retain (default) → delete |');
    expect(organisation.endsWith(`| ${[NOTES.paid, NOTES.inferred, NOTES.external, NOTES.tighter, NOTES.narrows, NOTES.deletesOnDestroy, NOTES.organisationWide].join('<br>')} |`)).toBe(true);
    expect(preferenceRow(md, MEMBER)).toBe(
      `| \`${MEMBER}\` (Compute Optimizer) | the calling account | **update** | \`preferredResources\` unset → [{"name":"Ec2InstanceTypes","excludeList":["t2.*"]}] | ${NOTES.narrowsMember} |`,
    );
  });
});

describe('destroy', () => {
  test('removal policy "delete" deletes the account\'s preferences, says what applies instead, and that the savings mode stays', async () => {
    const doc = await json(plan('preferences-destroy'));
    const rows = doc.stacks[0].preferenceChanges;
    expect(rows.map((r: { target: string; action: string; risks: { code: string }[] }) => [r.target, r.action, r.risks.map((n) => n.code)])).toEqual([
      [HUB, 'stop-managing', ['aws-unchanged']],
      [MEMBER, 'delete', ['preferences-deleted', 'savings-mode-kept']],
      [ORGANISATION, 'stop-managing', ['aws-unchanged']],
    ]);
    // savingsEstimationMode is not a field that changes: it stays.
    expect(rows[1].fields).toEqual([{ field: 'lookBackPeriod', before: 'DAYS_93', after: null }]);
    expect(rows[1].risks).toEqual([
      { code: 'preferences-deleted', text: NOTES.deletedAtAccount },
      { code: 'savings-mode-kept', text: NOTES.savingsModeKept },
    ]);
    const md = (await runCli([plan('preferences-destroy')])).stdout;
    expect(preferenceRow(md, MEMBER)).toBe(
      `| \`${MEMBER}\` (Compute Optimizer) | the calling account | **delete** | \`lookBackPeriod\` DAYS_93 → deleted | ${NOTES.deletedAtAccount}<br>${NOTES.savingsModeKept} |`,
    );
    expect(md).toContain(`- **delete preferences** \`${MEMBER}\` — deletes preferences`);
  });
});

describe('--fail-on a preference note', () => {
  test.each([
    ['paid-feature', ORGANISATION],
    ['inferred-workloads-off', ORGANISATION],
    ['tighter-sizing', ORGANISATION],
    ['external-metrics', ORGANISATION],
    ['member-discounts-hidden', HUB],
    ['commitment-changed', HUB],
  ])('%s holds the update for approval, naming the preferences; the destroy does not match', async (code, target) => {
    const run = await runCli([plan('preferences-update'), '--fail-on', code]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`plan-summary: --fail-on matched ${code} (preferences-update: preferences ${target}); this plan needs an explicit approval\n`);
    expect((await runCli([plan('preferences-destroy'), '--fail-on', code, '--format', 'json'])).code).toBe(0);
  });

  test('narrows-instance-types matches both declarations that limit instance types', async () => {
    const run = await runCli([plan('preferences-update'), '--fail-on', 'narrows-instance-types']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `plan-summary: --fail-on matched narrows-instance-types (preferences-update: preferences ${MEMBER}), narrows-instance-types (preferences-update: preferences ${ORGANISATION}); this plan needs an explicit approval\n`,
    );
    expect((await runCli([plan('preferences-destroy'), '--fail-on', 'narrows-instance-types'])).code).toBe(0);
  });

  test('removal-deletes-preferences matches both declarations that now delete on destroy', async () => {
    const run = await runCli([plan('preferences-update'), '--fail-on', 'removal-deletes-preferences', '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `plan-summary: --fail-on matched removal-deletes-preferences (preferences-update: preferences ${HUB}), removal-deletes-preferences (preferences-update: preferences ${ORGANISATION}); this plan needs an explicit approval\n`,
    );
    expect((await runCli([plan('preferences-destroy'), '--fail-on', 'removal-deletes-preferences'])).code).toBe(0);
  });

  test('savings-mode-kept and preferences-deleted match the destroy, not the update', async () => {
    for (const code of ['savings-mode-kept', 'preferences-deleted']) {
      const run = await runCli([plan('preferences-destroy'), '--fail-on', code]);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(`plan-summary: --fail-on matched ${code} (preferences-destroy: preferences ${MEMBER}); this plan needs an explicit approval\n`);
      expect((await runCli([plan('preferences-update'), '--fail-on', code])).code).toBe(0);
    }
  });
});
