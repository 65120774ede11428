/**
 * The state's files (./journal.ts says how they are used): the snapshot `FILE`, the journals
 * `FILE.journal.<generation>`, and the temp files a snapshot is written through. Every file is created
 * exclusively (O_EXCL, O_NOFOLLOW) and temp files get unpredictable names, so a planted file or symlink is
 * never written through; only regular files are read as journals. Leftovers of a killed run are removed at
 * start. Journal lines carry a checksum, so a line cut short by a crash is recognised and reading stops there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, promises as fsp, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

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
