import { Construct } from 'constructs';
import { EnrollmentStatus, RemovalPolicy } from './enums';
import { ComputeOptimizerAutomationRuleSet } from './compute-optimizer-automation-rule-set';
import { EnrollmentResource, type EnrollmentResourceProps } from './enrollment-resource';
import { warn } from './private/checks';

export interface ComputeOptimizerAutomationEnrollmentProps extends EnrollmentResourceProps {
  /**
   * The enrollment status to declare. `Pending` and `Failed` are states AWS reports and cannot be declared.
   * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateEnrollmentConfiguration.html
   */
  readonly status: EnrollmentStatus;
}

/**
 * Compute Optimizer Automation enrollment. Automation needs Compute Optimizer to be active: when a
 * `ComputeOptimizerEnrollment` is declared in the same stack, this enrollment is ordered after it.
 *
 * Opting out (declaring `Inactive`, or destroying with `removalPolicy: "opt-out"`) stops every automation
 * rule, and AWS refuses to enroll again for 24 hours; both cases add a warning at synth time.
 *
 * @throws ValidationError (naming the construct and the property) when `status`, `removalPolicy` or a
 *   connection field is invalid.
 */
export class ComputeOptimizerAutomationEnrollment extends EnrollmentResource {
  public static isAutomationEnrollment(x: unknown): x is ComputeOptimizerAutomationEnrollment {
    return x instanceof ComputeOptimizerAutomationEnrollment;
  }

  /** The Automation rules this stack manages in the account (none until rules are declared). */
  public readonly rules: ComputeOptimizerAutomationRuleSet;

  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationEnrollmentProps) {
    super(scope, id, props, { kind: 'automation-enrollment', status: props.status, fields: {} });
    // The account's rule set lives as long as its enrollment is declared, so removing the last rule from the
    // code deletes it in AWS too.
    this.rules = ComputeOptimizerAutomationRuleSet.of(this, props);
    if (props.status === EnrollmentStatus.INACTIVE) {
      warn(this, 'Compute Optimizer Automation is declared Inactive: applying it stops all automation rules, and AWS blocks re-enrolling for 24 hours');
    }
    if (props.removalPolicy === RemovalPolicy.OPT_OUT) {
      warn(this, 'removalPolicy "opt-out" on Compute Optimizer Automation: destroying it stops all automation rules, and AWS blocks re-enrolling for 24 hours');
    }
  }
}
