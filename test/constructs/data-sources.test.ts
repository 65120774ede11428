import { TerraformOutput, TerraformVariable, Token } from 'cdktf';
import {
  ComputeOptimizerEffectiveRecommendationPreferences,
  ComputeOptimizerEnrollment,
  EnrollmentStatus,
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollmentStatus,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  ComputeOptimizerStatus,
  CostOptimizationHubEnrollmentStatuses,
} from '../../src';
import { parseConnectionRead, PAYLOAD_SCHEMA, READ_RESULT_FIELDS, READ_SPLIT } from '../../src/shared';
import { synthJson } from './helpers';

const REGION = { region: 'us-east-1' };

/** The stack's one connection read: its name and block. */
function onlyRead(json: any): [string, any] {
  const entries = Object.entries(json.data.external);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, any];
}

describe('ComputeOptimizerEnrollmentStatus', () => {
  test('is a data "external" running adapter read with the wire payload as query, and typed attributes', () => {
    const json = synthJson((stack) => {
      const read = new ComputeOptimizerEnrollmentStatus(stack, 'co', { ...REGION, profile: 'audit' });
      new TerraformOutput(stack, 'status', { value: read.status });
      new TerraformOutput(stack, 'members', { value: read.memberAccountsEnrolled });
      new TerraformOutput(stack, 'opted_in', { value: read.numberOfMemberAccountsOptedIn });
      new TerraformOutput(stack, 'reason', { value: read.statusReason });
      new TerraformOutput(stack, 'updated', { value: read.lastUpdatedTimestamp });
    });
    const [name, read] = onlyRead(json);
    expect(read.program).toEqual(['node', expect.stringMatching(/^\$\{path\.module\}\/assets\/.+\/adapter\.cjs$/), 'read', 'connection-read']);
    expect(read.query).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'connection-read',
      region: 'us-east-1',
      profile: 'audit',
      'p0.kind': 'compute-optimizer-enrollment',
      'p0.for': 'test/co',
    });
    expect(parseConnectionRead(read.query).parts.map((p) => p.kind)).toEqual(['compute-optimizer-enrollment']);
    const r = (key: string) => `data.external.${name}.result["p0.${key}"]`;
    expect(json.output.status.value).toBe(`\${${r('status')}}`);
    expect(json.output.members.value).toBe(`\${("" == ${r('memberAccountsEnrolled')}) ? null : tobool(${r('memberAccountsEnrolled')})}`);
    expect(json.output.opted_in.value).toBe(`\${("" == ${r('numberOfMemberAccountsOptedIn')}) ? null : tonumber(${r('numberOfMemberAccountsOptedIn')})}`);
    expect(json.output.reason.value).toBe(`\${${r('statusReason')}}`);
    expect(json.output.updated.value).toBe(`\${${r('lastUpdatedTimestamp')}}`);
    // Every typed attribute is a key the adapter prints.
    for (const key of ['status', 'statusReason', 'memberAccountsEnrolled', 'numberOfMemberAccountsOptedIn', 'lastUpdatedTimestamp']) {
      expect(READ_RESULT_FIELDS['compute-optimizer-enrollment']).toContain(key);
    }
  });
});

describe('attributes are cdktf tokens', () => {
  test('so other constructs skip validating them and Terraform resolves them', () => {
    const json = synthJson((stack) => {
      const read = new ComputeOptimizerEnrollmentStatus(stack, 'co', REGION);
      expect(Token.isUnresolved(read.status)).toBe(true);
      expect(Token.isUnresolved(read.numberOfMemberAccountsOptedIn)).toBe(true);
      new ComputeOptimizerAutomationEnrollment(stack, 'auto', { ...REGION, status: read.status as any, detectDrift: false });
    });
    const auto = (Object.values(json.resource.terraform_data) as any[]).find((r) => r.input.kind === 'automation-enrollment');
    expect(auto.input.status).toMatch(/^\$\{data\.external\.EnrollmentRead_\w+\.result\["p0\.status"\]\}$/);
  });
});

