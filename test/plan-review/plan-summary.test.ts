/**
 * The plan review on real plans: every fixture is a plan the installed `terraform` made (see
 * fixtures/generate.ts), converted with `terraform show -json`.
 */
import { readFileSync } from 'node:fs';
import { Fixtures, generateFixtures } from './fixtures/generate';
import { LARGE, SCENARIOS } from './fixtures/scenarios';
import { runCli } from './helpers';

jest.setTimeout(180_000);

let fixtures: Fixtures;
const plan = (name: string) => fixtures.plans[name];

beforeAll(async () => {
  const started = Date.now();
  fixtures = await generateFixtures(SCENARIOS);
  // A figure for the report, not an assertion: several people share two cores.
  process.stderr.write(
    `plan-review fixtures: ${Object.keys(fixtures.plans).length} real plans in ${Date.now() - started} ms (terraform ${fixtures.terraformMs} ms; per scenario ${JSON.stringify(fixtures.scenarioMs)})\n`,
  );
});
afterAll(async () => {
  await fixtures?.cleanup();
});

type Resource = { address: string; kind: string; action: string; [key: string]: any };
const byKind = (doc: any, kind: string, stack = 0): Resource => doc.stacks[stack].resources.find((r: Resource) => r.kind === kind);

async function json(...argv: string[]) {
  const run = await runCli(['--format', 'json', ...argv]);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

test('enroll: every service enrolled, member accounts counted, other resources counted not listed', async () => {
  const run = await runCli([plan('enroll')]);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 3 enrollment resources in 1 stack: 3 enroll · Automation member accounts: 1 associate · 0 drift warnings · 2 other resources not listed (2 changing)

### Stack \`enroll\`

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Org_Automation_2F715DCB\` | Compute Optimizer Automation | the calling account | — → Active | Inactive (Compute Optimizer is not Active for this account, so Automation is not available) | **enroll** | — |
| \`terraform_data.Org_ComputeOptimizer_5652807D\` | Compute Optimizer | organisation (management account and members) | — → Active, with member accounts | Inactive; 0 member accounts opted in | **enroll** | Enrolls the organisation's member accounts (0 opted in now; the organisation listing is read during apply). |
| \`terraform_data.Org_CostOptimizationHub_6054B9BF\` | Cost Optimization Hub | organisation (management account and members) | — → Active, with member accounts | Inactive; member accounts not enrolled | **enroll** | Enrolls the organisation's member accounts (the organisation listing is read during apply). |

**Automation member accounts** (1 change):

| Member accounts | Management account | Change | Risk notes |
| --- | --- | --- | --- |
| all members | the calling account | **associate** | The organisation's Automation rules may act on these accounts' resources (their rule mode becomes AnyAllowed; Automation is enabled for them if needed). |
"
`);
});

test('change: member inclusion and a settings-only change', async () => {
  const run = await runCli([plan('change')]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 2 enrollment resources in 1 stack: 1 change member inclusion, 1 change settings · 0 drift warnings · 0 other resources not listed

### Stack \`change\`

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.ComputeOptimizer_33BE8C7D\` | Compute Optimizer | organisation (management account and members) | Active → Active, with member accounts | Active; 0 member accounts opted in | **change member inclusion** | Enrolls the organisation's member accounts (3 accounts in the organisation listing, 0 active, 3 inactive). |
| \`terraform_data.Hub_C5CB2B3F\` | Cost Optimization Hub | organisation (management account and members) | Active, with member accounts (unchanged) | Active; member accounts enrolled | **change settings** | Changes \`removalPolicy\` retain (default) → opt-out.<br>From now on, \`terraform destroy\` of this stack opts out of Cost Optimization Hub. |
"
`);
});

