import { UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { startEmulator } from '../../src/emulator';
import { admin, automation, computeOptimizer, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true, memberEnrollmentDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu.url, 'POST', 'reset');
  await admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: 0 });
});

const optInComputeOptimizer = (account = MANAGEMENT, includeMemberAccounts = false) =>
  computeOptimizer(emu.url, account).send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts }));

describe('Compute Optimizer Automation', () => {
  test('requires Compute Optimizer to be Active', async () => {
    const res = await automation(emu.url, 'GetEnrollmentConfiguration', {}, STANDALONE);
    expect(res.status).toBe(403);
    expect(res.body.__type).toBe('OptInRequiredException');
    expect(res.headers.get('x-amzn-errortype')).toBe('OptInRequiredException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a Pending management account is opted in (only its members are enrolling); a Pending member is not', async () => {
    await admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: 3_600_000 });
    const answer = await optInComputeOptimizer(MANAGEMENT, true);
    expect(answer.status).toBe('Pending');
    const management = await automation(emu.url, 'GetEnrollmentConfiguration', {}, MANAGEMENT);
    expect(management.status).toBe(200);
    const member = await automation(emu.url, 'GetEnrollmentConfiguration', {}, MEMBERS[0]);
    expect([member.status, member.body.__type]).toEqual([403, 'OptInRequiredException']);
  });

  test('opt in and out; opting out stops rules; opting in again within 24 h is refused', async () => {
    await optInComputeOptimizer(STANDALONE);
    let res = await automation(emu.url, 'GetEnrollmentConfiguration', {}, STANDALONE);
    expect(res.body).toMatchObject({ status: 'Inactive', organizationRuleMode: 'NoneAllowed' });
    expect(typeof res.body.lastUpdatedTimestamp).toBe('number');

    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active' }, STANDALONE);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('Active');
    await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/automation`, { status: 'Active', rules: 'running' });

    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Inactive' }, STANDALONE);
    expect(res.body.status).toBe('Inactive');
    expect((await admin(emu.url, 'GET', 'state')).accounts[STANDALONE.accountId].automation).toMatchObject({ status: 'Inactive', rules: 'stopped' });

    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active' }, STANDALONE);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ __type: 'InvalidParameterValueException', message: expect.stringMatching(/24 hours/) });

    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 24 * 3600 + 1 });
    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active' }, STANDALONE);
    expect(res.body.status).toBe('Active');
  });

  test('only Active and Inactive can be requested; clientToken pattern is checked', async () => {
    await optInComputeOptimizer(STANDALONE);
    let res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Failed' }, STANDALONE);
    expect([res.status, res.body.__type]).toEqual([400, 'InvalidParameterValueException']);
    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'not valid!' }, STANDALONE);
    expect([res.status, res.body.__type]).toEqual([400, 'InvalidParameterValueException']);
    res = await automation(emu.url, 'UpdateEnrollmentConfiguration', {}, STANDALONE);
    expect([res.status, res.body.__type]).toEqual([400, 'InvalidParameterValueException']);
  });

  test('same client token: first response again without acting; different parameters: mismatch', async () => {
    await optInComputeOptimizer(STANDALONE);
    const first = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'tok-1' }, STANDALONE);
    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 5 });
    await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/automation`, { status: 'Failed' });
    const again = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'tok-1' }, STANDALONE);
    expect(again.body).toEqual(first.body);
    expect((await admin(emu.url, 'GET', 'state')).accounts[STANDALONE.accountId].automation.status).toBe('Failed');

    const mismatch = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Inactive', clientToken: 'tok-1' }, STANDALONE);
    expect([mismatch.status, mismatch.body.__type]).toEqual([409, 'IdempotentParameterMismatchException']);
  });

  test('association: management only, enables Automation, blocks the member from opting out until disassociated', async () => {
    await optInComputeOptimizer(MANAGEMENT, true);
    const member = MEMBERS[0];
    const notMgmt = await automation(emu.url, 'AssociateAccounts', { accountIds: [MEMBERS[1].accountId] }, member);
    expect([notMgmt.status, notMgmt.body.__type]).toEqual([400, 'NotManagementAccountException']);

    const assoc = await automation(emu.url, 'AssociateAccounts', { accountIds: [member.accountId, STANDALONE.accountId] });
    expect(assoc.body.accountIds).toEqual([member.accountId]);
    expect(assoc.body.errors).toEqual([expect.stringContaining(STANDALONE.accountId)]);
    expect((await automation(emu.url, 'GetEnrollmentConfiguration', {}, member)).body).toMatchObject({ status: 'Active', organizationRuleMode: 'AnyAllowed' });

    const refused = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Inactive' }, member);
    expect([refused.status, refused.body.__type]).toEqual([403, 'ForbiddenException']);

    const dis = await automation(emu.url, 'DisassociateAccounts', { accountIds: [member.accountId] });
    expect(dis.body.accountIds).toEqual([member.accountId]);
    const optOut = await automation(emu.url, 'UpdateEnrollmentConfiguration', { status: 'Inactive' }, member);
    expect(optOut.body.status).toBe('Inactive');

    const tooMany = await automation(emu.url, 'AssociateAccounts', { accountIds: Array.from({ length: 51 }, () => member.accountId) });
    expect([tooMany.status, tooMany.body.__type]).toEqual([400, 'InvalidParameterValueException']);
  });

  test('ListAccounts pages with nextToken and rejects a forged token', async () => {
    await optInComputeOptimizer(MANAGEMENT, true);
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await automation(emu.url, 'ListAccounts', { maxResults: 2, ...(token ? { nextToken: token } : {}) });
      expect(res.status).toBe(200);
      ids.push(...(res.body.accounts as Array<{ accountId: string }>).map((a) => a.accountId));
      token = res.body.nextToken as string | undefined;
      if (!token) break;
    }
    expect(ids).toEqual(MEMBERS.map((m) => m.accountId));
    const bad = await automation(emu.url, 'ListAccounts', { nextToken: 'Zm9yZ2Vk' });
    expect([bad.status, bad.body.__type]).toEqual([400, 'InvalidParameterValueException']);
    const zero = await automation(emu.url, 'ListAccounts', { maxResults: 0 });
    expect([zero.status, zero.body.__type]).toEqual([400, 'InvalidParameterValueException']);
  });

  test('a client token expires after 24 hours; AssociateAccounts honours tokens too', async () => {
    await optInComputeOptimizer(MANAGEMENT, true);
    const first = await automation(emu.url, 'AssociateAccounts', { accountIds: [MEMBERS[0].accountId], clientToken: 'assoc-1' });
    expect(first.body.accountIds).toEqual([MEMBERS[0].accountId]);
    const mismatch = await automation(emu.url, 'AssociateAccounts', { accountIds: [MEMBERS[1].accountId], clientToken: 'assoc-1' });
    expect([mismatch.status, mismatch.body.__type]).toEqual([409, 'IdempotentParameterMismatchException']);
    // The same token names a different request for another operation.
    const other = await automation(emu.url, 'DisassociateAccounts', { accountIds: [MEMBERS[0].accountId], clientToken: 'assoc-1' });
    expect(other.status).toBe(200);
    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 24 * 3600 + 1 });
    const reused = await automation(emu.url, 'AssociateAccounts', { accountIds: [MEMBERS[1].accountId], clientToken: 'assoc-1' });
    expect(reused.body.accountIds).toEqual([MEMBERS[1].accountId]);
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[MEMBERS[1].accountId].automation).toMatchObject({ associated: true, status: 'Active', organizationRuleMode: 'AnyAllowed' });
  });
});
