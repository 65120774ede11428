/**
 * Compute Optimizer Automation (2025-09-22) enrollment and account association: the backend (state and rules).
 * No SDK client for this service is installed; clients sign their own awsJson1_0 requests.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateEnrollmentConfiguration.html
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { ForbiddenException, InvalidParameterValueException, NotManagementAccountException, OptInRequiredException } from '../../errors';
import { epochSeconds, type JsonObject } from '../../framework';
import type { AutomationAccount, StateStore } from '../../state';
import { AutomationEnrollmentStatus, DECLARABLE_STATUSES } from '../../../shared/enums';
import { setEveryRuleStatus } from './rules';

export const STATUSES = Object.values(AutomationEnrollmentStatus);
/** AWS: "You must wait at least 24 hours after opting out to opt in again." */
export const OPT_IN_COOLDOWN_MS = 24 * 60 * 60 * 1000;
export const MAX_ACCOUNT_IDS = 50;

/**
 * A management account that reports `Pending` is opted in itself; only its member accounts are still being
 * enrolled. So Automation accepts `Active`, and `Pending` for a management account; a member that is
 * `Pending` is not enrolled yet, and `Inactive` and `Failed` are refused.
 */
export function requireComputeOptimizer(store: StateStore, caller: ResolvedAccount): void {
  const status = store.account(caller.accountId).computeOptimizer.status;
  if (status !== 'Active' && !(status === 'Pending' && caller.role === 'management')) {
    throw new OptInRequiredException(`Account ${caller.accountId} must be opted in to Compute Optimizer (status Active) before it can use Compute Optimizer Automation.`);
  }
}

export function requireManagement(caller: ResolvedAccount): void {
  if (caller.role !== 'management') {
    throw new NotManagementAccountException(`Account ${caller.accountId} is not the management account of an organization; only the management account can perform this action.`);
  }
}

function cooldownLeftMs(au: AutomationAccount, now: number): number {
  return au.optedOutAt === undefined ? 0 : Math.max(0, au.optedOutAt + OPT_IN_COOLDOWN_MS - now);
}

/** Opt in or out, with the side effects AWS documents (opting out stops every rule: each becomes Inactive). */
export function setAutomationStatus(store: StateStore, accountId: string, status: AutomationEnrollmentStatus, now: number, statusReason?: string): void {
  const au = store.account(accountId).automation;
  if (au.status !== status || au.statusReason !== statusReason) au.lastUpdated = now;
  if (status === 'Inactive' && au.status !== 'Inactive') au.optedOutAt = now;
  if (status === 'Inactive') setEveryRuleStatus(store, accountId, 'Inactive', now);
  au.status = status;
  if (statusReason === undefined) delete au.statusReason;
  else au.statusReason = statusReason;
  store.touch();
}

export function updateConfiguration(store: StateStore, caller: ResolvedAccount, status: string, now: number): JsonObject {
  if (!(DECLARABLE_STATUSES as readonly string[]).includes(status)) {
    throw new InvalidParameterValueException(`The status "${status}" cannot be set; only Active or Inactive can be requested.`);
  }
  const au = store.account(caller.accountId).automation;
  if (status === 'Inactive' && au.status !== 'Inactive') {
    if (au.associated) {
      throw new ForbiddenException(
        `Account ${caller.accountId} is associated with its organization's management account; the management account must disassociate it (DisassociateAccounts) before Automation can be disabled.`,
      );
    }
    setAutomationStatus(store, caller.accountId, 'Inactive', now);
  }
  if (status === 'Active' && au.status !== 'Active') {
    const left = cooldownLeftMs(au, now);
    if (left > 0) {
      throw new InvalidParameterValueException(
        `Automation was disabled less than 24 hours ago; you can opt in again after ${new Date(now + left).toISOString()} (in ${Math.ceil(left / 60000)} minutes).`,
      );
    }
    setAutomationStatus(store, caller.accountId, 'Active', now);
  }
  return { status: au.status, statusReason: au.statusReason, lastUpdatedTimestamp: epochSeconds(au.lastUpdated) };
}

export function getConfiguration(store: StateStore, caller: ResolvedAccount): JsonObject {
  const au = store.account(caller.accountId).automation;
  return { status: au.status, statusReason: au.statusReason, organizationRuleMode: au.organizationRuleMode, lastUpdatedTimestamp: epochSeconds(au.lastUpdated) };
}

/** A listed member, encoded only when it lands on the page returned. */
export interface ListedAccount {
  readonly accountId: string;
  /** Its place among the organisation's members: what a page token remembers. */
  readonly ordinal: number;
  readonly au: AutomationAccount;
}

export function presentAccount({ accountId, au }: ListedAccount): JsonObject {
  return {
    accountId,
    status: au.status,
    organizationRuleMode: au.organizationRuleMode,
    statusReason: au.statusReason,
    lastUpdatedTimestamp: epochSeconds(au.lastUpdated),
  };
}

export function listAccounts(store: StateStore, accounts: AccountDirectory): ListedAccount[] {
  const listed: ListedAccount[] = [];
  accounts.members.forEach((m, ordinal) => {
    const state = store.account(m.accountId);
    if (state.computeOptimizer.status === 'Active') listed.push({ accountId: m.accountId, ordinal, au: state.automation });
  });
  return listed;
}

export function associate(store: StateStore, accounts: AccountDirectory, accountIds: string[], now: number): JsonObject {
  const done: string[] = [];
  const errors: string[] = [];
  for (const id of accountIds) {
    if (!accounts.isMember(id)) {
      errors.push(`${id}: not a member account of this organization`);
      continue;
    }
    const state = store.account(id);
    if (state.computeOptimizer.status !== 'Active') {
      errors.push(`${id}: not opted in to Compute Optimizer`);
      continue;
    }
    const au = state.automation;
    if (au.status !== 'Active') {
      if (cooldownLeftMs(au, now) > 0) {
        errors.push(`${id}: Automation was disabled less than 24 hours ago and cannot be enabled yet`);
        continue;
      }
      // "If the member account has not previously enabled the Automation feature, the association process automatically enables it."
      setAutomationStatus(store, id, 'Active', now);
    }
    if (!au.associated || au.organizationRuleMode !== 'AnyAllowed') au.lastUpdated = now;
    au.associated = true;
    au.organizationRuleMode = 'AnyAllowed';
    store.touch();
    done.push(id);
  }
  return { accountIds: done, errors };
}

export function disassociate(store: StateStore, accounts: AccountDirectory, accountIds: string[], now: number): JsonObject {
  const done: string[] = [];
  const errors: string[] = [];
  for (const id of accountIds) {
    if (!accounts.isMember(id)) {
      errors.push(`${id}: not a member account of this organization`);
      continue;
    }
    const au = store.account(id).automation;
    if (au.associated || au.organizationRuleMode !== 'NoneAllowed') au.lastUpdated = now;
    au.associated = false;
    au.organizationRuleMode = 'NoneAllowed';
    store.touch();
    done.push(id);
  }
  return { accountIds: done, errors };
}
