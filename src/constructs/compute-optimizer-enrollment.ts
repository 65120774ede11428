import { Construct } from 'constructs';
import { EnrollmentStatus, RemovalPolicy } from './enums';
import { EnrollmentResource, type EnrollmentResourceProps } from './enrollment-resource';
import { Messages, ValidationError, pathOf } from './errors';
import { checkBoolean, warn } from './private/checks';
import { isUnresolved } from './private/validate';

export interface ComputeOptimizerEnrollmentProps extends EnrollmentResourceProps {
  /**
   * The enrollment status to declare. `Pending` and `Failed` are states AWS reports and cannot be declared.
   * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_UpdateEnrollmentStatus.html
   */
  readonly status: EnrollmentStatus;
  /**
   * Also enroll (or opt out) every member account of the organisation; management account only.
   * @default false
   */
  readonly includeMemberAccounts?: boolean;
  /**
   * Confirms that `removalPolicy: "opt-out"` may delete Compute Optimizer's recommendation data, which
   * AWS does when an account opts out. Required with that removal policy.
   * @default false
   */
  readonly acknowledgeRecommendationDataDeletion?: boolean;
}

/**
 * AWS Compute Optimizer enrollment of the calling account (and optionally all member accounts).
 *
 * Synthesizes a `terraform_data` whose create-time `local-exec` runs `adapter apply
 * compute-optimizer-enrollment`; with `removalPolicy: "opt-out"` a companion `terraform_data` runs `adapter
 * destroy` on `terraform destroy` (never on a replacement).
 *
 * @throws ValidationError (naming the construct and the property) when `status`, `removalPolicy`, a
 *   connection field or a flag is invalid, or when `removalPolicy` is "opt-out" without
 *   `acknowledgeRecommendationDataDeletion: true`.
 */
export class ComputeOptimizerEnrollment extends EnrollmentResource {
  /** True for Compute Optimizer enrollments. */
  public static isComputeOptimizerEnrollment(x: unknown): x is ComputeOptimizerEnrollment {
    return x instanceof ComputeOptimizerEnrollment;
  }

  /** Whether member accounts are declared as included. */
  public readonly includeMemberAccounts: boolean;

  constructor(scope: Construct, id: string, props: ComputeOptimizerEnrollmentProps) {
    checkBoolean(scope, 'acknowledgeRecommendationDataDeletion', props.acknowledgeRecommendationDataDeletion, id);
    if (
      props.removalPolicy === RemovalPolicy.OPT_OUT &&
      props.acknowledgeRecommendationDataDeletion !== true &&
      !isUnresolved(props.acknowledgeRecommendationDataDeletion)
    ) {
      throw new ValidationError(pathOf(scope, id), 'acknowledgeRecommendationDataDeletion', Messages.optOutNeedsAcknowledgement());
    }
    super(scope, id, props, {
      kind: 'compute-optimizer-enrollment',
      status: props.status,
      fields: {
        includeMemberAccounts: props.includeMemberAccounts,
        acknowledgeRecommendationDataDeletion: props.acknowledgeRecommendationDataDeletion,
      },
    });
    this.includeMemberAccounts = props.includeMemberAccounts ?? false;
    if (props.status === EnrollmentStatus.INACTIVE && props.acknowledgeRecommendationDataDeletion !== true) {
      warn(
        this,
        'Compute Optimizer is declared Inactive: applying it opts the account out, and AWS deletes its recommendation data; set acknowledgeRecommendationDataDeletion: true to confirm',
      );
    }
  }
}
