import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationMemberAccounts,
  ComputeOptimizerEnrollment,
  CostOptimizationHubEnrollment,
  EnrollmentDefaults,
  EnrollmentStatus,
  RemovalPolicy,
} from '../../src';
import { parseConnectionRead, parsePayload, PAYLOAD_SCHEMA } from '../../src/shared';
import { onlyResource, removalResources, synthJson, testApp, warningsOf } from './helpers';

const REGION = { region: 'eu-west-1' };

describe('ComputeOptimizerEnrollment', () => {
  test('synthesizes a terraform_data whose input is the wire payload', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    });
    const resource = onlyResource(json);
    expect(resource.input).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'compute-optimizer-enrollment',
      region: 'eu-west-1',
      status: 'Active',
      includeMemberAccounts: 'true',
    });
    // What the adapter will receive parses under the shared schema.
    expect(() => parsePayload('compute-optimizer-enrollment', 'apply', resource.input)).not.toThrow();
    expect(resource.triggers_replace.declared).toEqual({ status: 'Active', includeMemberAccounts: 'true' });
  });

  test('runs the adapter through interpreter argv, never a shell, for apply and (on the companion) destroy', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: true });
    });
    const [apply, ...rest] = onlyResource(json).provisioner.map((p: any) => p['local-exec']);
    expect(rest).toEqual([]);
    expect(apply.interpreter).toEqual(['node', expect.stringMatching(/^\$\{path\.module\}\/assets\/.+\/adapter\.cjs$/), 'apply', 'compute-optimizer-enrollment']);
    expect(apply.command).toBe('${jsonencode(self.input)}');
    expect(apply.when).toBeUndefined();
    const [destroy] = (Object.values(removalResources(json))[0] as any).provisioner.map((p: any) => p['local-exec']);
    expect(destroy.interpreter).toEqual(['node', apply.interpreter[1], 'destroy', 'compute-optimizer-enrollment']);
    expect(destroy.command).toBe('${jsonencode(self.input)}');
    expect(destroy.when).toBe('destroy');
  });

  test('only status and member-account changes force a replacement; removal policy and connection update in place', () => {
    const resource = onlyResource(
      synthJson((stack) => {
        new ComputeOptimizerEnrollment(stack, 'co', {
          ...REGION,
          profile: 'org-admin',
          status: EnrollmentStatus.INACTIVE,
          removalPolicy: RemovalPolicy.OPT_OUT,
          acknowledgeRecommendationDataDeletion: true,
          timeoutSeconds: 120,
          detectDrift: false,
        });
      }),
    );
    expect(resource.triggers_replace).toEqual({ declared: { status: 'Inactive' }, reconcile: 'in-sync' });
    expect(resource.input).toMatchObject({ profile: 'org-admin', removalPolicy: 'opt-out', acknowledgeRecommendationDataDeletion: 'true', timeoutSeconds: '120' });
  });

  test.each(['Pending', 'Failed'])('rejects declaring %s, which only AWS reports', (status) => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: status as any }))).toThrow(
      `\`status\` must be "Active" or "Inactive", got "${status}" ("${status}" is a state AWS reports, not one you can declare)`,
    );
  });

  test('rejects an unknown status', () => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: 'active' as any }))).toThrow(
      '`status` must be "Active" or "Inactive", got "active"',
    );
  });

  test('opt-out removal policy requires acknowledging recommendation data deletion', () => {
    expect(() =>
      synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT })),
    ).toThrow(/`removalPolicy` "opt-out" on Compute Optimizer deletes its recommendation data: set `acknowledgeRecommendationDataDeletion: true`/);
    expect(() =>
      synthJson((stack) =>
        new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: false }),
      ),
    ).toThrow(/acknowledgeRecommendationDataDeletion/);
  });

  test('with removalPolicy "opt-out" the destroy step lives on a companion that a replacement never touches', () => {
    const stack = new TerraformStack(testApp(), 'test');
    new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true, removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: true });
    new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT });
    new ComputeOptimizerEnrollment(stack, 'kept', { ...REGION, status: EnrollmentStatus.ACTIVE });
    const json = JSON.parse(Testing.synth(stack));
    const all = json.resource.terraform_data;
    const removals = removalResources(json);
    expect(Object.keys(removals).sort()).toEqual([expect.stringMatching(/^co_Removal_/), expect.stringMatching(/^hub_Removal_/)]);
    for (const [name, removal] of Object.entries(removals) as [string, any][]) {
      const owner = Object.keys(all).find((k) => k !== name && k.startsWith(name.split('_Removal_')[0] + '_'))!;
      // The enrollment only applies: a replacement (member change, drift repair) never opts out first.
      expect(all[owner].provisioner.map((p: any) => p['local-exec'].interpreter[2])).toEqual(['apply']);
      // The companion only opts out, on destroy; it is never replaced and is destroyed before its enrollment.
      expect(removal.provisioner.map((p: any) => [p['local-exec'].interpreter[2], p['local-exec'].when])).toEqual([['destroy', 'destroy']]);
      expect(removal.triggers_replace).toEqual({ role: 'removal' });
      expect(removal.input).toEqual(all[owner].input);
      expect(removal.depends_on).toEqual([`terraform_data.${owner}`]);
    }
    // "retain" needs no destroy step at all: a single resource that only applies.
    const kept = Object.entries(all).find(([k]) => k.startsWith('kept_'))![1] as any;
    expect(kept.provisioner.map((p: any) => p['local-exec'].interpreter[2])).toEqual(['apply']);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('opt-outs on destroy run Automation before Compute Optimizer, as the enrollments are ordered', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT });
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: true });
    });
    const removals = removalResources(json);
    const name = (prefix: string) => Object.keys(removals).find((k) => k.startsWith(prefix))!;
    // Terraform destroys dependents first: the Automation companion depends on Compute Optimizer's.
    expect(removals[name('auto_Removal_')].depends_on).toContain(`terraform_data.${name('co_Removal_')}`);
    expect(removals[name('co_Removal_')].depends_on).not.toContain(`terraform_data.${name('auto_Removal_')}`);
  });

  test('declaring Compute Optimizer Inactive warns that it deletes recommendation data, unless acknowledged', () => {
    const stack = new TerraformStack(testApp(), 'test');
    new ComputeOptimizerEnrollment(stack, 'off', { ...REGION, status: EnrollmentStatus.INACTIVE });
    new ComputeOptimizerEnrollment(stack, 'acknowledged', { ...REGION, status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
    new ComputeOptimizerEnrollment(stack, 'on', { ...REGION, status: EnrollmentStatus.ACTIVE });
    expect(warningsOf(stack)).toEqual([
      '[cdktf-aws-enrollment] test/off: Compute Optimizer is declared Inactive: applying it opts the account out, and AWS deletes its recommendation data; set acknowledgeRecommendationDataDeletion: true to confirm',
    ]);
  });

  test('includeMemberAccounts or member associations through the member-access role warn: only the management account can do either', () => {
    const stack = new TerraformStack(testApp(), 'test');
    const member = 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole';
    new ComputeOptimizerEnrollment(stack, 'member', { ...REGION, roleArn: member, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, roleArn: 'arn:aws:iam::333333333333:role/admin/OrganizationAccountAccessRole', status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    // The same role without member accounts, and another role with them, are what member and management stacks do.
    new ComputeOptimizerEnrollment(stack, 'plain', { region: 'eu-west-2', roleArn: member, status: EnrollmentStatus.ACTIVE });
    new ComputeOptimizerEnrollment(stack, 'management', { region: 'eu-west-3', roleArn: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRoleAdmin', status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    // Associating members for Automation is the management account's alone too.
    new ComputeOptimizerAutomationMemberAccounts(stack, 'associations', { region: 'ap-south-1', roleArn: member });
    expect(warningsOf(stack)).toEqual([
      '[cdktf-aws-enrollment] test/member: includeMemberAccounts is true, but roleArn is OrganizationAccountAccessRole in 222222222222, the role Organizations creates in member accounts: only the management account can include member accounts, so this apply will be refused; drop includeMemberAccounts',
      '[cdktf-aws-enrollment] test/hub: includeMemberAccounts is true, but roleArn is OrganizationAccountAccessRole in 333333333333, the role Organizations creates in member accounts: only the management account can include member accounts, so this apply will be refused; drop includeMemberAccounts',
      '[cdktf-aws-enrollment] test/associations: it declares which member accounts are associated for Automation, but roleArn is OrganizationAccountAccessRole in 222222222222, the role Organizations creates in member accounts: only the management account can associate member accounts, so this apply will be refused; move this declaration to the management account\'s stack',
    ]);
  });

  test('two enrollments of one account that declare different things fail validation; other accounts do not', () => {
    const stack = new TerraformStack(testApp(), 'test');
    new CostOptimizationHubEnrollment(stack, 'on', { region: 'eu-west-1', status: EnrollmentStatus.ACTIVE });
    // The hub is only in us-east-1, so a different region is still the same account's setting.
    new CostOptimizationHubEnrollment(stack, 'off', { region: 'us-east-2', status: EnrollmentStatus.INACTIVE });
    new CostOptimizationHubEnrollment(stack, 'other', { region: 'eu-west-1', profile: 'member', status: EnrollmentStatus.INACTIVE });
    new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
    new ComputeOptimizerEnrollment(stack, 'same', { ...REGION, status: EnrollmentStatus.ACTIVE });
    expect(() => Testing.synth(stack, true)).toThrow(
      /test\/on and test\/off both manage Cost Optimization Hub for the same account and connection but declare different values \(status "Active" vs "Inactive"\); every apply would undo the other: keep one of them/,
    );
    const ok = new TerraformStack(testApp(), 'ok');
    new ComputeOptimizerEnrollment(ok, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
    // Unset and false mean the same; values only Terraform knows are left for the adapter.
    new ComputeOptimizerEnrollment(ok, 'same', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: false });
    const status = new TerraformVariable(ok, 'status', { type: 'string' });
    new ComputeOptimizerEnrollment(ok, 'variable', { ...REGION, status: status.stringValue as any });
    new ComputeOptimizerEnrollment(ok, 'variableAgain', { ...REGION, status: status.stringValue as any });
    new ComputeOptimizerEnrollment(ok, 'elsewhere', { ...REGION, roleArn: 'arn:aws:iam::123456789012:role/Enroll', status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
    expect(() => Testing.synth(ok, true)).not.toThrow();
  });

  test('what depends on an opt-out enrollment is destroyed before its opt-out runs', () => {
    const json = synthJson((stack) => {
      const co = new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT, acknowledgeRecommendationDataDeletion: true });
      new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE, dependsOn: [co] });
      new ComputeOptimizerEnrollment(stack, 'plain', { ...REGION, region: 'us-west-2', status: EnrollmentStatus.ACTIVE });
    });
    const all = json.resource.terraform_data;
    const name = (prefix: string) => Object.keys(all).find((k) => k.startsWith(prefix))!;
    // The construct's dependable is its companion (which itself waits for the enrollment).
    expect(all[name('hub_')].depends_on).toEqual([`terraform_data.${name('co_Removal_')}`]);
    expect(all[name('co_Removal_')].depends_on).toEqual([`terraform_data.${name('co_')}`]);
  });

  test('preventDestroy guards the companion, so re-applies (replacements) stay possible', () => {
    const json = synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, preventDestroy: true }));
    expect(onlyResource(json).lifecycle).toBeUndefined();
    const [removal] = Object.values(removalResources(json)) as any[];
    expect(removal.lifecycle).toEqual({ prevent_destroy: true });
    // Its destroy step sends the stored payload, whose removal policy is "retain": AWS is left alone.
    expect(removal.input.removalPolicy).toBeUndefined();
  });

  test('rejects an unknown removal policy', () => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: 'delete' as any }))).toThrow(
      '`removalPolicy` must be "retain" or "opt-out", got "delete"',
    );
  });

  test('rejects a non-boolean includeMemberAccounts', () => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: 'yes' as any }))).toThrow(
      '`includeMemberAccounts` must be true or false, got "yes"',
    );
  });

  test('rejects timeoutSeconds outside the schema range', () => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, timeoutSeconds: 0 }))).toThrow(
      'test/co: `timeoutSeconds` must be a whole number from 1 to 86400, got 0',
    );
  });

  test('skips validation of unresolved tokens and passes them through to the payload', () => {
    const json = synthJson((stack) => {
      const status = new TerraformVariable(stack, 'status', { type: 'string' });
      const region = new TerraformVariable(stack, 'region', { type: 'string' });
      new ComputeOptimizerEnrollment(stack, 'co', { region: region.stringValue, status: status.stringValue as any });
    });
    const resource = onlyResource(json);
    expect(resource.input.status).toBe('${var.status}');
    expect(resource.input.region).toBe('${var.region}');
    const drifted = Object.entries(json.locals).find(([k]) => k.includes('Drifted'))![1] as string;
    expect(drifted).toContain('!= var.status');
  });
});

