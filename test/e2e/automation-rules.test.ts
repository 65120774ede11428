/**
 * Automation rules through real Terraform against the emulator: the rules of an account are one set, so
 * rules removed from the code are deleted (the last one too), rules the stack did not create are never
 * touched, a console edit is drift that apply repairs, and a stale revision is read again and retried. The
 * plan review turns each plan into one row per rule change.
 */
import type { TerraformStack } from 'cdktf';
import { ComputeOptimizerAutomationClient, CreateAutomationRuleCommand } from '../../src/adapter/automation-commands';
import {
  AutomationRuleStatus,
  ComparisonOperator,
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationRule,
  ComputeOptimizerEnrollment,
  EnrollmentDefaults,
  EnrollmentStatus,
  RecommendedActionType,
  type ComputeOptimizerAutomationRuleProps,
} from '../../src/constructs';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { parsePlan } from '../../src/plan-review/plan';
import { failOnMatches } from '../../src/plan-review/cli';
import { renderMarkdown } from '../../src/plan-review/markdown';
import { summarise, summariseStack } from '../../src/plan-review/summary';
import { RULE_SET_TAG } from '../../src/shared';
import { checkResults, expectPlanCode, plan, type PlanOutcome } from '../support/external-provider/plans';
import type { TerraformRunner } from '../support/external-provider/terraform';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management;
const flat = (text: string) => text.replace(/\s+/g, ' ');

const CLEAN_UP: Omit<ComputeOptimizerAutomationRuleProps, 'name'> = {
  recommendedActionTypes: [RecommendedActionType.SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME],
  criteria: { region: [{ comparison: ComparisonOperator.STRING_EQUALS, values: ['us-east-1'] }] },
  schedule: { scheduleExpression: 'cron(30 2 * * ? *)' },
  status: AutomationRuleStatus.ACTIVE,
};
const UPGRADE: Omit<ComputeOptimizerAutomationRuleProps, 'name'> = {
  recommendedActionTypes: [RecommendedActionType.UPGRADE_EBS_VOLUME_TYPE],
  schedule: { scheduleExpression: 'cron(0 4 * * ? *)' },
  status: AutomationRuleStatus.ACTIVE,
};

let world: World;
let tf: TerraformRunner;

function declare(rules: Record<string, Omit<ComputeOptimizerAutomationRuleProps, 'name'>>): void {
  tf = world.synth('rules', (stack: TerraformStack, endpoint) => {
    EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
    const co = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE });
    new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { status: EnrollmentStatus.ACTIVE, dependsOn: [co] });
    for (const [name, props] of Object.entries(rules)) new ComputeOptimizerAutomationRule(stack, name, { name, ...props });
  });
}

async function rulesInAws(): Promise<{ name: string; ruleId: string; status: string; tags: { key: string; value: string }[]; ruleRevision: number }[]> {
  const state = await world.admin.state();
  return state.accounts[MANAGEMENT.accountId].automation.automationRules;
}

function review(outcome: PlanOutcome) {
  return summariseStack('rules', 'rules.json', parsePlan('rules.json', JSON.stringify(outcome.json)));
}

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

test('two rules are created, tagged as the stack\'s, and the next plan is clean', async () => {
  declare({ 'clean-up': CLEAN_UP, upgrade: UPGRADE });
  await tf.ok(['init', '-no-color', '-input=false']);
  const first = await plan(tf, 'create');
  expectPlanCode(first, 2);
  const rows = review(first).ruleChanges;
  expect(rows.map((r) => [r.rule, r.action])).toEqual([
    ['clean-up', 'create'],
    ['upgrade', 'create'],
  ]);
  expect(rows[0].risks.map((n) => n.text)).toContain('Snapshots and deletes unattached EBS volumes in us-east-1, with no other criteria, daily at 02:30 UTC.');
  const markdown = renderMarkdown(summarise([review(first)]));
  expect(markdown).toContain('**Automation rules** (2 changes):');
  expect(markdown).toMatch(/\| `clean-up` \| the calling account \(set `rules`\) \| \*\*create\*\* \| — \| Snapshots and deletes unattached EBS volumes in us-east-1/);
  expect(markdown).toContain('- **create rule** `clean-up` — deletes unattached EBS volumes');
  expect(markdown).toMatch(/Automation rules: 2 create/);
  // `--fail-on` gates a pull request on rule changes and on what they do.
  expect(failOnMatches(summarise([review(first)]), ['deletes-ebs-volumes', 'rule-create', 'rule-delete'])).toEqual([
    'deletes-ebs-volumes (rules: rule clean-up)',
    'rule-create (rules: rule clean-up)',
    'rule-create (rules: rule upgrade)',
  ]);
  await tf.ok(['apply', '-no-color', '-input=false', 'create.tfplan']);

  const rules = await rulesInAws();
  expect(rules.map((r) => r.name).sort()).toEqual(['clean-up', 'upgrade']);
  for (const r of rules) expect(r.tags).toContainEqual({ key: RULE_SET_TAG, value: 'rules' });
  const clean = await plan(tf, 'clean');
  expectPlanCode(clean, 0);
  for (const c of checkResults(clean.json)) expect(c.status).toBe('pass');
});

