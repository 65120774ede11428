/**
 * Compute Optimizer (2019-11-01) enrollment: the backend (state and rules).
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_UpdateEnrollmentStatus.html
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { AccessDeniedException, InvalidParameterValueException } from '../../errors';
import { epochSeconds, type JsonObject } from '../../framework';
import type { AccountState, StateStore } from '../../state';
import { ComputeOptimizerStatus, DECLARABLE_STATUSES } from '../../../shared/enums';

export const STATUSES = Object.values(ComputeOptimizerStatus);
export const MEMBERS_PENDING_REASON = 'Member accounts of the organization are being enrolled in Compute Optimizer.';
export const MEMBER_PENDING_REASON = 'The management account is enrolling this account in Compute Optimizer.';

/** When the next Pending enrollment falls due, as of a given state version (see settleComputeOptimizer). */
const nextDue = new WeakMap<StateStore, { changeCount: number; due: number }>();

/**
 * Completes member enrollments whose delay has passed on the emulated clock. It runs before every call, so
 * the scan of all accounts is skipped while the state is unchanged and nothing is due yet.
 */
export function settleComputeOptimizer(store: StateStore, accounts: AccountDirectory, now: number): void {
  const known = nextDue.get(store);
  if (known !== undefined && known.changeCount === store.changeCount && now < known.due) return;
  let due = Infinity;
  for (const a of accounts.all) {
    const co = store.state.accounts[a.accountId]?.computeOptimizer;
    if (co?.status !== 'Pending' || co.pendingUntil === undefined) continue;
    if (co.pendingUntil <= now) {
      co.status = 'Active';
      co.lastUpdated = co.pendingUntil;
      co.recommendationData = 'present';
      delete co.statusReason;
      delete co.pendingUntil;
    } else {
      due = Math.min(due, co.pendingUntil);
    }
  }
  nextDue.set(store, { changeCount: store.changeCount, due });
}

/** A listed member, encoded only when it lands on the page returned. */
export interface ListedMember {
  readonly accountId: string;
  /** Its place among the organisation's members: what a page token remembers. */
  readonly ordinal: number;
  readonly co: AccountState['computeOptimizer'];
}

export function presentMember({ accountId, co }: ListedMember): JsonObject {
  return { accountId, status: co.status, statusReason: co.statusReason, lastUpdatedTimestamp: epochSeconds(co.lastUpdated) };
}

/** Sets one account's status with its side effects (shared by the API and console changes). */
export function setComputeOptimizerStatus(store: StateStore, accountId: string, status: ComputeOptimizerStatus, now: number, statusReason?: string): void {
  const co = store.account(accountId).computeOptimizer;
  if (co.status !== status || co.statusReason !== statusReason) co.lastUpdated = now;
  co.status = status;
  if (statusReason === undefined) delete co.statusReason;
  else co.statusReason = statusReason;
  delete co.pendingUntil;
  if (status === 'Active') co.recommendationData = 'present';
  // Opting out deletes the account's recommendation data (AWS documents this for UpdateEnrollmentStatus).
  if (status === 'Inactive') {
    if (co.recommendationData === 'present') co.recommendationDataDeletions = (co.recommendationDataDeletions ?? 0) + 1;
    co.recommendationData = 'deleted';
  }
  store.touch();
}

export function updateEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, status: string, includeMemberAccounts: boolean, now: number): JsonObject {
  if (!(DECLARABLE_STATUSES as readonly string[]).includes(status)) {
    throw new InvalidParameterValueException(`The status "${status}" cannot be set; only Active or Inactive can be requested.`);
  }
  if (status === 'Inactive') {
    setComputeOptimizerStatus(store, caller.accountId, 'Inactive', now);
    return { status: 'Inactive' };
  }
  // Members are enrolled only by their organisation's management account; elsewhere the flag has no effect.
  const delay = store.state.memberEnrollmentDelayMs;
  const toEnroll = caller.role === 'management' && includeMemberAccounts ? accounts.members.filter((m) => store.account(m.accountId).computeOptimizer.status !== 'Active') : [];
  if (toEnroll.length === 0 || delay <= 0) {
    for (const m of toEnroll) setComputeOptimizerStatus(store, m.accountId, 'Active', now);
    const own = store.account(caller.accountId).computeOptimizer;
    if (own.status !== 'Active') setComputeOptimizerStatus(store, caller.accountId, 'Active', now);
    return { status: 'Active' };
  }
  for (const m of toEnroll) {
    setComputeOptimizerStatus(store, m.accountId, 'Pending', now, MEMBER_PENDING_REASON);
    store.account(m.accountId).computeOptimizer.pendingUntil = now + delay;
  }
  setComputeOptimizerStatus(store, caller.accountId, 'Pending', now, MEMBERS_PENDING_REASON);
  const own = store.account(caller.accountId).computeOptimizer;
  own.pendingUntil = now + delay;
  // The management account's own data is gathered at once; only the members wait.
  own.recommendationData = 'present';
  return { status: 'Pending', statusReason: MEMBERS_PENDING_REASON };
}

export function getEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount): JsonObject {
  const co = store.account(caller.accountId).computeOptimizer;
  let optedIn = 0;
  let enrolled = false;
  if (caller.role === 'management') {
    for (const m of accounts.members) if (store.account(m.accountId).computeOptimizer.status === 'Active') optedIn++;
    enrolled = accounts.members.length > 0 && optedIn === accounts.members.length;
  }
  return {
    status: co.status,
    statusReason: co.statusReason,
    memberAccountsEnrolled: enrolled,
    lastUpdatedTimestamp: epochSeconds(co.lastUpdated),
    numberOfMemberAccountsOptedIn: optedIn,
  };
}

export function listOrganizationEnrollment(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, filters: Array<{ name?: string; values?: string[] }>): ListedMember[] {
  if (caller.role !== 'management') {
    throw new AccessDeniedException('Only the management account of an organization can get the enrollment statuses of its member accounts.');
  }
  for (const f of filters) {
    for (const v of f.values ?? []) {
      if (!(STATUSES as string[]).includes(v)) {
        throw new InvalidParameterValueException(`The filter value "${v}" is not valid for filter "Status"; use one of ${STATUSES.join(', ')}.`);
      }
    }
  }
  // Filters are ANDed, the values of one filter ORed; a filter without values restricts nothing.
  const restrictions = filters.filter((f) => f.values !== undefined && f.values.length > 0).map((f) => new Set(f.values));
  const listed: ListedMember[] = [];
  accounts.members.forEach((m, ordinal) => {
    const co = store.account(m.accountId).computeOptimizer;
    let keep = true;
    for (const allowed of restrictions) keep &&= allowed.has(co.status);
    if (keep) listed.push({ accountId: m.accountId, ordinal, co });
  });
  return listed;
}
