// Benchmark: the emulator's throughput and latency for signed GetEnrollmentStatus calls.
//
// The emulator runs as its own process (the built CLI, signature verification on); this process is the
// client: 1, 10 and 50 concurrent callers over keep-alive connections, each request freshly SigV4-signed.
// Prints requests/s and p50/p99 latency per level (closed loop: maximum throughput), then p50/p99 while 50
// clients offer 3,000 calls/s on a timetable (the goal's load): each call is sent when it is due, latency counts
// from the real send, and the send lag is printed beside it. BENCH_SECONDS (default 5) sets each level's duration.
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// BENCH_ROOT measures another checkout's build with this same load generator (to compare two versions).
const root = path.resolve(process.env.BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const require = createRequire(import.meta.url);
let emulatorModule;
try {
  emulatorModule = require(path.join(root, 'dist/src/emulator/index.js'));
} catch {
  console.error('bench/emulator: dist/src/emulator is missing; run "npm run build" (or npx tsc -p tsconfig.json) first');
  process.exit(2);
}
const { signRequest, DEFAULT_ACCOUNTS } = emulatorModule;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const WARMUP_MS = 500;
/** The goal's load: 3,000 calls/s offered by 50 clients, at which p99 must stay under 10 ms. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 3000);
const PACED_REPEATS = Math.max(1, Number(process.env.BENCH_PACED_REPEATS ?? 3));
const TARGET = 'ComputeOptimizerService.GetEnrollmentStatus';
const BODY = '{}';
const account = DEFAULT_ACCOUNTS.management;

function startServer() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [path.join(root, 'bin/cdktf-aws-enrollment.js'), 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('emulator did not start within 15 s')), 15_000);
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

/**
 * A minimal keep-alive HTTP/1.1 client over one socket (like wrk's), so that on this 2-core machine the
 * load generator does not steal the CPU the emulator is being measured on. Every request is freshly signed.
 */
class Connection {
  constructor(url) {
    this.url = url;
    this.socket = net.connect(Number(url.port), url.hostname);
    this.socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.waiting = undefined;
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', (err) => this.waiting?.reject(err));
  }

  onData(d) {
    this.buffer = this.buffer.length === 0 ? d : Buffer.concat([this.buffer, d]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const status = Number(head.slice(9, 12));
    this.buffer = this.buffer.subarray(end + 4 + length);
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve(status);
  }

  call() {
    const headers = signRequest({
      url: this.url,
      body: BODY,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': TARGET },
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
      region: 'eu-west-1',
      service: 'compute-optimizer',
    });
    let text = 'POST / HTTP/1.1\r\n';
    for (const [k, v] of Object.entries(headers)) text += `${k}: ${v}\r\n`;
    text += `content-length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(text);
    });
  }

  close() {
    this.socket.destroy();
  }
}

/** Percentile of a sorted array. */
function pct(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Closed loop: every client sends its next call as soon as the last one is answered (maximum throughput). */
async function closedLoop(url, concurrency) {
  const connections = Array.from({ length: concurrency }, () => new Connection(url));
  const latencies = [];
  let errors = 0;
  const warmupEnd = performance.now() + WARMUP_MS;
  const end = warmupEnd + SECONDS * 1000;
  async function worker(conn) {
    // Bounded by time: every iteration awaits one round trip.
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await conn.call();
      const t1 = performance.now();
      if (t0 >= warmupEnd && t0 < end) {
        latencies.push(t1 - t0);
        if (status !== 200) errors++;
      }
    }
  }
  await Promise.all(connections.map((c) => worker(c)));
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  return { concurrency, mode: 'max', requests: latencies.length, errors, rps: latencies.length / SECONDS, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/**
 * Open loop: calls are due on a fixed timetable (`rate` per second in total) and each is sent when it is
 * due, on whichever of the `concurrency` connections is free; latency counts from the real send. A call
 * that finds no free connection waits for one: that wait is the send lag, reported on its own (p99 and
 * how many calls went out more than 1 ms late), so a stall shows instead of hiding in the latency.
 */
async function paced(url, concurrency, rate) {
  const connections = Array.from({ length: concurrency }, () => new Connection(url));
  const idle = [...connections];
  const latencies = [];
  const lags = [];
  let errors = 0;
  let inFlight = 0;
  const interval = 1000 / rate;
  const start = performance.now() + 50;
  const warmupEnd = start + WARMUP_MS;
  const end = warmupEnd + SECONDS * 1000;
  let next = start;
  await new Promise((resolve) => {
    const send = (conn, due) => {
      const t0 = performance.now();
      inFlight++;
      conn.call().then(
        (status) => {
          const t1 = performance.now();
          inFlight--;
          idle.push(conn);
          if (due >= warmupEnd && due < end) {
            latencies.push(t1 - t0);
            lags.push(t0 - due);
            if (status !== 200) errors++;
          }
          tick();
        },
        () => {
          inFlight--;
          errors++;
        },
      );
    };
    // Sends every call that is due and has a free connection; called by a timer and on every answer.
    function tick() {
      const now = performance.now();
      while (next <= now && next < end && idle.length > 0) {
        send(idle.pop(), next);
        next += interval;
      }
      if (next >= end) {
        if (inFlight === 0) resolve();
        return;
      }
      if (idle.length > 0) timer = setTimeout(tick, Math.max(0, next - performance.now()));
    }
    let timer = setTimeout(tick, Math.max(0, start - performance.now()));
  });
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const late = lags.filter((l) => l > 1).length;
  return {
    concurrency,
    mode: `paced ${rate}/s`,
    requests: latencies.length,
    errors,
    rps: latencies.length / SECONDS,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    sendLagP99: pct(lags, 99),
    lateSends: late,
  };
}

const level = (url, concurrency, rate) => (rate ? paced(url, concurrency, rate) : closedLoop(url, concurrency));

const { child, url } = await startServer();
try {
  console.log(`emulator GetEnrollmentStatus, SigV4 verified, ${SECONDS}s per level, server in its own process, node ${process.version}`);
  // NODE_EXTRA_CA_CERTS costs each Node.js start (parsing the bundle) and nothing after it: the server is
  // started without it, and the same figures hold with it, since no start-up is inside a measured call.
  console.log(`NODE_EXTRA_CA_CERTS: ${process.env.NODE_EXTRA_CA_CERTS ? 'set here, removed for the server' : 'not set'}; it adds to process start-up only, which no figure below contains (with and without it they are the same)`);
  console.log('clients  mode           requests  errors   req/s   p50 ms  p99 ms  (paced: send lag p99 ms, sends > 1 ms late)');
  const results = [];
  // The paced level runs PACED_REPEATS times: on a shared 2-core machine one run can land on another
  // suite's burst; every run is printed, and the goal is judged on the median p99.
  const runs = [...LEVELS.map((c) => [c, undefined]), ...Array.from({ length: PACED_REPEATS }, () => [50, PACED_RATE])];
  for (const [c, rate] of runs) {
    const r = await level(url, c, rate);
    results.push(r);
    const lag = r.sendLagP99 === undefined ? '' : `  ${r.sendLagP99.toFixed(2).padStart(6)}  ${String(r.lateSends).padStart(6)}`;
    console.log(
      `${String(c).padStart(7)}  ${r.mode.padEnd(13)}  ${String(r.requests).padStart(8)}  ${String(r.errors).padStart(6)}  ${r.rps.toFixed(0).padStart(6)}  ${r.p50.toFixed(2).padStart(6)}  ${r.p99.toFixed(2).padStart(6)}${lag}`,
    );
  }
  const max50 = results.find((r) => r.concurrency === 50 && r.mode === 'max');
  const pacedRuns = results.filter((r) => r.mode !== 'max').sort((a, b) => a.p99 - b.p99);
  const paced = pacedRuns[Math.floor((pacedRuns.length - 1) / 2)];
  if (pacedRuns.length > 1) console.log(`paced ${PACED_RATE}/s at 50 clients, median of ${pacedRuns.length} runs: p50 ${paced.p50.toFixed(2)} ms, p99 ${paced.p99.toFixed(2)} ms`);
  const ok = max50 && paced && max50.rps >= 3000 && paced.rps >= 0.95 * PACED_RATE && paced.p99 < 10 && max50.errors + pacedRuns.reduce((n, r) => n + r.errors, 0) === 0;
  console.log(`goal at 50 clients (>= 3000 req/s; median p99 < 10 ms while serving ${PACED_RATE} req/s; no errors): ${ok ? 'met' : 'NOT met'}`);
  console.log(JSON.stringify({ bench: 'emulator', results }));
} finally {
  child.kill('SIGTERM');
}
