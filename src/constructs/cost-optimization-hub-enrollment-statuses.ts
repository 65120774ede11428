import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { Limits, Patterns, ResourceKind } from '../shared';
import { outOfRange } from './errors';
import { PayloadError } from '../shared';
import { checkBoolean } from './private/checks';
import { EnrollmentRead, EnrollmentReadProps } from './private/enrollment-read';
import { booleanResult, jsonResult, numberResult } from './private/read-attributes';
import { isUnresolved } from './private/wire';

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
   * Page size of each `ListEnrollmentStatuses` call (the adapter reads every page).
   * @default 100
   */
  readonly maxResults?: number;
}

/**
 * Reads Cost Optimization Hub enrollment (`ListEnrollmentStatuses`), with counts per status.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_ListEnrollmentStatuses.html
 * @throws PayloadError when `accountId` is not 12 digits or `maxResults` is out of range.
 */
export class CostOptimizationHubEnrollmentStatuses extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: CostOptimizationHubEnrollmentStatusesProps = {}) {
    if (props.accountId !== undefined && !isUnresolved(props.accountId) && !Patterns.accountId.test(String(props.accountId))) {
      throw new PayloadError('accountId', `\`accountId\` must be a 12-digit AWS account id, got ${JSON.stringify(props.accountId)}`);
    }
    checkBoolean('includeOrganizationInfo', props.includeOrganizationInfo);
    const max = Limits.costOptimizationHubMaxResults.max;
    if (props.maxResults !== undefined && !isUnresolved(props.maxResults) && !(Number.isInteger(props.maxResults) && props.maxResults >= 1 && props.maxResults <= max)) {
      throw outOfRange('maxResults', props.maxResults, 1, max);
    }
    super(
      scope,
      id,
      props,
      ResourceKind.COST_OPTIMIZATION_HUB_ENROLLMENT_STATUSES,
      { accountId: props.accountId, includeOrganizationInfo: props.includeOrganizationInfo, pageSize: props.maxResults },
      { pageSize: 'maxResults' },
    );
  }

  /** The accounts: a list of { accountId, status, lastUpdatedTimestamp, createdTimestamp }. */
  public get items(): IResolvable {
    return jsonResult(this.dataSource, 'items');
  }
  /** Whether the organisation's member accounts are enrolled (null when AWS does not say). */
  public get includeMemberAccounts(): IResolvable {
    return booleanResult(this.dataSource, 'includeMemberAccounts');
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
}
