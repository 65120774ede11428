/**
 * An end-to-end "world" for real-Terraform tests: the AWS emulator, the hashicorp/external stand-in, a
 * synthesized cdktf stack in a temporary directory, and a terraform runner whose environment carries the
 * emulator's management-account credentials (never the synthesized JSON: the adapter reads the AWS chain).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { DEFAULT_ACCOUNTS, startEmulator, type AccountsFile } from '../../../src/emulator';
import { ExternalProvider, startExternalProvider } from './server';
import { TerraformRunner, terraformEnv, terraformRunner, useRegistryProvider } from './terraform';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ADAPTER_BUNDLE = path.join(REPO_ROOT, 'dist', 'adapter', 'adapter.cjs');
/** Context key the constructs read to find the adapter bundle (see src/constructs/private/adapter-bundle.ts). */
export const ADAPTER_PATH_CONTEXT = 'cdktf-aws-enrollment:adapterPath';

export type EmulatorService = 'compute-optimizer' | 'automation' | 'cost-optimization-hub';

/** The emulator's admin API (plain JSON over HTTP; changes made "in the console", behind Terraform's back). */
export class EmulatorAdmin {
  constructor(readonly url: string) {}

  private async call(method: string, route: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.url}/_emulator/${route}`, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator admin ${method} ${route} answered ${res.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  state(): Promise<any> {
    return this.call('GET', 'state');
  }
  reset(): Promise<void> {
    return this.call('POST', 'reset');
  }
  setStatus(accountId: string, service: EmulatorService, status: 'Active' | 'Inactive' | 'Failed', statusReason?: string): Promise<void> {
    return this.call('POST', `accounts/${accountId}/${service}`, statusReason === undefined ? { status } : { status, statusReason });
  }
  config(config: { memberEnrollmentDelayMs?: number }): Promise<void> {
    return this.call('POST', 'config', config);
  }
  advanceClock(advanceSeconds: number): Promise<void> {
    return this.call('POST', 'clock', { advanceSeconds });
  }
  faults(faults: Record<string, unknown>): Promise<void> {
    return this.call('POST', 'faults', faults);
  }
  clearFaults(): Promise<void> {
    return this.call('DELETE', 'faults');
  }
  /**
   * A preference change made in the console: a PutRecommendationPreferences input plus `region` (or `delete`)
   * for Compute Optimizer, an UpdatePreferences input for Cost Optimization Hub.
   */
  preferences(accountId: string, service: 'compute-optimizer' | 'cost-optimization-hub', change: Record<string, unknown>): Promise<any> {
    return this.call('POST', `accounts/${accountId}/${service}/preferences`, change);
  }
  /** An Automation rule edited in the console (any UpdateAutomationRule members; a new revision). */
  rule(accountId: string, ruleId: string, change: Record<string, unknown>): Promise<any> {
    return this.call('POST', `accounts/${accountId}/automation/rules/${ruleId}`, change);
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let bundling: Promise<void> | undefined;

/**
 * Builds dist/adapter/adapter.cjs when it is missing or older than its sources, so `npx jest test/e2e` works
 * without a prior `npm run build` (npm test builds first anyway).
 */
export function ensureAdapterBundle(): Promise<void> {
  const sourcesNewest = Math.max(newestMtime(path.join(REPO_ROOT, 'src', 'adapter')), newestMtime(path.join(REPO_ROOT, 'src', 'shared')));
  if (existsSync(ADAPTER_BUNDLE) && statSync(ADAPTER_BUNDLE).mtimeMs >= sourcesNewest) return Promise.resolve();
  bundling ??= new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      bundling = undefined;
      if (code === 0 && existsSync(ADAPTER_BUNDLE)) resolve();
      else reject(new Error(`could not build ${ADAPTER_BUNDLE} (node scripts/bundle.mjs exited ${code}): ${err.trim()}; run npm run build`));
    });
  });
  return bundling;
}

export interface World {
  readonly endpoint: string;
  readonly admin: EmulatorAdmin;
  /** The stand-in; undefined when the suite runs with the real provider (E2E_EXTERNAL_PROVIDER=registry). */
  readonly provider: ExternalProvider | undefined;
  /** A temporary directory removed by `close`. */
  readonly dir: string;
  /** Synthesizes a stack into `dir` and returns a terraform runner in its stack directory. */
  synth(name: string, build: (stack: TerraformStack, endpoint: string) => void): TerraformRunner;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Which emulator account's keys terraform (and so the adapter) gets. @default the management account */
  readonly account?: { accessKeyId: string; secretAccessKey: string };
  readonly memberEnrollmentDelayMs?: number;
  /** The emulated organisation (an accounts file's content). @default the built-in organisation */
  readonly accounts?: AccountsFile;
  /** Keep the temporary directory (for debugging). @default true when E2E_KEEP=1 */
  readonly keep?: boolean;
}

/** Environment for the adapter: only emulator keys, and nothing from the developer's own AWS setup. */
function awsEnv(dir: string, account: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  await ensureAdapterBundle();
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-world-'));
  const emulator = await startEmulator({ port: 0, quiet: true, memberEnrollmentDelayMs: options.memberEnrollmentDelayMs, accounts: options.accounts });
  const provider = useRegistryProvider() ? undefined : await startExternalProvider();
  const admin = new EmulatorAdmin(emulator.url);
  const account = options.account ?? DEFAULT_ACCOUNTS.management;

  return {
    endpoint: emulator.url,
    admin,
    provider,
    dir,
    synth(name, build) {
      const outdir = path.join(dir, `${name}.out`);
      const app = new App({ outdir, context: { [ADAPTER_PATH_CONTEXT]: ADAPTER_BUNDLE } });
      const stack = new TerraformStack(app, name);
      // Without an explicit backend cdktf writes state to <process cwd>/terraform.<stack>.tfstate, i.e. into the
      // repository; a relative path keeps it inside the stack directory.
      new LocalBackend(stack, { path: 'terraform.tfstate' });
      build(stack, emulator.url);
      app.synth();
      const stackDir = path.join(outdir, 'stacks', name);
      const env = terraformEnv(provider);
      // The developer's own AWS settings (AWS_PROFILE, session tokens) must not leak into the run.
      for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
      return terraformRunner(stackDir, { ...env, ...awsEnv(dir, account) }, provider);
    },
    async close() {
      await provider?.close();
      await emulator.close();
      if (options.keep ?? process.env.E2E_KEEP === '1') process.stderr.write(`e2e: kept ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