describe('connection', () => {
  test('region is required, on the construct or through EnrollmentDefaults', () => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { status: EnrollmentStatus.ACTIVE }))).toThrow(
      /`region` is required: set it on the construct or once per stack with EnrollmentDefaults.set/,
    );
  });

  test('EnrollmentDefaults applies to every construct below the scope; construct props win', () => {
    const json = synthJson((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-west-2', roleArn: 'arn:aws:iam::111111111111:role/Enroller', endpoint: 'http://127.0.0.1:4566', detectDrift: false });
      new ComputeOptimizerEnrollment(stack, 'co', { status: EnrollmentStatus.ACTIVE });
      new CostOptimizationHubEnrollment(stack, 'hub', { status: EnrollmentStatus.ACTIVE, region: 'eu-central-1' });
    });
    const resources = Object.values(json.resource.terraform_data) as any[];
    const co = resources.find((r) => r.input.kind === 'compute-optimizer-enrollment');
    const hub = resources.find((r) => r.input.kind === 'cost-optimization-hub-enrollment');
    expect(co.input).toMatchObject({ region: 'us-west-2', roleArn: 'arn:aws:iam::111111111111:role/Enroller', endpoint: 'http://127.0.0.1:4566' });
    expect(hub.input.region).toBe('eu-central-1');
    expect(json.data).toBeUndefined(); // detectDrift: false from the defaults
  });

  test('the nearest scope\'s defaults win over outer ones, field by field', () => {
    const json = synthJson((stack) => {
      EnrollmentDefaults.set(stack.node.root, { region: 'us-east-1', profile: 'organisation' });
      const team = new Construct(stack, 'team');
      EnrollmentDefaults.set(team, { region: 'eu-west-1', detectDrift: false });
      new ComputeOptimizerEnrollment(team, 'co', { status: EnrollmentStatus.ACTIVE });
    });
    expect(onlyResource(json).input).toMatchObject({ region: 'eu-west-1', profile: 'organisation' });
    expect(json.data).toBeUndefined();
  });

  test('EnrollmentDefaults rejects a non-boolean detectDrift', () => {
    expect(() => synthJson((stack) => EnrollmentDefaults.set(stack, { detectDrift: 'no' as any }))).toThrow('`detectDrift` must be true or false, got "no"');
  });

  test.each([
    [{ region: 'Europe' }, '`region` must be an AWS region such as "us-east-1", got "Europe"'],
    [{ region: 'us-east-1', endpoint: 'ftp://x' }, '`endpoint` must be an http(s) URL'],
    [{ region: 'us-east-1', roleArn: 'role/Admin' }, '`roleArn` must be an IAM role ARN'],
    [{ region: 'us-east-1', roleSessionName: 'enroll' }, '`roleSessionName` needs `roleArn`'],
    [{ region: 'us-east-1', profile: 'has space' }, '`profile` must be a profile name'],
  ])('rejects a bad connection %j', (connection, message) => {
    expect(() => synthJson((stack) => new ComputeOptimizerEnrollment(stack, 'co', { ...connection, status: EnrollmentStatus.ACTIVE }))).toThrow(message);
  });
});

