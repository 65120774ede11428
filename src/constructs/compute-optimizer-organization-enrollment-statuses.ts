import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeOptimizerStatus } from './enums';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';
import { jsonResult, numberResult } from './private/read-attributes';

export interface ComputeOptimizerOrganizationEnrollmentStatusesProps extends EnrollmentReadProps {
  /**
   * Only accounts whose status is one of these.
   * @default - every account
   */
  readonly statusFilter?: ComputeOptimizerStatus[];
  /**
   * Page size of each `GetEnrollmentStatusesForOrganization` call (1 to 100; the adapter reads every page).
   * @default 100
   */
  readonly maxResults?: number;
}

/**
 * Reads the enrollment of every account in the organisation (`GetEnrollmentStatusesForOrganization`),
 * with counts per status. Management account only.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEnrollmentStatusesForOrganization.html
 * @throws ValidationError when a `statusFilter` entry is not a Compute Optimizer status or `maxResults` is out of range.
 */
export class ComputeOptimizerOrganizationEnrollmentStatuses extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerOrganizationEnrollmentStatusesProps = {}) {
    super(scope, id, props, 'compute-optimizer-organization-statuses', { statusFilter: props.statusFilter, pageSize: props.maxResults });
  }

  /** The accounts: a list of { accountId, status, statusReason, lastUpdatedTimestamp }. */
  public get accounts(): IResolvable {
    return jsonResult(this._part, 'accounts');
  }
  public get accountCount(): number {
    return numberResult(this._part, 'accountCount');
  }
  public get activeCount(): number {
    return numberResult(this._part, 'activeCount');
  }
  public get inactiveCount(): number {
    return numberResult(this._part, 'inactiveCount');
  }
  public get pendingCount(): number {
    return numberResult(this._part, 'pendingCount');
  }
  public get failedCount(): number {
    return numberResult(this._part, 'failedCount');
  }
}
