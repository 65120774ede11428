/**
 * Support for the tests that use the project the way its users do: the real cdktf / cdktn CLIs (installed
 * once into the toolchain cache by scripts/toolchains.js), copies of this project, packed tarballs and fresh
 * apps installed from npm's cache.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { sharedOnce } from './shared-once';
import * as path from 'node:path';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The binary of a toolchain from scripts/toolchains.js (installed on first use, which can take a minute). */
export function toolchainBin(name: 'cdktf-cli' | 'cdktn-cli' | 'node22' | 'node24'): string {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'toolchains.js'), name], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (run.status !== 0) throw new Error(`scripts/toolchains.js ${name} failed: ${run.stderr.trim() || run.error?.message}`);
  return run.stdout.trim();
}

export interface CommandResult {
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * Runs a command asynchronously (the hashicorp/external stand-in serves Terraform from this process, so a
 * blocking spawn would starve it), without a shell, and never throws for a non-zero exit.
 */
export function runCommand(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  const started = Date.now();
  const command = argv.map((a) => (path.isAbsolute(a) ? path.basename(a) : a)).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${argv[0]}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), durationMs: Date.now() - started });
    });
  });
}

/** Throws with the whole output unless the command exited 0. */
export function expectSuccess(result: CommandResult): CommandResult {
  if (result.code !== 0) {
    throw new Error(`${result.command} exited ${result.code} after ${result.durationMs} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/** Terminal colour codes and cursor movement out, so assertions read the words. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/**
 * A copy of this project in `dir` as a developer's checkout has it after `npm run build`: the sources, then
 * the build output (so it is newer than the sources and counts as current), and node_modules linked, so it
 * costs no install. CLIs can synthesize, deploy and rebuild there without touching this checkout.
 */
export function copyBuiltProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const entry of ['main.ts', 'src', 'scripts', 'bin', 'tsconfig.json', 'tsconfig.jsii.json', 'README.md', 'package.json', 'package-lock.json', 'cdktf.json', '.jsii']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'adapter', 'adapter.cjs')) || !existsSync(path.join(REPO_ROOT, 'dist', 'cdktn'))) {
    throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
  }
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  // Copies get the time of copying; the build output must be the newer of the two, as after a build.
  const later = new Date(Date.now() + 2000);
  const touch = (p: string) => {
    for (const entry of readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) touch(full);
      else utimesSync(full, later, later);
    }
  };
  touch(path.join(dir, 'dist'));
  // The jsii assembly is written after the files jsii compiles (scripts/build.js).
  utimesSync(path.join(dir, '.jsii'), later, later);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * The environment of a CLI run against the emulator: the stand-in for hashicorp/external, the emulator's
 * management keys, and the emulator as the endpoint of every AWS service through the SDKs' standard
 * AWS_ENDPOINT_URL, so the stacks need no edit. Nothing of the developer's own AWS or Terraform setup.
 */
export function cliEnv(base: Record<string, string>, options: { home: string; endpoint: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('AWS_') && !/^npm_/i.test(k)) env[k] = v;
  return {
    ...env,
    HOME: options.home,
    XDG_CACHE_HOME: path.join(options.home, '.cache'),
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    // The CLIs' own network calls: version checks, crash reports, the plugin cache they would set up.
    DISABLE_VERSION_CHECK: 'true',
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_ACCOUNTS.management.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_ACCOUNTS.management.secretAccessKey,
    AWS_CONFIG_FILE: path.join(options.home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(options.home, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The environment for npm runs of a test: none of the npm_* settings of the `npm test` that started jest. */
export function npmEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

function npm(args: string[], cwd: string): string {
  const run = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 10 * 60_000 });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed: ${run.error?.message ?? ''}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

export interface PackedTarball {
  readonly file: string;
  /** Paths inside the package, e.g. "dist/src/index.js". */
  readonly files: readonly string[];
}

/**
 * `npm pack` of this checkout into `dir`. Scripts are skipped: `prepare` would rebuild dist/ under the other
 * test workers, and npm test has just built it (so the tarball holds what `npm pack` would build).
 */
export function packTarball(dir: string): PackedTarball {
  mkdirSync(dir, { recursive: true });
  const [report] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO_ROOT));
  return { file: path.join(dir, report.filename), files: report.files.map((f: { path: string }) => f.path) };
}

export type Core = 'cdktf' | 'cdktn';

/** What each core's app declares, as `cdktf init` / `cdktn init` write it (cdktn's constructs range included). */
const APP_DEPENDENCIES: Record<Core, Record<string, string>> = {
  cdktf: { cdktf: '0.21.0', constructs: '^10.4.2' },
  cdktn: { cdktn: '0.24.0', constructs: '>=10.6.0 <10.8.0' },
};

/** The compiler options of the cdktf/cdktn `typescript` templates (identical in both), with library checks on. */
const APP_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    lib: ['es2018'],
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2018',
    // The templates skip them; checked here so that an error inside the library's declarations shows.
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', 'cdktf.out'],
};

/**
 * A new app in `dir` that installs the packed library the way a user's project does (no overrides, from
 * npm's cache where it has the packages), with the example stack (main.ts) importing it from the package:
 * `cdktf-aws-enrollment` for cdktf, `cdktf-aws-enrollment/cdktn` for cdktn.
 */
export function createApp(dir: string, core: Core, tarball: string): string {
  writeApp(dir, core, tarball);
  npm(NPM_INSTALL, dir);
  return dir;
}

const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** The files of createApp's app, before its install. */
function writeApp(dir: string, core: Core, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  const typesNode = require(path.join(REPO_ROOT, 'node_modules', '@types', 'node', 'package.json')).version as string;
  const manifest = {
    name: `enrollment-${core}-app`,
    version: '1.0.0',
    private: true,
    dependencies: { ...APP_DEPENDENCIES[core], 'cdktf-aws-enrollment': `file:${tarball}` },
    devDependencies: { '@types/node': typesNode },
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(APP_TSCONFIG, null, 2)}\n`);
  writeFileSync(
    path.join(dir, 'cdktf.json'),
    `${JSON.stringify({ language: 'typescript', app: 'node main.js', projectId: `enrollment-${core}-app`, sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`,
  );
  const example = readFileSync(path.join(REPO_ROOT, 'main.ts'), 'utf8');
  const main = example.replace("from './src';", core === 'cdktf' ? "from 'cdktf-aws-enrollment';" : "from 'cdktf-aws-enrollment/cdktn';");
  writeFileSync(path.join(dir, 'main.ts'), core === 'cdktf' ? main : main.replace("from 'cdktf';", "from 'cdktn';"));
}

/** `npm ls <name> --all --json` in an app: every installed version of a package. */
export function installedVersions(dir: string, name: string): string[] {
  const run = spawnSync('npm', ['ls', name, '--all', '--json'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
  const versions = new Set<string>();
  const walk = (deps: Record<string, any> | undefined) => {
    for (const [dep, info] of Object.entries(deps ?? {})) {
      if (dep === name && info.version) versions.add(info.version);
      walk(info.dependencies);
    }
  };
  walk(JSON.parse(run.stdout || '{}').dependencies);
  return [...versions].sort();
}

/** Strict tsc of an app with this repository's TypeScript; emits main.js. */
export function typeCheck(dir: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Runs an app's compiled main.js the way the CLIs do (CDKTF_OUTDIR), without a CLI. Returns the output directory. */
export function synthApp(dir: string, outdir = path.join(dir, 'cdktf.out')): string {
  const run = spawnSync(process.execPath, ['main.js'], { cwd: dir, env: { ...npmEnv(), CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node main.js in ${dir} failed (exit ${run.status}): ${run.stderr}`);
  return outdir;
}

/** The run's one `npm pack` of this checkout (test/support/shared-once.ts): the package and CLI suites install the same tarball. */
export async function sharedTarball(): Promise<PackedTarball> {
  return (await sharedOnce('packed-tarball', async (dir) => packTarball(dir))).value;
}

export interface SharedApp {
  /** The app, installed and compiled (main.js); read it, or copy it (copySharedApp) to run anything in it. */
  readonly dir: string;
  /** Its strict tsc run (library declarations checked), as typeCheck returns it. */
  readonly typeCheck: { code: number | null; output: string };
}

/**
 * The run's one new `core` app with the shared tarball installed and type-checked, made by whichever suite
 * asks first (the package suite checks it; the cdktn CLI suite runs its flow in a copy): an install and a
 * strict tsc run each, instead of one per suite.
 */
export async function sharedApp(core: Core): Promise<SharedApp> {
  const tarball = await sharedTarball();
  const { dir, value } = await sharedOnce(`${core}-app`, async (appDir) => {
    // createApp and typeCheck, without blocking this process: the package suite makes both apps at once.
    writeApp(appDir, core, tarball.file);
    const install = await runCommand(['npm', ...NPM_INSTALL], { cwd: appDir, env: npmEnv() });
    if (install.code !== 0) throw new Error(`npm install (in ${appDir}) failed:\n${install.stdout}\n${install.stderr}`);
    const tsc = await runCommand([process.execPath, path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', appDir], { cwd: appDir, env: npmEnv() });
    return { code: tsc.code, output: `${tsc.stdout}${tsc.stderr}` };
  });
  return { dir, typeCheck: value };
}

/** A private copy of a shared app (its node_modules included, links kept as links), to run a CLI in. */
export function copySharedApp(app: SharedApp, dir: string): string {
  cpSync(app.dir, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