test('a replacement under removal policy "opt-out" only re-applies: no opt-out risk, and the removal companions are not rows', async () => {
  const doc = await json(plan('replace-opts-out'));
  expect(doc.stacks[0].resources).toHaveLength(2);
  for (const kind of ['compute-optimizer-enrollment', 'cost-optimization-hub-enrollment']) {
    const r = byKind(doc, kind);
    expect(r).toMatchObject({ terraformActions: ['delete', 'create'], action: 'change-members', before: { removalPolicy: 'opt-out' } });
    const codes = r.risks.map((n: { code: string }) => n.code);
    for (const optOut of ['recommendation-data-deleted', 'hub-recommendations-stop', 'automation-rules-stopped']) expect(codes).not.toContain(optOut);
  }
  const run = await runCli([plan('replace-opts-out'), '--fail-on', 'opt-out']);
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/removal-opts-out|deletes recommendation data/);
});

test('opt-out with acknowledgement: data deletion and Automation rules are spelled out', async () => {
  const run = await runCli([plan('opt-out-acknowledged')]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 2 enrollment resources in 1 stack: 2 opt out · 0 drift warnings · 0 other resources not listed

**Needs attention:**
- **opt out**: Compute Optimizer Automation — stops every Automation rule; 24-hour re-enroll lock
- **opt out**: Compute Optimizer (organisation) — deletes recommendation data

### Stack \`opt-out-acknowledged\`

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Automation_91D552CA\` | Compute Optimizer Automation | the calling account | Active → Inactive | Active | **opt out** | Opting out stops every Automation rule; after re-enrolling, all rules stay inactive until someone enables them again.<br>AWS refuses to re-enroll this account in Automation for 24 hours after the opt-out. |
| \`terraform_data.ComputeOptimizer_33BE8C7D\` | Compute Optimizer | organisation (management account and members) | Active, with member accounts → Inactive | Active; 3 member accounts opted in | **opt out** | Opting out deletes Compute Optimizer's recommendations and metrics data for this account.<br>The member accounts stay enrolled in Compute Optimizer: opting the management account out does not opt them out; only each member's own credentials can (a member-account stack with removal policy "opt-out"). |
"
`);
});

test('opt-out without acknowledgement is flagged', async () => {
  const run = await runCli([plan('opt-out-unacknowledged')]);
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 2 enrollment resources in 1 stack: 2 opt out · 0 drift warnings · 0 other resources not listed

**Needs attention:**
- **opt out**: Compute Optimizer Automation — stops every Automation rule; 24-hour re-enroll lock
- **opt out**: Compute Optimizer (organisation) — deletes recommendation data; deletion not acknowledged in code

### Stack \`opt-out-unacknowledged\`

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Automation_91D552CA\` | Compute Optimizer Automation | the calling account | Active → Inactive | Active | **opt out** | Opting out stops every Automation rule; after re-enrolling, all rules stay inactive until someone enables them again.<br>AWS refuses to re-enroll this account in Automation for 24 hours after the opt-out. |
| \`terraform_data.ComputeOptimizer_33BE8C7D\` | Compute Optimizer | organisation (management account and members) | Active, with member accounts → Inactive | Active; 3 member accounts opted in | **opt out** | Opting out deletes Compute Optimizer's recommendations and metrics data for this account.<br>The deletion is not acknowledged in code: \`acknowledgeRecommendationDataDeletion\` is not true.<br>The member accounts stay enrolled in Compute Optimizer: opting the management account out does not opt them out; only each member's own credentials can (a member-account stack with removal policy "opt-out"). |
"
`);
  const doc = await json(plan('opt-out-unacknowledged'));
  expect(byKind(doc, 'compute-optimizer-enrollment').risks.map((r: { code: string }) => r.code)).toEqual([
    'recommendation-data-deleted',
    'deletion-not-acknowledged',
    'members-stay-enrolled',
  ]);
  const acknowledged = await json(plan('opt-out-acknowledged'));
  const co = acknowledged.stacks[0].resources.find((r: { kind: string }) => r.kind === 'compute-optimizer-enrollment');
  expect(co.risks.map((r: { code: string }) => r.code)).toEqual(['recommendation-data-deleted', 'members-stay-enrolled']);
});

