/**
 * Example: an organisation's management account enrolls every account in Compute Optimizer, Compute
 * Optimizer Automation and Cost Optimization Hub, and reports organisation-wide status counts as outputs.
 *
 * `npm start` synthesizes it into cdktf.out/stacks/organization-enrollment; run Terraform there (or
 * `cdktf deploy`) with the management account's credentials in the usual AWS chain.
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnrollmentDefaults, OrganizationOptimizationEnrollment, RemovalPolicy } from './src';

class OrganizationEnrollmentStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // cdktf's default local backend records this checkout's absolute path; a path relative to the stack
    // directory (cdktf.out/stacks/<id>) keeps the state next to the project and the output portable.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    // Every enrollment construct below calls AWS in this region, as the management account.
    EnrollmentDefaults.set(this, { region: 'us-east-1' });

    const organization = new OrganizationOptimizationEnrollment(this, 'Organization', {
      includeMemberAccounts: true,
      // Leaving the code (terraform destroy) must not delete months of recommendation history.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const computeOptimizer = organization.organizationStatuses!;
    new TerraformOutput(this, 'compute_optimizer_accounts', {
      description: 'Accounts in the organisation, as Compute Optimizer reports them',
      value: computeOptimizer.accountCount,
    });
    new TerraformOutput(this, 'compute_optimizer_status_counts', {
      description: 'Compute Optimizer enrollment status counts across the organisation',
      value: {
        active: computeOptimizer.activeCount,
        inactive: computeOptimizer.inactiveCount,
        pending: computeOptimizer.pendingCount,
        failed: computeOptimizer.failedCount,
      },
    });
    const hub = organization.costOptimizationHubStatuses!;
    new TerraformOutput(this, 'cost_optimization_hub_status_counts', {
      description: 'Cost Optimization Hub enrollment status counts across the organisation',
      value: { accounts: hub.accountCount, active: hub.activeCount, inactive: hub.inactiveCount },
    });
  }
}

const app = new App();
new OrganizationEnrollmentStack(app, 'organization-enrollment');
app.synth();