test('a rule removed from the code is deleted; a rule the stack did not create is never touched', async () => {
  // Someone creates a rule of their own in the account.
  const client = new ComputeOptimizerAutomationClient({
    region: 'us-east-1',
    endpoint: world.endpoint,
    credentials: { accessKeyId: MANAGEMENT.accessKeyId, secretAccessKey: MANAGEMENT.secretAccessKey },
  });
  await client.send(new CreateAutomationRuleCommand({ name: 'hand-made', ruleType: 'AccountRule', recommendedActionTypes: ['UpgradeEbsVolumeType'], schedule: { scheduleExpression: 'cron(0 5 * * ? *)' }, status: 'Active' }));
  client.destroy();
  const foreign = (await rulesInAws()).find((r) => r.name === 'hand-made')!;

  declare({ 'clean-up': CLEAN_UP });
  const removal = await plan(tf, 'remove-one');
  expectPlanCode(removal, 2);
  expect(review(removal).ruleChanges.map((r) => [r.rule, r.action])).toEqual([['upgrade', 'delete']]);
  const applied = await tf.ok(['apply', '-no-color', '-input=false', 'remove-one.tfplan']);
  expect(applied.stdout).toContain('automation-rule-set: deleted rule "upgrade" (no longer declared)');
  const rules = await rulesInAws();
  expect(rules.map((r) => r.name).sort()).toEqual(['clean-up', 'hand-made']);
  expect(rules.find((r) => r.name === 'hand-made')).toEqual(foreign);
});

test('a console edit is drift: the plan warns and plans the repair, apply restores the rule', async () => {
  const rule = (await rulesInAws()).find((r) => r.name === 'clean-up')!;
  await world.admin.rule(MANAGEMENT.accountId, rule.ruleId, { status: 'Inactive', schedule: { scheduleExpression: 'cron(0 9 * * ? *)' } });
  const drift = await plan(tf, 'drift');
  expectPlanCode(drift, 2);
  const text = flat(drift.result.stdout);
  expect(text).toContain('Warning: Check block assertion failed');
  expect(text).toContain('Compute Optimizer Automation rules: AWS differs from the declaration (clean-up differs in status, schedule.scheduleExpression)');
  const [row] = review(drift).ruleChanges;
  expect(row).toMatchObject({ rule: 'clean-up', action: 'repair-drift', observed: 'differs in status, schedule.scheduleExpression' });
  expect(row.fields.map((f) => f.field).sort()).toEqual(['schedule', 'status']);

  await tf.ok(['apply', '-no-color', '-input=false', 'drift.tfplan']);
  expect((await rulesInAws()).find((r) => r.name === 'clean-up')).toMatchObject({ status: 'Active' });
  expectPlanCode(await plan(tf, 'repaired'), 0);
});

test('a stale revision (a console edit while apply updates the rule) is read again and retried', async () => {
  declare({ 'clean-up': { ...CLEAN_UP, priority: '0.1' } });
  const rule = (await rulesInAws()).find((r) => r.name === 'clean-up')!;
  await world.admin.faults({ latencyMs: 2000, operations: ['ComputeOptimizerAutomationService.UpdateAutomationRule'] });
  try {
    const applying = tf.run(['apply', '-no-color', '-input=false', '-auto-approve']);
    const calls = async () => ((await world.admin.state()).calls['ComputeOptimizerAutomationService.UpdateAutomationRule'] as number | undefined) ?? 0;
    const before = await calls();
    for (let i = 0; i < 600 && (await calls()) === before; i++) await new Promise((r) => setTimeout(r, 50));
    await world.admin.rule(MANAGEMENT.accountId, rule.ruleId, { description: 'edited meanwhile' });
    const result = await applying;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('changed while it was being updated (stale revision); reading it again');
  } finally {
    await world.admin.clearFaults();
  }
  expect((await rulesInAws()).find((r) => r.name === 'clean-up')).toMatchObject({ priority: '0.1' });
  expectPlanCode(await plan(tf, 'after-retry'), 0);
});

test('the last rule removed from the code is deleted too, and destroy deletes what the stack manages', async () => {
  declare({});
  const last = await plan(tf, 'remove-last');
  expect(review(last).ruleChanges.map((r) => [r.rule, r.action])).toEqual([['clean-up', 'delete']]);
  await tf.ok(['apply', '-no-color', '-input=false', 'remove-last.tfplan']);
  expect((await rulesInAws()).map((r) => r.name)).toEqual(['hand-made']);
  expectPlanCode(await plan(tf, 'empty'), 0);

  declare({ 'clean-up': CLEAN_UP });
  await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  const destroy = await plan(tf, 'destroy', ['-destroy']);
  expect(review(destroy).ruleChanges.map((r) => [r.rule, r.action])).toEqual([['clean-up', 'delete']]);
  await tf.ok(['apply', '-no-color', '-input=false', 'destroy.tfplan']);
  expect((await rulesInAws()).map((r) => r.name)).toEqual(['hand-made']);
});