test('no-op: nothing changes, the unchanged rows fold away', async () => {
  const run = await runCli([plan('no-op'), '--fail-on', 'any']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 3 enrollment resources in 1 stack: 3 no change · 0 drift warnings · 2 other resources not listed (0 changing)

### Stack \`no-op\`

No enrollment changes: 3 resources already as declared.

<details><summary>3 resources with no change</summary>

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Org_Automation_2F715DCB\` | Compute Optimizer Automation | the calling account | Active (unchanged) | Active | no change | — |
| \`terraform_data.Org_ComputeOptimizer_5652807D\` | Compute Optimizer | organisation (management account and members) | Active, with member accounts (unchanged) | Active; 3 member accounts opted in | no change | — |
| \`terraform_data.Org_CostOptimizationHub_6054B9BF\` | Cost Optimization Hub | organisation (management account and members) | Active, with member accounts (unchanged) | Active; member accounts enrolled | no change | — |

</details>
"
`);
});

test('drift: a console opt-out appears with the check message and is repaired', async () => {
  const run = await runCli([plan('drift')]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
"<!-- cdktf-aws-enrollment:plan-summary -->
## Enrollment plan review

**Total:** 3 enrollment resources in 1 stack: 2 repair drift, 1 no change · 2 drift warnings · 2 other resources not listed (0 changing)

**Needs attention:**
- **repair drift**: Compute Optimizer Automation
- **repair drift**: Compute Optimizer (organisation)

### Stack \`drift\`

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Org_Automation_2F715DCB\` | Compute Optimizer Automation | the calling account | Active (unchanged) | Inactive (Compute Optimizer is not Active for this account, so Automation is not available) | **repair drift** | Re-applies the declared status Active (AWS reports Inactive); see the drift note below. |
| \`terraform_data.Org_ComputeOptimizer_5652807D\` | Compute Optimizer | organisation (management account and members) | Active, with member accounts (unchanged) | Inactive (Opted out in the console); 3 member accounts opted in | **repair drift** | Re-applies the declared status Active (AWS reports Inactive); see the drift note below. |

**Drift** (AWS no longer matches the code; apply repairs it):
- \`terraform_data.Org_Automation_2F715DCB\`: Compute Optimizer Automation enrollment has drifted: AWS reports status "Inactive" (reason: "Compute Optimizer is not Active for this account, so Automation is not available"), the stack declares "Active"; \`terraform apply\` re-applies the declared status
- \`terraform_data.Org_ComputeOptimizer_5652807D\`: Compute Optimizer enrollment has drifted: AWS reports status "Inactive" (reason: "Opted out in the console"), the stack declares "Active" (member accounts reported: "true"); \`terraform apply\` re-applies the declared status

<details><summary>1 resource with no change</summary>

| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |
| --- | --- | --- | --- | --- | --- | --- |
| \`terraform_data.Org_CostOptimizationHub_6054B9BF\` | Cost Optimization Hub | organisation (management account and members) | Active, with member accounts (unchanged) | Active; member accounts enrolled | no change | — |

</details>
"
`);
  const doc = await json(plan('drift'));
  const co = byKind(doc, 'compute-optimizer-enrollment');
  expect(co).toMatchObject({
    address: expect.stringMatching(/^terraform_data\.Org_ComputeOptimizer_/),
    terraformActions: ['delete', 'create'],
    action: 'repair-drift',
    observed: {
      source: 'data-source',
      address: expect.stringMatching(/^data\.external\.EnrollmentRead_\w+\["p\d+"\]$/),
      for: expect.stringMatching(/^Org_ComputeOptimizer_[0-9A-F]+$/),
      status: 'Inactive',
      statusReason: 'Opted out in the console',
    },
    drift: { check: expect.stringMatching(/^check\.Org_ComputeOptimizer_[0-9A-F]+_in_sync$/), status: 'fail' },
  });
  expect(co.drift.messages).toEqual([expect.stringContaining('AWS reports status "Inactive" (reason: "Opted out in the console"), the stack declares "Active"')]);
  // Automation depends on Compute Optimizer: AWS turned it off too, and the plan repairs both.
  expect(byKind(doc, 'automation-enrollment')).toMatchObject({ action: 'repair-drift', observed: { status: 'Inactive' } });
  expect(byKind(doc, 'cost-optimization-hub-enrollment')).toMatchObject({ action: 'no-change', drift: null, observed: { status: 'Active' } });
  expect(doc.totals.driftWarnings).toBe(2);
  expect(doc.stacks[0].driftChecks.map((c: { resource: string }) => c.resource).sort()).toEqual(
    [byKind(doc, 'automation-enrollment').address, co.address].sort(),
  );
});

