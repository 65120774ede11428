import { Construct } from 'constructs';
import { DeclarableStatus, ResourceKind } from '../shared';
import { WARNING_PREFIX, warn } from './private/checks';
import { EnrollmentResource, EnrollmentResourceProps } from './private/enrollment-resource';
import { linkAutomationToComputeOptimizer } from './private/ordering';

/** Prefix of this library's warnings, stable so CI can grep for them. */
export { WARNING_PREFIX };

export interface ComputeOptimizerAutomationEnrollmentProps extends EnrollmentResourceProps {
  /**
   * The enrollment status to declare. `Pending` and `Failed` are states AWS reports and cannot be declared.
   * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateEnrollmentConfiguration.html
   */
  readonly status: DeclarableStatus;
}

/**
 * Compute Optimizer Automation enrollment. Automation needs Compute Optimizer to be active: when a
 * `ComputeOptimizerEnrollment` is declared in the same stack, this enrollment is ordered after it.
 *
 * Opting out (declaring `Inactive`, or destroying with `removalPolicy: "opt-out"`) stops every automation
 * rule, and AWS refuses to enroll again for 24 hours; both cases add a warning at synth time.
 *
 * @throws PayloadError when `status`, `removalPolicy` or a connection field is invalid.
 */
export class ComputeOptimizerAutomationEnrollment extends EnrollmentResource {
  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationEnrollmentProps) {
    super(scope, id, props, {
      kind: ResourceKind.AUTOMATION_ENROLLMENT,
      status: props.status,
      fields: {},
      reapplyOn: [],
    });
    if (props.status === 'Inactive') {
      warn(
        this,
        `${WARNING_PREFIX} Compute Optimizer Automation is declared Inactive: applying it stops all automation rules, and AWS blocks re-enrolling for 24 hours`,
      );
    }
    if (props.removalPolicy === 'opt-out') {
      warn(
        this,
        `${WARNING_PREFIX} removalPolicy "opt-out" on Compute Optimizer Automation: destroying it stops all automation rules, and AWS blocks re-enrolling for 24 hours`,
      );
    }
    linkAutomationToComputeOptimizer(this);
  }

  public static isAutomationEnrollment(x: unknown): x is ComputeOptimizerAutomationEnrollment {
    return x instanceof ComputeOptimizerAutomationEnrollment;
  }
}
