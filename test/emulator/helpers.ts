import { ComputeOptimizerClient } from '@aws-sdk/client-compute-optimizer';
import { CostOptimizationHubClient } from '@aws-sdk/client-cost-optimization-hub';
import { DEFAULT_ACCOUNTS, signRequest, startEmulator, type EmulatorAccount } from '../../src/emulator';

export { DEFAULT_ACCOUNTS };
export const MANAGEMENT = DEFAULT_ACCOUNTS.management;
export const MEMBERS = DEFAULT_ACCOUNTS.members;
export const STANDALONE = DEFAULT_ACCOUNTS.standalone[0];

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const creds = (a: EmulatorAccount) => ({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey });

/** No retries: tests must see the first answer, not a retried one. */
export function computeOptimizer(url: string, account: EmulatorAccount = MANAGEMENT): ComputeOptimizerClient {
  return new ComputeOptimizerClient({ endpoint: url, region: 'eu-west-1', credentials: creds(account), maxAttempts: 1 });
}

export function costOptimizationHub(url: string, account: EmulatorAccount = MANAGEMENT): CostOptimizationHubClient {
  return new CostOptimizationHubClient({ endpoint: url, region: 'us-east-1', credentials: creds(account), maxAttempts: 1 });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A signed awsJson1_0 call, for Automation (no SDK client installed) and for raw protocol tests. */
export async function signedCall(
  url: string,
  target: string,
  input: unknown,
  account: EmulatorAccount = MANAGEMENT,
  service = 'aco-automation',
): Promise<RawResponse> {
  const body = typeof input === 'string' ? input : JSON.stringify(input);
  const headers = signRequest({
    url: new URL(url + '/'),
    body,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    region: 'us-east-1',
    service,
  });
  delete headers.host;
  const res = await fetch(url + '/', { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

export async function automation(url: string, operation: string, input: unknown, account: EmulatorAccount = MANAGEMENT): Promise<RawResponse> {
  return signedCall(url, `ComputeOptimizerAutomationService.${operation}`, input, account, 'aco-automation');
}

export async function admin(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`admin ${method} ${path} failed with ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Expects an SDK call to fail with an AWS error of this name and status. */
export async function expectAwsError(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<any> {
  let caught: any;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeDefined();
  expect({ name: caught.name, status: caught.$metadata?.httpStatusCode }).toEqual({ name, status });
  if (message) expect(caught.message).toMatch(message);
  return caught;
}
