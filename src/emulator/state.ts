/**
 * The emulator's whole state and its durable store. With a state file, a change is acknowledged only once
 * it is on disk (./journal.ts: a snapshot plus a write-ahead journal, so a write costs the same however
 * large the state is). Changes made together share one write.
 *
 * The journal records, per change, the whole state of every account the operation looked at (through
 * `account(id)` or `state.accounts[id]`, which notes the account), the client tokens added or dropped, and the
 * top-level settings. Data that grows belongs in an account, not at the top level. Work whose changes can be
 * derived again from the persisted state (`settle`, the admin view) runs `untracked`, so it does not put
 * every account it scans into the next line.
 */
import type { AccountDirectory } from './accounts';
import { ClientTokens, type IdempotencyRecord } from './idempotency';
import { JournalWriter } from './journal';
import { StateFiles, journalLine } from './state-files';
import { STATE_FORMAT, initialAccountState, initialState, type AccountState, type EmulatorState } from './state-model';

export * from './state-model';
export type { IdempotencyRecord } from './idempotency';

/** The snapshot file: the state, the client tokens (oldest first), and the last journal line it holds. */
interface SnapshotFile extends EmulatorState {
  /** Keyed by `<accountId> <operation> <clientToken>`. */
  idempotency?: Record<string, IdempotencyRecord>;
  journalSeq?: number;
}

/** One journal line: accounts (whole), client tokens (null: dropped), top-level settings, or a reset. */
interface JournalPayload {
  a?: Record<string, AccountState>;
  t?: Array<[string, IdempotencyRecord | null]>;
  g?: Record<string, unknown>;
  reset?: EmulatorState;
}

