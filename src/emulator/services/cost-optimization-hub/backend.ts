/**
 * Cost Optimization Hub (2022-07-26) enrollment and preferences: the backend (state and rules). Its validation
 * errors are `ValidationException` with `reason` and `fields`, unlike the two Compute Optimizer services.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_cost-optimization-hub_UpdateEnrollmentStatus.html
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { AccessDeniedException, ValidationException } from '../../errors';
import { epochSeconds, type JsonObject } from '../../framework';
import type { CostOptimizationHubPreferences, StateStore } from '../../state';
import { CostOptimizationHubStatus } from '../../../shared/enums';

export const STATUSES = Object.values(CostOptimizationHubStatus);

export function setHubStatus(store: StateStore, accountId: string, status: string, now: number, statusReason?: string): void {
  const hub = store.account(accountId).costOptimizationHub;
  if (hub.status !== status || hub.statusReason !== statusReason) hub.lastUpdated = now;
  hub.status = status as CostOptimizationHubStatus;
  if (statusReason === undefined) delete hub.statusReason;
  else hub.statusReason = statusReason;
  store.touch();
}

export function updateHubEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, status: string, includeMemberAccounts: boolean, now: number): JsonObject {
  setHubStatus(store, caller.accountId, status, now);
  // Only an organisation's management account can act for members; elsewhere the flag has no effect.
  if (caller.role === 'management' && includeMemberAccounts) {
    for (const m of accounts.members) setHubStatus(store, m.accountId, status, now);
  }
  return { status };
}

function item(store: StateStore, accountId: string): JsonObject {
  const hub = store.account(accountId).costOptimizationHub;
  return { accountId, status: hub.status, lastUpdatedTimestamp: epochSeconds(hub.lastUpdated), createdTimestamp: epochSeconds(hub.created) };
}

export function listHubEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, accountId: string | undefined, includeOrganizationInfo: boolean): JsonObject {
  const isManagement = caller.role === 'management';
  let ids: string[];
  if (accountId !== undefined) {
    if (accountId !== caller.accountId && !(isManagement && accounts.isMember(accountId))) {
      throw new AccessDeniedException(`Account ${caller.accountId} cannot read the enrollment status of account ${accountId}; only the organization's management account can read its members.`);
    }
    ids = [accountId];
  } else if (includeOrganizationInfo && isManagement) {
    ids = [caller.accountId, ...accounts.members.map((m) => m.accountId)];
  } else {
    ids = [caller.accountId];
  }
  const out: JsonObject = { items: ids.map((id) => item(store, id)) };
  if (isManagement) {
    out.includeMemberAccounts = accounts.members.length > 0 && accounts.members.every((m) => store.account(m.accountId).costOptimizationHub.status === 'Active');
  }
  return out;
}

export function updatePreferences(store: StateStore, caller: ResolvedAccount, input: JsonObject): CostOptimizationHubPreferences {
  if (input.memberAccountDiscountVisibility !== undefined && caller.role !== 'management') {
    throw new ValidationException('Only the management account of an organization can set memberAccountDiscountVisibility.', [
      { fieldName: 'memberAccountDiscountVisibility', message: 'Only the management account can set this preference.' },
    ]);
  }
  const prefs = store.account(caller.accountId).costOptimizationHub.preferences;
  if (typeof input.savingsEstimationMode === 'string') prefs.savingsEstimationMode = input.savingsEstimationMode;
  if (typeof input.memberAccountDiscountVisibility === 'string') prefs.memberAccountDiscountVisibility = input.memberAccountDiscountVisibility;
  const commitment = input.preferredCommitment as { term?: string; paymentOption?: string } | undefined;
  if (commitment?.term !== undefined) prefs.preferredCommitment.term = commitment.term;
  if (commitment?.paymentOption !== undefined) prefs.preferredCommitment.paymentOption = commitment.paymentOption;
  store.touch();
  return prefs;
}
