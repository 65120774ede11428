/**
 * The package as users get it: `npm pack` of this checkout, installed into a new cdktf app and a new CDK
 * Terrain app (no overrides, from npm's cache), type-checked under strict tsc, synthesized, and the adapter
 * asset each stack carries run against the emulator exactly as Terraform runs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ACCOUNTS, startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import { EmulatorAdmin } from '../support/external-provider/world';
import { PackedTarball, REPO_ROOT, SharedApp, installedVersions, sharedApp, sharedTarball, synthApp } from '../support/toolchains';

jest.setTimeout(300_000);

const STACK = 'organization-enrollment';
const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;

let dir: string;
let tarball: PackedTarball;
let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const apps: Record<'cdktf' | 'cdktn', { dir: string; stackDir: string; json: any }> = {} as any;
const installed: Partial<Record<'cdktf' | 'cdktn', SharedApp>> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'package-'));
  // The run's tarball and apps (test/support/toolchains.ts: the cdktn CLI suite deploys a copy of the same
  // cdktn app). The two apps install and type-check at the same time, each in its own processes.
  tarball = await sharedTarball();
  await Promise.all((['cdktf', 'cdktn'] as const).map(async (core) => (installed[core] = await sharedApp(core))));
  emulator = await startEmulator({ port: 0, quiet: true });
  admin = new EmulatorAdmin(emulator.url);
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  if (dir && process.env.E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

test('npm pack ships the compiled library, both entries, the jsii assembly, the adapter bundle and the bin: nothing else', () => {
  const files = tarball.files;
  for (const needed of [
    'package.json',
    'README.md',
    'bin/cdktf-aws-enrollment.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/cli.js',
    'dist/cdktn/index.js',
    'dist/cdktn/index.d.ts',
    'dist/adapter/adapter.cjs',
    '.jsii',
  ]) {
    expect(files).toContain(needed);
  }
  const unexpected = files.filter((f) => !/^(package\.json|README\.md|\.jsii|bin\/[^/]+\.js|dist\/(src|cdktn)\/.+\.(js|d\.ts)|dist\/adapter\/adapter\.cjs)$/.test(f));
  expect(unexpected).toEqual([]);
  // Not the sources, tests, the example stack or build state.
  expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f === 'dist/main.js' || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
});

test('a checkout that was never built: the bin says in one line what to run, instead of a stack trace', () => {
  const checkout = path.join(dir, 'unbuilt');
  mkdirSync(path.join(checkout, 'bin'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'bin', 'cdktf-aws-enrollment.js'), path.join(checkout, 'bin', 'cdktf-aws-enrollment.js'));
  const run = spawnSync(process.execPath, [path.join(checkout, 'bin', 'cdktf-aws-enrollment.js'), '--help'], { cwd: checkout, encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain('cdktf-aws-enrollment: not built yet (dist/src/cli.js is missing); run `npm run build` in');
});

test('the CDK Terrain entry is the compiled library with the module "cdktf" imported as "cdktn", nothing else changed', () => {
  const root = path.join(REPO_ROOT, 'dist');
  const cdktnFiles = (function walk(d: string): string[] {
    return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  })(path.join(root, 'cdktn'));
  expect(cdktnFiles.length).toBeGreaterThan(20);
  let imports = 0;
  for (const file of cdktnFiles) {
    const twin = path.join(root, 'src', path.relative(path.join(root, 'cdktn'), file));
    const original = readFileSync(twin, 'utf8');
    const rewritten = readFileSync(file, 'utf8');
    imports += (rewritten.match(/require\("cdktn"\)|from 'cdktn'|from "cdktn"|import\("cdktn"\)/g) ?? []).length;
    expect(rewritten.replace(/require\("cdktn"\)/g, 'require("cdktf")').replace(/(from |import\()(['"])cdktn\2/g, '$1$2cdktf$2')).toBe(original);
    expect(rewritten).not.toMatch(/require\("cdktf"\)|from ['"]cdktf['"]|import\(["']cdktf["']\)/);
  }
  expect(imports).toBeGreaterThan(10);
});

describe.each(['cdktf', 'cdktn'] as const)('a new %s app with the packed library', (core) => {
  test('installs it with one core and one constructs, no overrides', () => {
    const app = installed[core]!.dir;
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8'));
    expect(manifest.overrides).toBeUndefined();
    expect(installedVersions(app, 'constructs')).toHaveLength(1);
    // The library brings no core of its own: a cdktn app has no cdktf at all, and the reverse.
    expect(installedVersions(app, core)).toHaveLength(1);
    expect(installedVersions(app, core === 'cdktf' ? 'cdktn' : 'cdktf')).toEqual([]);
    apps[core] = { dir: app, stackDir: '', json: undefined };
  });

  test('type-checks under strict tsc, library declarations included', () => {
    const { code, output } = installed[core]!.typeCheck;
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  test('synthesizes the example stack, with the adapter asset in it', () => {
    // Into this suite's directory: the app is shared (read-only here).
    const outdir = synthApp(apps[core].dir, path.join(dir, `${core}-out`));
    const stackDir = path.join(outdir, 'stacks', STACK);
    const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.required_providers.external).toEqual({ source: 'hashicorp/external', version: '~> 2.0' });
    const program: string[] = (Object.values(json.data.external)[0] as any).program;
    expect(existsSync(path.join(stackDir, program[1].replace('${path.module}', '.')))).toBe(true);
    apps[core] = { ...apps[core], stackDir, json };
  });

  test('the adapter asset it wrote reads and applies against the emulator, run as Terraform runs it', async () => {
    await admin.reset();
    const { stackDir, json } = apps[core];
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: DEFAULT_ACCOUNTS.management.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEFAULT_ACCOUNTS.management.secretAccessKey,
      AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const resolvePath = (arg: string) => arg.replace('${path.module}', '.');
    // data "external": program argv in the stack directory, the query as JSON on stdin. The constructs read
    // per connection, one part (p<N>.*) per declaration: find the part that reads Compute Optimizer.
    const read = Object.values(json.data.external).find((d: any) => Object.values(d.query).includes('compute-optimizer-enrollment')) as any;
    const part = Object.keys(read.query).find((k) => /^p\d+\.kind$/.test(k) && read.query[k] === 'compute-optimizer-enrollment')!.split('.')[0];
    const observed = await run(read.program.map(resolvePath), stackDir, env, JSON.stringify(read.query));
    expect(observed.stderr).toBe('');
    expect(JSON.parse(observed.stdout)[`${part}.status`]).toBe('Inactive');
    // terraform_data's local-exec: interpreter argv plus the payload (jsonencode(self.input)) as one argument.
    const resource = Object.values(json.resource.terraform_data).find((r: any) => r.input.kind === 'compute-optimizer-enrollment') as any;
    const exec = resource.provisioner[0]['local-exec'];
    expect(exec.command).toBe('${jsonencode(self.input)}');
    const applied = await run([...exec.interpreter.map(resolvePath), JSON.stringify(resource.input)], stackDir, env);
    expect(applied.code).toBe(0);
    const state = await admin.state();
    expect(state.accounts[MANAGEMENT].computeOptimizer.status).toBe('Active');
  });
});

test('both apps synthesize the same Terraform JSON, apart from the core version in the metadata', () => {
  const withoutVersion = (json: any) => {
    const copy = JSON.parse(JSON.stringify(json));
    expect(copy['//'].metadata.version).toMatch(/^0\.\d+\.\d+$/);
    delete copy['//'].metadata.version;
    return copy;
  };
  expect(apps.cdktf.json['//'].metadata.version).toBe('0.21.0');
  expect(apps.cdktn.json['//'].metadata.version).toBe('0.24.0');
  expect(withoutVersion(apps.cdktn.json)).toEqual(withoutVersion(apps.cdktf.json));
});

function run(argv: string[], cwd: string, env: Record<string, string>, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] === 'node' ? process.execPath : argv[0], argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
