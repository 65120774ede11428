// Benchmark: whole-process `cdktf synth` cost of the example app (main.ts), against
//   - the floor: a bare cdktf app with one terraform_data resource, and
//   - the same enrollment declared with @cdktf/provider-aws imported from its package root (the usual
//     alternative; installed by this script into .bench/provider-aws, never a dependency).
// Each row runs the app as the cdktf CLI does (node <app>.js with CDKTF_OUTDIR), interleaved, after a warm-up;
// prints median and best wall time and the peak RSS of the process (/usr/bin/time when present).
//
// Usage: npm run bench:synth            (builds first)
//        node bench/synth.mjs [--runs N] [--skip-provider-aws]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const RUNS = Math.max(1, Math.min(50, Number(runsFlag >= 0 ? args[runsFlag + 1] : 7) || 7));
const SKIP_AWS = args.includes('--skip-provider-aws');
const GOAL = 1.2;

const mainJs = path.join(root, 'dist', 'main.js');
const adapter = path.join(root, 'dist', 'adapter', 'adapter.cjs');
for (const [file, what] of [[mainJs, 'dist/main.js'], [adapter, 'dist/adapter/adapter.cjs']]) {
  if (!existsSync(file)) {
    console.error(`bench:synth: ${what} is missing; run \`npm run build\` first (npm run bench:synth does)`);
    process.exit(1);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'bench-synth-'));
const cdktfDir = path.join(root, 'node_modules', 'cdktf');

// The floor: what any cdktf app pays (load cdktf, build a tree, write cdktf.out), with one raw
// terraform_data resource. cdktf's DataResource class is shown separately: it runs `terraform version`
// through a shell at synth time, per instance.
const bare = path.join(work, 'bare.js');
writeFileSync(
  bare,
  `const { App, TerraformStack, TerraformResource } = require(${JSON.stringify(cdktfDir)});
const app = new App();
const stack = new TerraformStack(app, 'bare');
new TerraformResource(stack, 'one', { terraformResourceType: 'terraform_data' }).addOverride('input', { status: 'Active' });
app.synth();
`,
);
const bareDataResource = path.join(work, 'bare-data-resource.js');
writeFileSync(
  bareDataResource,
  `const { App, TerraformStack, DataResource } = require(${JSON.stringify(cdktfDir)});
const app = new App();
const stack = new TerraformStack(app, 'bare');
new DataResource(stack, 'one', { input: { status: 'Active' } });
app.synth();
`,
);

// Many accounts: one OrganizationOptimizationEnrollment each (the first with member accounts and status
// reads, the others through their own profile), to show that synthesis grows linearly with the stack.
const accountsApp = path.join(work, 'accounts.js');
writeFileSync(
  accountsApp,
  `const { App, TerraformStack } = require(${JSON.stringify(cdktfDir)});
const lib = require(${JSON.stringify(path.join(root, 'dist', 'src', 'index.js'))});
const n = Number(process.argv[2]);
const app = new App();
const stack = new TerraformStack(app, 'accounts');
lib.EnrollmentDefaults.set(stack, { region: 'us-east-1' });
new lib.OrganizationOptimizationEnrollment(stack, 'Account1', { includeMemberAccounts: true });
for (let i = 1; i < n; i++) new lib.OrganizationOptimizationEnrollment(stack, 'Account' + (i + 1), { profile: 'member-' + i, includeMemberAccounts: false, statusReport: false });
app.synth();
`,
);
// NODE_EXTRA_CA_CERTS: every row runs without it; two rows repeat with it (the environment's value, else the
// system bundle), which every Node.js start then parses.
const CA_FILE = process.env.NODE_EXTRA_CA_CERTS || (existsSync('/etc/ssl/certs/ca-certificates.crt') ? '/etc/ssl/certs/ca-certificates.crt' : undefined);

const rows = [
  { name: 'bare cdktf app, one resource (floor)', argv: [bare], cwd: work },
  { name: 'main.ts (this library, compiled)', argv: [mainJs], cwd: root },
  { name: 'bare app, one cdktf DataResource', argv: [bareDataResource], cwd: work },
  // What `npm start` runs after the build: the CLI-like wrapper plus the app in a child process.
  { name: 'scripts/synth.mjs + main.ts (npm start)', argv: [path.join(root, 'scripts', 'synth.mjs'), '--output', '<OUT>'], cwd: root },
  { name: '50 accounts', argv: [accountsApp, '50'], cwd: work },
  { name: '200 accounts (goal: <= 1.5 s)', argv: [accountsApp, '200'], cwd: work },
  ...(CA_FILE
    ? [
        { name: 'floor, with NODE_EXTRA_CA_CERTS', argv: [bare], cwd: work, ca: true },
        { name: 'main.ts, with NODE_EXTRA_CA_CERTS', argv: [mainJs], cwd: root, ca: true },
      ]
    : []),
];

function run(cmd, argv, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, out, err: e.message });
    });
  });
}