test('constructs removed from the code are forgotten without running their removal policy', async () => {
  const doc = await json(plan('removed'));
  // Terraform drops a destroy-time provisioner together with its resource block, so "opt-out" does not run.
  const automation = byKind(doc, 'automation-enrollment');
  expect(automation).toMatchObject({ terraformActions: ['delete'], action: 'stop-managing', after: null, before: { removalPolicy: 'opt-out' } });
  expect(automation.risks).toEqual([
    {
      code: 'aws-unchanged',
      text: 'Removed from the code, so Terraform forgets it without running its removal policy "opt-out": AWS stays as it is. To opt out, declare status "Inactive" and apply before removing it.',
    },
  ]);
  expect(byKind(doc, 'cost-optimization-hub-enrollment')).toMatchObject({ terraformActions: ['delete'], action: 'stop-managing', before: { removalPolicy: 'retain' } });
  expect(byKind(doc, 'compute-optimizer-enrollment')).toMatchObject({ action: 'no-change' });
  expect(doc.stacks[0].otherResources).toEqual({ total: 1, changing: 0 });
});

test('Automation opted out minutes ago: the repair is flagged with the end of the 24-hour lock', async () => {
  const doc = await json(plan('automation-lock'));
  const automation = byKind(doc, 'automation-enrollment');
  expect(automation).toMatchObject({ action: 'repair-drift', observed: { status: 'Inactive' } });
  const lock = automation.risks.find((r: { code: string }) => r.code === 'reenroll-lock-24h');
  const optedOut = Date.parse(automation.observed.lastUpdatedTimestamp);
  const until = new Date(optedOut + 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  expect(lock.text).toBe(`This account opted out of Automation less than 24 hours before the plan; AWS refuses to re-enroll it until ${until}, so apply would fail.`);
  expect((await runCli([plan('automation-lock'), '--fail-on', 'reenroll-lock-24h'])).code).toBe(3);
});

test('a first Automation enrollment is not called a failing re-enrollment: Inactive alone does not prove an opt-out', async () => {
  const automation = byKind(await json(plan('automation-new')), 'automation-enrollment');
  expect(automation).toMatchObject({ action: 'enroll', before: null, observed: { readAtPlan: true, status: 'Inactive' } });
  const lock = automation.risks.find((r: { code: string }) => r.code === 'reenroll-lock-24h');
  // The emulator's accounts were set up minutes ago, so the 24-hour window applies, but only conditionally.
  expect(lock.text).toMatch(/^AWS reports Automation Inactive since \S+Z, less than 24 hours before the plan: if that was an opt-out, AWS refuses to re-enroll until \S+Z and apply fails\.$/);
  expect(lock.text).not.toContain('apply would fail');
});

test('text from AWS is escaped: no HTML, no broken table', async () => {
  const run = await runCli([plan('automation-lock')]);
  const row = run.stdout.split('\n').find((l) => l.startsWith('| `terraform_data.Automation_'))!;
  expect(row).toContain('| Inactive (Opted out by &lt;b&gt;ops&lt;/b&gt; \\| ticket #42) |');
  expect(row.split(/(?<!\\)\|/)).toHaveLength(9); // 7 cells between 8 unescaped pipes
  expect(run.stdout).not.toContain('<b>');
});

test('Pending is progress, not drift', async () => {
  const doc = await json(plan('pending'));
  expect(byKind(doc, 'compute-optimizer-enrollment')).toMatchObject({
    terraformActions: ['no-op'],
    action: 'no-change',
    drift: null,
    observed: { status: 'Pending' },
    risks: [{ code: 'pending', text: 'AWS reports Pending: an enrollment change is still in progress.' }],
  });
  expect(doc.stacks[0].driftChecks.map((c: { resource: string }) => c.resource)).not.toContain(byKind(doc, 'compute-optimizer-enrollment').address);
});

test('a status only known during apply is neither enroll nor opt-out', async () => {
  const run = await runCli([plan('unknown-status')]);
  expect(run.code).toBe(0);
  const row = run.stdout.split('\n').find((l) => l.startsWith('| `terraform_data.ComputeOptimizer_'));
  // The read carries no declaration, only what to read: AWS is read while planning even though the declared
  // status is only known during apply.
  expect(row).toMatch(/\| — → known after apply \| Inactive; 0 member accounts opted in \| \*\*decided during apply\*\* \| Known only during apply: `status`\. \|$/);
  const doc = await json(plan('unknown-status'));
  expect(byKind(doc, 'compute-optimizer-enrollment')).toMatchObject({
    action: 'undetermined',
    after: { status: null, unknownFields: ['status'] },
    observed: { readAtPlan: true, status: 'Inactive' },
  });
});

test('every construct in one stack: each enrollment is paired with its own plan-time read, not a deferred or filtered one', async () => {
  const doc = await json(plan('every-construct'));
  for (const [kind, resource] of [
    ['compute-optimizer-enrollment', 'Org_ComputeOptimizer_'],
    ['automation-enrollment', 'Org_Automation_'],
    ['cost-optimization-hub-enrollment', 'Org_CostOptimizationHub_'],
  ]) {
    const row = byKind(doc, kind);
    expect(row).toMatchObject({ action: 'enroll', observed: { readAtPlan: true, status: 'Inactive', for: `${row.address.replace(/^terraform_data\./, '')}` } });
    expect(row.observed.for.startsWith(resource)).toBe(true);
  }
  // The organisation-wide listing, not the one filtered to Active accounts (ActiveMembers).
  expect(byKind(doc, 'compute-optimizer-enrollment').observed.organisation.for).toMatch(/\/Org\/OrganizationStatuses$/);
});

test('multi-stack: one section per plan file, one totals line across them', async () => {
  const run = await runCli([plan('enroll'), plan('drift'), plan('no-op')]);
  expect(run.code).toBe(0);
  const headings = run.stdout.split('\n').filter((l) => l.startsWith('### '));
  expect(headings).toEqual(['### Stack `enroll`', '### Stack `drift`', '### Stack `no-op`']);
  expect(run.stdout.split('\n').filter((l) => l.startsWith('**Total:**'))).toEqual([
    '**Total:** 9 enrollment resources in 3 stacks: 3 enroll, 2 repair drift, 4 no change · Automation member accounts: 1 associate · 2 drift warnings · 6 other resources not listed (2 changing)',
  ]);
  const doc = await json(plan('enroll'), plan('drift'), plan('no-op'));
  expect(doc.totals).toEqual({
    stacks: 3,
    resources: 9,
    byAction: { enroll: 3, 'opt-out': 0, 'change-members': 0, 'repair-drift': 2, 'change-settings': 0, 'stop-managing': 0, undetermined: 0, 'no-change': 4 },
    rulesByAction: { create: 0, update: 0, delete: 0, 'repair-drift': 0, 'stop-managing': 0 },
    associationsByAction: { associate: 1, disassociate: 0, 'repair-drift': 0, 'stop-managing': 0 },
    preferencesByAction: { create: 0, update: 0, delete: 0, 'repair-drift': 0, 'stop-managing': 0 },
    driftWarnings: 2,
    otherResources: 6,
    otherChanging: 2,
  });
});

test('"Needs attention" lists opt-outs and drift across stacks, at most ten lines', async () => {
  const run = await runCli(Array.from({ length: 6 }, () => plan('drift')));
  const start = run.stdout.indexOf('**Needs attention:**');
  const list = run.stdout.slice(start, run.stdout.indexOf('\n\n', start)).split('\n');
  expect(list).toHaveLength(1 + 10 + 1);
  expect(list[1]).toMatch(/^- `\S+drift\.json`: \*\*repair drift\*\*: Compute Optimizer Automation$/);
  expect(list[11]).toBe('- …and 2 more in the tables below');
});

test('stdin when no file is given, named "stdin"', async () => {
  const fromFile = await runCli([plan('drift')]);
  const fromStdin = await runCli([], readFileSync(plan('drift'), 'utf8'));
  expect(fromStdin.code).toBe(0);
  expect(fromStdin.stdout).toBe(fromFile.stdout.replace('### Stack `drift`', '### Stack `stdin`'));
  const dash = await runCli(['-', '--format=json'], readFileSync(plan('drift'), 'utf8'));
  expect(JSON.parse(dash.stdout).stacks[0]).toMatchObject({ name: 'stdin', source: 'stdin' });
});

describe('--format json', () => {
  test('is a stable document: versioned, same keys in the same order on every run', async () => {
    const first = await runCli(['--format', 'json', plan('enroll'), plan('change')]);
    const second = await runCli(['--format', 'json', plan('enroll'), plan('change')]);
    expect(first.stdout).toBe(second.stdout);
    const doc = JSON.parse(first.stdout);
    expect(Object.keys(doc)).toEqual(['version', 'stacks', 'totals']);
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.stacks[0])).toEqual([
      'name', 'source', 'terraformVersion', 'formatVersion', 'errored', 'complete', 'resources', 'ruleChanges', 'associationChanges', 'preferenceChanges', 'settingResources', 'driftChecks', 'otherFailingChecks', 'otherResources', 'warnings',
    ]);
    expect(Object.keys(doc.stacks[0].resources[0])).toEqual([
      'address', 'kind', 'service', 'scope', 'terraformActions', 'action', 'before', 'after', 'changedFields', 'observed', 'drift', 'risks',
    ]);
    expect(doc.stacks[0]).toMatchObject({ name: 'enroll', terraformVersion: expect.stringMatching(/^1\./), formatVersion: expect.stringMatching(/^1\./) });
  });

  test('carries declared before/after, observed counts and changed fields', async () => {
    const doc = await json(plan('change'));
    const co = byKind(doc, 'compute-optimizer-enrollment');
    expect(co).toMatchObject({
      service: 'Compute Optimizer',
      scope: { type: 'organisation', accountId: null },
      terraformActions: ['delete', 'create'],
      action: 'change-members',
      before: { status: 'Active', includeMemberAccounts: false },
      after: { status: 'Active', includeMemberAccounts: true },
      changedFields: [{ field: 'includeMemberAccounts', before: 'false', after: 'true' }],
      observed: {
        status: 'Active',
        memberAccountsEnrolled: false,
        numberOfMemberAccountsOptedIn: 0,
        organisation: { readAtPlan: true, for: expect.stringMatching(/\/Accounts$/), accountCount: expect.any(Number) },
      },
      // The check fails because members are not enrolled yet: that is this change, not drift.
      drift: null,
    });
    expect(byKind(doc, 'cost-optimization-hub-enrollment')).toMatchObject({
      terraformActions: ['update'],
      action: 'change-settings',
      changedFields: [{ field: 'removalPolicy', before: null, after: 'opt-out' }],
    });
    expect(doc.totals.driftWarnings).toBe(0);
  });
});

