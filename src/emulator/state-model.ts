/**
 * The emulator's state as data: what each account holds per service, and the initial state. The store
 * (./state.ts) keeps it in memory and on disk; the services change it.
 */
import type { AccountDirectory } from './accounts';
import { COST_OPTIMIZATION_HUB_PREFERENCE_DEFAULTS, type AutomationEnrollmentStatus, type ComputeOptimizerStatus, type CostOptimizationHubStatus, type OrganizationRuleMode } from '../shared/enums';

export const STATE_FORMAT = 'cdktf-aws-enrollment-emulator/v1';

/** Times are epoch milliseconds on the emulated clock. */
export interface ComputeOptimizerAccount {
  status: ComputeOptimizerStatus;
  statusReason?: string;
  lastUpdated: number;
  /** Whether this account's recommendation data exists; opting out deletes it ("deleted" also means never gathered). */
  recommendationData: 'present' | 'deleted';
  /**
   * How many times opting out has deleted existing recommendation data. The marker above reads "present"
   * again after a re-enrollment; this count still proves a loss in between (e.g. an opt-out run by a
   * replacement just before the new apply).
   */
  recommendationDataDeletions?: number;
  /** While Pending: when the enrollment completes. */
  pendingUntil?: number;
}

export interface AutomationAccount {
  status: AutomationEnrollmentStatus;
  statusReason?: string;
  lastUpdated: number;
  organizationRuleMode: OrganizationRuleMode;
  /** Associated with the management account (AssociateAccounts). */
  associated: boolean;
  /** Last opt-out, for the 24-hour rule. */
  optedOutAt?: number;
}

export interface CostOptimizationHubPreferences {
  savingsEstimationMode: string;
  memberAccountDiscountVisibility: string;
  /** A member left out is null on AWS, which means the default (ThreeYears, AllUpfront). */
  preferredCommitment: { term?: string; paymentOption?: string };
}

export interface CostOptimizationHubAccount {
  status: CostOptimizationHubStatus;
  /** Management account only: the organisation setting UpdateEnrollmentStatus(includeMemberAccounts) last made. */
  includeMemberAccounts?: boolean;
  statusReason?: string;
  lastUpdated: number;
  created: number;
  preferences: CostOptimizationHubPreferences;
}

/** An Automation rule as stored (wire members as given; times in epoch milliseconds). */
export interface StoredAutomationRule {
  ruleId: string;
  name: string;
  description?: string;
  ruleType: string;
  ruleRevision: number;
  organizationConfiguration?: { ruleApplyOrder?: string; accountIds?: string[] };
  priority: string;
  recommendedActionTypes: string[];
  criteria?: Record<string, unknown>;
  schedule: { scheduleExpression?: string; scheduleExpressionTimezone?: string; executionWindowInMinutes?: number };
  status: string;
  tags: Array<{ key: string; value: string }>;
  created: number;
  lastUpdated: number;
}

/** The recommendation preferences of one (region, resource type, scope), wire members as given. */
export interface StoredRecommendationPreferences {
  region: string;
  resourceType: string;
  scope: { name: string; value: string };
  preferences: Record<string, unknown>;
}

export interface AccountState {
  computeOptimizer: ComputeOptimizerAccount;
  automation: AutomationAccount;
  costOptimizationHub: CostOptimizationHubAccount;
  /** The account's own Automation rules (organisation rules live with the management account), by rule id. */
  automationRules?: Record<string, StoredAutomationRule>;
  /** Compute Optimizer preferences whose scope is this account (organisation scope: the management account). */
  recommendationPreferences?: StoredRecommendationPreferences[];
}


export interface EmulatorState {
  format: typeof STATE_FORMAT;
  /** Emulated clock = real clock + this offset (POST /_emulator/clock). */
  clockOffsetMs: number;
  memberEnrollmentDelayMs: number;
  accounts: Record<string, AccountState>;
}

export const DEFAULT_PREFERENCES: CostOptimizationHubPreferences = COST_OPTIMIZATION_HUB_PREFERENCE_DEFAULTS;

export function initialAccountState(now: number): AccountState {
  return {
    computeOptimizer: { status: 'Inactive', lastUpdated: now, recommendationData: 'deleted' },
    automation: { status: 'Inactive', lastUpdated: now, organizationRuleMode: 'NoneAllowed', associated: false },
    costOptimizationHub: {
      status: 'Inactive',
      lastUpdated: now,
      created: now,
      preferences: structuredClone(DEFAULT_PREFERENCES),
    },
  };
}

export function initialState(accounts: AccountDirectory, memberEnrollmentDelayMs: number, now = Date.now()): EmulatorState {
  const state: EmulatorState = { format: STATE_FORMAT, clockOffsetMs: 0, memberEnrollmentDelayMs, accounts: {} };
  for (const a of accounts.all) state.accounts[a.accountId] = initialAccountState(now);
  return state;
}
