import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeOptimizerStatus, Limits, ResourceKind } from '../shared';
import { listEntryNotOneOf, outOfRange } from './errors';
import { EnrollmentRead, EnrollmentReadProps } from './private/enrollment-read';
import { jsonResult, numberResult } from './private/read-attributes';
import { isUnresolved } from './private/wire';

const STATUSES = Object.values(ComputeOptimizerStatus) as string[];

export interface ComputeOptimizerOrganizationEnrollmentStatusesProps extends EnrollmentReadProps {
  /**
   * Only accounts whose status is one of these.
   * @default - every account
   */
  readonly statusFilter?: ComputeOptimizerStatus[];
  /**
   * Page size of each `GetEnrollmentStatusesForOrganization` call (the adapter reads every page).
   * @default 100
   */
  readonly maxResults?: number;
}

/**
 * Reads the enrollment of every account in the organisation (`GetEnrollmentStatusesForOrganization`),
 * with counts per status. Management account only.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEnrollmentStatusesForOrganization.html
 * @throws PayloadError when a `statusFilter` entry is not a Compute Optimizer status or `maxResults` is out of range.
 */
export class ComputeOptimizerOrganizationEnrollmentStatuses extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerOrganizationEnrollmentStatusesProps = {}) {
    for (const entry of props.statusFilter ?? []) {
      if (!isUnresolved(entry) && !STATUSES.includes(entry)) throw listEntryNotOneOf('statusFilter', entry, STATUSES);
    }
    const max = Limits.computeOptimizerOrganizationMaxResults.max;
    if (props.maxResults !== undefined && !isUnresolved(props.maxResults) && !(Number.isInteger(props.maxResults) && props.maxResults >= 1 && props.maxResults <= max)) {
      // The model allows 0, but a page of nothing would never finish reading.
      throw outOfRange('maxResults', props.maxResults, 1, max);
    }
    super(
      scope,
      id,
      props,
      ResourceKind.COMPUTE_OPTIMIZER_ORGANIZATION_STATUSES,
      { statusFilter: props.statusFilter, pageSize: props.maxResults },
      { pageSize: 'maxResults' },
    );
  }

  /** The accounts: a list of { accountId, status, statusReason, lastUpdatedTimestamp }. */
  public get accounts(): IResolvable {
    return jsonResult(this.dataSource, 'accounts');
  }
  public get accountCount(): number {
    return numberResult(this.dataSource, 'accountCount');
  }
  public get activeCount(): number {
    return numberResult(this.dataSource, 'activeCount');
  }
  public get inactiveCount(): number {
    return numberResult(this.dataSource, 'inactiveCount');
  }
  public get pendingCount(): number {
    return numberResult(this.dataSource, 'pendingCount');
  }
  public get failedCount(): number {
    return numberResult(this.dataSource, 'failedCount');
  }
}
