import { TerraformOutput, Token } from 'cdktf';
import {
  ComputeOptimizerAutomationEnrollment,
  ComputeOptimizerAutomationEnrollmentConfiguration,
  ComputeOptimizerEnrollmentStatus,
  ComputeOptimizerOrganizationEnrollmentStatuses,
  ComputeOptimizerStatus,
  CostOptimizationHubEnrollmentStatuses,
} from '../../src';
import { parseConnectionRead, PAYLOAD_SCHEMA, READ_RESULT_FIELDS } from '../../src/shared';
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

describe('one read per connection', () => {
  test('reads of the same connection share one data source, one part each; other connections and other dependsOn get their own', () => {
    const json = synthJson((stack) => {
      const own = new ComputeOptimizerEnrollmentStatus(stack, 'own', REGION);
      new ComputeOptimizerAutomationEnrollmentConfiguration(stack, 'auto', REGION);
      new ComputeOptimizerOrganizationEnrollmentStatuses(stack, 'org', { ...REGION, maxResults: 10 });
      new ComputeOptimizerEnrollmentStatus(stack, 'other', { ...REGION, profile: 'member' });
      new CostOptimizationHubEnrollmentStatuses(stack, 'after', { ...REGION, dependsOn: [own.dataSource] });
    });
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(3);
    const shared = reads.find((r) => r.query['p2.kind'] !== undefined);
    expect([0, 1, 2].map((i) => shared.query[`p${i}.kind`])).toEqual([
      'compute-optimizer-enrollment',
      'automation-enrollment',
      'compute-optimizer-organization-statuses',
    ]);
    expect(reads.find((r) => r.query.profile === 'member').query['p0.for']).toBe('test/other');
    expect(reads.find((r) => r.depends_on).query['p0.kind']).toBe('cost-optimization-hub-enrollment-statuses');
  });
});