describe('drift detection', () => {
  test('reads AWS as a part of its connection\'s data "external", compares in locals, replaces through triggers_replace and warns in a check', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
    });
    const [readName, read] = Object.entries(json.data.external)[0] as [string, any];
    const [resourceName] = Object.keys(json.resource.terraform_data);
    expect(read.program).toEqual(['node', expect.stringMatching(/adapter\.cjs$/), 'read', 'connection-read']);
    // The read carries the connection and, for this enrollment, only what to read: nothing of the declaration.
    expect(read.query).toEqual({ schema: PAYLOAD_SCHEMA, kind: 'connection-read', region: 'eu-west-1', 'p0.kind': 'compute-optimizer-enrollment', 'p0.for': resourceName });
    // A version constraint, because the cdktf CLI refuses a required_providers entry without one.
    expect(json.terraform.required_providers.external).toEqual({ source: 'hashicorp/external', version: '~> 2.0' });

    const status = `data.external.${readName}.result["p0.status"]`;
    const locals = json.locals as Record<string, string>;
    const [driftedName, drifted] = Object.entries(locals).find(([k]) => k.includes('Drifted'))!;
    const [reconcileName, reconcile] = Object.entries(locals).find(([k]) => k.includes('Reconcile'))!;
    expect(drifted).toBe(`\${(${status} != "Pending" && ${status} != "Active")}`);
    expect(reconcile).toBe(`\${local.${driftedName} ? (timestamp() == "" ? "unreachable" : "in-sync") : "in-sync"}`);
    expect(onlyResource(json).triggers_replace.reconcile).toBe(`\${local.${reconcileName}}`);

    const [checkName, check] = Object.entries(json.check)[0] as [string, any];
    expect(checkName).toBe(`${resourceName}_in_sync`);
    // Quiet during apply: the read is from plan time, so it would repeat the warning after the repair.
    expect(check.assert[0].condition).toBe(`\${!local.${driftedName} || terraform.applying}`);
    // The user's Terraform version constraint is theirs: the library does not set one.
    expect(json.terraform.required_version).toBeUndefined();
    expect(check.assert[0].error_message).toContain(`AWS reports status "\${${status}}"`);
    expect(check.assert[0].error_message).toContain('the stack declares "Active"');
  });

  test('exposes the declared and observed status as tokens', () => {
    const json = synthJson((stack) => {
      const co = new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new TerraformOutput(stack, 'declared', { value: co.status });
      new TerraformOutput(stack, 'observed', { value: co.observedStatus });
    });
    const [name] = Object.keys(json.resource.terraform_data);
    const [read] = Object.keys(json.data.external);
    expect(json.output.declared.value).toBe(`\${terraform_data.${name}.input.status}`);
    expect(json.output.observed.value).toBe(`\${data.external.${read}.result["p0.status"]}`);
  });

  test('member accounts missing while Active counts as drift when they are declared', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true });
    });
    const drifted = Object.entries(json.locals).find(([k]) => k.includes('Drifted'))![1] as string;
    expect(drifted).toMatch(/\|\| \(data\.external\.\w+\.result\["p0\.status"\] == "Active" && data\.external\.\w+\.result\["p0\.memberAccountsIncluded"\] == "false"\)/);
  });

  test('every enrollment of the stack shares one read, whatever its connection', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerEnrollment(stack, 'member', { ...REGION, roleArn: 'arn:aws:iam::222222222222:role/Enroller', status: EnrollmentStatus.ACTIVE });
    });
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(1);
    // The three enrollments and the account's Automation rule set, then the member's enrollment through its role.
    const parts = parseConnectionRead(reads[0].query).parts;
    expect(parts.map((p) => p.connection.roleArn ?? '')).toEqual(['', '', '', '', 'arn:aws:iam::222222222222:role/Enroller']);
  });

  test('hashicorp/external is declared once per stack however many reads there are', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE });
    });
    expect(Object.keys(json.data.external)).toHaveLength(1);
    expect(json.provider.external).toHaveLength(1);
    expect(Object.keys(json.terraform.required_providers)).toEqual(['external']);
  });

  test('each stack of an app gets its own adapter asset and provider declaration', () => {
    const app = testApp();
    const stacks = ['one', 'two'].map((id) => new TerraformStack(app, id));
    for (const stack of stacks) new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
    for (const stack of stacks) {
      const json = JSON.parse(Testing.synth(stack, true));
      expect(json.provider.external).toHaveLength(1);
      expect(onlyResource(json).provisioner[0]['local-exec'].interpreter[1]).toMatch(/^\$\{path\.module\}\/assets\/EnrollmentAdapter_Bundle_\w+\/\w+\/adapter\.cjs$/);
    }
  });

  test('detectDrift: false emits no data source, locals, check or provider', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE, detectDrift: false });
    });
    expect(json.data).toBeUndefined();
    expect(json.locals).toBeUndefined();
    expect(json.check).toBeUndefined();
    expect(json.provider).toBeUndefined();
    expect(onlyResource(json).triggers_replace.reconcile).toBe('in-sync');
  });
});