describe('ComputeOptimizerOrganizationEnrollmentStatuses', () => {
  test('encodes the status filter and page size, and decodes the list and counts', () => {
    const json = synthJson((stack) => {
      const read = new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'org', { ...REGION, statusFilter: [ComputeOptimizerStatus.ACTIVE, ComputeOptimizerStatus.PENDING], maxResults: 50 });
      new TerraformOutput(stack, 'accounts', { value: read.accounts });
      new TerraformOutput(stack, 'counts', {
        value: { all: read.accountCount, active: read.activeCount, inactive: read.inactiveCount, pending: read.pendingCount, failed: read.failedCount },
      });
    });
    const [name, read] = onlyRead(json);
    expect(read.query).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'connection-read',
      region: 'us-east-1',
      'p0.kind': 'compute-optimizer-organization-statuses',
      'p0.for': 'test/org',
      'p0.statusFilter': 'Active,Pending',
      'p0.pageSize': '50',
    });
    const r = (key: string) => `data.external.${name}.result["p0.${key}"]`;
    expect(json.output.accounts.value).toBe(`\${("" == ${r('accounts')}) ? null : jsondecode(${r('accounts')})}`);
    expect(json.output.counts.value.failed).toBe(`\${("" == ${r('failedCount')}) ? null : tonumber(${r('failedCount')})}`);
  });

  test('rejects a filter value that is not a Compute Optimizer status', () => {
    expect(() =>
      synthJson((stack) => new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'org', { ...REGION, statusFilter: ['Active', 'Enabled' as any] })),
    ).toThrow('`statusFilter` entries must be "Active", "Inactive", "Pending" or "Failed", got "Enabled"');
  });

  test.each([0, 1001, 2.5])('rejects maxResults %p (1 to 1000)', (maxResults) => {
    expect(() => synthJson((stack) => new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'org', { ...REGION, maxResults }))).toThrow(
      `\`maxResults\` must be a whole number from 1 to 100, got ${maxResults}`,
    );
  });
});

describe('ComputeOptimizerAutomationEnrollmentConfiguration', () => {
  test('reads the automation kind', () => {
    const json = synthJson((stack) => {
      const read = new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'auto', REGION);
      new TerraformOutput(stack, 'mode', { value: read.organizationRuleMode });
      new TerraformOutput(stack, 'status', { value: read.status });
    });
    const [name, read] = onlyRead(json);
    expect(read.program.slice(2)).toEqual(['read', 'connection-read']);
    expect(read.query['p0.kind']).toBe('automation-enrollment');
    expect(json.output.mode.value).toBe(`\${data.external.${name}.result["p0.organizationRuleMode"]}`);
  });
});

describe('CostOptimizationHubEnrollmentStatuses', () => {
  test('encodes account id and organisation info', () => {
    const json = synthJson((stack) => {
      const read = new CostOptimizationHubEnrollmentStatuses(stack, 'hub', { ...REGION, accountId: '222222222222', includeOrganizationInfo: true, maxResults: 50 });
      new TerraformOutput(stack, 'active', { value: read.activeCount });
      new TerraformOutput(stack, 'items', { value: read.items });
      new TerraformOutput(stack, 'members', { value: read.includeMemberAccounts });
    });
    const [, read] = onlyRead(json);
    expect(read.query).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'connection-read',
      region: 'us-east-1',
      'p0.kind': 'cost-optimization-hub-enrollment-statuses',
      'p0.for': 'test/hub',
      'p0.accountId': '222222222222',
      'p0.includeOrganizationInfo': 'true',
      'p0.pageSize': '50',
    });
  });

  test.each(['12345', '1234567890123', 'abcdefghijkl'])('rejects account id %s', (accountId) => {
    expect(() => synthJson((stack) => new CostOptimizationHubEnrollmentStatuses(stack, 'hub', { ...REGION, accountId }))).toThrow(
      `\`accountId\` must be a 12-digit AWS account id, got "${accountId}"`,
    );
  });

  test.each([0, 101])('rejects maxResults %p (1 to 100)', (maxResults) => {
    expect(() => synthJson((stack) => new CostOptimizationHubEnrollmentStatuses(stack, 'hub', { ...REGION, maxResults }))).toThrow(
      `\`maxResults\` must be a whole number from 1 to 100, got ${maxResults}`,
    );
  });

  test('rejects a non-boolean includeOrganizationInfo', () => {
    expect(() => synthJson((stack) => new CostOptimizationHubEnrollmentStatuses(stack, 'hub', { ...REGION, includeOrganizationInfo: 'true' as any }))).toThrow(
      '`includeOrganizationInfo` must be true or false, got "true"',
    );
  });
});

