/**
 * Real-Terraform harness for the construct layer: synthesizes a stack with cdktf's App into a temporary
 * directory and runs the installed `terraform` there, with the emulator's credentials in the environment
 * (never in the synthesized JSON).
 *
 * Terraform runs with `spawn`, never `spawnSync`: the emulator lives in this process and must keep answering
 * the adapter while Terraform waits for it.
 */
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { ADAPTER_PATH_CONTEXT } from '../../src';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ADAPTER = path.join(ROOT, 'dist', 'adapter', 'adapter.cjs');

/** The adapter bundle must exist: Terraform runs it. Builds it once if missing, else fails with what to do. */
export function ensureAdapterBundle(): string {
  if (!existsSync(ADAPTER)) {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0 || !existsSync(ADAPTER)) {
      throw new Error(`dist/adapter/adapter.cjs is missing and \`node scripts/bundle.mjs\` did not build it (${run.stderr.trim() || `exit ${run.status}`}); run \`npm run build\``);
    }
  }
  return ADAPTER;
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, whitespace collapsed (Terraform wraps long lines). */
  readonly text: string;
}

/** A working directory holding one synthesized stack and its local state. */
export class TerraformWorkspace {
  private created?: string;
  private stackDir?: string;

  /** Created on first use, so suites filtered out by `-t` leave nothing behind. */
  get outdir(): string {
    this.created ??= mkdtempSync(path.join(tmpdir(), 'enrollment-tf-'));
    return this.created;
  }

  /** (Re)synthesizes the stack in place, like `cdktf synth` before each `cdktf deploy`. */
  synth(declare: (stack: TerraformStack) => void): any {
    const app = new App({ outdir: this.outdir, context: { [ADAPTER_PATH_CONTEXT]: ensureAdapterBundle() } });
    const stack = new TerraformStack(app, 'enrollment');
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    declare(stack);
    app.synth();
    this.stackDir = path.join(this.outdir, 'stacks', 'enrollment');
    return JSON.parse(readFileSync(path.join(this.stackDir, 'cdk.tf.json'), 'utf8'));
  }

  get dir(): string {
    if (!this.stackDir) throw new Error('synth the stack first');
    return this.stackDir;
  }

  state(): string {
    const file = path.join(this.dir, 'terraform.tfstate');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  terraform(args: string[], timeoutMs = 120_000): Promise<TerraformResult> {
    const management = DEFAULT_ACCOUNTS.management;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // The standard AWS chain the adapter reads; nothing from this machine's own AWS setup leaks in.
      AWS_ACCESS_KEY_ID: management.accessKeyId,
      AWS_SECRET_ACCESS_KEY: management.secretAccessKey,
      AWS_CONFIG_FILE: path.join(this.outdir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(this.outdir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', [...args, '-no-color'], { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`could not run terraform: ${err.message}; is it installed and on PATH?`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, text: `${stdout}\n${stderr}`.replace(/\s+/g, ' ') });
      });
    });
  }

  dispose(): void {
    if (this.created) rmSync(this.created, { recursive: true, force: true });
  }
}

/** Fails with Terraform's own output when a command did not exit as expected. */
export function expectExit(result: TerraformResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`terraform exited ${result.code}, expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}
