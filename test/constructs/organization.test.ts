import { EnrollmentDefaults, OrganizationOptimizationEnrollment, RemovalPolicy } from '../../src';
import { synthJson } from './helpers';

function byKind(json: any): Record<string, [string, any]> {
  const out: Record<string, [string, any]> = {};
  for (const [name, r] of Object.entries(json.resource.terraform_data) as [string, any][]) {
    // The Automation enrollment's rule set and the members' association are not enrollments.
    if (r.input.kind !== 'automation-rule-set' && r.input.kind !== 'automation-member-accounts') out[r.input.kind] = [name, r];
  }
  return out;
}

describe('OrganizationOptimizationEnrollment', () => {
  test('enrolls all three services with member accounts, Compute Optimizer first', () => {
    const json = synthJson((stack) => {
      EnrollmentDefaults.set(stack, { region: 'us-east-1' });
      new OrganizationOptimizationEnrollment(stack, 'org');
    });
    const kinds = byKind(json);
    const [coName, co] = kinds['compute-optimizer-enrollment'];
    const [, auto] = kinds['automation-enrollment'];
    const [, hub] = kinds['cost-optimization-hub-enrollment'];
    expect(co.input).toMatchObject({ status: 'Active', includeMemberAccounts: 'true' });
    expect(co.depends_on).toBeUndefined();
    expect(auto.input.status).toBe('Active');
    expect(auto.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(hub.input).toMatchObject({ status: 'Active', includeMemberAccounts: 'true' });
    expect(hub.depends_on).toEqual([`terraform_data.${coName}`]);
  });

  test('two reads in all: the drift reads (three enrollments, the rule set, the members\' association) share one, the organisation listings share one that runs after every enrollment', () => {
    const json = synthJson((stack) => new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1' }));
    const reads = Object.values(json.data.external) as any[];
    expect(reads).toHaveLength(2);
    const kinds = (r: any) => Object.keys(r.query).filter((k) => k.endsWith('.kind')).map((k) => r.query[k]);
    const drift = reads.find((r) => !r.depends_on);
    const report = reads.find((r) => r.depends_on);
    expect(kinds(drift)).toEqual(['compute-optimizer-enrollment', 'automation-enrollment', 'automation-rule-set', 'automation-member-accounts', 'cost-optimization-hub-enrollment']);
    expect(kinds(report)).toEqual(['compute-optimizer-organization-statuses', 'automation-organization-accounts', 'cost-optimization-hub-enrollment-statuses']);
    // The three enrollments and the members' association.
    expect(report.depends_on).toHaveLength(4);
  });

  test('services can be left out, and without drift detection nothing needs hashicorp/external', () => {
    const json = synthJson((stack) =>
      new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1', automation: false, costOptimizationHub: false, detectDrift: false }),
    );
    expect(Object.keys(byKind(json))).toEqual(['compute-optimizer-enrollment']);
    expect(json.data).toBeUndefined();
    expect(json.terraform?.required_providers).toBeUndefined();
  });

  test('passes the removal policy to every service and requires the acknowledgement for opt-out', () => {
    expect(() => synthJson((stack) => new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1', removalPolicy: RemovalPolicy.OPT_OUT }))).toThrow(
      /acknowledgeRecommendationDataDeletion/,
    );
    const json = synthJson((stack) =>
      new OrganizationOptimizationEnrollment(stack, 'org', {
        region: 'us-east-1',
        removalPolicy: RemovalPolicy.OPT_OUT,
        acknowledgeRecommendationDataDeletion: true,
        detectDrift: false,
      }),
    );
    for (const [, r] of Object.values(byKind(json))) expect(r.input.removalPolicy).toBe('opt-out');
    // Leaving the organisation disassociates the members from Automation before the management account opts out.
    const members = (Object.values(json.resource.terraform_data) as any[]).find((r) => r.input.kind === 'automation-member-accounts' && r.triggers_replace.role !== 'removal');
    expect(members.input).toMatchObject({ allMembers: 'true', removalPolicy: 'disassociate' });
  });

  test('with member accounts included, every member is associated for Automation after both enrollments', () => {
    const json = synthJson((stack) => new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1' }));
    const kinds = byKind(json);
    const [, members] = (Object.entries(json.resource.terraform_data) as [string, any][]).find(([, r]) => r.input.kind === 'automation-member-accounts')!;
    expect(members.input).toMatchObject({ kind: 'automation-member-accounts', allMembers: 'true' });
    expect(members.input.removalPolicy).toBeUndefined();
    expect(members.depends_on.sort()).toEqual([`terraform_data.${kinds['compute-optimizer-enrollment'][0]}`, `terraform_data.${kinds['automation-enrollment'][0]}`].sort());
    const without = synthJson((stack) => new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1', includeMemberAccounts: false }));
    expect((Object.values(without.resource.terraform_data) as any[]).some((r) => r.input.kind === 'automation-member-accounts')).toBe(false);
  });

  test('rejects non-boolean switches', () => {
    expect(() => synthJson((stack) => new OrganizationOptimizationEnrollment(stack, 'org', { region: 'us-east-1', automation: 'no' as any }))).toThrow(
      '`automation` must be true or false, got "no"',
    );
  });
});
