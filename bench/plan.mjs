// Benchmark: the wall time of a steady `terraform plan` ("No changes") of a stack that enrolls 1, 10 and 50
// accounts, one OrganizationOptimizationEnrollment per account, against the floor: a stack of plain
// terraform_data resources with the same resource count (what Terraform itself costs).
//
// Everything is local and real: the installed `terraform`, the AWS emulator (in this process), the bundled
// adapter that the data sources run, and the test stand-in for hashicorp/external attached through
// TF_REATTACH_PROVIDERS (test/support/external-provider, bundled here with esbuild; docs/terraform-tests.md).
// Account 1 is the organisation's management account (member accounts included, organisation status reads);
// accounts 2..N are its members, each through its own profile (enrolling itself, no organisation reads: AWS
// answers those to the management account only). Each stack is applied once, then planned RUNS times
// interleaved with its floor; medians are printed. Every size runs twice: without NODE_EXTRA_CA_CERTS (the
// figures the docs quote) and with it (the machine's value, else the system bundle), which every Node.js start
// pays for (nodejs/node#40524).
//
// Usage: npm run bench:plan              (builds first)
//        node bench/plan.mjs [--runs N] [--accounts 1,10,50] [--ca-certs only|skip]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Math.max(1, Number(flag('--runs', 5)) || 5);
const SIZES = String(flag('--accounts', '1,10,50')).split(',').map(Number).filter((n) => n >= 1);
const CA_MODE = flag('--ca-certs', 'both');
const CA_FILE = process.env.NODE_EXTRA_CA_CERTS || (existsSync('/etc/ssl/certs/ca-certificates.crt') ? '/etc/ssl/certs/ca-certificates.crt' : undefined);

const ADAPTER = path.join(root, 'dist', 'adapter', 'adapter.cjs');
for (const file of [ADAPTER, path.join(root, 'dist', 'src', 'index.js')]) {
  if (!existsSync(file)) {
    console.error(`bench:plan: ${path.relative(root, file)} is missing; run \`npm run build\` first (npm run bench:plan does)`);
    process.exit(2);
  }
}

