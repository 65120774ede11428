import { Construct } from 'constructs';
import { EnrollmentStatus } from './enums';
import { EnrollmentResource, type EnrollmentResourceProps } from './enrollment-resource';

export interface CostOptimizationHubEnrollmentProps extends EnrollmentResourceProps {
  /**
   * The enrollment status to declare (Cost Optimization Hub knows only `Active` and `Inactive`).
   * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_UpdateEnrollmentStatus.html
   */
  readonly status: EnrollmentStatus;
  /**
   * Also enroll every member account of the organisation; management account only. `false` leaves the
   * members as they are: AWS has no way to opt them out through this flag.
   * @default false
   */
  readonly includeMemberAccounts?: boolean;
}

/**
 * Cost Optimization Hub enrollment. Its API lives in us-east-1 only; the adapter calls it there whatever
 * `region` says.
 *
 * @throws ValidationError (naming the construct and the property) when `status`, `removalPolicy`, a
 *   connection field or a flag is invalid.
 */
export class CostOptimizationHubEnrollment extends EnrollmentResource {
  public readonly includeMemberAccounts: boolean;

  constructor(scope: Construct, id: string, props: CostOptimizationHubEnrollmentProps) {
    super(scope, id, props, {
      kind: 'cost-optimization-hub-enrollment',
      status: props.status,
      fields: { includeMemberAccounts: props.includeMemberAccounts },
    });
    this.includeMemberAccounts = props.includeMemberAccounts ?? false;
  }
}
