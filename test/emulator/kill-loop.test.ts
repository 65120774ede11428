/**
 * The kill -9 loop: the emulator (the built CLI, its own process) takes concurrent writes from every
 * account, is killed with SIGKILL at a random moment, and restarts on the same state file, round after
 * round. Every acknowledged write must survive, no file may be damaged, and nothing may pile up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { admin, automation, DEFAULT_ACCOUNTS, MANAGEMENT, signedCall, STANDALONE } from './helpers';
import { prng } from './fuzz';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/cdktf-aws-enrollment.js');
const ROUNDS = Number(process.env.KILL_ROUNDS ?? 12);
const ACCOUNTS = [DEFAULT_ACCOUNTS.management, ...DEFAULT_ACCOUNTS.members, ...DEFAULT_ACCOUNTS.standalone];
const MODES = ['BeforeDiscounts', 'AfterDiscounts'] as const;

let dir: string;
const children: ChildProcess[] = [];

function launch(statePath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--state', statePath, '--member-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, url: out.split('\n')[0].trim() });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code} before printing its URL: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/src/emulator/journal.js'))) throw new Error('the kill loop runs the built CLI; run "npx tsc -p tsconfig.json" (or npm run build) first');
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-kill-loop-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test(`${ROUNDS} rounds of concurrent writers and kill -9: no acknowledged write lost, no damaged file`, async () => {
  const statePath = path.join(dir, 'state.json');
  const r = prng(7);
  /** Per account: the last acknowledged preference and the one in flight when the process died. */
  const prefs = new Map<string, { acked?: string; inFlight?: string }>();
  /** Client tokens acknowledged in the last round (each must answer from its record afterwards). */
  let ackedTokens: Array<{ account: (typeof ACCOUNTS)[number]; token: string }> = [];
  let totalAcked = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const { child, url } = await launch(statePath);
    if (round === 0) {
      await signedCall(url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { status: 'Active', includeMemberAccounts: true }, MANAGEMENT, 'compute-optimizer');
      await signedCall(url, 'ComputeOptimizerService.UpdateEnrollmentStatus', { status: 'Active' }, STANDALONE, 'compute-optimizer');
    }

    // What the previous rounds acknowledged is all there.
    for (const a of ACCOUNTS) {
      const p = prefs.get(a.accountId);
      if (p?.acked === undefined) continue;
      const now = (await signedCall(url, 'CostOptimizationHubService.GetPreferences', {}, a, 'cost-optimization-hub')).body.savingsEstimationMode;
      expect([p.acked, p.inFlight]).toContain(now);
    }
    const before = (await admin(url, 'GET', 'state')).replayedCalls['ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration'] ?? 0;
    for (const { account, token } of ackedTokens) {
      expect((await automation(url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: token }, account)).status).toBe(200);
    }
    const replays = (await admin(url, 'GET', 'state')).replayedCalls['ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration'] ?? 0;
    expect(replays - before).toBe(ackedTokens.length);

    // Concurrent writers on every account until the kill.
    ackedTokens = [];
    let killed = false;
    const writer = async (a: (typeof ACCOUNTS)[number], kind: 'prefs' | 'tokens') => {
      for (let i = 0; !killed && i < 10_000; i++) {
        try {
          if (kind === 'prefs') {
            const mode = MODES[(i + round) % 2];
            const entry = prefs.get(a.accountId) ?? {};
            entry.inFlight = mode;
            prefs.set(a.accountId, entry);
            const res = await signedCall(url, 'CostOptimizationHubService.UpdatePreferences', { savingsEstimationMode: mode }, a, 'cost-optimization-hub');
            if (res.status === 200) prefs.set(a.accountId, { acked: mode, inFlight: undefined });
          } else {
            const token = `kill-${round}-${a.accountId}-${i}`;
            const res = await automation(url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: token }, a);
            if (res.status === 200) ackedTokens.push({ account: a, token });
          }
        } catch {
          return; // the process is gone
        }
      }
    };
    const writers = ACCOUNTS.flatMap((a) => [writer(a, 'prefs'), writer(a, 'tokens')]);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(r() * 400)));
    child.kill('SIGKILL');
    killed = true;
    await exited(child);
    await Promise.all(writers);
    totalAcked += ackedTokens.length;

    // Whatever moment the kill hit, the snapshot is whole.
    expect(() => JSON.parse(readFileSync(statePath, 'utf8'))).not.toThrow();
  }
  expect(totalAcked).toBeGreaterThan(ROUNDS * 5);
  const { child, url } = await launch(statePath);
  expect((await admin(url, 'GET', 'state')).clientTokens).toBeGreaterThanOrEqual(totalAcked);
  child.kill('SIGTERM');
  await exited(child);
  // Nothing piles up: no temp file, at most the journal of the run that just ended.
  const left = readdirSync(dir).filter((n) => n !== 'state.json');
  expect(left.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(left.filter((n) => n.includes('.journal.')).length).toBeLessThanOrEqual(2);
}, 180_000);