// The stand-in provider is TypeScript test support: bundled once into .bench/plan (ignored by git), next to its
// .proto, with its npm dependencies left to node_modules.
const work = path.join(root, '.bench', 'plan');
mkdirSync(work, { recursive: true });
const standIn = path.join(work, 'stand-in.cjs');
const support = path.join(root, 'test', 'support', 'external-provider');
await (await import('esbuild')).build({
  entryPoints: [path.join(support, 'server.ts')],
  outfile: standIn,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
copyFileSync(path.join(support, 'tfplugin6-external.proto'), path.join(work, 'tfplugin6-external.proto'));
const { startExternalProvider } = require(standIn);
const { startEmulator, DEFAULT_ACCOUNTS } = require(path.join(root, 'dist', 'src', 'emulator', 'index.js'));
const library = require(path.join(root, 'dist', 'src', 'index.js'));
const { App, LocalBackend, TerraformStack, TerraformResource } = require(path.join(root, 'node_modules', 'cdktf'));

const management = DEFAULT_ACCOUNTS.management;
const MAX = Math.max(...SIZES);
const members = Array.from({ length: MAX - 1 }, (_, i) => ({
  accountId: String(500_000_000_000 + i),
  accessKeyId: `BENCHPLANMEMBER${String(i).padStart(5, '0')}`,
  secretAccessKey: `bench-plan-member-${i}`,
}));
const emulator = await startEmulator({ port: 0, quiet: true, memberEnrollmentDelayMs: 0, accounts: { management, members } });
const provider = await startExternalProvider();
const dir = mkdtempSync(path.join(tmpdir(), 'bench-plan-'));

// Profiles member-1 .. member-(N-1) for the member accounts; the management account is the default chain.
writeFileSync(
  path.join(dir, 'credentials'),
  members.map((m, i) => `[member-${i + 1}]\naws_access_key_id = ${m.accessKeyId}\naws_secret_access_key = ${m.secretAccessKey}\n`).join('\n'),
);
const baseEnv = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('TF_') && k !== 'NODE_EXTRA_CA_CERTS') baseEnv[k] = v;
Object.assign(baseEnv, {
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  TF_CLI_CONFIG_FILE: '/dev/null',
  ...provider.env,
  AWS_ACCESS_KEY_ID: management.accessKeyId,
  AWS_SECRET_ACCESS_KEY: management.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: path.join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

function terraform(cwd, argv, env) {
  provider.setProgramContext({ env, cwd });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('terraform', argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', (e) => reject(new Error(`could not start terraform: ${e.message}`)));
    child.on('close', (code) => resolve({ code, out, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

async function must(cwd, argv, env, codes = [0]) {
  const r = await terraform(cwd, argv, env);
  if (!codes.includes(r.code)) throw new Error(`terraform ${argv.join(' ')} in ${cwd} exited ${r.code}:\n${r.out.slice(-3000)}`);
  return r;
}

/** Synthesizes a stack with cdktf into dir/<name>; returns its directory and its resource count. */
function synth(name, build) {
  const outdir = path.join(dir, `${name}.out`);
  const app = new App({ outdir, context: { 'cdktf-aws-enrollment:adapterPath': ADAPTER } });
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  build(stack);
  app.synth();
  const stackDir = path.join(outdir, 'stacks', name);
  const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  return { stackDir, resources: Object.keys(json.resource?.terraform_data ?? {}).length, reads: Object.keys(json.data?.external ?? {}).length };
}

function enrollmentStack(accounts) {
  return (stack) => {
    library.EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url });
    new library.OrganizationOptimizationEnrollment(stack, 'Account1', { includeMemberAccounts: true });
    for (let i = 1; i < accounts; i++) {
      new library.OrganizationOptimizationEnrollment(stack, `Account${i + 1}`, { profile: `member-${i}`, includeMemberAccounts: false, statusReport: false });
    }
  };
}

function floorStack(count) {
  return (stack) => {
    for (let i = 0; i < count; i++) new TerraformResource(stack, `r${i}`, { terraformResourceType: 'terraform_data' }).addOverride('input', { n: i });
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function prepare(name, build, env) {
  const s = synth(name, build);
  await must(s.stackDir, ['init', '-no-color', '-input=false'], env);
  await must(s.stackDir, ['apply', '-no-color', '-input=false', '-auto-approve'], env);
  return s;
}

/** A steady plan: exit 0 of -detailed-exitcode is "No changes"; anything else is not the steady plan. */
const PLAN = ['plan', '-no-color', '-input=false', '-lock=false', '-detailed-exitcode'];

const environments = [];
if (CA_MODE !== 'only') environments.push({ label: 'without NODE_EXTRA_CA_CERTS', env: baseEnv });
if (CA_MODE !== 'skip' && CA_FILE) environments.push({ label: `with NODE_EXTRA_CA_CERTS=${CA_FILE}`, env: { ...baseEnv, NODE_EXTRA_CA_CERTS: CA_FILE } });

const results = [];
try {
  console.log(`steady terraform plan ("No changes"), ${RUNS} interleaved runs per size, medians; node ${process.version}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);
  for (const { label, env } of environments) {
    console.log(`\n${label}`);
    console.log('accounts  resources  reads   plan s  floor s   ratio   per account s');
    let previous;
    for (const n of SIZES) {
      await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      const tag = `${label.startsWith('with ') ? 'ca' : 'plain'}-${n}`;
      const stack = await prepare(`enroll-${tag}`, enrollmentStack(n), env);
      const floor = await prepare(`floor-${tag}`, floorStack(stack.resources), env);
      await must(stack.stackDir, PLAN, env); // warm-up: page cache, code cache
      await must(floor.stackDir, PLAN, env);
      const planS = [];
      const floorS = [];
      for (let i = 0; i < RUNS; i++) {
        planS.push((await must(stack.stackDir, PLAN, env)).seconds);
        floorS.push((await must(floor.stackDir, PLAN, env)).seconds);
      }
      const row = { env: label.startsWith('with ') ? 'ca-certs' : 'plain', accounts: n, resources: stack.resources, reads: stack.reads, plan: median(planS), floor: median(floorS) };
      const perAccount = previous ? (row.plan - previous.plan) / (n - previous.accounts) : undefined;
      row.perAccount = perAccount;
      results.push(row);
      previous = row;
      console.log(
        `${String(n).padStart(8)}  ${String(row.resources).padStart(9)}  ${String(row.reads).padStart(5)}  ${row.plan.toFixed(2).padStart(7)}  ${row.floor.toFixed(2).padStart(7)}  ${(row.plan / row.floor).toFixed(1).padStart(5)}x  ${perAccount === undefined ? '' : perAccount.toFixed(3).padStart(12)}`,
      );
    }
  }
  const plain = results.filter((r) => r.env === 'plain');
  const at = (n) => plain.find((r) => r.accounts === n);
  if (at(10)) console.log(`\ngoal: 10 accounts <= 8x the floor: ${(at(10).plan / at(10).floor).toFixed(1)}x ${at(10).plan / at(10).floor <= 8 ? 'MET' : 'NOT MET'}`);
  if (at(50)) console.log(`goal: 50 accounts <= 6 s: ${at(50).plan.toFixed(2)} s ${at(50).plan <= 6 ? 'MET' : 'NOT MET'}`);
  if (at(50) && at(10)) {
    const inc = (at(50).plan - at(10).plan) / 40;
    console.log(`goal: per-account increment (10 -> 50 accounts) <= 0.1 s: ${inc.toFixed(3)} s ${inc <= 0.1 ? 'MET' : 'NOT MET'}`);
  }
  console.log(JSON.stringify({ bench: 'plan', runs: RUNS, results }));
} finally {
  await provider.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
