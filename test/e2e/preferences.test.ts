/**
 * Preferences through real Terraform against the emulator, checked with the `aws` CLI as an independent
 * client: apply sets the declared Compute Optimizer and Cost Optimization Hub preferences, the account's
 * preferences override the organisation's in the effective read, a console change is drift that apply
 * repairs, a changed declaration is an update with plain-word notes, and destroy does what each removal
 * policy says. The plan review turns each plan into its preference rows.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import { TerraformOutput } from 'cdktf';
import {
  CommitmentTerm,
  ComputeOptimizerEffectiveRecommendationPreferences,
  ComputeOptimizerEnrollment,
  ComputeOptimizerRecommendationPreferences,
  CostOptimizationHubEnrollment,
  CostOptimizationHubPreferences,
  CustomizableMetricHeadroom,
  CustomizableMetricName,
  EnrollmentDefaults,
  EnrollmentStatus,
  LookBackPeriodPreference,
  PreferencesRemovalPolicy,
  RecommendationPreferenceResourceType,
  RecommendationPreferenceScopeName,
  SavingsEstimationMode,
} from '../../src/constructs';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { failOnMatches } from '../../src/plan-review/cli';
import { renderMarkdown } from '../../src/plan-review/markdown';
import { parsePlan } from '../../src/plan-review/plan';
import { summarise, summariseStack } from '../../src/plan-review/summary';
import { checkResults, expectPlanCode, plan, type PlanOutcome } from '../support/external-provider/plans';
import type { TerraformRunner } from '../support/external-provider/terraform';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(240_000);

const awsAvailable = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
if (!awsAvailable) process.stdout.write('e2e/preferences.test: SKIPPED, the `aws` command is not installed or does not run (install awscli to run these tests)\n');
const describeAws = awsAvailable ? describe : describe.skip;

const MANAGEMENT = DEFAULT_ACCOUNTS.management;
const MEMBER = DEFAULT_ACCOUNTS.members[0].accountId;
const REGION = 'us-east-1';
const MEMBER_INSTANCE = `arn:aws:ec2:${REGION}:${MEMBER}:instance/i-0123456789abcdef0`;
const MANAGEMENT_INSTANCE = `arn:aws:ec2:${REGION}:${MANAGEMENT.accountId}:instance/i-0fedcba9876543210`;
const ORG_SCOPE = { name: 'Organization', value: 'ALL_ACCOUNTS' };
const flat = (text: string) => text.replace(/\s+/g, ' ');

interface Declaration {
  readonly orgLookBack: LookBackPeriodPreference;
  readonly removalPolicy: PreferencesRemovalPolicy;
}

let world: World;
let tf: TerraformRunner;

function declare(d: Declaration): void {
  tf = world.synth('preferences', (stack: TerraformStack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: REGION, endpoint });
    const co = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    new CostOptimizationHubEnrollment(stack, 'Hub', { status: EnrollmentStatus.ACTIVE });
    const org = new ComputeOptimizerRecommendationPreferences(stack, 'OrganizationEc2', {
      resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
      scope: { name: RecommendationPreferenceScopeName.ORGANIZATION, value: 'ALL_ACCOUNTS' },
      lookBackPeriod: d.orgLookBack,
      utilizationPreferences: [{ metricName: CustomizableMetricName.CPU_UTILIZATION, metricParameters: { headroom: CustomizableMetricHeadroom.PERCENT_30 } }],
      removalPolicy: d.removalPolicy,
    });
    // The member account's own look-back period is kept on destroy whatever the others do.
    const account = new ComputeOptimizerRecommendationPreferences(stack, 'MemberEc2', {
      resourceType: RecommendationPreferenceResourceType.EC2_INSTANCE,
      scope: { name: RecommendationPreferenceScopeName.ACCOUNT_ID, value: MEMBER },
      lookBackPeriod: LookBackPeriodPreference.DAYS_93,
    });
    new CostOptimizationHubPreferences(stack, 'HubPreferences', {
      savingsEstimationMode: SavingsEstimationMode.AFTER_DISCOUNTS,
      preferredCommitment: { term: CommitmentTerm.ONE_YEAR },
      removalPolicy: d.removalPolicy,
    });
    const after = [co, org, account];
    const member = new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'MemberInstance', { resourceArn: MEMBER_INSTANCE, dependsOn: after });
    const own = new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'ManagementInstance', { resourceArn: MANAGEMENT_INSTANCE, dependsOn: after });
    new TerraformOutput(stack, 'member_look_back', { value: member.lookBackPeriod });
    new TerraformOutput(stack, 'management_look_back', { value: own.lookBackPeriod });
    new TerraformOutput(stack, 'management_utilization', { value: own.utilizationPreferences });
  });
}

/** Runs the `aws` CLI against the emulator as the management account, isolated from any user configuration. */
function aws(args: string[]): Promise<any> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: world.dir,
    AWS_CONFIG_FILE: path.join(world.dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(world.dir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: MANAGEMENT.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MANAGEMENT.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', [...args, '--endpoint-url', world.endpoint, '--region', REGION, '--output', 'json'], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`aws ${args.join(' ')} failed: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

async function preferencesAt(scope: { name: string; value: string }): Promise<any[]> {
  const out = await aws(['compute-optimizer', 'get-recommendation-preferences', '--resource-type', 'Ec2Instance', '--scope', `name=${scope.name},value=${scope.value}`]);
  return out.recommendationPreferencesDetails;
}

const hubPreferences = () => aws(['cost-optimization-hub', 'get-preferences']);

function review(outcome: PlanOutcome) {
  return summariseStack('preferences', 'preferences.json', parsePlan('preferences.json', JSON.stringify(outcome.json)));
}

async function outputs(): Promise<Record<string, any>> {
  const out = JSON.parse((await tf.ok(['output', '-json'])).stdout);
  return Object.fromEntries(Object.entries(out).map(([k, v]: [string, any]) => [k, v.value]));
}

beforeAll(async () => {
  if (!awsAvailable) return;
  world = await startWorld({ memberEnrollmentDelayMs: 0 });
});
afterAll(async () => {
  await world?.close();
});

describeAws('preferences through real Terraform', () => {
  test('apply sets the declared preferences; the account overrides the organisation in the effective read; the next plan is clean', async () => {
    declare({ orgLookBack: LookBackPeriodPreference.DAYS_32, removalPolicy: PreferencesRemovalPolicy.DELETE });
    await tf.ok(['init', '-no-color', '-input=false']);
    const first = await plan(tf, 'create');
    expectPlanCode(first, 2);
    // Rows come in the plan's (address) order.
    const rows = review(first).preferenceChanges;
    expect(rows.map((r) => [r.target, r.action])).toEqual([
      ['Cost Optimization Hub', 'create'],
      [`Ec2Instance, account ${MEMBER}`, 'create'],
      ['Ec2Instance, organisation (ALL_ACCOUNTS)', 'create'],
    ]);
    expect(rows[2].fields.map((f) => [f.field, f.after])).toEqual([
      ['lookBackPeriod', 'DAYS_32'],
      ['utilizationPreferences', '[{"metricName":"CpuUtilization","metricParameters":{"headroom":"PERCENT_30"}}]'],
    ]);
    expect(rows[2].risks.map((n) => n.code)).toEqual(['organisation-wide']);
    // Before the apply AWS has the Hub's defaults: the row says what it had.
    expect(rows[0].fields).toEqual([
      { field: 'savingsEstimationMode', before: 'BeforeDiscounts', after: 'AfterDiscounts' },
      { field: 'preferredCommitmentTerm', before: 'ThreeYears', after: 'OneYear' },
    ]);
    expect(rows[0].risks.map((n) => n.text)).toContain('Cost Optimization Hub shows savings after Savings Plans and Reserved Instance discounts: estimates shrink to what would actually be saved.');
    // A new declaration's read sees what it is about to set: that is the creation, not drift.
    expect(review(first).driftChecks).toEqual([]);
    const markdown = renderMarkdown(summarise([review(first)]));
    expect(markdown).toContain('**Preferences** (3 changes):');
    expect(markdown).toContain('Preferences: 3 create');
    expect(markdown).toMatch(/\| `Ec2Instance, organisation \(ALL_ACCOUNTS\)` \(Compute Optimizer\) \| the calling account \| \*\*create\*\* \| `lookBackPeriod` not set → DAYS_32/);
    await tf.ok(['apply', '-no-color', '-input=false', 'create.tfplan']);

    const [org] = await preferencesAt(ORG_SCOPE);
    expect(org).toMatchObject({ scope: ORG_SCOPE, resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_32', utilizationPreferences: [{ metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_30' } }] });
    const [member] = await preferencesAt({ name: 'AccountId', value: MEMBER });
    expect(member).toMatchObject({ lookBackPeriod: 'DAYS_93' });
    expect(await hubPreferences()).toEqual({ savingsEstimationMode: 'AfterDiscounts', memberAccountDiscountVisibility: 'All', preferredCommitment: { term: 'OneYear', paymentOption: 'AllUpfront' } });
    // The narrower scope wins for the member's instance; the management account's instance gets the organisation's.
    const out = await outputs();
    expect(out).toMatchObject({ member_look_back: 'DAYS_93', management_look_back: 'DAYS_32' });
    expect(out.management_utilization).toEqual([
      { metricName: 'CpuUtilization', metricParameters: { threshold: 'P99_5', headroom: 'PERCENT_30' } },
      { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_20' } },
    ]);
    const clean = await plan(tf, 'clean');
    expectPlanCode(clean, 0);
    for (const c of checkResults(clean.json)) expect(c.status).toBe('pass');
  });

  test('a console change is drift: the plan warns and plans the repair, apply restores the declaration', async () => {
    await world.admin.preferences(MANAGEMENT.accountId, 'compute-optimizer', { region: REGION, resourceType: 'Ec2Instance', scope: ORG_SCOPE, lookBackPeriod: 'DAYS_14' });
    await world.admin.preferences(MANAGEMENT.accountId, 'cost-optimization-hub', { savingsEstimationMode: 'BeforeDiscounts' });
    const drift = await plan(tf, 'drift');
    expectPlanCode(drift, 2);
    const text = flat(drift.result.stdout);
    expect(text).toContain('Compute Optimizer recommendation preferences (Ec2Instance Organization ALL_ACCOUNTS): AWS differs from the declaration (lookBackPeriod is DAYS_14 in AWS, declared DAYS_32)');
    expect(text).toContain('Cost Optimization Hub preferences: AWS differs from the declaration (savingsEstimationMode is BeforeDiscounts in AWS, declared AfterDiscounts)');
    const summary = review(drift);
    expect(summary.preferenceChanges.map((r) => [r.target, r.action, r.observed])).toEqual([
      ['Cost Optimization Hub', 'repair-drift', 'savingsEstimationMode is BeforeDiscounts in AWS, declared AfterDiscounts'],
      ['Ec2Instance, organisation (ALL_ACCOUNTS)', 'repair-drift', 'lookBackPeriod is DAYS_14 in AWS, declared DAYS_32'],
    ]);
    expect(summary.preferenceChanges[1].fields).toEqual([{ field: 'lookBackPeriod', before: 'DAYS_14', after: 'DAYS_32' }]);
    expect(summary.driftChecks).toHaveLength(2);
    expect(failOnMatches(summarise([summary]), ['drift', 'preference-repair-drift'])).toEqual([
      'drift (preferences: preferences Cost Optimization Hub)',
      'preference-repair-drift (preferences: preferences Cost Optimization Hub)',
      'drift (preferences: preferences Ec2Instance, organisation (ALL_ACCOUNTS))',
      'preference-repair-drift (preferences: preferences Ec2Instance, organisation (ALL_ACCOUNTS))',
    ]);

    await tf.ok(['apply', '-no-color', '-input=false', 'drift.tfplan']);
    expect((await preferencesAt(ORG_SCOPE))[0]).toMatchObject({ lookBackPeriod: 'DAYS_32' });
    expect(await hubPreferences()).toMatchObject({ savingsEstimationMode: 'AfterDiscounts' });
    expectPlanCode(await plan(tf, 'repaired'), 0);
  });

  test('a shorter look-back period is an update with a note, and --fail-on can hold it for approval', async () => {
    declare({ orgLookBack: LookBackPeriodPreference.DAYS_14, removalPolicy: PreferencesRemovalPolicy.DELETE });
    const update = await plan(tf, 'update');
    expectPlanCode(update, 2);
    const [row] = review(update).preferenceChanges;
    expect(row).toMatchObject({ action: 'update', fields: [{ field: 'lookBackPeriod', before: 'DAYS_32', after: 'DAYS_14' }] });
    expect(row.risks[0]).toEqual({
      code: 'shorter-look-back',
      text: 'Compute Optimizer analyses 14 days of metrics instead of 32: recommendations follow recent usage and may miss monthly or quarterly peaks.',
    });
    expect(renderMarkdown(summarise([review(update)]))).toContain('- **update preferences** `Ec2Instance, organisation (ALL_ACCOUNTS)` — shorter look-back period');
    expect(failOnMatches(summarise([review(update)]), ['preference-update', 'shorter-look-back'])).toEqual([
      'preference-update (preferences: preferences Ec2Instance, organisation (ALL_ACCOUNTS))',
      'shorter-look-back (preferences: preferences Ec2Instance, organisation (ALL_ACCOUNTS))',
    ]);
    await tf.ok(['apply', '-no-color', '-input=false', 'update.tfplan']);
    expect((await preferencesAt(ORG_SCOPE))[0]).toMatchObject({ lookBackPeriod: 'DAYS_14' });
    expect((await outputs()).management_look_back).toBe('DAYS_14');
    expectPlanCode(await plan(tf, 'updated'), 0);
  });

  test('destroy: "delete" removes the organisation\'s preferences and restores the Hub\'s defaults; "retain" keeps the account\'s', async () => {
    const destroy = await plan(tf, 'destroy', ['-destroy']);
    expect(review(destroy).preferenceChanges.map((r) => [r.target, r.action, r.risks.map((n) => n.code)])).toEqual([
      ['Cost Optimization Hub', 'delete', ['preferences-deleted']],
      [`Ec2Instance, account ${MEMBER}`, 'stop-managing', ['aws-unchanged']],
      ['Ec2Instance, organisation (ALL_ACCOUNTS)', 'delete', ['preferences-deleted', 'organisation-wide']],
    ]);
    const destroyed = await tf.ok(['apply', '-no-color', '-input=false', 'destroy.tfplan']);
    expect(destroyed.stdout).toContain('recommendation-preferences: deleted lookBackPeriod, utilizationPreferences for Ec2Instance at Organization ALL_ACCOUNTS; the next scope up applies');
    expect(destroyed.stdout).toContain("cost-optimization-hub-preferences: removalPolicy is \"delete\"; restoring AWS's defaults for savingsEstimationMode, preferredCommitmentTerm");
    expect(await preferencesAt(ORG_SCOPE)).toEqual([]);
    expect((await preferencesAt({ name: 'AccountId', value: MEMBER }))[0]).toMatchObject({ lookBackPeriod: 'DAYS_93' });
    expect(await hubPreferences()).toEqual({ savingsEstimationMode: 'BeforeDiscounts', memberAccountDiscountVisibility: 'All', preferredCommitment: { term: 'ThreeYears', paymentOption: 'AllUpfront' } });
  });
});
