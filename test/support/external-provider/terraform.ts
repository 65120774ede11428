/**
 * Running the real `terraform` binary from tests, next to the in-process provider stand-in.
 *
 * Always asynchronous: the provider server shares this process's event loop, so a synchronous spawn would
 * deadlock Terraform waiting on the provider.
 */
import { spawn } from 'node:child_process';
import type { ExternalProvider } from './server';

export interface TerraformResult {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface TerraformRunner {
  /** Runs terraform with argv `args` in the working directory; never throws for a non-zero exit. */
  run(args: string[], options?: { timeoutMs?: number }): Promise<TerraformResult>;
  /** Like `run`, but throws with the full output when the exit code is not `expectCode` (default 0). */
  ok(args: string[], expectCode?: number): Promise<TerraformResult>;
  /** `terraform show -json <planFile>` parsed. */
  showJson(planFile: string): Promise<any>;
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Every run so far, for failure messages and timing figures. */
  readonly history: TerraformResult[];
}

/** An empty CLI config, so a developer's ~/.terraformrc (or a missing TF_CLI_CONFIG_FILE) cannot change the run. */
const EMPTY_CLI_CONFIG = '/dev/null';

/**
 * Whether the suite should use the real hashicorp/external (from the registry or a mirror your CLI
 * configuration names) instead of the stand-in: `E2E_EXTERNAL_PROVIDER=registry`.
 */
export function useRegistryProvider(): boolean {
  return process.env.E2E_EXTERNAL_PROVIDER === 'registry';
}

/** CLI settings kept in registry mode, so a developer's mirror or plugin cache still applies. */
const REGISTRY_MODE_TF_VARS = ['TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR'];

/**
 * The environment a test terraform gets: automation mode, no checkpoint calls, and either the provider
 * stand-in (with an empty CLI config) or, with no stand-in, the caller's own CLI configuration.
 *
 * Without NODE_EXTRA_CA_CERTS: every adapter run is a Node.js start, and with the variable set each start
 * parses the whole CA bundle (about 60 ms of CPU here, nodejs/node#40524). The adapter only talks to the
 * emulator, over plain HTTP on loopback, so no certificate is ever checked; Terraform itself is Go and never
 * reads it.
 */
export function terraformEnv(provider: ExternalProvider | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'NODE_EXTRA_CA_CERTS') continue;
    if (!k.startsWith('TF_') || (!provider && REGISTRY_MODE_TF_VARS.includes(k))) env[k] = v;
  }
  return {
    ...env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...(provider ? { TF_CLI_CONFIG_FILE: EMPTY_CLI_CONFIG, ...provider.env } : {}),
    ...extra,
  };
}

export function terraformRunner(cwd: string, env: Record<string, string>, provider?: ExternalProvider): TerraformRunner {
  const history: TerraformResult[] = [];
  const run = (args: string[], options: { timeoutMs?: number } = {}): Promise<TerraformResult> => {
    // The real provider runs programs with Terraform's environment and working directory.
    provider?.setProgramContext({ env, cwd });
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`could not start terraform: ${e.message}; install Terraform 1.11+ and put it on PATH`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const result = {
          args,
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          durationMs: Date.now() - started,
        };
        history.push(result);
        resolve(result);
      });
    });
  };
  const ok = async (args: string[], expectCode = 0) => {
    const result = await run(args);
    if (result.code !== expectCode) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.code} (expected ${expectCode}) in ${cwd}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  };
  return {
    run,
    ok,
    async showJson(planFile: string) {
      return JSON.parse((await ok(['show', '-json', planFile])).stdout);
    },
    cwd,
    env,
    history,
  };
}
