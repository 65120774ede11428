/**
 * The state file on disk: a snapshot (`FILE`, the whole state as JSON) plus a write-ahead journal
 * (`FILE.journal.<generation>`) of the changes made since. A change is acknowledged once its journal line
 * is written and fdatasync'd, so a write costs one short append whatever the size of the state; changes
 * that arrive together share one append. When the journal outgrows the snapshot, a new snapshot is written
 * in the background (temp file, fsync, rename, fsync of the directory) and the old journal deleted.
 *
 * A line that is incomplete or damaged was never acknowledged (nothing after it was either: each append is
 * synced before the next starts), so reading stops there. The files themselves: ./state-files.ts.
 */
import type { promises as fsp } from 'node:fs';
import type { StateFiles } from './state-files';

/** The journal is compacted once it is larger than the last snapshot, and at least this large. */
export const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

interface Waiter {
  readonly version: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/**
 * Appends journal lines in order, grouping whatever arrives while a write is in flight into the next one,
 * and compacts in the background. It is the only writer of the journal: rotation happens between two
 * appends, and the snapshot is taken in the same tick as the rotation, when every change made so far is in
 * a line already written or queued (its `seq` in the snapshot says which lines it holds).
 */
export class JournalWriter {
  private handle: fsp.FileHandle | undefined;
  private generation = 0;
  private queued: string[] = [];
  private queuedVersion = 0;
  private durableVersion = 0;
  private waiters: Waiter[] = [];
  private running: Promise<void> | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private snapshotWrite: Promise<void> | undefined;
  private snapshotFailed = false;

  constructor(
    private readonly files: StateFiles,
    private readonly snapshot: () => string,
  ) {}

  /** Starts a new journal generation after `lastGeneration` with a fresh snapshot, and drops the old ones. */
  async open(lastGeneration: number): Promise<void> {
    this.generation = lastGeneration;
    await this.rotate();
  }

  /** Queues one line holding every change up to `version`. */
  append(line: string, version: number): void {
    this.queued.push(line);
    this.queuedVersion = version;
    this.kick();
  }

  /** Resolves once every change up to `version` is durable; rejects if its write failed. */
  flushed(version: number): Promise<void> {
    if (this.durableVersion >= version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ version, resolve, reject });
      this.kick();
    });
  }

  /** Waits for queued lines and a snapshot in progress, then closes the journal. */
  async close(): Promise<void> {
    while (this.running !== undefined) await this.running;
    await this.snapshotWrite;
    await this.handle?.close();
    this.handle = undefined;
  }

  private kick(): void {
    if (this.running !== undefined || this.queued.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Bounded: each pass writes what was queued before it started.
    for (let pass = 0; pass < 1_000_000 && this.queued.length > 0; pass++) {
      const batch = this.queued.join('');
      const version = this.queuedVersion;
      this.queued = [];
      try {
        if (this.snapshotFailed) {
          // A failed append left changes in memory only: a snapshot written now holds them all.
          await this.snapshotWrite?.catch(() => undefined);
          await this.rotate();
          this.snapshotFailed = false;
        }
        const handle = this.handle;
        if (handle === undefined) throw new Error('the state journal is not open');
        await handle.write(batch);
        await handle.datasync();
        this.journalBytes += Buffer.byteLength(batch);
        this.durableVersion = Math.max(this.durableVersion, version);
        this.settle(undefined, 0);
      } catch (err) {
        this.snapshotFailed = true;
        this.settle(new Error(`cannot write the state next to ${this.files.file}: ${(err as Error).message}; check the disk has room and the directory is writable`), version);
        continue;
      }
      if (this.snapshotWrite === undefined && this.journalBytes > Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes)) {
        // Appends go on into the new journal while the snapshot is written.
        await this.rotate(true).catch(() => undefined);
      }
    }
  }

  private settle(failure: Error | undefined, failedVersion: number): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.version <= this.durableVersion) w.resolve();
      else if (failure !== undefined && w.version <= failedVersion) w.reject(failure);
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * Creates the next journal, then (in one tick) takes the snapshot and switches appends to it; the
   * snapshot is written, and the older journals deleted once it is durable. `background` returns before
   * the snapshot is written.
   */
  private async rotate(background = false): Promise<void> {
    const created = await this.files.createJournal(this.generation + 1);
    const text = this.snapshot();
    const old = this.handle;
    this.handle = created.handle;
    this.generation = created.generation;
    this.journalBytes = 0;
    await old?.close().catch(() => undefined);
    const write = (async () => {
      await this.files.writeSnapshot(text);
      this.snapshotBytes = Buffer.byteLength(text);
      await this.files.removeJournalsBefore(created.generation);
    })();
    if (!background) {
      await write;
      return;
    }
    this.snapshotWrite = write
      .catch((err: Error) => {
        // The journals still hold everything; the next compaction tries again.
        process.emitWarning(`the state snapshot ${this.files.file} could not be written (${err.message}); the journal keeps every change`);
      })
      .finally(() => (this.snapshotWrite = undefined));
  }
}
