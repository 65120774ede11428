import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import {
  ADAPTER_PATH_CONTEXT,
  ComputeOptimizerEnrollmentStatus,
  CostOptimizationHubEnrollmentStatuses,
  EnrollmentDefaults,
  OrganizationOptimizationEnrollment,
  RemovalPolicy,
} from '../../src';
import { FIXTURE_ADAPTER } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');

function text(files: Record<string, Buffer>): string {
  return Object.values(files).map((b) => b.toString('utf8')).join('\n');
}

function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full);
    }
  };
  walk(dir);
  return out;
}

/** A full App synthesis (manifest, stack JSON, assets), as `cdktf synth` writes it. */
function synthApp(outdir: string): Record<string, Buffer> {
  const app = new App({ outdir, context: { [ADAPTER_PATH_CONTEXT]: FIXTURE_ADAPTER } });
  const stack = new TerraformStack(app, 'org');
  // cdktf's default backend records the absolute working directory; the constructs must add no such path.
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  EnrollmentDefaults.set(stack, {
    region: 'eu-west-1',
    profile: 'management',
    roleArn: 'arn:aws:iam::111111111111:role/OptimizationEnroller',
    roleSessionName: 'terraform-enrollment',
    externalId: 'org-external-id',
    endpoint: 'http://127.0.0.1:4566',
  });
  const org = new OrganizationOptimizationEnrollment(stack, 'Organization', {
    removalPolicy: RemovalPolicy.OPT_OUT,
    acknowledgeRecommendationDataDeletion: true,
  });
  new TerraformOutput(stack, 'active', { value: org.organizationStatuses!.activeCount });
  new ComputeOptimizerEnrollmentStatus(stack, 'Own');
  new CostOptimizationHubEnrollmentStatuses(stack, 'Member', { accountId: '222222222222' });
  app.synth();
  return filesUnder(outdir);
}

describe('synthesized output', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'enrollment-synth-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('is deterministic: the same program gives the same bytes in every file', () => {
    const first = synthApp(tempDir());
    const second = synthApp(tempDir());
    expect(Object.keys(first)).toEqual(Object.keys(second));
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['manifest.json', 'stacks/org/cdk.tf.json', expect.stringMatching(/^stacks\/org\/assets\/.+\/adapter\.cjs$/)]),
    );
    for (const name of Object.keys(first)) expect(first[name].equals(second[name])).toBe(true);
  });

  test('never contains credentials from the environment, nor machine-specific paths', () => {
    const sentinels = {
      AWS_ACCESS_KEY_ID: 'AKIASENTINELEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'sentinel/secret+access+key/0000000000000',
      AWS_SESSION_TOKEN: 'sentinel-session-token-value',
    };
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(sentinels)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    let files: Record<string, Buffer>;
    try {
      files = synthApp(tempDir());
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const text = Object.values(files!).map((b) => b.toString('utf8')).join('\n');
    for (const value of Object.values(sentinels)) expect(text).not.toContain(value);
    // Nothing that looks like a credential field, and no provisioner environment to smuggle one in.
    expect(text).not.toMatch(/secret|session_?token|access_?key/i);
    const stack = JSON.parse(files!['stacks/org/cdk.tf.json'].toString('utf8'));
    for (const r of Object.values(stack.resource.terraform_data) as any[]) {
      for (const p of r.provisioner) expect(p['local-exec'].environment).toBeUndefined();
    }
    // The synthesized directory must work elsewhere: no absolute paths of this checkout.
    expect(text).not.toContain(ROOT);
  });
});

/**
 * cdktf 0.21's TerraformOutput calls `util.isArray`, which Node.js 22 and later deprecate at run time (DEP0044):
 * one warning per synthesis with outputs, printed by the core (CDK Terrain no longer calls it), not by us.
 */
function withoutCoreDeprecation(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) \[DEP0044\] DeprecationWarning: The `util\.isArray` API is deprecated\..*\n(\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)\n)?/m, '');
}

describe('npm start (scripts/synth.mjs)', () => {
  test('synthesizes main.ts into the output directory like cdktf synth, deterministically', () => {
    const main = path.join(ROOT, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
    const outs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'enrollment-main-')));
    try {
      for (const out of outs) {
        const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.mjs'), '--output', out], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify({ [ADAPTER_PATH_CONTEXT]: FIXTURE_ADAPTER }) },
        });
        expect(withoutCoreDeprecation(run.stderr)).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(`organization-enrollment: ${path.relative(ROOT, path.join(out, 'stacks/organization-enrollment/cdk.tf.json'))}`);
      }
      const [a, b] = outs.map(filesUnder);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const name of Object.keys(a)) expect(a[name].equals(b[name])).toBe(true);
      const stack = JSON.parse(a['stacks/organization-enrollment/cdk.tf.json'].toString('utf8'));
      expect(text(a)).not.toContain(ROOT);
      expect(Object.keys(stack.output).sort()).toEqual(['compute_optimizer_accounts', 'compute_optimizer_status_counts', 'cost_optimization_hub_status_counts']);
      expect(Object.values(stack.resource.terraform_data).map((r: any) => r.input.kind).sort()).toEqual([
        'automation-enrollment',
        'automation-member-accounts',
        'automation-rule-set',
        'compute-optimizer-enrollment',
        'cost-optimization-hub-enrollment',
      ]);
    } finally {
      outs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    }
  });

  test('works on a fresh machine: no terraform on PATH, no AWS credentials or config', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'enrollment-main-'));
    try {
      const env: NodeJS.ProcessEnv = { PATH: '/nonexistent', HOME: out, CDKTF_CONTEXT_JSON: JSON.stringify({ [ADAPTER_PATH_CONTEXT]: FIXTURE_ADAPTER }) };
      const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.mjs'), '--output', out], { cwd: ROOT, encoding: 'utf8', env });
      expect(withoutCoreDeprecation(run.stderr)).toBe('');
      expect(run.status).toBe(0);
      expect(existsSync(path.join(out, 'stacks', 'organization-enrollment', 'cdk.tf.json'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('fails with one line saying what to do when the app cannot synthesize', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'enrollment-main-'));
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.mjs'), '--output', out], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify({ [ADAPTER_PATH_CONTEXT]: path.join(out, 'missing', 'adapter.cjs') }) },
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^synth: node scripts\/app\.js failed: organization-enrollment\/EnrollmentAdapter: the enrollment adapter bundle was not found at .*missing\/adapter\.cjs: build it with `npm run build`/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