export class StateStore {
  state: EmulatorState;
  /** Client-token records (./idempotency.ts), persisted with the state. */
  readonly tokens = new ClientTokens();
  private version = 0;
  /** The version the last journal line covers. */
  private capturedVersion = 0;
  private persistedVersion = 0;
  private seq = 0;
  private readonly accessed = new Set<string>();
  /** The accounts map itself; `state.accounts` is a view of it that notes which accounts are looked at. */
  private rawAccounts: Record<string, AccountState> = {};
  private tracking = true;
  private readonly tokenChanges = new Map<string, IdempotencyRecord | undefined>();
  private readonly lastTopLevel = new Map<string, string>();
  private resetPending = false;
  private readonly files?: StateFiles;
  private journal?: JournalWriter;
  private loadedGeneration = 0;

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly defaultDelayMs: number,
    filePath?: string,
  ) {
    if (filePath !== undefined) this.files = new StateFiles(filePath);
    this.state = this.adopt(this.load() ?? initialState(accounts, defaultDelayMs));
    this.tokens.onChange((key, record) => this.tokenChanges.set(key, record));
  }

  /**
   * With a state file: removes temp files of killed runs, writes a fresh snapshot of what was loaded (so a
   * damaged journal tail is never appended to), and opens a new journal. Call once before serving.
   */
  async open(): Promise<string[]> {
    if (this.files === undefined || this.journal !== undefined) return [];
    const removed = this.files.removeStaleTemps();
    const journal = new JournalWriter(this.files, () => this.snapshotText());
    await journal.open(this.loadedGeneration);
    this.journal = journal;
    this.persistedVersion = this.capturedVersion = this.version;
    this.accessed.clear();
    this.tokenChanges.clear();
    return removed;
  }

  /** Waits for every queued write, then closes the journal. */
  async close(): Promise<void> {
    await this.journal?.close();
  }

  /** The emulated clock, in epoch milliseconds. */
  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  /** An account's state; the account is then part of the current operation's journal line if it changes anything. */
  account(accountId: string): AccountState {
    let a = this.rawAccounts[accountId];
    if (a === undefined) {
      a = initialAccountState(this.now());
      this.rawAccounts[accountId] = a;
    }
    if (this.tracking) this.accessed.add(accountId);
    return a;
  }

  /** Runs `fn` without noting the accounts it looks at (for work whose changes need no journal line). */
  untracked<T>(fn: () => T): T {
    const was = this.tracking;
    this.tracking = false;
    try {
      return fn();
    } finally {
      this.tracking = was;
    }
  }

  /** Makes `state.accounts` a view that notes every account read or written through it. */
  private adopt(state: EmulatorState): EmulatorState {
    const raw = state.accounts;
    this.rawAccounts = raw;
    const note = (key: string | symbol) => {
      if (typeof key === 'string' && this.tracking && Object.prototype.hasOwnProperty.call(raw, key)) this.accessed.add(key);
    };
    state.accounts = new Proxy(raw, {
      get: (target, key, receiver) => {
        note(key);
        return Reflect.get(target, key, receiver);
      },
      set: (target, key, value, receiver) => {
        const done = Reflect.set(target, key, value, receiver);
        note(key);
        return done;
      },
    });
    return state;
  }

  /** Whether changes go to a file (and acknowledgements must wait for it). */
  get durable(): boolean {
    return this.files !== undefined;
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

  /** Starts an operation: accounts looked at before it (reads, the admin view) are not its business. */
  beginOperation(): void {
    if (this.version === this.capturedVersion) this.accessed.clear();
  }

  /** For in-memory state: a change is "persisted" as soon as it is made. */
  markPersisted(): void {
    if (this.files === undefined) this.persistedVersion = this.capturedVersion = this.version;
    this.accessed.clear();
    this.tokenChanges.clear();
  }

  reset(): void {
    this.state = this.adopt(initialState(this.accounts, this.defaultDelayMs));
    this.tokens.clear();
    this.tokenChanges.clear();
    this.accessed.clear();
    this.resetPending = true;
    this.touch();
  }

  /**
   * Resolves once every change made so far is on disk (at once when state lives in memory only). The
   * journal line is built synchronously, so it holds exactly this operation's changes.
   */
  async commit(): Promise<void> {
    if (this.files === undefined) {
      this.markPersisted();
      return;
    }
    if (this.version !== this.capturedVersion) this.capture();
    else this.accessed.clear();
    const target = this.capturedVersion;
    if (this.persistedVersion >= target) return;
    if (this.journal === undefined) throw new Error('internal: the state store was not opened');
    await this.journal.flushed(target);
    this.persistedVersion = Math.max(this.persistedVersion, target);
  }

  private capture(): void {
    const payload: JournalPayload = {};
    if (this.resetPending) {
      payload.reset = { ...this.state, accounts: this.rawAccounts };
      this.resetPending = false;
    } else {
      if (this.accessed.size > 0) {
        payload.a = {};
        for (const id of this.accessed) payload.a[id] = this.rawAccounts[id];
      }
      if (this.tokenChanges.size > 0) payload.t = [...this.tokenChanges].map(([k, r]) => [k, r ?? null]);
    }
    const top = this.topLevelChanges(payload.reset !== undefined);
    if (top !== undefined) payload.g = top;
    this.seq++;
    this.accessed.clear();
    this.tokenChanges.clear();
    this.capturedVersion = this.version;
    this.journal?.append(journalLine(this.seq, JSON.stringify(payload)), this.version);
  }

  /** The top-level members other than the accounts that changed since the last line (all after a reset). */
  private topLevelChanges(all: boolean): Record<string, unknown> | undefined {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(this.state)) {
      if (key === 'accounts' || key === 'format') continue;
      const value = (this.state as unknown as Record<string, unknown>)[key];
      const text = JSON.stringify(value);
      if (!all && this.lastTopLevel.get(key) === text) continue;
      this.lastTopLevel.set(key, text);
      (out ??= {})[key] = value;
    }
    return out;
  }

  private snapshotText(): string {
    this.tokens.prune(this.now());
    const snapshot: SnapshotFile = { ...this.state, accounts: this.rawAccounts, idempotency: this.tokens.toJSON(), journalSeq: this.seq };
    return JSON.stringify(snapshot);
  }

  private load(): EmulatorState | undefined {
    if (this.files === undefined) return undefined;
    const file = this.files.file;
    const loaded = this.files.load();
    this.loadedGeneration = loaded.generation;
    if (loaded.snapshot === undefined && loaded.records.length === 0) return undefined;
    let parsed: SnapshotFile;
    if (loaded.snapshot === undefined) {
      parsed = { ...initialState(this.accounts, this.defaultDelayMs), journalSeq: 0 };
    } else {
      try {
        parsed = JSON.parse(loaded.snapshot) as SnapshotFile;
      } catch (err) {
        throw new Error(`state file ${file} is not valid JSON (${(err as Error).message}); delete it to start from the initial state`);
      }
    }
    if (typeof parsed !== 'object' || parsed === null || parsed.format !== STATE_FORMAT) {
      throw new Error(`state file ${file} has format "${String((parsed as SnapshotFile | null)?.format)}", expected "${STATE_FORMAT}"; delete it to start afresh`);
    }
    if (typeof parsed.clockOffsetMs !== 'number' || !Number.isFinite(parsed.clockOffsetMs) || typeof parsed.accounts !== 'object' || parsed.accounts === null) {
      throw new Error(`state file ${file} is damaged (no valid clockOffsetMs or accounts); delete it to start from the initial state`);
    }
    const { idempotency, journalSeq, ...state } = parsed;
    this.tokens.load(Object.entries(idempotency ?? {}));
    const held = typeof journalSeq === 'number' ? journalSeq : 0;
    this.seq = held;
    for (const { seq, payload } of loaded.records) {
      if (seq <= held) continue;
      this.replay(state, payload as JournalPayload);
      this.seq = Math.max(this.seq, seq);
    }
    // Accounts added to the accounts file since the state was written start from the initial state.
    for (const a of this.accounts.all) {
      if (state.accounts[a.accountId] === undefined) state.accounts[a.accountId] = initialAccountState(Date.now() + state.clockOffsetMs);
    }
    return state;
  }

  private replay(state: EmulatorState, payload: JournalPayload): void {
    if (typeof payload !== 'object' || payload === null) return;
    if (payload.reset !== undefined) {
      for (const k of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[k];
      Object.assign(state, payload.reset);
      this.tokens.clear();
    }
    if (payload.a !== undefined) for (const [id, account] of Object.entries(payload.a)) if (/^[0-9]{12}$/.test(id)) state.accounts[id] = account;
    if (payload.t !== undefined) for (const [key, record] of payload.t) this.tokens.apply(key, record ?? undefined);
    if (payload.g !== undefined) Object.assign(state, payload.g);
  }
}
