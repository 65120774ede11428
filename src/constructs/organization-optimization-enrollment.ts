import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EnrollmentStatus, RemovalPolicy } from './enums';
import { ComputeOptimizerAutomationEnrollment } from './compute-optimizer-automation-enrollment';
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
   * Enroll in Compute Optimizer Automation (after Compute Optimizer).
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
 * the Hub after it. Optionally declares organisation-wide status reads for outputs.
 */
export class OrganizationOptimizationEnrollment extends Construct {
  public readonly computeOptimizer: ComputeOptimizerEnrollment;
  public readonly automation?: ComputeOptimizerAutomationEnrollment;
  public readonly costOptimizationHub?: CostOptimizationHubEnrollment;
  /** Every account's Compute Optimizer status and counts (when `statusReport` is on). */
  public readonly organizationStatuses?: ComputeOptimizerOrganizationEnrollmentStatuses;
  /** Every account's Cost Optimization Hub status and counts (when `statusReport` is on and the Hub is enrolled). */
  public readonly costOptimizationHubStatuses?: CostOptimizationHubEnrollmentStatuses;

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
      if (this.costOptimizationHub) enrollments.push(this.costOptimizationHub);
      this.organizationStatuses = new ComputeOptimizerOrganizationEnrollmentStatuses(this, 'OrganizationStatuses', {
        ...connection,
        dependsOn: enrollments,
      });
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
