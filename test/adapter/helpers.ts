/** Shared test support: an emulator per test file, its admin API, and the adapter run in-process. */
import { startEmulator, DEFAULT_ACCOUNTS } from '../../src/emulator';
import type { AccountsFile } from '../../src/emulator';
import { main } from '../../src/adapter/cli';
import { PAYLOAD_SCHEMA } from '../../src/shared';

export { DEFAULT_ACCOUNTS };
export type Account = { accountId: string; accessKeyId: string; secretAccessKey: string };
export const MANAGEMENT: Account = DEFAULT_ACCOUNTS.management;
export const MEMBER: Account = DEFAULT_ACCOUNTS.members[0];
export const STANDALONE: Account = DEFAULT_ACCOUNTS.standalone[0];

export interface TestEmulator {
  url: string;
  close(): Promise<void>;
  admin<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  reset(): Promise<void>;
  calls(target: string): Promise<number>;
  state(): Promise<any>;
  faults(settings: Record<string, unknown>): Promise<void>;
  console(accountId: string, service: 'compute-optimizer' | 'automation' | 'cost-optimization-hub', status: string, statusReason?: string): Promise<void>;
}

export async function emulator(options: { accounts?: AccountsFile; memberEnrollmentDelayMs?: number } = {}): Promise<TestEmulator> {
  const running = await startEmulator({ quiet: true, memberEnrollmentDelayMs: options.memberEnrollmentDelayMs ?? 0, accounts: options.accounts });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}/_emulator/${path}`, {
      method,
      headers: method === 'GET' ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url: running.url,
    close: () => running.close(),
    admin,
    reset: async () => {
      await admin('POST', 'reset');
      await admin('POST', 'config', { memberEnrollmentDelayMs: options.memberEnrollmentDelayMs ?? 0 });
    },
    state: () => admin('GET', 'state'),
    calls: async (target) => ((await admin('GET', 'state')).calls[target] as number | undefined) ?? 0,
    faults: async (settings) => {
      await admin('POST', 'faults', settings);
    },
    console: async (accountId, service, status, statusReason) => {
      await admin('POST', `accounts/${accountId}/${service}`, { status, statusReason });
    },
  };
}

export function payload(kind: string, url: string, fields: Record<string, string> = {}): Record<string, string> {
  return { schema: PAYLOAD_SCHEMA, kind, region: 'eu-west-1', endpoint: url, ...fields };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is one JSON object. */
  json?: Record<string, string>;
}

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_MAX_ATTEMPTS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'CDKTF_AWS_ENROLLMENT_POLL_MS'];

/**
 * Runs `adapter <verb> <kind>` in this process, as `account`. `fromEnv` reads process.env, so the account's
 * keys are put there for the duration of the call.
 */
export async function run(
  verb: string,
  kind: string,
  body: Record<string, unknown> | string,
  options: { account?: Account; env?: Record<string, string>; onStderr?: (line: string) => void } = {},
): Promise<RunResult> {
  const account = options.account ?? MANAGEMENT;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: account.accessKeyId, AWS_SECRET_ACCESS_KEY: account.secretAccessKey, CDKTF_AWS_ENROLLMENT_POLL_MS: '50' }, options.env);
  let stdout = '';
  let stderr = '';
  try {
    const argv = verb === 'read' ? [verb, kind] : [verb, kind, text];
    const code = await main(argv, {
      readStdin: async () => text,
      stdout: (t) => (stdout += t),
      stderr: (t) => {
        stderr += t;
        options.onStderr?.(t);
      },
      env: process.env,
    });
    let json: Record<string, string> | undefined;
    try {
      json = stdout ? JSON.parse(stdout) : undefined;
    } catch {
      json = undefined;
    }
    return { code, stdout, stderr, json };
  } finally {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