// @cdktf/provider-aws, installed once into .bench/provider-aws (gitignored) with the registry's ordinary client.
async function providerAwsRow() {
  const dir = path.join(root, '.bench', 'provider-aws');
  const installed = path.join(dir, 'node_modules', '@cdktf', 'provider-aws');
  if (!existsSync(installed)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-provider-aws', private: true }));
    process.stderr.write('bench:synth: installing @cdktf/provider-aws into .bench/provider-aws (once)...\n');
    const npm = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@cdktf/provider-aws@^21', 'cdktf@0.21.0', 'constructs@^10'], {
      cwd: dir,
      env: process.env,
    });
    if (npm.code !== 0 || !existsSync(installed)) {
      return { skipped: `npm install @cdktf/provider-aws failed: ${(npm.err.trim().split('\n').pop() || `exit ${npm.code}`).slice(0, 200)}` };
    }
  }
  const app = path.join(dir, 'app.js');
  // Root import, as most projects write it; the three enrollments as the provider's resources.
  writeFileSync(
    app,
    `const { App, TerraformStack } = require('cdktf');
const aws = require('@cdktf/provider-aws');
const app = new App();
const stack = new TerraformStack(app, 'aws');
new aws.provider.AwsProvider(stack, 'aws', { region: 'us-east-1' });
new aws.computeoptimizerRecommendationPreferences.ComputeoptimizerRecommendationPreferences(stack, 'co', { resourceType: 'Ec2Instance', scope: [{ name: 'Organization', value: '111111111111' }] });
new aws.costoptimizationhubEnrollmentStatus.CostoptimizationhubEnrollmentStatus(stack, 'hub', { includeMemberAccounts: true });
app.synth();
`,
  );
  const version = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version;
  return { name: `@cdktf/provider-aws ${version} root import`, argv: [app], cwd: dir, heavy: true };
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

async function once(row, outdir) {
  const env = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: row.ca ? CA_FILE : undefined,
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfJsonPath: path.join(row.cwd, 'cdktf.json'), cdktfRelativeModules: [] }),
  };
  const appArgv = row.argv.map((a) => (a === '<OUT>' ? outdir : a));
  const [cmd, argv] = timeBin ? [timeBin, ['-f', '__RSS_KB=%M __CPU_S=%U+%S', process.execPath, ...appArgv]] : [process.execPath, appArgv];
  const start = process.hrtime.bigint();
  if (!row.ca) delete env.NODE_EXTRA_CA_CERTS;
  const r = await run(cmd, argv, { cwd: row.cwd, env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.code !== 0) throw new Error(`${row.name} failed (exit ${r.code}): ${r.err.trim().slice(-400)}`);
  const rss = /__RSS_KB=(\d+)/.exec(r.err);
  const cpu = /__CPU_S=([\d.]+)\+([\d.]+)/.exec(r.err);
  return { seconds, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  if (SKIP_AWS) rows.push({ name: '@cdktf/provider-aws root import', skipped: '--skip-provider-aws' });
  else rows.push(await providerAwsRow());

  const live = rows.filter((r) => !r.skipped && !r.heavy);
  const samples = new Map(rows.filter((r) => !r.skipped).map((r) => [r, []]));
  for (const row of live) await once(row, mkdtempSync(path.join(work, 'warm-'))); // page cache, code cache
  for (let i = 0; i < RUNS; i++) {
    for (const row of live) samples.get(row).push(await once(row, mkdtempSync(path.join(work, 'out-'))));
  }
  // The heavy alternative runs last and fewer times, so its seconds of CPU do not disturb the small apps.
  for (const row of rows.filter((r) => r.heavy && !r.skipped)) {
    await once(row, mkdtempSync(path.join(work, 'warm-')));
    for (let i = 0; i < Math.min(RUNS, 3); i++) samples.get(row).push(await once(row, mkdtempSync(path.join(work, 'out-'))));
  }

  const floorRow = samples.get(rows[0]);
  const floor = { wall: Math.min(...floorRow.map((s) => s.seconds)), cpu: median(floorRow.map((s) => s.cpu)) };
  console.log(`cdktf synth, whole process (node <app> with CDKTF_OUTDIR): ${RUNS} interleaved runs each after a warm-up`);
  console.log('(provider-aws: up to 3 runs, measured last). Wall time is noisy on a shared machine, so rows are');
  console.log('compared on best wall time and on median CPU time (user+sys) of the process.');
  console.log('');
  console.log(`${'app'.padEnd(44)} ${'wall med'.padStart(9)} ${'wall best'.padStart(9)} ${'cpu med'.padStart(8)} ${'vs floor'.padStart(15)} ${'peak RSS'.padStart(9)}`);
  for (const row of rows) {
    if (row.skipped) {
      console.log(`${row.name.padEnd(44)} skipped: ${row.skipped}`);
      continue;
    }
    const s = samples.get(row);
    const med = median(s.map((x) => x.seconds));
    const best = Math.min(...s.map((x) => x.seconds));
    const cpu = median(s.map((x) => x.cpu));
    const rss = Math.max(...s.map((x) => x.rssMiB));
    const ratio = `${(best / floor.wall).toFixed(2)}x / ${(cpu / floor.cpu).toFixed(2)}x`;
    console.log(
      `${row.name.padEnd(44)} ${`${med.toFixed(3)} s`.padStart(9)} ${`${best.toFixed(3)} s`.padStart(9)} ${`${cpu.toFixed(2)} s`.padStart(8)} ${ratio.padStart(15)} ${Number.isNaN(rss) ? '      n/a' : `${rss.toFixed(0)} MiB`.padStart(9)}`,
    );
  }
  const main = samples.get(rows[1]);
  const wallRatio = Math.min(...main.map((s) => s.seconds)) / floor.wall;
  const cpuRatio = median(main.map((s) => s.cpu)) / floor.cpu;
  console.log('');
  console.log(`main.ts vs the floor: ${wallRatio.toFixed(2)}x best wall, ${cpuRatio.toFixed(2)}x median CPU (goal: within ${GOAL}x): ${Math.max(wallRatio, Number.isNaN(cpuRatio) ? 0 : cpuRatio) <= GOAL ? 'met' : 'NOT met'}`);
} catch (err) {
  console.error(`bench:synth: ${err.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
