/**
 * The emulator's whole state and its durable store. Changes are acknowledged only after the state file
 * holding them is on disk: write a temp file, fsync it, rename it over the old one, fsync the directory.
 * Concurrent commits are grouped: one write covers every change made before it started.
 */
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountDirectory } from './accounts';
import type { AutomationEnrollmentStatus, ComputeOptimizerStatus, CostOptimizationHubStatus, OrganizationRuleMode } from '../shared/enums';

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

/** A remembered response to a request that carried a client token. */
export interface IdempotencyRecord {
  fingerprint: string;
  response: unknown;
  at: number;
}

export interface EmulatorState {
  format: typeof STATE_FORMAT;
  /** Emulated clock = real clock + this offset (POST /_emulator/clock). */
  clockOffsetMs: number;
  memberEnrollmentDelayMs: number;
  accounts: Record<string, AccountState>;
  /** Keyed by `<accountId> <operation> <clientToken>`. */
  idempotency: Record<string, IdempotencyRecord>;
}

export const DEFAULT_PREFERENCES: CostOptimizationHubPreferences = {
  savingsEstimationMode: 'BeforeDiscounts',
  memberAccountDiscountVisibility: 'All',
  preferredCommitment: { term: 'ThreeYears', paymentOption: 'AllUpfront' },
};

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
  const state: EmulatorState = { format: STATE_FORMAT, clockOffsetMs: 0, memberEnrollmentDelayMs, accounts: {}, idempotency: {} };
  for (const a of accounts.all) state.accounts[a.accountId] = initialAccountState(now);
  return state;
}

export class StateStore {
  state: EmulatorState;
  private version = 0;
  private persistedVersion = 0;
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly defaultDelayMs: number,
    private readonly filePath?: string,
  ) {
    this.state = this.load() ?? initialState(accounts, defaultDelayMs);
  }

  /** The emulated clock, in epoch milliseconds. */
  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  account(accountId: string): AccountState {
    let a = this.state.accounts[accountId];
    if (a === undefined) {
      a = initialAccountState(this.now());
      this.state.accounts[accountId] = a;
    }
    return a;
  }

  /** Whether changes go to a file (and acknowledgements must wait for it). */
  get durable(): boolean {
    return this.filePath !== undefined;
  }

  /** Marks the state changed; the caller must `await commit()` before acknowledging. */
  touch(): void {
    this.version++;
  }

  /** Increases with every change, so derived values can be cached until the state changes. */
  get changeCount(): number {
    return this.version;
  }

  get dirty(): boolean {
    return this.version !== this.persistedVersion;
  }

  /** For in-memory state: a change is "persisted" as soon as it is made. */
  markPersisted(): void {
    if (this.filePath === undefined) this.persistedVersion = this.version;
  }

  reset(): void {
    this.state = initialState(this.accounts, this.defaultDelayMs);
    this.touch();
  }

  /** Resolves once every change made so far is on disk (immediately when state lives in memory only). */
  async commit(): Promise<void> {
    if (this.filePath === undefined) {
      this.persistedVersion = this.version;
      return;
    }
    const target = this.version;
    // Bounded: each pass either writes (advancing persistedVersion) or waits for a write in flight.
    for (let pass = 0; pass < 1000 && this.persistedVersion < target; pass++) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      const version = this.version;
      const text = JSON.stringify(this.state);
      this.writing = writeAtomically(this.filePath, text).then(
        () => {
          this.persistedVersion = Math.max(this.persistedVersion, version);
          this.writing = undefined;
        },
        (err: Error) => {
          this.writing = undefined;
          this.failure = err;
        },
      );
      await this.writing;
      if (this.failure) {
        const err = this.failure;
        this.failure = undefined;
        throw new Error(`cannot write state file ${this.filePath}: ${err.message}; check the directory exists and is writable`);
      }
    }
  }

  private load(): EmulatorState | undefined {
    if (this.filePath === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cannot read state file ${this.filePath}: ${(err as Error).message}`);
    }
    let parsed: EmulatorState;
    try {
      parsed = JSON.parse(text) as EmulatorState;
    } catch (err) {
      throw new Error(`state file ${this.filePath} is not valid JSON (${(err as Error).message}); delete it to start from the initial state`);
    }
    if (parsed.format !== STATE_FORMAT) {
      throw new Error(`state file ${this.filePath} has format "${String(parsed.format)}", expected "${STATE_FORMAT}"; delete it to start afresh`);
    }
    if (typeof parsed.clockOffsetMs !== 'number' || !Number.isFinite(parsed.clockOffsetMs) || typeof parsed.accounts !== 'object' || parsed.accounts === null) {
      throw new Error(`state file ${this.filePath} is damaged (no valid clockOffsetMs or accounts); delete it to start from the initial state`);
    }
    // Accounts added to the accounts file since the state was written start from the initial state.
    for (const a of this.accounts.all) {
      if (parsed.accounts[a.accountId] === undefined) parsed.accounts[a.accountId] = initialAccountState(Date.now() + parsed.clockOffsetMs);
    }
    parsed.idempotency ??= {};
    return parsed;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fsp.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, file);
  // The rename is durable only once the directory entry is on disk.
  const dir = await fsp.open(path.dirname(path.resolve(file)), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
