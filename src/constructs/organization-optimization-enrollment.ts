import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AssociationRemovalPolicy, EnrollmentStatus, RemovalPolicy } from './enums';
import { ComputeOptimizerAutomationEnrollment } from './compute-optimizer-automation-enrollment';
import { ComputeOptimizerAutomationMemberAccounts } from './compute-optimizer-automation-member-accounts';
import { ComputeOptimizerAutomationOrganizationAccounts } from './compute-optimizer-automation-organization-accounts';
import { ComputeOptimizerEnrollment } from './compute-optimizer-enrollment';
import { ComputeOptimizerOrganizationEnrollmentStatuses } from './compute-optimizer-organization-enrollment-statuses';
import { EnrollmentConnection, EnrollmentDefaults } from './connection';
import { CostOptimizationHubEnrollment } from './cost-optimization-hub-enrollment';
import { CostOptimizationHubEnrollmentStatuses } from './cost-optimization-hub-enrollment-statuses';
import { checkBoolean } from './private/checks';

export interface OrganizationOptimizationEnrollmentProps extends EnrollmentConnection {
  /**
   * Enroll the organisation's member accounts too (Compute Optimizer and Cost Optimization Hub).
   * @default true
   */
  readonly includeMemberAccounts?: boolean;
  /**
   * Enroll in Compute Optimizer Automation (after Compute Optimizer), and with member accounts included,
   * associate every member with the management account for Automation.
   * @default true
   */
  readonly automation?: boolean;
  /**
   * Enroll in Cost Optimization Hub (after Compute Optimizer).
   * @default true
   */
  readonly costOptimizationHub?: boolean;
  /**
   * What `terraform destroy` does to each enrollment.
   * @default "retain"
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Required with `removalPolicy: "opt-out"`: opting out of Compute Optimizer deletes its recommendation data.
   * @default false
   */
  readonly acknowledgeRecommendationDataDeletion?: boolean;
  /**
   * Read AWS at plan time to show and repair drift (needs `hashicorp/external`).
   * @default - the scope's `EnrollmentDefaults` value, else true
   */
  readonly detectDrift?: boolean;
  /**
   * Declare organisation-wide status reads (`organizationStatuses`, `costOptimizationHubStatuses`), read after
   * the enrollments are applied (needs `hashicorp/external`).
   * @default - the same as `detectDrift`
   */
  readonly statusReport?: boolean;
  /**
   * Resources the first enrollment (Compute Optimizer) waits for.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Rolls out Compute Optimizer, Compute Optimizer Automation and Cost Optimization Hub from an
 * organisation's management account, in the order AWS needs: Compute Optimizer first, then Automation and
 * the Hub after it. With member accounts included, Compute Optimizer and the Hub enroll every member, and
 * every member is associated with the management account for Automation (so the organisation's Automation
 * rules can apply to it). Optionally declares organisation-wide status reads for outputs.
 *
 * Removal: with "retain" (the default) destroy leaves every account as it is. With "opt-out" destroy
 * disassociates the members from Automation, then opts the management account out of the three services;
 * the member accounts stay enrolled in Compute Optimizer and the Hub (only their own credentials can opt
 * them out: declare a member-account stack with `removalPolicy: "opt-out"` for that).
 */
export class OrganizationOptimizationEnrollment extends Construct {
  public readonly computeOptimizer: ComputeOptimizerEnrollment;
  public readonly automation?: ComputeOptimizerAutomationEnrollment;
  public readonly costOptimizationHub?: CostOptimizationHubEnrollment;
  /** Every account's Compute Optimizer status and counts (when `statusReport` is on). */
  public readonly organizationStatuses?: ComputeOptimizerOrganizationEnrollmentStatuses;
  /** Every account's Cost Optimization Hub status and counts (when `statusReport` is on and the Hub is enrolled). */
  public readonly costOptimizationHubStatuses?: CostOptimizationHubEnrollmentStatuses;
  /**
   * The member accounts associated with the management account for Automation: every member, when member
   * accounts are included and Automation is enrolled.
   */
  public readonly automationMembers?: ComputeOptimizerAutomationMemberAccounts;
  /** Every member's Automation status and rule mode, with counts (when `statusReport` is on and Automation is enrolled). */
  public readonly automationAccounts?: ComputeOptimizerAutomationOrganizationAccounts;

