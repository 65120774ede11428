import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';
import { booleanResult, jsonResult, numberResult } from './private/read-attributes';

export interface CostOptimizationHubEnrollmentStatusesProps extends EnrollmentReadProps {
  /**
   * Only this account (12 digits).
   * @default - the calling account, or every account with `includeOrganizationInfo`
   */
  readonly accountId?: string;
  /**
   * List the member accounts of the organisation too (management account only).
   * @default false
   */
  readonly includeOrganizationInfo?: boolean;
  /**
   * Page size of each `ListEnrollmentStatuses` call (1 to 100; the adapter reads every page).
   * @default 100
   */
  readonly maxResults?: number;
}

/**
 * Reads Cost Optimization Hub enrollment (`ListEnrollmentStatuses`), with counts per status.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_ListEnrollmentStatuses.html
 * @throws ValidationError when `accountId` is not 12 digits or `maxResults` is out of range.
 */
export class CostOptimizationHubEnrollmentStatuses extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: CostOptimizationHubEnrollmentStatusesProps = {}) {
    super(scope, id, props, 'cost-optimization-hub-enrollment-statuses', {
      accountId: props.accountId,
      includeOrganizationInfo: props.includeOrganizationInfo,
      pageSize: props.maxResults,
    });
  }

  /** The accounts: a list of { accountId, status, lastUpdatedTimestamp, createdTimestamp }. */
  public get items(): IResolvable {
    return jsonResult(this._part, 'items');
  }
  /** Whether the organisation's member accounts are enrolled (null when AWS does not say). */
  public get includeMemberAccounts(): IResolvable {
    return booleanResult(this._part, 'includeMemberAccounts');
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
}