describe('one read per stack', () => {
  test('every read of the stack shares one data source, one part each with its own connection; another dependsOn gets its own', () => {
    const json = synthJson((stack) => {
      const own = new ComputeOptimizerEnrollmentStatus(stack, 'own', REGION);
      new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'auto', REGION);
      new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'org', { ...REGION, maxResults: 10 });
      new ComputeOptimizerEnrollmentStatus(stack, 'other', { ...REGION, profile: 'member' });
      new CostOptimizationHubEnrollmentStatuses(stack, 'after', { ...REGION, dependsOn: [own.dataSource] });
    });
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(2);
    const shared = reads.find((r) => !r.depends_on);
    // Two connections: each complete under c<M>., each part naming its own.
    expect(Object.fromEntries(Object.entries(shared.query).filter(([k]) => !k.startsWith('p')))).toEqual({
      schema: PAYLOAD_SCHEMA,
      kind: 'connection-read',
      'c0.region': 'us-east-1',
      'c1.region': 'us-east-1',
      'c1.profile': 'member',
    });
    const parts = parseConnectionRead(shared.query).parts;
    expect(parts.map((p) => [p.kind, p.for, p.connectionId, p.connection.profile])).toEqual([
      ['compute-optimizer-enrollment', 'test/own', 'c0', undefined],
      ['automation-enrollment', 'test/auto', 'c0', undefined],
      ['compute-optimizer-organization-statuses', 'test/org', 'c0', undefined],
      ['compute-optimizer-enrollment', 'test/other', 'c1', 'member'],
    ]);
    const after = reads.find((r) => r.depends_on);
    expect(after.query).toEqual({ schema: PAYLOAD_SCHEMA, kind: 'connection-read', region: 'us-east-1', 'p0.kind': 'cost-optimization-hub-enrollment-statuses', 'p0.for': 'test/after' });
  });

  test('a connection Terraform only knows later (a reference) gets a read of its own, so only its reads wait for it', () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollmentStatus(stack, 'known', REGION);
      const roleArn = new TerraformVariable(stack, 'role', { type: 'string' }).stringValue;
      new ComputeOptimizerEnrollmentStatus(stack, 'late', { ...REGION, roleArn });
      new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'lateToo', { ...REGION, roleArn });
    });
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(2);
    expect(reads.find((r) => r.query.roleArn === undefined).query['p0.for']).toBe('test/known');
    const late = reads.find((r) => r.query.roleArn !== undefined);
    expect(late.query.roleArn).toBe('${var.role}');
    expect([late.query['p0.for'], late.query['p1.for']]).toEqual(['test/late', 'test/lateToo']);
  });

  test("a read whose own fields hold a reference gets its connection's late read, so the stack's drift reads never wait for it", () => {
    const json = synthJson((stack) => {
      new ComputeOptimizerEnrollment(stack, 'co', { ...REGION, status: EnrollmentStatus.ACTIVE });
      const resourceArn = new TerraformVariable(stack, 'instance', { type: 'string' }).stringValue;
      new ComputeOptimizerEffectiveRecommendationPreferences(stack, 'effective', { ...REGION, resourceArn });
      new ComputeOptimizerEnrollmentStatus(stack, 'status', REGION);
    });
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(2);
    const late = reads.find((r) => Object.values(r.query).includes('${var.instance}'));
    expect(late.query).toEqual({ schema: PAYLOAD_SCHEMA, kind: 'connection-read', region: 'us-east-1', 'p0.kind': 'effective-recommendation-preferences', 'p0.for': 'test/effective', 'p0.resourceArn': '${var.instance}' });
    const shared = reads.find((r) => r !== late);
    expect(parseConnectionRead(shared.query).parts.map((p) => p.kind)).toEqual(['compute-optimizer-enrollment', 'compute-optimizer-enrollment']);
  });

  test(`a read is split before its query reaches ${READ_SPLIT.bytes} bytes (half what the adapter takes)`, () => {
    const json = synthJson((stack) => {
      for (let i = 0; i < 800; i++) {
        const resourceArn = `arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:00000000-0000-0000-0000-${String(i).padStart(12, '0')}:autoScalingGroupName/${'g'.repeat(250)}`;
        new ComputeOptimizerEffectiveRecommendationPreferences(stack, `effective${i}`, { ...REGION, resourceArn });
      }
    });
    const queries = Object.values(json.data.external).map((r: any) => r.query);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) expect(JSON.stringify(query).length).toBeLessThanOrEqual(READ_SPLIT.bytes);
    // Under the part and connection bounds: the size split them.
    expect(800).toBeLessThan(READ_SPLIT.parts);
    expect(queries.reduce((n, q) => n + parseConnectionRead(q).parts.length, 0)).toBe(800);
  });

  test(`a stack of more than ${READ_SPLIT.connections} connections is split into reads of at most that many, each connection's parts in one read`, () => {
    const accounts = READ_SPLIT.connections * 2 + 5;
    const json = synthJson((stack) => {
      for (let i = 0; i < accounts; i++) {
        new ComputeOptimizerEnrollmentStatus(stack, `co${i}`, { ...REGION, profile: `p${i}` });
        new ComputeOptimizerAutomationEnrollmentConfiguration(stack, `auto${i}`, { ...REGION, profile: `p${i}` });
      }
    });
    const names = Object.keys(json.data.external);
    expect(names).toHaveLength(3);
    expect(names[1]).toBe(`${names[0]}_2`);
    const reads = Object.values(json.data.external).map((r: any) => parseConnectionRead(r.query));
    expect(reads.map((r) => r.connections.size)).toEqual([READ_SPLIT.connections, READ_SPLIT.connections, 5]);
    const seen = new Set<string>();
    for (const read of reads) {
      for (const [, c] of read.connections) {
        expect(seen.has(c.profile!)).toBe(false);
        seen.add(c.profile!);
      }
      expect(read.parts).toHaveLength(read.connections.size * 2);
    }
    expect(seen.size).toBe(accounts);
  });
});
