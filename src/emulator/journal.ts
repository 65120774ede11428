/**
 * The state file on disk: a snapshot (`FILE`, the whole state as JSON) plus a write-ahead journal
 * (`FILE.journal.<generation>`) of the changes made since. A change is acknowledged once its journal line
 * is written and fdatasync'd, so a write costs one short append whatever the size of the state; changes
 * that arrive together share one append. When the journal outgrows the snapshot, a new snapshot is written
 * in the background (temp file, fsync, rename, fsync of the directory) and the old journal deleted.
 *
 * Every line carries a checksum; a line that is incomplete or damaged was never acknowledged (nothing after
 * it was either: each append is synced before the next starts), so reading stops there. Temp files are
 * created exclusively (O_EXCL, O_NOFOLLOW) under unpredictable names, so a planted file or symlink is never
 * written through; journals are created exclusively too. Leftovers of a killed run are removed at start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, promises as fsp, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

/** The journal is compacted once it is larger than the last snapshot, and at least this large. */
export const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

const EXCLUSIVE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0);

function checksum(seq: number, payload: string): string {
  return createHash('sha256').update(`${seq}\t${payload}`).digest('hex').slice(0, 16);
}

export function journalLine(seq: number, payload: string): string {
  return `${seq}\t${checksum(seq, payload)}\t${payload}\n`;
}

export interface LoadedFiles {
  /** The snapshot's text, if the file exists. */
  readonly snapshot?: string;
  /** Journal payloads in order, from every generation found (the caller skips those the snapshot holds). */
  readonly records: ReadonlyArray<{ readonly seq: number; readonly payload: unknown }>;
  /** The highest journal generation found (0 when none). */
  readonly generation: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class StateFiles {
  readonly file: string;
  private readonly dir: string;
  private readonly base: string;

  constructor(file: string) {
    this.file = path.resolve(file);
    this.dir = path.dirname(this.file);
    this.base = path.basename(this.file);
  }

  private journalPath(generation: number): string {
    return `${this.file}.journal.${generation}`;
  }

  private journalGenerations(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const re = new RegExp(`^${escapeRegExp(this.base)}\\.journal\\.(\\d{1,15})$`);
    return names
      .map((n) => re.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** Removes temp files left by killed runs (this version's and the older `<file>.<pid>.tmp`). */
  removeStaleTemps(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const re = new RegExp(`^${escapeRegExp(this.base)}\\.(?:[0-9a-f]{32}|\\d{1,10})\\.tmp$`);
    const removed: string[] = [];
    for (const n of names) {
      if (!re.test(n)) continue;
      const p = path.join(this.dir, n);
      try {
        const st = lstatSync(p);
        // unlink removes a symlink itself, never its target.
        if (st.isFile() || st.isSymbolicLink()) {
          unlinkSync(p);
          removed.push(n);
        }
      } catch {
        // Gone already, or not ours to remove.
      }
    }
    return removed;
  }

  load(): LoadedFiles {
    let snapshot: string | undefined;
    try {
      snapshot = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read state file ${this.file}: ${(err as Error).message}`);
    }
    const generations = this.journalGenerations();
    const records: Array<{ seq: number; payload: unknown }> = [];
    for (const g of generations) {
      let text: string;
      try {
        // Only regular files are journals: a symlink (or anything else) planted under a journal's name is
        // skipped, and removed with the old journals once the new snapshot is written.
        if (!lstatSync(this.journalPath(g)).isFile()) continue;
        // O_NOFOLLOW: a journal replaced by a symlink is not read through it.
        const fd = openSync(this.journalPath(g), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
        try {
          text = readFileSync(fd, 'utf8');
        } finally {
          closeSync(fd);
        }
      } catch (err) {
        throw new Error(`cannot read state journal ${this.journalPath(g)}: ${(err as Error).message}; remove it to start from the snapshot alone`);
      }
      let from = 0;
      for (;;) {
        const nl = text.indexOf('\n', from);
        if (nl < 0) break; // an incomplete last line was never acknowledged
        const line = text.slice(from, nl);
        from = nl + 1;
        const t1 = line.indexOf('\t');
        const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
        const seq = t1 > 0 ? Number(line.slice(0, t1)) : NaN;
        const payload = t2 > 0 ? line.slice(t2 + 1) : '';
        if (!Number.isSafeInteger(seq) || line.slice(t1 + 1, t2) !== checksum(seq, payload)) break;
        try {
          records.push({ seq, payload: JSON.parse(payload) });
        } catch {
          break;
        }
      }
    }
    return { snapshot, records, generation: generations.length > 0 ? generations[generations.length - 1] : 0 };
  }

  /** Writes `text` as the new snapshot: exclusive temp file, fsync, rename over the file, fsync of the directory. */
  async writeSnapshot(text: string): Promise<void> {
    const tmp = path.join(this.dir, `${this.base}.${randomBytes(16).toString('hex')}.tmp`);
    const handle = await fsp.open(tmp, EXCLUSIVE, 0o600);
    try {
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(tmp, this.file);
    } catch (err) {
      await fsp.unlink(tmp).catch(() => undefined);
      throw err;
    }
    await this.syncDirectory();
  }

  /** Creates the journal of `generation` (exclusively), or the next free one. */
  async createJournal(generation: number): Promise<{ generation: number; handle: fsp.FileHandle }> {
    for (let g = generation; g < generation + 100; g++) {
      try {
        const handle = await fsp.open(this.journalPath(g), EXCLUSIVE | constants.O_APPEND, 0o600);
        await this.syncDirectory();
        return { generation: g, handle };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`cannot create a journal next to ${this.file}: generations ${generation}-${generation + 99} all exist; remove the stray ${this.base}.journal.* files`);
  }

  /** Deletes every journal older than `generation` (their changes are in the snapshot). */
  async removeJournalsBefore(generation: number): Promise<void> {
    for (const g of this.journalGenerations()) if (g < generation) await fsp.unlink(this.journalPath(g)).catch(() => undefined);
    await this.syncDirectory();
  }

  private async syncDirectory(): Promise<void> {
    const dir = await fsp.open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

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
