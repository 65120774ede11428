#!/usr/bin/env python3
"""An organisation's management account enrolls every account in Compute Optimizer, Compute Optimizer
Automation and Cost Optimization Hub, upgrades gp2 EBS volumes in one Region with an Automation rule, and
reports organisation-wide status counts as outputs: the repository's main.ts, in Python.

`cdktf synth` runs it (cdktf.json); run Terraform in cdktf.out/stacks/organization-enrollment (or
`cdktf deploy`) with the management account's credentials in the usual AWS chain.
"""
from cdktf import App, TerraformOutput, TerraformStack
from constructs import Construct

from cdktf_aws_enrollment import (
    AutomationRuleCriteria,
    AutomationRuleSchedule,
    AutomationRuleStatus,
    AutomationRuleStringCondition,
    ComparisonOperator,
    ComputeOptimizerAutomationRule,
    EnrollmentDefaults,
    OrganizationOptimizationEnrollment,
    RecommendedActionType,
    RemovalPolicy,
)


class OrganizationEnrollmentStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # Every enrollment construct below calls AWS in this region, as the management account.
        EnrollmentDefaults.set(self, region="us-east-1")

        organization = OrganizationOptimizationEnrollment(
            self,
            "Organization",
            include_member_accounts=True,
            # Leaving the code (terraform destroy) must not delete months of recommendation history.
            removal_policy=RemovalPolicy.RETAIN,
        )

        # Changes gp2 volumes in us-east-1 to the recommended type every night at 02:30 (UTC).
        ComputeOptimizerAutomationRule(
            self,
            "UpgradeGp2",
            name="upgrade-gp2-us-east-1",
            recommended_action_types=[RecommendedActionType.UPGRADE_EBS_VOLUME_TYPE],
            status=AutomationRuleStatus.ACTIVE,
            schedule=AutomationRuleSchedule(schedule_expression="cron(30 2 * * ? *)"),
            criteria=AutomationRuleCriteria(
                region=[AutomationRuleStringCondition(comparison=ComparisonOperator.STRING_EQUALS, values=["us-east-1"])],
                ebs_volume_type=[AutomationRuleStringCondition(comparison=ComparisonOperator.STRING_EQUALS, values=["gp2"])],
            ),
        )

        statuses = organization.organization_statuses
        TerraformOutput(
            self,
            "compute_optimizer_status_counts",
            description="Compute Optimizer enrollment status counts across the organisation",
            value={
                "accounts": statuses.account_count,
                "active": statuses.active_count,
                "inactive": statuses.inactive_count,
                "pending": statuses.pending_count,
                "failed": statuses.failed_count,
            },
        )


app = App()
OrganizationEnrollmentStack(app, "organization-enrollment")
app.synth()
