import { Construct } from 'constructs';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';

export interface ComputeOptimizerAutomationEnrollmentConfigurationProps extends EnrollmentReadProps {}

/**
 * Reads the Compute Optimizer Automation enrollment (`GetEnrollmentConfiguration`) at plan time.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_GetEnrollmentConfiguration.html
 */
export class ComputeOptimizerAutomationEnrollmentConfiguration extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationEnrollmentConfigurationProps = {}) {
    super(scope, id, props, 'automation-enrollment', {});
  }

  /** "Active", "Inactive", "Pending" or "Failed". */
  public get status(): string {
    return this.result('status');
  }
  public get statusReason(): string {
    return this.result('statusReason');
  }
  /** "AnyAllowed" or "NoneAllowed": whether member accounts may create their own rules. */
  public get organizationRuleMode(): string {
    return this.result('organizationRuleMode');
  }
  public get lastUpdatedTimestamp(): string {
    return this.result('lastUpdatedTimestamp');
  }
}
