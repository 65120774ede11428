// Benchmark: start-up cost of the bundled adapter, the thing every `terraform plan` pays per data source.
//
// Medians over repeated whole-process runs against the emulator (interleaved, after warm-up):
//   - bare `node -e 0`                                   (the floor)
//   - one SigV4-signed raw POST from Node (node:crypto and node:http, no SDK: the same call, the floor
//     for any Node.js program that asks AWS one thing; the goal is the adapter within 1.25x of it)
//   - bundled adapter: read compute-optimizer-enrollment (what Terraform runs)
//   - unbundled CLI:   cdktf-aws-enrollment adapter read (for reference)
//   - `aws compute-optimizer get-enrollment-status`      (the alternative)
// and one listing of an organisation of 10,000 members (time and number of calls). Node.js, the signed POST
// and the adapter run twice: without NODE_EXTRA_CA_CERTS (the figures the docs quote) and with it (the
// environment's value, else the system bundle), which makes every Node.js start parse that bundle.
//
// Usage: npm run bench:adapter            (builds first)
//        node bench/adapter.mjs [--runs N] [--members N]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 15);
const MEMBERS = arg('--members', 10_000);
const bundle = `${root}dist/adapter/adapter.cjs`;
if (!existsSync(bundle) || !existsSync(`${root}dist/src/emulator/index.js`)) {
  console.error('bench/adapter: build first (npm run build)');
  process.exit(2);
}
const { startEmulator, DEFAULT_ACCOUNTS } = require(`${root}dist/src/emulator/index.js`);
const PAGE = require(`${root}dist/src/shared/enums.js`).Limits.computeOptimizerOrganizationMaxResults.max;

const mgmt = DEFAULT_ACCOUNTS.management;
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: mgmt.accessKeyId,
  AWS_SECRET_ACCESS_KEY: mgmt.secretAccessKey,
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  // A private code-cache directory: the figures are then those of a warm cache, not of whatever other
  // builds of the adapter on this machine last wrote there.
  XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'adapter-bench-cache-')),
};
delete env.AWS_PROFILE;
delete env.NODE_EXTRA_CA_CERTS;
const CA_FILE = process.env.NODE_EXTRA_CA_CERTS || (existsSync('/etc/ssl/certs/ca-certificates.crt') ? '/etc/ssl/certs/ca-certificates.crt' : undefined);
const caEnv = CA_FILE ? { ...env, NODE_EXTRA_CA_CERTS: CA_FILE } : undefined;

// One signed POST of GetEnrollmentStatus with nothing but Node's builtins (SigV4 as the SDK signs it).
const SIGNED_POST = `const c=require('node:crypto'),h=require('node:http');
const u=new URL(process.argv[1]),body='{}',e=process.env,region='eu-west-1',service='compute-optimizer';
const d=new Date().toISOString().replace(/[-:]/g,'').replace(/\\.\\d{3}/,''),day=d.slice(0,8);
const hd={'content-type':'application/x-amz-json-1.0',host:u.host,'x-amz-date':d,'x-amz-target':'ComputeOptimizerService.GetEnrollmentStatus'};
const names=Object.keys(hd).sort(),sh=names.join(';');
const hex=(x)=>c.createHash('sha256').update(x).digest('hex'),mac=(k,x)=>c.createHmac('sha256',k).update(x).digest();
const creq='POST\\n/\\n\\n'+names.map((n)=>n+':'+hd[n]+'\\n').join('')+'\\n'+sh+'\\n'+hex(body);
const scope=day+'/'+region+'/'+service+'/aws4_request';
const key=mac(mac(mac(mac('AWS4'+e.AWS_SECRET_ACCESS_KEY,day),region),service),'aws4_request');
const sig=c.createHmac('sha256',key).update('AWS4-HMAC-SHA256\\n'+d+'\\n'+scope+'\\n'+hex(creq)).digest('hex');
hd.authorization='AWS4-HMAC-SHA256 Credential='+e.AWS_ACCESS_KEY_ID+'/'+scope+', SignedHeaders='+sh+', Signature='+sig;
const r=h.request(u,{method:'POST',headers:hd},(s)=>{let t='';s.on('data',(x)=>t+=x);s.on('end',()=>{if(s.statusCode!==200){console.error(s.statusCode,t);process.exit(1)}process.stdout.write(t)})});r.end(body);`;

