/**
 * A single account outside any organisation (or a member account managing only itself): Compute Optimizer and
 * Cost Optimization Hub for this account, Automation left alone, and the account's own status as outputs.
 * A role is assumed so the same pipeline credentials can manage several accounts, one stack each.
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

export function declareStandaloneAccountStack(scope: Construct, id: string, accountId: string): TerraformStack {
  const stack = new TerraformStack(scope, id);
  EnrollmentDefaults.set(stack, {
    region: 'eu-west-1',
    roleArn: `arn:aws:iam::${accountId}:role/OptimizationEnrollment`,
    roleSessionName: 'terraform-enrollment',
  });

  const computeOptimizer = new ComputeOptimizerEnrollment(stack, 'ComputeOptimizer', { status: EnrollmentStatus.ACTIVE });
  // The Hub uses Compute Optimizer's findings; enroll it second.
  new CostOptimizationHubEnrollment(stack, 'CostOptimizationHub', { status: EnrollmentStatus.ACTIVE, dependsOn: [computeOptimizer] });

  const status = new ComputeOptimizerEnrollmentStatus(stack, 'Status', { dependsOn: [computeOptimizer] });
  new TerraformOutput(stack, 'compute_optimizer_status', { value: status.status });
  new TerraformOutput(stack, 'compute_optimizer_last_updated', { value: status.lastUpdatedTimestamp });
  return stack;
}

if (require.main === module) {
  const app = new App();
  declareStandaloneAccountStack(app, 'standalone-123456789012', '123456789012');
  app.synth();
}
