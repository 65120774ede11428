package com.example;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import io.github.cdktf_aws_enrollment.ComputeOptimizerOrganizationEnrollmentStatuses;
import io.github.cdktf_aws_enrollment.EnrollmentDefaults;
import io.github.cdktf_aws_enrollment.EnrollmentDefaultsProps;
import io.github.cdktf_aws_enrollment.OrganizationOptimizationEnrollment;
import io.github.cdktf_aws_enrollment.RemovalPolicy;
import java.util.Map;
import software.constructs.Construct;

/**
 * An organisation's management account enrolls every account in Compute Optimizer, Compute Optimizer
 * Automation and Cost Optimization Hub and reports organisation-wide status counts: the repository's main.ts,
 * in Java. `cdktf synth` runs it (cdktf.json).
 */
public final class Main {
    static final class OrganizationEnrollmentStack extends TerraformStack {
        OrganizationEnrollmentStack(final Construct scope, final String id) {
            super(scope, id);

            // Every enrollment construct below calls AWS in this region, as the management account.
            EnrollmentDefaults.set(this, EnrollmentDefaultsProps.builder().region("us-east-1").build());

            OrganizationOptimizationEnrollment organization = OrganizationOptimizationEnrollment.Builder.create(this, "Organization")
                    .includeMemberAccounts(true)
                    // Leaving the code (terraform destroy) must not delete months of recommendation history.
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();

            ComputeOptimizerOrganizationEnrollmentStatuses statuses = organization.getOrganizationStatuses();
            TerraformOutput.Builder.create(this, "compute_optimizer_status_counts")
                    .description("Compute Optimizer enrollment status counts across the organisation")
                    .value(Map.of(
                            "accounts", statuses.getAccountCount(),
                            "active", statuses.getActiveCount(),
                            "inactive", statuses.getInactiveCount(),
                            "pending", statuses.getPendingCount(),
                            "failed", statuses.getFailedCount()))
                    .build();
        }
    }

    public static void main(final String[] args) {
        App app = new App();
        new OrganizationEnrollmentStack(app, "organization-enrollment");
        app.synth();
    }
}
