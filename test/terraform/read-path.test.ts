/**
 * The read path without hashicorp/external (which cannot be downloaded here): every synthesized
 * `data "external"` is run exactly as the provider runs it (its `program` argv from the stack directory, its
 * `query` as JSON on stdin, credentials from the environment), and the drift locals are evaluated by the real
 * `terraform console` against what the adapter reported.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TerraformOutput } from 'cdktf';
import { DEFAULT_ACCOUNTS, startEmulator } from '../../src/emulator';
import {
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollment,
  ComputeOptimizerEnrollmentStatus,
  CostOptimizationHubEnrollment,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
  EnrollmentStatus,
  OrganizationOptimizationEnrollment,
} from '../../src';
import { READ_RESULT_FIELDS, ResourceKind } from '../../src/shared';
import { TerraformWorkspace } from './harness';

jest.setTimeout(120_000);

const management = DEFAULT_ACCOUNTS.management;
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CHECKPOINT_DISABLE: '1',
  AWS_ACCESS_KEY_ID: management.accessKeyId,
  AWS_SECRET_ACCESS_KEY: management.secretAccessKey,
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

function run(argv: string[], cwd: string, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

let emulator: { url: string; close(): Promise<void> };
const admin = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${route}: ${res.status} ${await res.text()}`);
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, memberEnrollmentDelayMs: 0 });
});
afterAll(async () => emulator?.close());

/** Runs one synthesized data "external" the way the provider does and returns its result map. */
async function read(ws: TerraformWorkspace, source: { program: string[]; query: Record<string, string> }): Promise<Record<string, string>> {
  // The provider evaluates ${path.module} to "." in the root module and runs the program from there.
  const argv = source.program.map((a) => a.replace('${path.module}', '.'));
  const result = await run(argv, ws.dir, JSON.stringify(source.query));
  if (result.code !== 0) throw new Error(`adapter read failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('data "external" programs, run as the provider runs them', () => {
  const ws = new TerraformWorkspace();
  afterAll(() => ws.dispose());

  test('every read prints exactly the keys its typed attributes use, all strings', async () => {
    await admin('POST', 'reset');
    const json = ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url });
      const org = new OrganizationOptimizationEnrollment(stack, 'Org');
      new TerraformOutput(stack, 'co', { value: new ComputeOptimizerEnrollmentStatus(stack, 'Co').numberOfMemberAccountsOptedIn });
      new TerraformOutput(stack, 'auto', { value: new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'Auto').organizationRuleMode });
      new TerraformOutput(stack, 'hub', { value: new CostOptimizationHubEnrollmentStatuses(stack, 'Hub', { accountId: '222222222222' }).items });
      new TerraformOutput(stack, 'org', { value: org.organizationStatuses!.accounts });
    });
    const sources = Object.values(json.data.external) as { program: string[]; query: Record<string, string> }[];
    const kinds = new Set<string>();
    for (const source of sources) {
      expect(source.program.slice(2)).toEqual(['read', 'connection-read']);
      const result = await read(ws, source);
      const expected: string[] = [];
      for (const [key, kind] of Object.entries(source.query)) {
        const part = /^(p\d+)\.kind$/.exec(key)?.[1];
        if (!part) continue;
        kinds.add(kind);
        expected.push(...READ_RESULT_FIELDS[kind as ResourceKind].map((k) => `${part}.${k}`));
      }
      expect(Object.keys(result).sort()).toEqual(expected.sort());
      for (const value of Object.values(result)) expect(typeof value).toBe('string');
    }
    expect([...kinds].sort()).toEqual([
      'automation-enrollment',
      'automation-member-accounts',
      'automation-organization-accounts',
      'automation-rule-set',
      'compute-optimizer-enrollment',
      'compute-optimizer-organization-statuses',
      'cost-optimization-hub-enrollment',
      'cost-optimization-hub-enrollment-statuses',
    ]);
    // Every result key the synthesized JSON references is one the adapter prints for that source's part.
    const text = JSON.stringify(json);
    let referenced = 0;
    for (const [name, source] of Object.entries(json.data.external) as [string, any][]) {
      for (const m of text.matchAll(new RegExp(`data\\.external\\.${name}\\.result\\[\\\\"(p\\d+)\\.(\\w+)\\\\"\\]`, 'g'))) {
        expect(READ_RESULT_FIELDS[source.query[`${m[1]}.kind`] as ResourceKind]).toContain(m[2]);
        referenced++;
      }
    }
    expect(referenced).toBeGreaterThan(10);
  });
});

describe('drift locals evaluated by terraform console against the adapter\'s reads', () => {
  const ws = new TerraformWorkspace();
  let consoleDir: string;
  beforeAll(() => {
    consoleDir = mkdtempSync(path.join(tmpdir(), 'enrollment-console-'));
  });
  afterAll(() => {
    ws.dispose();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
  });

  /**
   * Copies the resource's Drifted/Reconcile locals into a provider-free config where the data source's
   * `result` is a local holding what the adapter just printed, then asks terraform for their values.
   */
  async function evaluate(json: any, prefix: string): Promise<{ drifted: boolean; reconcile: string; observed: Record<string, string> }> {
    // The read that carries the part checked for the resource `prefix` names.
    const [readName, source] = Object.entries(json.data.external).find(([, r]: [string, any]) =>
      Object.entries(r.query).some(([k, v]) => k.endsWith('.for') && String(v).startsWith(`${prefix}_`)),
    ) as [string, any];
    const part = Object.entries(source.query).find(([k, v]) => k.endsWith('.for') && String(v).startsWith(`${prefix}_`))![0].split('.')[0];
    const all = await read(ws, source);
    const observed = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(`${part}.`)).map(([k, v]) => [k.slice(part.length + 1), v]));
    const locals: Record<string, unknown> = { observed: all };
    for (const [name, expr] of Object.entries(json.locals as Record<string, string>)) {
      if (name.startsWith(`${prefix}_`)) locals[name] = expr.split(`data.external.${readName}.result`).join('local.observed');
    }
    writeFileSync(path.join(consoleDir, 'main.tf.json'), JSON.stringify({ locals }));
    const drifted = Object.keys(locals).find((k) => k.startsWith(`${prefix}_Drifted_`));
    const reconcile = Object.keys(locals).find((k) => k.startsWith(`${prefix}_Reconcile_`));
    const out = await run(['terraform', 'console'], consoleDir, `jsonencode({ drifted = local.${drifted}, reconcile = local.${reconcile} })\n`);
    if (out.code !== 0) throw new Error(`terraform console failed: ${out.stderr}`);
    return { ...JSON.parse(JSON.parse(out.stdout.trim())), observed };
  }

  async function apply(json: any, prefix: string): Promise<void> {
    const [, resource] = Object.entries(json.resource.terraform_data).find(([k]) => k.startsWith(`${prefix}_`)) as [string, any];
    const exec = resource.provisioner[0]['local-exec'];
    const argv = [...exec.interpreter.map((a: string) => a.replace('${path.module}', '.')), JSON.stringify(resource.input)];
    const result = await run(argv, ws.dir, '');
    if (result.code !== 0) throw new Error(`adapter apply failed: ${result.stderr}`);
  }

  test('out of sync before apply, in sync after it, drifted again after a console opt-out', async () => {
    await admin('POST', 'reset');
    const json = ws.synth((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url });
      new ComputeOptimizerEnrollment(stack, 'Co', { status: EnrollmentStatus.ACTIVE });
      new CostOptimizationHubEnrollment(stack, 'Hub', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    });
    for (const prefix of ['Co', 'Hub']) {
      expect(await evaluate(json, prefix)).toMatchObject({ drifted: true, observed: { status: 'Inactive' } });
      await apply(json, prefix);
      expect(await evaluate(json, prefix)).toMatchObject({ drifted: false, reconcile: 'in-sync', observed: { status: 'Active' } });
    }
    await admin('POST', `accounts/${management.accountId}/compute-optimizer`, { status: 'Inactive' });
    expect(await evaluate(json, 'Co')).toMatchObject({ drifted: true, observed: { status: 'Inactive' } });
    // A member account left out of the Hub while members are declared is drift too.
    await admin('POST', `accounts/${DEFAULT_ACCOUNTS.members[0].accountId}/cost-optimization-hub`, { status: 'Inactive' });
    expect(await evaluate(json, 'Hub')).toMatchObject({ drifted: true, observed: { status: 'Active', includeMemberAccounts: 'false' } });
  });

  test('Pending (enrollment in progress) is not drift', async () => {
    await admin('POST', 'reset');
    await admin('POST', 'config', { memberEnrollmentDelayMs: 600_000 });
    try {
      const json = ws.synth((stack) => {
        EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint: emulator.url, detectDrift: true });
        new ComputeOptimizerEnrollment(stack, 'Co', { status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true, timeoutSeconds: 1 });
      });
      // Start the enrollment behind Terraform's back; members keep the management account Pending for minutes.
      const { ComputeOptimizerClient, UpdateEnrollmentStatusCommand } = await import('@aws-sdk/client-compute-optimizer');
      const client = new ComputeOptimizerClient({
        region: 'us-east-1',
        endpoint: emulator.url,
        credentials: { accessKeyId: management.accessKeyId, secretAccessKey: management.secretAccessKey },
      });
      await client.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
      client.destroy();
      expect(await evaluate(json, 'Co')).toMatchObject({ drifted: false, reconcile: 'in-sync', observed: { status: 'Pending' } });
    } finally {
      await admin('POST', 'config', { memberEnrollmentDelayMs: 0 });
    }
  });
});
