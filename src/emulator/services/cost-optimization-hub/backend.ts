/**
 * Cost Optimization Hub (2022-07-26) enrollment and preferences: the backend (state and rules). Its validation
 * errors are `ValidationException` with `reason` and `fields`, unlike the two Compute Optimizer services.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_cost-optimization-hub_UpdateEnrollmentStatus.html
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { AccessDeniedException, ValidationException } from '../../errors';
import { epochSeconds, type JsonObject } from '../../framework';
import { DEFAULT_PREFERENCES, type CostOptimizationHubAccount, type StateStore } from '../../state';
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

export function updateHubEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, status: string, includeMemberAccounts: boolean | undefined, now: number): JsonObject {
  setHubStatus(store, caller.accountId, status, now);
  // Only an organisation's management account can act for members; elsewhere the flag has no effect.
  if (caller.role === 'management') {
    const hub = store.account(caller.accountId).costOptimizationHub;
    if (includeMemberAccounts === true) {
      for (const m of accounts.members) setHubStatus(store, m.accountId, status, now);
    }
    // The organisation setting ListEnrollmentStatuses reports: made by an opt-in with the flag, undone by an opt-out.
    if (status === 'Inactive') hub.includeMemberAccounts = false;
    else if (includeMemberAccounts !== undefined) hub.includeMemberAccounts = includeMemberAccounts;
  }
  return { status };
}

/** A listed account, encoded only when it lands on the page returned. */
export interface ListedItem {
  readonly accountId: string;
  /** Its place in the listing (the management account, then its members): what a page token remembers. */
  readonly ordinal: number;
  readonly hub: CostOptimizationHubAccount;
}

export function presentItem({ accountId, hub }: ListedItem): JsonObject {
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
  const out: JsonObject = { items: ids.map((id, ordinal): ListedItem => ({ accountId: id, ordinal, hub: store.account(id).costOptimizationHub })) };
  if (isManagement) out.includeMemberAccounts = membersIncluded(store, accounts);
  return out;
}

/**
 * The management account's `includeMemberAccounts` answer: it opted in with member accounts, is still Active,
 * and every member is Active. With no members that is true as soon as it opted in with the flag, so a rollout to
 * an organisation that has no members yet converges.
 */
export function membersIncluded(store: StateStore, accounts: AccountDirectory): boolean {
  const hub = store.account(accounts.management.accountId).costOptimizationHub;
  return hub.status === 'Active' && hub.includeMemberAccounts === true && accounts.members.every((m) => store.account(m.accountId).costOptimizationHub.status === 'Active');
}

/**
 * GetPreferences. `memberAccountDiscountVisibility` is the organisation's setting: a member account reads its
 * management account's value (it cannot set it); a standalone account reads the default.
 */
export function getPreferences(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount): JsonObject {
  const own = store.account(caller.accountId).costOptimizationHub.preferences;
  const visibility = caller.role === 'member' ? store.account(accounts.management.accountId).costOptimizationHub.preferences.memberAccountDiscountVisibility : own.memberAccountDiscountVisibility;
  return {
    savingsEstimationMode: own.savingsEstimationMode,
    memberAccountDiscountVisibility: visibility,
    // "If the value is null, it will default to ThreeYears / AllUpfront (highest savings)."
    preferredCommitment: { term: own.preferredCommitment.term ?? DEFAULT_PREFERENCES.preferredCommitment.term, paymentOption: own.preferredCommitment.paymentOption ?? DEFAULT_PREFERENCES.preferredCommitment.paymentOption },
  };
}

/**
 * UpdatePreferences: the members given replace the stored ones (`null` counts as absent). A `preferredCommitment`
 * given replaces the stored one as a whole: a member it leaves out is null again, which means the default.
 * Only the management account may set `memberAccountDiscountVisibility`.
 */
export function updatePreferences(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, input: JsonObject): JsonObject {
  const visibility = input.memberAccountDiscountVisibility;
  if (visibility !== undefined && visibility !== null && caller.role !== 'management') {
    throw new ValidationException(
      `Account ${caller.accountId} is ${caller.role === 'member' ? 'a member account' : 'not in an organization'}; only the management account of an organization can set memberAccountDiscountVisibility.`,
      [{ fieldName: 'memberAccountDiscountVisibility', message: 'Only the management account can set this preference.' }],
    );
  }
  const prefs = store.account(caller.accountId).costOptimizationHub.preferences;
  if (typeof input.savingsEstimationMode === 'string') prefs.savingsEstimationMode = input.savingsEstimationMode;
  if (typeof visibility === 'string') prefs.memberAccountDiscountVisibility = visibility;
  const commitment = input.preferredCommitment as { term?: string | null; paymentOption?: string | null } | undefined | null;
  if (commitment !== undefined && commitment !== null) {
    prefs.preferredCommitment = {
      ...(typeof commitment.term === 'string' ? { term: commitment.term } : {}),
      ...(typeof commitment.paymentOption === 'string' ? { paymentOption: commitment.paymentOption } : {}),
    };
  }
  store.touch();
  return getPreferences(store, accounts, caller);
}
