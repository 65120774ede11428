import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';
import { booleanResult, numberResult } from './private/read-attributes';

export interface ComputeOptimizerEnrollmentStatusProps extends EnrollmentReadProps {}

/**
 * Reads the calling account's Compute Optimizer enrollment (`GetEnrollmentStatus`) at plan time.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEnrollmentStatus.html
 */
export class ComputeOptimizerEnrollmentStatus extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerEnrollmentStatusProps = {}) {
    super(scope, id, props, 'compute-optimizer-enrollment', {});
  }

  /** "Active", "Inactive", "Pending" or "Failed". */
  public get status(): string {
    return this.result('status');
  }

  /** Why the status is what it is ("" when AWS gives no reason). */
  public get statusReason(): string {
    return this.result('statusReason');
  }

  /** Whether member accounts are enrolled (management accounts only; null when AWS does not say). */
  public get memberAccountsEnrolled(): IResolvable {
    return booleanResult(this._part, 'memberAccountsEnrolled');
  }

  /** Number of member accounts that opted in (null when AWS does not say). */
  public get numberOfMemberAccountsOptedIn(): number {
    return numberResult(this._part, 'numberOfMemberAccountsOptedIn');
  }

  /** ISO-8601 UTC time of the last status change. */
  public get lastUpdatedTimestamp(): string {
    return this.result('lastUpdatedTimestamp');
  }
}
