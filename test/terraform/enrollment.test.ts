/**
 * The construct layer through the installed `terraform` binary against the emulator: init, plan, apply,
 * plan again, a changed declaration, destroy under both removal policies, and an apply the emulator refuses.
 *
 * These stacks use `detectDrift: false`: they hold only the built-in `terraform_data`, so `terraform init`
 * needs no provider download. The drift read path (data "external") is exercised in test/e2e with the
 * hashicorp/external stand-in.
 */
import { DEFAULT_ACCOUNTS, startEmulator } from '../../src/emulator';
import {
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerEnrollment,
  EnrollmentDefaults,
  EnrollmentStatus,
  OrganizationOptimizationEnrollment,
  RemovalPolicy,
} from '../../src';
import { ensureAdapterBundle, expectExit, TerraformWorkspace } from './harness';

jest.setTimeout(300_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;
const MEMBERS = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);

let emulator: { url: string; close(): Promise<void> };
const admin = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${route}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
};
const state = () => admin('GET', 'state');
const statuses = async (accountId: string) => {
  const s = (await state()).accounts[accountId];
  return { computeOptimizer: s.computeOptimizer.status, automation: s.automation.status, hub: s.costOptimizationHub.status };
};

beforeAll(async () => {
  ensureAdapterBundle();
  emulator = await startEmulator({ port: 0, quiet: true, memberEnrollmentDelayMs: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/** Index of the first line matching `re` in Terraform's output (for ordering assertions). */
function at(output: string, re: RegExp): number {
  const i = output.search(re);
  if (i < 0) throw new Error(`expected ${re} in terraform output:\n${output}`);
  return i;
}

describe('OrganizationOptimizationEnrollment with removal policy "retain"', () => {
  const ws = new TerraformWorkspace();
  afterAll(() => ws.dispose());

  const declare = (includeMemberAccounts: boolean) =>
    ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url, detectDrift: false });
      new OrganizationOptimizationEnrollment(stack, 'Org', { includeMemberAccounts });
    });

  test('init works offline and the first plan shows the three enrollments with their payloads', async () => {
    await admin('POST', 'reset');
    declare(false);
    expectExit(await ws.terraform(['init', '-input=false']), 0);
    const plan = await ws.terraform(['plan', '-input=false', '-detailed-exitcode']);
    expectExit(plan, 2);
    // The three enrollments and the account's Automation rule set (no rules yet: no destroy step).
    expect(plan.text).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    expect(plan.text).toMatch(/terraform_data\.AutomationRules_\w+ will be created/);
    expect(plan.text).toContain('+ schema = "cdktf-aws-enrollment/v1"');
    expect(plan.text).toContain('+ kind = "compute-optimizer-enrollment"');
  });

  test('the first apply enrolls the organisation, Compute Optimizer before Automation and the Hub', async () => {
    const apply = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(apply, 0);
    expect(apply.text).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    const coDone = at(apply.text, /terraform_data\.Org_ComputeOptimizer_\w+: Creation complete/);
    expect(at(apply.text, /terraform_data\.Org_Automation_\w+: Creating/)).toBeGreaterThan(coDone);
    expect(at(apply.text, /terraform_data\.Org_CostOptimizationHub_\w+: Creating/)).toBeGreaterThan(coDone);

    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Active', hub: 'Active' });
    for (const member of MEMBERS) {
      const s = await statuses(member);
      expect([s.computeOptimizer, s.hub]).toEqual(['Inactive', 'Inactive']);
    }
    // The state holds the payload, never the credentials Terraform ran with.
    const tfstate = ws.state();
    expect(tfstate).toContain('cdktf-aws-enrollment/v1');
    expect(tfstate).not.toContain(DEFAULT_ACCOUNTS.management.secretAccessKey);
    expect(tfstate).not.toContain(DEFAULT_ACCOUNTS.management.accessKeyId);
  });

  test('the plan after the apply says "No changes"', async () => {
    const plan = await ws.terraform(['plan', '-input=false', '-detailed-exitcode']);
    expectExit(plan, 0);
    expect(plan.text).toContain('No changes.');
  });

  test('a changed declaration plans a replacement of exactly the enrollments it affects, and applies', async () => {
    declare(true);
    const plan = await ws.terraform(['plan', '-input=false', '-detailed-exitcode']);
    expectExit(plan, 2);
    // The two enrollments that include members are replaced; the members' association for Automation is new.
    expect(plan.text).toContain('Plan: 3 to add, 0 to change, 2 to destroy.');
    expect(plan.text).toMatch(/terraform_data\.Org_AutomationMembers_\w+ will be created/);
    expect(plan.text).toMatch(/terraform_data\.Org_ComputeOptimizer_\w+ must be replaced/);
    expect(plan.text).toMatch(/terraform_data\.Org_CostOptimizationHub_\w+ must be replaced/);
    expect(plan.text).not.toMatch(/terraform_data\.Org_Automation_\w+ must be replaced/);
    expect(plan.text).toMatch(/~ triggers_replace = \{ ~ declared = \{ ~ includeMemberAccounts = "false" -> "true"/);

    expectExit(await ws.terraform(['apply', '-input=false', '-auto-approve']), 0);
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Active', hub: 'Active' });
    for (const member of MEMBERS) {
      const s = await statuses(member);
      expect([s.computeOptimizer, s.hub]).toEqual(['Active', 'Active']);
      expect((await state()).accounts[member].automation.organizationRuleMode).toBe('AnyAllowed');
    }
    expectExit(await ws.terraform(['plan', '-input=false', '-detailed-exitcode']), 0);
  });

  test('destroy with "retain" leaves AWS enrolled', async () => {
    const destroy = await ws.terraform(['destroy', '-input=false', '-auto-approve']);
    expectExit(destroy, 0);
    expect(destroy.text).toContain('Destroy complete! Resources: 5 destroyed.');
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Active', hub: 'Active' });
    expect((await state()).accounts[MANAGEMENT].computeOptimizer.recommendationData).toBe('present');
  });
});

describe('removal policy "opt-out" and refused applies', () => {
  const ws = new TerraformWorkspace();
  afterAll(() => ws.dispose());

  const declare = () =>
    ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url, detectDrift: false });
      new OrganizationOptimizationEnrollment(stack, 'Org', {
        includeMemberAccounts: false,
        removalPolicy: RemovalPolicy.OPT_OUT,
        acknowledgeRecommendationDataDeletion: true,
      });
    });

  test('destroy opts out of every service, Automation before Compute Optimizer', async () => {
    await admin('POST', 'reset');
    declare();
    expectExit(await ws.terraform(['init', '-input=false']), 0);
    expectExit(await ws.terraform(['apply', '-input=false', '-auto-approve']), 0);
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Active', hub: 'Active' });
    expect((await state()).accounts[MANAGEMENT].computeOptimizer.recommendationData).toBe('present');

    const destroy = await ws.terraform(['destroy', '-input=false', '-auto-approve']);
    expectExit(destroy, 0);
    // Three enrollments, their three removal companions (the ones that opt out) and the empty rule set.
    expect(destroy.text).toContain('Destroy complete! Resources: 7 destroyed.');
    expect(at(destroy.text, /terraform_data\.Org_Automation_Removal_\w+: Destruction complete/)).toBeLessThan(
      at(destroy.text, /terraform_data\.Org_ComputeOptimizer_Removal_\w+: Destroying/),
    );
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Inactive', automation: 'Inactive', hub: 'Inactive' });
    expect((await state()).accounts[MANAGEMENT].computeOptimizer.recommendationData).toBe('deleted');
  });

  test('an apply the emulator refuses fails with the adapter\'s message, and succeeds once AWS allows it', async () => {
    // Automation was opted out a moment ago: AWS refuses to enroll it again for 24 hours.
    const apply = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(apply, 1);
    expect(apply.text).toMatch(/Error: local-exec provisioner error/);
    expect(apply.text).toMatch(/terraform_data\.Org_Automation_\w+/);
    expect(apply.text).toContain('Output: cdktf-aws-enrollment adapter apply automation-enrollment:');
    expect(apply.text).toMatch(/less than 24 hours ago/);
    // The other enrollments went through; the failed one is tainted and retried by the next apply.
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Inactive', hub: 'Active' });

    await admin('POST', 'clock', { advanceSeconds: 25 * 3600 });
    const retry = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(retry, 0);
    // The tainted enrollment, its removal companion and the rule set, which wait for a successful enrollment.
    expect(retry.text).toContain('3 added');
    expect((await statuses(MANAGEMENT)).automation).toBe('Active');
  });

  test('a replacement (members now included) re-applies without opting out first: no data is deleted', async () => {
    const deletions = (await state()).accounts[MANAGEMENT].computeOptimizer.recommendationDataDeletions;
    ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url, detectDrift: false });
      new OrganizationOptimizationEnrollment(stack, 'Org', {
        includeMemberAccounts: true,
        removalPolicy: RemovalPolicy.OPT_OUT,
        acknowledgeRecommendationDataDeletion: true,
      });
    });
    const apply = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(apply, 0);
    expect(apply.text).toMatch(/terraform_data\.Org_ComputeOptimizer_[0-9A-F]{8}: Destroying/);
    expect(apply.text).not.toMatch(/adapter\.cjs" "destroy"/);
    const after = await state();
    expect(after.accounts[MANAGEMENT].computeOptimizer).toMatchObject({ status: 'Active', recommendationData: 'present' });
    expect(after.accounts[MANAGEMENT].computeOptimizer.recommendationDataDeletions).toBe(deletions);
    expect(after.accounts[MEMBERS[0]].computeOptimizer.status).toBe('Active');

    // Back to "retain" in the same apply as another replacement: the stored payload still says "opt-out",
    // and a destroy step on the enrollment would run with it. Nothing may opt out.
    ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url, detectDrift: false });
      new OrganizationOptimizationEnrollment(stack, 'Org', { includeMemberAccounts: false, removalPolicy: RemovalPolicy.RETAIN });
    });
    const back = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(back, 0);
    expect(back.text).not.toMatch(/adapter\.cjs" "destroy"/);
    expect(await statuses(MANAGEMENT)).toEqual({ computeOptimizer: 'Active', automation: 'Active', hub: 'Active' });
    expect((await state()).accounts[MANAGEMENT].computeOptimizer.recommendationDataDeletions).toBe(deletions);
    expectExit(await ws.terraform(['destroy', '-input=false', '-auto-approve']), 0);
  });
});

