import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';
import { jsonResult, numberResult } from './private/read-attributes';

export interface ComputeOptimizerAutomationOrganizationAccountsProps extends EnrollmentReadProps {}

/**
 * Reads every member account's Compute Optimizer Automation status and organisation rule mode (`ListAccounts`),
 * with counts. Management account only.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_ListAccounts.html
 */
export class ComputeOptimizerAutomationOrganizationAccounts extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationOrganizationAccountsProps = {}) {
    super(scope, id, props, 'automation-organization-accounts', {});
  }

  /** The members: a list of { accountId, status, organizationRuleMode, statusReason, lastUpdatedTimestamp }. */
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
  /** Members associated with the management account (organisation rules may apply to them). */
  public get anyAllowedCount(): number {
    return numberResult(this._part, 'anyAllowedCount');
  }
  public get noneAllowedCount(): number {
    return numberResult(this._part, 'noneAllowedCount');
  }
}
