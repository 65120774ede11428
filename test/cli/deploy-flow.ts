/**
 * What a platform team does with the example stack through a real CLI (`cdktf` or `cdktn`), as tests:
 * synth, diff, deploy, diff clean, a change in the console that diff shows and deploy repairs, destroy.
 *
 * Each CLI runs in its own project directory (a copy of this project, or an app that installed the packed
 * library), against the emulator, with the hashicorp/external stand-in attached through
 * TF_REATTACH_PROVIDERS. The stack is not edited to find the emulator: AWS_ENDPOINT_URL points all three
 * services at it.
 *
 * `--skip-provider-lock`: without a lock file the CLIs run `terraform providers lock`, which asks the
 * registry for hashicorp/external's checksums; this machine has no registry, and a reattached provider has none.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ACCOUNTS, startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import { ExternalProvider, startExternalProvider } from '../support/external-provider/server';
import { terraformEnv } from '../support/external-provider/terraform';
import { EmulatorAdmin } from '../support/external-provider/world';
import { CommandResult, cliEnv, expectSuccess, plain, runCommand } from '../support/toolchains';

export const STACK = 'organization-enrollment';
const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;
const MEMBER = DEFAULT_ACCOUNTS.members[0].accountId;

export interface FlowSetup {
  /** argv that starts the CLI, e.g. [cdktf] or [node22, cdktn]. */
  readonly cli: readonly string[];
  /** The project the CLI runs in (cdktf.json at its root; main.ts's LocalBackend puts the state there). */
  readonly project: string;
  /** Extra environment (e.g. PATH with another Node first). */
  readonly env?: Record<string, string>;
}

export interface Flow {
  /** Runs the CLI in the project with the flow's environment. */
  cli(...args: string[]): Promise<CommandResult>;
  readonly project: string;
  readonly stackDir: string;
  readonly emulatorUrl: string;
}

/**
 * Declares the flow's tests in the calling file; `prepare` runs in beforeAll (with a long timeout: it may
 * install a CLI into the toolchain cache) and returns where and how to run the CLI.
 */