describe('--fail-on', () => {
  test('exit 3 with one line naming what matched; the summary is still printed', async () => {
    const run = await runCli([plan('opt-out-acknowledged'), '--fail-on', 'opt-out,drift']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('**opt out**');
    expect(run.stderr).toMatch(
      /^plan-summary: --fail-on matched opt-out \(opt-out-acknowledged: terraform_data\.Automation_\w+\), opt-out \(opt-out-acknowledged: terraform_data\.ComputeOptimizer_\w+\); this plan needs an explicit approval\n$/,
    );
  });

  test.each([
    ['drift', 'drift', 3],
    ['drift', 'opt-out', 0],
    ['enroll', 'enroll', 3],
    ['enroll', 'opt-out,drift', 0],
    ['no-op', 'any', 0],
    ['change', 'any', 3],
    ['change', 'change-members', 3],
    ['opt-out-unacknowledged', 'deletion-not-acknowledged', 3],
    ['opt-out-acknowledged', 'deletion-not-acknowledged', 0],
    ['opt-out-acknowledged', 'automation-rules-stopped', 3],
    ['removed', 'stop-managing', 3],
  ])('%s plan with --fail-on %s exits %d', async (scenario, words, code) => {
    expect((await runCli([plan(scenario), '--fail-on', words, '--format', 'json'])).code).toBe(code);
  });
});

describe('GitHub comment limit', () => {
  test('a long list of changes folds after the first 25 into <details>', async () => {
    const run = await runCli([plan('large')]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThan(65_536);
    expect(run.stdout).toContain(`<details><summary>${LARGE - 25} more changes</summary>`);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('| `terraform_data.'))).toHaveLength(LARGE);
  });

  test('forty stacks of real plans stay under 65,536 characters by default', async () => {
    const files = Array.from({ length: 40 }, () => plan('large'));
    const started = Date.now();
    const run = await runCli(files);
    const ms = Date.now() - started;
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(65_536);
    expect(run.stdout.length).toBeGreaterThan(60_000);
    expect(run.stdout).toContain(`**Total:** ${40 * LARGE} enrollment resources in 40 stacks: ${40 * LARGE} enroll`);
    const shown = run.stdout.split('\n').filter((l) => l.startsWith('| `terraform_data.')).length;
    const omitted = Number(/_(\d+) rows left out/.exec(run.stdout)?.[1]);
    expect(shown + omitted).toBe(40 * LARGE);
    expect(run.stdout.split('<details>').length).toBe(run.stdout.split('</details>').length);
    process.stderr.write(`plan-review: ${40 * LARGE} resources in 40 plans summarised in ${ms} ms (${shown} rows shown, ${run.stdout.length} chars)\n`);
  });

  test('past the limit, rows are left out and counted; the totals line stays', async () => {
    const run = await runCli([plan('large'), plan('drift'), '--max-chars', '4000']);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(4000);
    expect(run.stdout).toContain(`**Total:** ${LARGE + 3} enrollment resources in 2 stacks: ${LARGE} enroll, 2 repair drift, 1 no change`);
    const shown = run.stdout.split('\n').filter((l) => l.startsWith('| `terraform_data.')).length;
    const omitted = Number(/_(\d+) rows left out to stay under GitHub's 65,536-character comment limit/.exec(run.stdout)?.[1]);
    expect(shown).toBeGreaterThan(5);
    expect(shown + omitted).toBe(LARGE + 3);
    // Every <details> that was opened is closed.
    expect(run.stdout.split('<details>').length).toBe(run.stdout.split('</details>').length);
  });
});

test('a plan with no enrollment resources: one line, exit 2', async () => {
  const run = await runCli([plan('unrelated')]);
  expect(run).toEqual({
    code: 2,
    stdout: '',
    stderr: `plan-summary: no enrollment resources in ${plan('unrelated')} (3 other resources); plan a cdktf stack that uses the cdktf-aws-enrollment constructs\n`,
  });
  // Alongside a plan that has some, it is just an empty stack.
  const mixed = await runCli([plan('unrelated'), plan('drift')]);
  expect(mixed.code).toBe(0);
  expect(mixed.stdout).toContain('### Stack `unrelated`\n\nNo enrollment resources in this stack.');
});

test('a stack of unchanged preferences is ours, with nothing to do: exit 0, said in one line', async () => {
  const run = await runCli([plan('settings-unchanged')]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('No changes: 1 declaration (rules, member accounts, preferences) already as declared.');
  expect(run.stdout).not.toContain('No enrollment resources');
  const doc = JSON.parse((await runCli(['--format', 'json', plan('settings-unchanged')])).stdout);
  expect(doc.stacks[0]).toMatchObject({ resources: [], preferenceChanges: [], settingResources: 1 });
});
