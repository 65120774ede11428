/**
 * examples/member-account through real Terraform: the management account's keys, the member's
 * OrganizationAccountAccessRole assumed through the emulator's STS (roleArn over plain http), the member
 * enrolled, a clean next plan, and a caller the role does not trust refused with STS's answer.
 */
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { declareMemberAccount } from '../../examples/member-account/main';
import { expectPlanCode, plan } from '../support/external-provider/plans';
import { World, startWorld } from '../support/external-provider/world';

jest.setTimeout(180_000);

const MANAGEMENT = DEFAULT_ACCOUNTS.management.accountId;
const MEMBER = DEFAULT_ACCOUNTS.members[0].accountId;
const OTHER_MEMBER = DEFAULT_ACCOUNTS.members[1].accountId;
const ROLE = `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`;

describe('member-account stack from the management account', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  test('apply enrolls the member (not the management account) through the assumed role; the next plan is clean', async () => {
    const tf = world.synth('member', (stack, endpoint) => declareMemberAccount(stack, MEMBER, { endpoint, region: 'us-east-1' }));
    await tf.ok(['init', '-no-color', '-input=false']);
    const applied = await tf.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect(applied.stdout).toMatch(/compute_optimizer_status = "Active"/);

    const state = await world.admin.state();
    expect(state.accounts[MEMBER].computeOptimizer.status).toBe('Active');
    expect(state.accounts[MEMBER].costOptimizationHub.status).toBe('Active');
    expect(state.accounts[MANAGEMENT].computeOptimizer.status).toBe('Inactive');
    expect(state.accounts[MANAGEMENT].costOptimizationHub.status).toBe('Inactive');
    expect(state.accounts[OTHER_MEMBER].computeOptimizer.status).toBe('Inactive');
    // Every adapter run (plan-time reads, the two applies) assumed the role in the member account.
    expect(state.calls['AWSSecurityTokenServiceV20110615.AssumeRole']).toBeGreaterThanOrEqual(3);
    expect(new Set(state.roleSessions.map((s: { assumedRoleArn: string }) => s.assumedRoleArn))).toEqual(new Set([`arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/enrollment-${MEMBER}`]));

    expectPlanCode(await plan(tf, 'again'), 0);
  });
});

describe('member-account stack from a caller the role does not trust', () => {
  let world: World;
  beforeAll(async () => {
    // Another member's keys: OrganizationAccountAccessRole trusts only the management account.
    world = await startWorld({ account: DEFAULT_ACCOUNTS.members[1] });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('plan fails with the STS refusal in one line: the role, the caller, what to check', async () => {
    const tf = world.synth('untrusted', (stack, endpoint) => declareMemberAccount(stack, MEMBER, { endpoint, region: 'us-east-1' }));
    await tf.ok(['init', '-no-color', '-input=false']);
    const planned = await plan(tf, 'refused');
    expect(planned.code).toBe(1);
    const text = planned.result.stderr.replace(/\s+/g, ' ');
    expect(text).toContain(
      `could not assume role ${ROLE}: STS AssumeRole refused: AccessDenied: User: arn:aws:iam::${OTHER_MEMBER}:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${ROLE}; check the role's trust policy or the connection's roleArn/externalId`,
    );
    expect(text).not.toMatch(/could not reach|TypeError/);
    expect((await world.admin.state()).accounts[MEMBER].computeOptimizer.status).toBe('Inactive');
  });
});