describe('single resources', () => {
  const ws = new TerraformWorkspace();
  afterAll(() => ws.dispose());

  test('a connection change updates the payload in place without re-running apply', async () => {
    await admin('POST', 'reset');
    const declare = (timeoutSeconds: number) =>
      ws.synth((stack) => {
        const common = { region: 'us-east-1', endpoint: emulator.url, detectDrift: false, timeoutSeconds };
        new ComputeOptimizerEnrollment(stack, 'Co', { ...common, status: EnrollmentStatus.ACTIVE });
        new ComputeOptimizerAutomationEnrollment(stack, 'Automation', { ...common, status: EnrollmentStatus.ACTIVE });
      });
    declare(300);
    expectExit(await ws.terraform(['init', '-input=false']), 0);
    expectExit(await ws.terraform(['apply', '-input=false', '-auto-approve']), 0);
    const calls = (await state()).calls;

    declare(600);
    const plan = await ws.terraform(['plan', '-input=false', '-detailed-exitcode']);
    expectExit(plan, 2);
    expect(plan.text).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    const apply = await ws.terraform(['apply', '-input=false', '-auto-approve']);
    expectExit(apply, 0);
    expect(apply.text).not.toContain("Provisioning with 'local-exec'");
    expect((await state()).calls).toEqual(calls);
  });
});