/** Runs one whole process (async, so the in-process emulator keeps serving) and returns seconds. */
function timed(cmd, args, stdin, runEnv = env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: runEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${code}: ${err.trim().slice(0, 300)}`));
      else resolve({ seconds, out });
    });
    child.stdin.end(stdin ?? '');
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function hasAwsCli() {
  try {
    await timed('aws', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const emulator = await startEmulator({ quiet: true });
try {
  const payload = JSON.stringify({ schema: 'cdktf-aws-enrollment/v1', kind: 'compute-optimizer-enrollment', region: 'eu-west-1', endpoint: emulator.url });
  const cases = {
    'node -e 0': () => timed(process.execPath, ['-e', '0']),
    // The floor for any Node.js program that asks the emulator something: one unsigned request, no SDK.
    'node: one raw HTTP request': () =>
      timed(process.execPath, [
        '-e',
        `const r=require('http').request(${JSON.stringify(emulator.url)},{method:'POST',headers:{'x-amz-target':'ComputeOptimizerService.GetEnrollmentStatus','content-type':'application/x-amz-json-1.0'}},(s)=>{s.resume();s.on('end',()=>process.exit(0))});r.end('{}')`,
      ]),
    'node: one SigV4-signed POST': () => timed(process.execPath, ['-e', SIGNED_POST, emulator.url]),
    'adapter (bundled)': () => timed(process.execPath, [bundle, 'read', 'compute-optimizer-enrollment'], payload),
    'adapter (unbundled CLI)': () => timed(process.execPath, [`${root}bin/cdktf-aws-enrollment.js`, 'adapter', 'read', 'compute-optimizer-enrollment'], payload),
  };
  if (caEnv) {
    cases['node -e 0, with NODE_EXTRA_CA_CERTS'] = () => timed(process.execPath, ['-e', '0'], undefined, caEnv);
    cases['node: one SigV4-signed POST, with NODE_EXTRA_CA_CERTS'] = () => timed(process.execPath, ['-e', SIGNED_POST, emulator.url], undefined, caEnv);
    cases['adapter (bundled), with NODE_EXTRA_CA_CERTS'] = () => timed(process.execPath, [bundle, 'read', 'compute-optimizer-enrollment'], payload, caEnv);
  }
  if (await hasAwsCli()) {
    cases['aws compute-optimizer get-enrollment-status'] = () =>
      timed('aws', ['compute-optimizer', 'get-enrollment-status', '--endpoint-url', emulator.url, '--region', 'eu-west-1', '--output', 'json']);
  }
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const run of Object.values(cases)) await run(); // warm-up: page cache, emulator JIT
  for (let i = 0; i < RUNS; i++) {
    for (const [name, run] of Object.entries(cases)) {
      if (name.startsWith('aws') && i >= Math.max(5, Math.ceil(RUNS / 2))) continue; // slow; fewer runs suffice
      samples[name].push((await run()).seconds);
    }
  }
  const cacheDir = join(env.XDG_CACHE_HOME, 'cdktf-aws-enrollment');
  const cacheFiles = existsSync(cacheDir) ? readdirSync(cacheDir).map((f) => `${f} (${statSync(join(cacheDir, f)).size} bytes)`) : [];
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const mins = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.min(...v)]));
  const node = m['node -e 0'];
  const adapter = m['adapter (bundled)'];
  const signed = m['node: one SigV4-signed POST'];
  const load = (await import('node:os')).loadavg()[0];
  console.log(`adapter start-up benchmark (${RUNS} interleaved runs each, medians, against the emulator; load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs)`);
  for (const [name, v] of Object.entries(m)) {
    const over = name === 'node -e 0' ? '' : `  +${((v - node) * 1000).toFixed(0)} ms over node`;
    console.log(
      `  ${name.padEnd(46)} ${(v * 1000).toFixed(0).padStart(6)} ms  ${(v / node).toFixed(2)}x node${over}  (min ${(mins[name] * 1000).toFixed(0)} ms = ${(mins[name] / mins['node -e 0']).toFixed(2)}x; n=${samples[name].length})`,
    );
  }
  console.log(`  code cache: ${cacheFiles.join(', ') || 'none'}`);
  const signedRatio = adapter / signed;
  const signedMinRatio = mins['adapter (bundled)'] / mins['node: one SigV4-signed POST'];
  // Each round runs every case once, so the two are paired within a round; the median of the rounds' ratios
  // holds better than the ratio of medians when the machine's speed drifts during the run.
  const pairedRatio = median(samples['adapter (bundled)'].map((v, i) => v / samples['node: one SigV4-signed POST'][i]));
  console.log(`  goal: bundled adapter read <= 1.25x one signed raw POST: medians ${signedRatio.toFixed(2)}x ${signedRatio <= 1.25 ? 'MET' : 'NOT MET'}, minimums ${signedMinRatio.toFixed(2)}x ${signedMinRatio <= 1.25 ? 'MET' : 'NOT MET'}, paired (median of the rounds' ratios) ${pairedRatio.toFixed(2)}x ${pairedRatio <= 1.25 ? 'MET' : 'NOT MET'}`);
  if (caEnv) {
    const ca = m['adapter (bundled), with NODE_EXTRA_CA_CERTS'];
    console.log(`  NODE_EXTRA_CA_CERTS=${CA_FILE}: node -e 0 +${((m['node -e 0, with NODE_EXTRA_CA_CERTS'] - node) * 1000).toFixed(0)} ms, adapter read +${((ca - adapter) * 1000).toFixed(0)} ms (${(ca / m['node: one SigV4-signed POST, with NODE_EXTRA_CA_CERTS']).toFixed(2)}x the signed POST with it)`);
  }
  // On a busy machine the medians mostly measure the scheduler; the minimums are the closest to an idle one.
  const minRatio = mins['adapter (bundled)'] / mins['node -e 0'];
  console.log(`  goal: bundled adapter <= 1.35x bare node: medians ${(adapter / node).toFixed(2)}x ${adapter / node <= 1.35 ? 'MET' : 'NOT MET'}, minimums ${minRatio.toFixed(2)}x ${minRatio <= 1.35 ? 'MET' : 'NOT MET'}`);
  const aws = m['aws compute-optimizer get-enrollment-status'];
  if (aws) console.log(`  goal: >= 5x faster than the aws CLI: ${(aws / adapter).toFixed(1)}x ${aws / adapter >= 5 ? 'MET' : 'NOT MET'}`);
} finally {
  await emulator.close();
}

// Listing a large organisation: the page size is the operation's documented maximum, so N members take ceil(N/max) calls.
{
  const members = Array.from({ length: MEMBERS }, (_, i) => {
    const id = String(100_000_000_000 + i).padStart(12, '0');
    return { accountId: id, accessKeyId: `EMULATORBENCH${String(i).padStart(7, '0')}`, secretAccessKey: `bench-${i}` };
  });
  const big = await startEmulator({ quiet: true, accounts: { management: mgmt, members } });
  try {
    const payload = JSON.stringify({ schema: 'cdktf-aws-enrollment/v1', kind: 'compute-optimizer-organization-statuses', region: 'eu-west-1', endpoint: big.url });
    await fetch(`${big.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const { seconds, out } = await timed(process.execPath, [bundle, 'read', 'compute-optimizer-organization-statuses'], payload);
    const state = await (await fetch(`${big.url}/_emulator/state`)).json();
    const calls = state.calls['ComputeOptimizerService.GetEnrollmentStatusesForOrganization'];
    const count = JSON.parse(out).accountCount;
    console.log(`organisation listing: ${count} members in ${(seconds * 1000).toFixed(0)} ms (whole process), ${calls} calls (minimum ${Math.ceil(MEMBERS / PAGE)})`);
    console.log(`  goal: ${MEMBERS} members in under 2 s with the minimum number of calls: ${seconds < 2 && calls === Math.ceil(MEMBERS / PAGE) ? 'MET' : 'NOT MET'}`);
  } finally {
    await big.close();
  }
}