export function deployFlow(name: string, prepare: (dir: string) => Promise<FlowSetup> | FlowSetup): Flow {
  let dir: string;
  let setup: FlowSetup;
  let emulator: RunningEmulator;
  let provider: ExternalProvider;
  let admin: EmulatorAdmin;
  let env: Record<string, string>;
  const history: CommandResult[] = [];

  const flow: Flow = {
    async cli(...args: string[]) {
      const result = await runCommand([...setup.cli, ...args], { cwd: setup.project, env });
      history.push(result);
      return result;
    },
    get project() {
      return setup.project;
    },
    get stackDir() {
      return path.join(setup.project, 'cdktf.out', 'stacks', STACK);
    },
    get emulatorUrl() {
      return emulator.url;
    },
  };
  const { cli } = flow;
  const ok = async (...args: string[]) => plain(expectSuccess(await cli(...args)).stdout);
  const statusOf = (state: any, account: string, service: string): string => state.accounts[account][service].status;
  /** The resources of the synthesized stack (all terraform_data), which the first plan creates. */
  const resourceCount = (): number => {
    const json = JSON.parse(readFileSync(path.join(flow.stackDir, 'cdk.tf.json'), 'utf8'));
    const count = Object.keys(json.resource.terraform_data).length;
    expect(count).toBeGreaterThanOrEqual(3);
    return count;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `cli-${name}-`));
    setup = await prepare(dir);
    emulator = await startEmulator({ port: 0, quiet: true });
    admin = new EmulatorAdmin(emulator.url);
    provider = await startExternalProvider();
    env = { ...cliEnv(terraformEnv(provider), { home: path.join(dir, 'home'), endpoint: emulator.url }), ...setup.env };
    // The real provider runs programs in Terraform's working directory (the stack) with Terraform's environment.
    provider.setProgramContext({ env, cwd: flow.stackDir });
  }, 900_000);

  afterAll(async () => {
    if (process.env.E2E_TIMINGS === '1') for (const h of history) process.stderr.write(`${h.command}: ${h.durationMs} ms\n`);
    await provider?.close();
    await emulator?.close();
    if (dir && process.env.E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else if (dir) process.stderr.write(`cli: kept ${dir}\n`);
  });

  test(`${name} synth writes the example stack, with hashicorp/external pinned and no endpoint in it`, async () => {
    const result = expectSuccess(await cli('synth'));
    // A current build: cdktf.json's app had nothing to rebuild.
    expect(plain(result.stdout + result.stderr)).not.toContain('rebuilt dist/');
    const json = JSON.parse(readFileSync(path.join(flow.stackDir, 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.required_providers).toEqual({ external: { source: 'hashicorp/external', version: '~> 2.0' } });
    expect(JSON.stringify(json)).not.toContain(emulator.url);
  });

  test(`${name} diff plans the three enrollments and reads AWS through the data sources`, async () => {
    const out = await ok('diff', '--skip-provider-lock');
    // Every resource of the stack: the three enrollments and what OrganizationOptimizationEnrollment adds.
    expect(out).toContain(`Plan: ${resourceCount()} to add, 0 to change, 0 to destroy`);
    for (const service of ['ComputeOptimizer', 'Automation', 'CostOptimizationHub']) {
      // The CLIs print each address with its construct path: `terraform_data.X (Organization/ComputeOptimizer/Resource) will be created`
      expect(out).toMatch(new RegExp(`terraform_data\\.Organization_${service}_\\w+ \\(Organization/${service}/Resource\\) will be created`));
    }
    expect(out).toMatch(/data\.external\.\w+ \([^)]*\): Read complete/);
    expect(statusOf(await admin.state(), MANAGEMENT, 'computeOptimizer')).toBe('Inactive');
  });

  test(`${name} deploy --auto-approve enrolls the organisation in all three services`, async () => {
    const out = await ok('deploy', '--auto-approve', '--skip-provider-lock');
    expect(out).toContain(`Apply complete! Resources: ${resourceCount()} added, 0 changed, 0 destroyed`);
    const state = await admin.state();
    for (const service of ['computeOptimizer', 'automation', 'costOptimizationHub']) expect(statusOf(state, MANAGEMENT, service)).toBe('Active');
    expect(statusOf(state, MEMBER, 'computeOptimizer')).toBe('Active');
    // main.ts's outputs, read after the enrollments: the three member accounts, all Active.
    expect(out).toMatch(/compute_optimizer_accounts = 3\n/);
    expect(out).toMatch(/"active" = 3\n/);
    const tfstate = readFileSync(path.join(setup.project, `terraform.${STACK}.tfstate`), 'utf8');
    expect(tfstate).not.toContain(DEFAULT_ACCOUNTS.management.secretAccessKey);
  });

  test(`${name} diff after the deploy: no changes`, async () => {
    expect(await ok('diff', '--skip-provider-lock')).toContain('No changes. Your infrastructure matches the configuration.');
  });

  test(`an opt-out in the console shows in ${name} diff, and ${name} deploy repairs it`, async () => {
    await admin.setStatus(MANAGEMENT, 'compute-optimizer', 'Inactive', 'Opted out in the console');
    // The check's warning is in the diff (deploy prints the plan's changes, not its warnings).
    const diff = await ok('diff', '--skip-provider-lock');
    expect(diff.replace(/\s+/g, ' ')).toContain('Compute Optimizer enrollment has drifted: AWS reports status "Inactive"');
    expect(diff).toMatch(/terraform_data\.Organization_ComputeOptimizer_\w+ \([^)]*\) must be replaced/);
    const deploy = await ok('deploy', '--auto-approve', '--skip-provider-lock');
    // Repairs are replacements (triggers_replace): as many added as destroyed.
    expect(deploy).toMatch(/Apply complete! Resources: (\d+) added, 0 changed, \1 destroyed/);
    expect(statusOf(await admin.state(), MANAGEMENT, 'computeOptimizer')).toBe('Active');
  });

  test(`${name} destroy --auto-approve empties the state and, with removalPolicy retain, leaves AWS enrolled`, async () => {
    expect(await ok('destroy', '--auto-approve', '--skip-provider-lock')).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    expect(statusOf(await admin.state(), MANAGEMENT, 'computeOptimizer')).toBe('Active');
    const tfstate = JSON.parse(readFileSync(path.join(setup.project, `terraform.${STACK}.tfstate`), 'utf8'));
    expect(tfstate.resources ?? []).toEqual([]);
  });

  return flow;
}