describe('ComputeOptimizerAutomationEnrollment', () => {
  test('synthesizes the automation payload, and declares the account\'s rule set after it', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE, detectDrift: false });
    });
    const entries = Object.entries(json.resource.terraform_data) as [string, any][];
    const [name, resource] = entries.find(([, r]) => r.input.kind === 'automation-enrollment')!;
    expect(resource.input).toEqual({ schema: PAYLOAD_SCHEMA, kind: 'automation-enrollment', region: 'eu-west-1', status: 'Active' });
    expect(resource.depends_on).toBeUndefined();
    const [, rules] = entries.find(([, r]) => r.input.kind === 'automation-rule-set')!;
    // No rules yet: nothing to delete on destroy, so no removal companion; the enrollment's detectDrift holds.
    expect(rules).toMatchObject({ input: { setId: 'test', rules: '[]' }, depends_on: [`terraform_data.${name}`], triggers_replace: { reconcile: 'in-sync' } });
    expect(entries).toHaveLength(2);
  });

  test('is ordered after Compute Optimizer in the same stack, whichever is declared first', () => {
    for (const automationFirst of [true, false]) {
      const json = synthJson((stack) => {
        if (automationFirst) new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
        new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
        if (!automationFirst) new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
      });
      const entries = Object.entries(json.resource.terraform_data) as [string, any][];
      const [coName] = entries.find(([, r]) => r.input.kind === 'compute-optimizer-enrollment')!;
      const [, auto] = entries.find(([, r]) => r.input.kind === 'automation-enrollment')!;
      expect(auto.depends_on).toEqual([`terraform_data.${coName}`]);
    }
  });

  test('is ordered after the Compute Optimizer enrollment of its own account only', () => {
    const member = { roleArn: 'arn:aws:iam::222222222222:role/Enroller' };
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerEnrollment(stack, 'memberCo', { ...REGION, ...member, status: EnrollmentStatus.ACTIVE });
      new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
      // The region does not make another account: the same credentials reach the same enrollment.
      new ComputeOptimizerAutomationEnrollment(stack, 'memberAuto', { region: 'us-west-2', ...member, status: EnrollmentStatus.ACTIVE });
    });
    const entries = Object.entries(json.resource.terraform_data) as [string, any][];
    const name = (prefix: string) => entries.find(([k]) => k.startsWith(`${prefix}_`))![0];
    expect(json.resource.terraform_data[name('auto')].depends_on).toEqual([`terraform_data.${name('co')}`]);
    expect(json.resource.terraform_data[name('memberAuto')].depends_on).toEqual([`terraform_data.${name('memberCo')}`]);
  });

  test('a Compute Optimizer opt-out in another account does not stop this account\'s Automation', () => {
    expect(() =>
      synthJson((stack) => {
        new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, profile: 'other', status: EnrollmentStatus.INACTIVE, acknowledgeRecommendationDataDeletion: true });
        new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
      }),
    ).not.toThrow();
  });

  test('rejects Automation Active while Compute Optimizer is declared Inactive', () => {
    expect(() =>
      synthJson((stack) => {
        new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.INACTIVE });
        new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: EnrollmentStatus.ACTIVE });
      }),
    ).toThrow(/`status` "Active" on Compute Optimizer Automation \(test\/auto\) needs Compute Optimizer to be Active, but test\/co declares "Inactive"/);
  });

  test('warns that opting out stops all rules and blocks re-enrolling for 24 hours', () => {
    const stack = new TerraformStack(testApp(), 'test');
    new ComputeOptimizerAutomationEnrollment(stack, 'off', { ...REGION, status: EnrollmentStatus.INACTIVE });
    new ComputeOptimizerAutomationEnrollment(stack, 'policy', { ...REGION, status: EnrollmentStatus.ACTIVE, removalPolicy: RemovalPolicy.OPT_OUT });
    const warnings = warningsOf(stack);
    expect(warnings).toHaveLength(2);
    for (const w of warnings) {
      expect(w).toMatch(/^\[cdktf-aws-enrollment\] .*stops all automation rules, and AWS blocks re-enrolling for 24 hours$/);
    }
  });

  test.each(['Pending', 'Failed', 'Enabled'])('rejects status %s', (status) => {
    expect(() => synthJson((stack) => new ComputeOptimizerAutomationEnrollment(stack, 'a', { ...REGION, status: status as any }))).toThrow(
      `\`status\` must be "Active" or "Inactive", got "${status}"`,
    );
  });
});

