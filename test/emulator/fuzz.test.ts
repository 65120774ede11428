/**
 * The bounded fuzzer (./fuzz.ts) against a durable emulator: a few thousand seeded cases, every class
 * against every operation. FUZZ_SEED and FUZZ_CASES reproduce or widen a run; a failure names its case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator';
import { admin, automation, MANAGEMENT, signedCall, STANDALONE, type Emulator } from './helpers';
import { generateCases, judge, MODELS, servedOperations } from './fuzz';
import type { RawAnswer } from './raw-http';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_111);
const COUNT = Number(process.env.FUZZ_CASES ?? 3000);
/** An emulator already running elsewhere (another build, to compare); its state is then not reloaded. */
const EXTERNAL = process.env.FUZZ_EMULATOR_URL;

let dir: string;
let statePath: string;
let emu: Emulator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-fuzz-'));
  statePath = path.join(dir, 'state.json');
  emu = EXTERNAL ? { url: EXTERNAL, close: async () => undefined } : await startEmulator({ quiet: true, statePath, memberEnrollmentDelayMs: 0 });
  // Enrolled, so the Automation operations get past their opt-in check and into their inputs.
  await signedCall(emu.url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
  await signedCall(emu.url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { status: 'Active' }, STANDALONE, 'compute-optimizer');
  await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active' });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The state without what every call changes (clock reading, counts, faults). */
async function durableState(url: string): Promise<string> {
  // An external emulator may be restarted by its supervisor after a crash: wait for it (the crash is
  // already a failure of the case that caused it).
  for (let attempt = 0; ; attempt++) {
    try {
      const { now: _now, calls: _calls, replayedCalls: _replays, faults: _faults, ...rest } = await admin(url, 'GET', 'state');
      return JSON.stringify(rest);
    } catch (err) {
      if (!EXTERNAL || attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

test(`${COUNT} fuzzed requests: every answer modelled, no error changes state, nothing survives only in memory`, async () => {
  const started = Date.now();
  const cases = generateCases(SEED, COUNT, new URL(emu.url).host);
  const failures: string[] = [];
  const perClass = new Map<string, { cases: number; errors: number }>();
  let digest = await durableState(emu.url);
  for (const c of cases) {
    let answer: RawAnswer;
    try {
      answer = await c.send(emu.url);
    } catch (err) {
      answer = { status: 0, headers: {}, body: String(err) };
    }
    let problem = judge(c, answer);
    const after = await durableState(emu.url);
    const isError = answer.status === 0 || answer.status >= 400;
    if (isError && c.cls !== 'framing-pipelined' && after !== digest) problem ??= 'an error answer changed the state';
    digest = after;
    const tally = perClass.get(c.cls) ?? { cases: 0, errors: 0 };
    tally.cases++;
    if (isError) tally.errors++;
    perClass.set(c.cls, tally);
    if (problem) failures.push(`case ${c.index} (seed ${SEED}) [${c.cls}] ${c.target}: ${problem}; request: ${c.describe}`);
  }
  // Every answered change is in the journal: a new process on the same file sees the same state.
  if (EXTERNAL) {
    const alive = await fetch(`${EXTERNAL}/_emulator/state`).then((r) => r.ok, () => false);
    if (!alive) failures.push('the external emulator no longer answers');
    const byClass = new Map<string, number>();
    for (const f of failures) {
      const cls = /\[([a-z-]+)\]/.exec(f)?.[1] ?? '?';
      byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
    }
    process.stderr.write(`fuzz (external ${EXTERNAL}): seed ${SEED}, ${cases.length} cases, ${failures.length} failures in ${byClass.size} classes: ${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}\n${failures.slice(0, 40).join('\n')}\n`);
    expect(failures.slice(0, 20)).toEqual([]);
    return;
  }
  await emu.close();
  emu = await startEmulator({ quiet: true, statePath, memberEnrollmentDelayMs: 0 });
  const reloaded = await durableState(emu.url);
  if (reloaded !== digest) failures.push(`the reloaded state differs from the served one:\n  served   ${digest}\n  reloaded ${reloaded}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const unmodelled = servedOperations().filter((o) => MODELS[o.target] === undefined).map((o) => o.target);
  if (unmodelled.length > 0) process.stderr.write(`fuzz: no model entry (generic checks only; add them to test/emulator/fuzz.ts MODELS): ${unmodelled.join(', ')}\n`);
  process.stderr.write(
    `fuzz: seed ${SEED}, ${cases.length} cases, ${perClass.size} classes, ${servedOperations().length} operations, ${failures.length} failures, ${seconds} s\n` +
      [...perClass].map(([cls, t]) => `  ${cls.padEnd(26)} ${String(t.cases).padStart(4)} cases, ${String(t.errors).padStart(4)} errors`).join('\n') +
      '\n',
  );
  expect(failures.slice(0, 20)).toEqual([]);
}, 180_000);
