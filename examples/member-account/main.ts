/**
 * A member account's own stack, run with the management account's credentials: the adapter assumes
 * OrganizationAccountAccessRole (the role AWS Organizations creates in the member accounts it creates, trusted
 * by the management account) and enrolls the member in Compute Optimizer and Cost Optimization Hub.
 *
 * One stack per member, so each member can be enrolled, changed or opted out on its own. No
 * `includeMemberAccounts` here: only the management account can include members, and this stack runs as
 * the member.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ComputeOptimizerEnrollment,
  ComputeOptimizerEnrollmentStatus,
  CostOptimizationHubEnrollment,
  EnrollmentDefaults,
  EnrollmentStatus,
} from '../../src';

export interface MemberAccountOptions {
  /** Where the adapter calls AWS (the emulator, for a rehearsal). @default - the public AWS endpoints */
  readonly endpoint?: string;
  /** @default "eu-west-1" */
  readonly region?: string;
}

/** The member's enrollments, declared into an existing stack (so tests can give it their own backend). */
export function declareMemberAccount(stack: TerraformStack, memberAccountId: string, options: MemberAccountOptions = {}): void {
  EnrollmentDefaults.set(stack, {
    region: options.region ?? 'eu-west-1',
    // The role Organizations created in the member account; the credentials Terraform runs with are the
    // management account's.
    roleArn: `arn:aws:iam::${memberAccountId}:role/OrganizationAccountAccessRole`,
    roleSessionName: `enrollment-${memberAccountId}`,
    endpoint: options.endpoint,
  });

  const computeOptimizer = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE });
  // The Hub uses Compute Optimizer's findings; enroll it second.
  new CostOptimizationHubEnrollment(stack, 'CostOptimizationHub', { status: EnrollmentStatus.ACTIVE, dependsOn: [computeOptimizer] });

  const status = new ComputeOptimizerEnrollmentStatus(stack, 'Status', { dependsOn: [computeOptimizer] });
  new TerraformOutput(stack, 'compute_optimizer_status', { value: status.status });
}

export function declareMemberAccountStack(scope: Construct, id: string, memberAccountId: string, options: MemberAccountOptions = {}): TerraformStack {
  const stack = new TerraformStack(scope, id);
  declareMemberAccount(stack, memberAccountId, options);
  return stack;
}

if (require.main === module) {
  const app = new App();
  declareMemberAccountStack(app, 'member-222222222222', '222222222222');
  app.synth();
}
