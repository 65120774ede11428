/**
 * The stack the end-to-end scenarios plan and apply: every construct of the library, pointed at the emulator.
 *
 * OrganizationOptimizationEnrollment builds the three enrollment resources (each with its plan-time drift read
 * and check block) and the two organisation-wide status reads; the standalone data sources are declared next to
 * it. Standalone reads wait for the enrollment (dependsOn) so their outputs describe AWS after the apply and the
 * plan after an apply stays clean.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import {
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollmentStatus,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  ComputeOptimizerStatus,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
  OrganizationOptimizationEnrollment,
} from '../../../src/constructs';

export const MEMBER_ACCOUNT = '222222222222';

export interface EnrollmentStack {
  readonly org: OrganizationOptimizationEnrollment;
}

/** Builds the full scenario stack; `endpoint` is the emulator URL. */
export function buildEnrollmentStack(stack: TerraformStack, endpoint: string): EnrollmentStack {
  EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint });
  const org = new OrganizationOptimizationEnrollment(stack, 'Org', { includeMemberAccounts: true });
  const after = [org.computeOptimizer, org.automation!, org.costOptimizationHub!];

  const coStatus = new ComputeOptimizerEnrollmentStatus(stack, 'CoStatus', { dependsOn: after });
  const automation = new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'AutomationConfig', { dependsOn: after });
  const active = new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'ActiveMembers', {
    statusFilter: [ComputeOptimizerStatus.ACTIVE],
    maxResults: 2,
    dependsOn: after,
  });
  const member = new CostOptimizationHubEnrollmentStatuses(stack, 'MemberHubStatus', { accountId: MEMBER_ACCOUNT, dependsOn: after });

  new TerraformOutput(stack, 'compute_optimizer_status', { value: coStatus.status });
  new TerraformOutput(stack, 'automation_status', { value: automation.status });
  new TerraformOutput(stack, 'active_member_count', { value: active.activeCount });
  new TerraformOutput(stack, 'member_hub_items', { value: member.items });
  if (org.organizationStatuses) {
    new TerraformOutput(stack, 'organization_active_count', { value: org.organizationStatuses.activeCount });
  }
  return { org };
}