describe('CostOptimizationHubEnrollment', () => {
  test('synthesizes the hub payload', () => {
    const resource = onlyResource(
      synthJson((stack) => {
        new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: true, removalPolicy: RemovalPolicy.OPT_OUT });
      }),
    );
    expect(resource.input).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'cost-optimization-hub-enrollment',
      region: 'eu-west-1',
      status: 'Active',
      removalPolicy: 'opt-out',
      includeMemberAccounts: 'true',
    });
  });

  test('its drift check only references keys the adapter prints for the hub', () => {
    const json = synthJson((stack) => new CostOptimizationHubEnrollment(stack, 'hub', { ...REGION, status: EnrollmentStatus.ACTIVE }));
    const check = Object.values(json.check)[0] as any;
    expect(check.assert[0].error_message).not.toContain('statusReason');
  });

  test.each(['Pending', 'Failed'])('rejects status %s', (status) => {
    expect(() => synthJson((stack) => new CostOptimizationHubEnrollment(stack, 'h', { ...REGION, status: status as any }))).toThrow(
      `\`status\` must be "Active" or "Inactive", got "${status}"`,
    );
  });

  test('rejects a non-boolean includeMemberAccounts', () => {
    expect(() => synthJson((stack) => new CostOptimizationHubEnrollment(stack, 'h', { ...REGION, status: EnrollmentStatus.ACTIVE, includeMemberAccounts: 1 as any }))).toThrow(
      '`includeMemberAccounts` must be true or false, got 1',
    );
  });
});