  constructor(scope: Construct, id: string, props: OrganizationOptimizationEnrollmentProps = {}) {
    super(scope, id);
    checkBoolean(this, 'includeMemberAccounts', props.includeMemberAccounts);
    checkBoolean(this, 'automation', props.automation);
    checkBoolean(this, 'costOptimizationHub', props.costOptimizationHub);
    checkBoolean(this, 'statusReport', props.statusReport);
    const connection: EnrollmentConnection = {
      region: props.region,
      profile: props.profile,
      roleArn: props.roleArn,
      roleSessionName: props.roleSessionName,
      externalId: props.externalId,
      endpoint: props.endpoint,
    };
    const includeMemberAccounts = props.includeMemberAccounts ?? true;
    const common = { ...connection, removalPolicy: props.removalPolicy, detectDrift: props.detectDrift };

    this.computeOptimizer = new ComputeOptimizerEnrollment(this, 'ComputeOptimizer', {
      ...common,
      status: EnrollmentStatus.ACTIVE,
      includeMemberAccounts,
      acknowledgeRecommendationDataDeletion: props.acknowledgeRecommendationDataDeletion,
      dependsOn: props.dependsOn,
    });
    const after = [this.computeOptimizer];
    if (props.automation ?? true) {
      // ComputeOptimizerAutomationEnrollment orders itself after every Compute Optimizer enrollment of the stack.
      this.automation = new ComputeOptimizerAutomationEnrollment(this, 'Automation', { ...common, status: EnrollmentStatus.ACTIVE });
      if (includeMemberAccounts) {
        // Members take part in the organisation's Automation through association (ordered after both
        // enrollments); leaving the organisation ("opt-out") disassociates them first.
        this.automationMembers = new ComputeOptimizerAutomationMemberAccounts(this, 'AutomationMembers', {
          ...connection,
          detectDrift: props.detectDrift,
          removalPolicy: props.removalPolicy === RemovalPolicy.OPT_OUT ? AssociationRemovalPolicy.DISASSOCIATE : undefined,
        });
      }
    }
    if (props.costOptimizationHub ?? true) {
      this.costOptimizationHub = new CostOptimizationHubEnrollment(this, 'CostOptimizationHub', {
        ...common,
        status: EnrollmentStatus.ACTIVE,
        includeMemberAccounts,
        dependsOn: after,
      });
    }

    const detectDrift = props.detectDrift ?? EnrollmentDefaults.of(this).detectDrift ?? true;
    if (props.statusReport ?? detectDrift) {
      const enrollments: ITerraformDependable[] = [this.computeOptimizer];
      if (this.automation) enrollments.push(this.automation);
      if (this.automationMembers) enrollments.push(this.automationMembers);
      if (this.costOptimizationHub) enrollments.push(this.costOptimizationHub);
      this.organizationStatuses = new ComputeOptimizerOrganizationEnrollmentStatuses(this, 'OrganizationStatuses', {
        ...connection,
        dependsOn: enrollments,
      });
      if (this.automation) {
        this.automationAccounts = new ComputeOptimizerAutomationOrganizationAccounts(this, 'AutomationAccounts', { ...connection, dependsOn: enrollments });
      }
      if (this.costOptimizationHub) {
        this.costOptimizationHubStatuses = new CostOptimizationHubEnrollmentStatuses(this, 'CostOptimizationHubStatuses', {
          ...connection,
          includeOrganizationInfo: true,
          dependsOn: enrollments,
        });
      }
    }
  }
}
