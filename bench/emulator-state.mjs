// Benchmark: how long one durable write takes as the emulator's state grows with client-token records.
//
// For each token count (BENCH_TOKENS, default 0,1000,10000) it writes a state file holding that many
// idempotency records (each shaped like an AssociateAccounts call with 50 account ids, the largest the API
// takes), starts the built CLI on it with --state, and times BENCH_WRITES (default 200) sequential signed
// Cost Optimization Hub UpdatePreferences calls: each is acknowledged only once its change is on disk, so
// the latency is the state write. Prints p50/p99/max per token count, then one JSON line.
// BENCH_ROOT points at another checkout's build (to compare two versions on the same machine).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.env.BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const require = createRequire(import.meta.url);
let emulatorModule;
try {
  emulatorModule = require(path.join(root, 'dist/src/emulator/index.js'));
} catch {
  console.error(`bench/emulator-state: ${root}/dist/src/emulator is missing; run "npm run build" first`);
  process.exit(2);
}
const { signRequest, DEFAULT_ACCOUNTS } = emulatorModule;
const TOKENS = (process.env.BENCH_TOKENS ?? '0,1000,10000').split(',').map(Number);
const WRITES = Number(process.env.BENCH_WRITES ?? 200);
const account = DEFAULT_ACCOUNTS.management;

/** A v1 state file (the format every version reads) with `n` remembered AssociateAccounts calls. */
function stateFile(file, n) {
  const now = Date.now();
  const fresh = () => ({
    computeOptimizer: { status: 'Active', lastUpdated: now, recommendationData: 'present' },
    automation: { status: 'Active', lastUpdated: now, organizationRuleMode: 'NoneAllowed', associated: false, rules: 'stopped' },
    costOptimizationHub: {
      status: 'Inactive',
      lastUpdated: now,
      created: now,
      preferences: { savingsEstimationMode: 'BeforeDiscounts', memberAccountDiscountVisibility: 'All', preferredCommitment: { term: 'ThreeYears', paymentOption: 'AllUpfront' } },
    },
  });
  const accounts = {};
  for (const a of [DEFAULT_ACCOUNTS.management, ...DEFAULT_ACCOUNTS.members, ...DEFAULT_ACCOUNTS.standalone]) accounts[a.accountId] = fresh();
  const ids = Array.from({ length: 50 }, (_, i) => String(900000000000 + i));
  const idempotency = {};
  for (let i = 0; i < n; i++) {
    const key = `${account.accountId} AssociateAccounts bench-token-${i}`;
    idempotency[key] = { fingerprint: JSON.stringify({ accountIds: ids }), response: { accountIds: [], errors: ids.map((id) => `${id}: not a member account of this organization`) }, at: now - (n - i) };
  }
  writeFileSync(file, JSON.stringify({ format: 'cdktf-aws-enrollment-emulator/v1', clockOffsetMs: 0, memberEnrollmentDelayMs: 0, accounts, idempotency }));
}

function startServer(statePath) {
  const child = spawn(process.execPath, [path.join(root, 'bin/cdktf-aws-enrollment.js'), 'emulator', '--port', '0', '--state', statePath], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('emulator did not start within 60 s')), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, url: new URL(out.split('\n')[0].trim()) });
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

async function write(url, i) {
  const body = JSON.stringify({ savingsEstimationMode: i % 2 === 0 ? 'AfterDiscounts' : 'BeforeDiscounts' });
  const headers = signRequest({
    url,
    body,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'CostOptimizationHubService.UpdatePreferences' },
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    region: 'us-east-1',
    service: 'cost-optimization-hub',
  });
  delete headers.host;
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`UpdatePreferences answered ${res.status}`);
  return performance.now() - t0;
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-emulator-state-'));
const results = [];
try {
  console.log(`emulator durable write latency (${WRITES} sequential UpdatePreferences per level), ${root}, node ${process.version}`);
  console.log('tokens   state bytes   p50 ms   p99 ms   max ms');
  for (const n of TOKENS) {
    const file = path.join(dir, `state-${n}.json`);
    stateFile(file, n);
    const bytes = statSync(file).size;
    const { child, url } = await startServer(file);
    try {
      for (let i = 0; i < 10; i++) await write(url, i); // warm-up
      const times = [];
      for (let i = 0; i < WRITES; i++) times.push(await write(url, i));
      times.sort((a, b) => a - b);
      const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
      const r = { tokens: n, stateBytes: bytes, p50: pct(50), p99: pct(99), max: times[times.length - 1] };
      results.push(r);
      console.log(`${String(n).padStart(6)}  ${String(bytes).padStart(12)}  ${r.p50.toFixed(2).padStart(7)}  ${r.p99.toFixed(2).padStart(7)}  ${r.max.toFixed(2).padStart(7)}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  console.log(`temp files left after the runs: ${leftovers.length === 0 ? 'none' : leftovers.join(', ')}`);
  console.log(JSON.stringify({ bench: 'emulator-state', writes: WRITES, results }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
