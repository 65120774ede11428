/**
 * Something expensive that several test files of one jest run need, made once for all of them: the first
 * file to ask makes it (under a lock directory, so two workers never make it together) and the others wait
 * for it and read the same result. It lives in the run's directory (test/global-setup.js), so every run makes
 * it anew: nothing is cached across runs. Without that directory (a file run under another configuration)
 * each caller makes its own.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const WAIT_MS = 10 * 60_000;

/**
 * Runs `make(dir)` once per jest run for `name` and returns what it returned (as JSON) to every caller; a
 * failure is every caller's failure, with the maker's message.
 */
export async function sharedOnce<T>(name: string, make: (dir: string) => Promise<T>): Promise<{ dir: string; value: T }> {
  const runDir = process.env.ENROLLMENT_TEST_RUN_DIR;
  if (!runDir || !existsSync(runDir)) {
    const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
    return { dir, value: await make(dir) };
  }
  const dir = path.join(runDir, name);
  const done = path.join(runDir, `${name}.done.json`);
  let maker = false;
  try {
    mkdirSync(dir);
    maker = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Written whole, then renamed into place: a waiting reader never sees half of it.
  const finish = (outcome: unknown) => {
    writeFileSync(`${done}.partial`, JSON.stringify(outcome));
    renameSync(`${done}.partial`, done);
  };
  if (maker) {
    try {
      const value = await make(dir);
      finish({ ok: true, value });
      return { dir, value };
    } catch (err) {
      finish({ ok: false, message: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }
  const started = Date.now();
  while (!existsSync(done)) {
    if (Date.now() - started > WAIT_MS) throw new Error(`${name}: another test file has been making it for ${WAIT_MS / 60_000} minutes (${dir})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const outcome = JSON.parse(readFileSync(done, 'utf8'));
  if (!outcome.ok) throw new Error(`${name}: the test file that made it failed: ${outcome.message}`);
  return { dir, value: outcome.value as T };
}
