import {
  GetPreferencesCommand,
  ListEnrollmentStatusesCommand,
  UpdateEnrollmentStatusCommand,
  UpdatePreferencesCommand,
  ValidationException,
  AccessDeniedException,
  ThrottlingException,
  paginateListEnrollmentStatuses,
} from '@aws-sdk/client-cost-optimization-hub';
import { startEmulator } from '../../src/emulator';
import { admin, costOptimizationHub, expectAwsError, MANAGEMENT, MEMBERS, signedCall, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(() => emu.close());
beforeEach(() => admin(emu.url, 'POST', 'reset'));

describe('Cost Optimization Hub', () => {
  test('opt in with member accounts and list the organisation page by page', async () => {
    const hub = costOptimizationHub(emu.url);
    expect((await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }))).status).toBe('Active');
    const own = await hub.send(new ListEnrollmentStatusesCommand({}));
    expect(own.items).toEqual([expect.objectContaining({ accountId: MANAGEMENT.accountId, status: 'Active' })]);
    expect(own.items![0].createdTimestamp).toBeInstanceOf(Date);
    expect(own.includeMemberAccounts).toBe(true);

    const ids: string[] = [];
    for await (const page of paginateListEnrollmentStatuses({ client: hub, pageSize: 2 }, { includeOrganizationInfo: true })) {
      ids.push(...page.items!.map((i) => i.accountId!));
    }
    expect(ids).toEqual([MANAGEMENT.accountId, ...MEMBERS.map((m) => m.accountId)]);

    const member = await hub.send(new ListEnrollmentStatusesCommand({ accountId: MEMBERS[1].accountId }));
    expect(member.items).toEqual([expect.objectContaining({ accountId: MEMBERS[1].accountId, status: 'Active' })]);
  });

  test('validation errors carry reason and fields', async () => {
    const hub = costOptimizationHub(emu.url);
    const err = await expectAwsError(hub.send(new ListEnrollmentStatusesCommand({ accountId: '12345' })), 'ValidationException', 400, /accountId/);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.reason).toBe('FieldValidationFailed');
    expect(err.fields).toEqual([expect.objectContaining({ fieldName: 'accountId' })]);
    await expectAwsError(hub.send(new ListEnrollmentStatusesCommand({ maxResults: 101 })), 'ValidationException', 400, /maxResults/);
    await expectAwsError(hub.send(new UpdateEnrollmentStatusCommand({ status: 'Pending' as any })), 'ValidationException', 400, /status/);
    await expectAwsError(hub.send(new ListEnrollmentStatusesCommand({ nextToken: 'garbage' })), 'ValidationException', 400, /nextToken/);
  });

  test('an injected throttle is 429 ThrottlingException here too', async () => {
    await admin(emu.url, 'POST', 'faults', { throttleNext: 1, operations: ['CostOptimizationHubService.GetPreferences'] });
    const err = await expectAwsError(costOptimizationHub(emu.url).send(new GetPreferencesCommand({})), 'ThrottlingException', 429);
    expect(err).toBeInstanceOf(ThrottlingException);
  });

  test('members cannot read other accounts', async () => {
    const err = await expectAwsError(
      costOptimizationHub(emu.url, MEMBERS[0]).send(new ListEnrollmentStatusesCommand({ accountId: MEMBERS[1].accountId })),
      'AccessDeniedException',
      400,
    );
    expect(err).toBeInstanceOf(AccessDeniedException);
  });

  test('preferences: defaults, partial updates, enum checks, management-only discount visibility', async () => {
    const hub = costOptimizationHub(emu.url, STANDALONE);
    const defaults = await hub.send(new GetPreferencesCommand({}));
    expect(defaults).toMatchObject({ savingsEstimationMode: 'BeforeDiscounts', memberAccountDiscountVisibility: 'All', preferredCommitment: { term: 'ThreeYears', paymentOption: 'AllUpfront' } });
    const updated = await hub.send(new UpdatePreferencesCommand({ savingsEstimationMode: 'AfterDiscounts', preferredCommitment: { paymentOption: 'NoUpfront' } }));
    expect(updated).toMatchObject({ savingsEstimationMode: 'AfterDiscounts', preferredCommitment: { term: 'ThreeYears', paymentOption: 'NoUpfront' } });
    expect((await hub.send(new GetPreferencesCommand({}))).preferredCommitment).toEqual({ term: 'ThreeYears', paymentOption: 'NoUpfront' });
    const bad = await expectAwsError(hub.send(new UpdatePreferencesCommand({ preferredCommitment: { term: 'TenYears' as any } })), 'ValidationException', 400);
    expect(bad.fields[0].fieldName).toBe('preferredCommitment.term');
    await expectAwsError(hub.send(new UpdatePreferencesCommand({ memberAccountDiscountVisibility: 'None' })), 'ValidationException', 400, /management/);
    const mgmt = await costOptimizationHub(emu.url).send(new UpdatePreferencesCommand({ memberAccountDiscountVisibility: 'None' }));
    expect(mgmt.memberAccountDiscountVisibility).toBe('None');
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[MANAGEMENT.accountId].costOptimizationHub.preferences.memberAccountDiscountVisibility).toBe('None');
  });

  test('preferences: a preferredCommitment given replaces the stored one, and what it leaves out means ThreeYears / AllUpfront', async () => {
    const hub = costOptimizationHub(emu.url, STANDALONE);
    await hub.send(new UpdatePreferencesCommand({ preferredCommitment: { term: 'OneYear', paymentOption: 'NoUpfront' } }));
    const partial = await hub.send(new UpdatePreferencesCommand({ preferredCommitment: { term: 'OneYear' } }));
    expect(partial.preferredCommitment).toEqual({ term: 'OneYear', paymentOption: 'AllUpfront' });
    const empty = await hub.send(new UpdatePreferencesCommand({ preferredCommitment: {} }));
    expect(empty.preferredCommitment).toEqual({ term: 'ThreeYears', paymentOption: 'AllUpfront' });
    // Leaving preferredCommitment out keeps it.
    await hub.send(new UpdatePreferencesCommand({ preferredCommitment: { paymentOption: 'PartialUpfront' } }));
    expect((await hub.send(new UpdatePreferencesCommand({ savingsEstimationMode: 'AfterDiscounts' }))).preferredCommitment).toEqual({ term: 'ThreeYears', paymentOption: 'PartialUpfront' });
  });

  test('preferences: members read their organisation discount visibility and cannot set it; null counts as absent', async () => {
    await costOptimizationHub(emu.url).send(new UpdatePreferencesCommand({ memberAccountDiscountVisibility: 'None' }));
    const member = costOptimizationHub(emu.url, MEMBERS[0]);
    expect((await member.send(new GetPreferencesCommand({}))).memberAccountDiscountVisibility).toBe('None');
    const err = await expectAwsError(member.send(new UpdatePreferencesCommand({ memberAccountDiscountVisibility: 'All' })), 'ValidationException', 400, /is a member account; only the management account/);
    expect(err.fields).toEqual([expect.objectContaining({ fieldName: 'memberAccountDiscountVisibility' })]);
    // An explicit null (as a client that serialises absent members) is not an attempt to set it.
    const res = await signedCall(emu.url, 'CostOptimizationHubService.UpdatePreferences', { memberAccountDiscountVisibility: null, savingsEstimationMode: 'AfterDiscounts' }, MEMBERS[0], 'cost-optimization-hub');
    expect([res.status, res.body.savingsEstimationMode, res.body.memberAccountDiscountVisibility]).toEqual([200, 'AfterDiscounts', 'None']);
    await expectAwsError(costOptimizationHub(emu.url, STANDALONE).send(new UpdatePreferencesCommand({ memberAccountDiscountVisibility: 'None' })), 'ValidationException', 400, /not in an organization/);
  });

  test('a console change of preferences, and console statuses stay inside the model (no Failed)', async () => {
    const changed = await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/cost-optimization-hub/preferences`, { savingsEstimationMode: 'AfterDiscounts', preferredCommitment: { term: 'OneYear' } });
    expect(changed).toEqual({ savingsEstimationMode: 'AfterDiscounts', memberAccountDiscountVisibility: 'All', preferredCommitment: { term: 'OneYear', paymentOption: 'AllUpfront' } });
    expect((await costOptimizationHub(emu.url, STANDALONE).send(new GetPreferencesCommand({}))).preferredCommitment).toEqual({ term: 'OneYear', paymentOption: 'AllUpfront' });
    const bad = await fetch(`${emu.url}/_emulator/accounts/${STANDALONE.accountId}/cost-optimization-hub/preferences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ savingsEstimationMode: 'Sometimes' }) });
    expect(bad.status).toBe(400);

    const failed = await fetch(`${emu.url}/_emulator/accounts/${MANAGEMENT.accountId}/cost-optimization-hub`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Failed' }) });
    expect([failed.status, ((await failed.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/Active, Inactive \(Cost Optimization Hub has no other status\)/)]);
    await admin(emu.url, 'POST', `accounts/${MANAGEMENT.accountId}/cost-optimization-hub`, { status: 'Active' });
    const listed = await costOptimizationHub(emu.url).send(new ListEnrollmentStatusesCommand({ includeOrganizationInfo: true }));
    expect(new Set(listed.items!.map((i) => i.status))).toEqual(new Set(['Active', 'Inactive']));
  });

  test('includeMemberAccounts is the setting of an opt-in with member accounts: false before, true while every member is Active', async () => {
    const hub = costOptimizationHub(emu.url);
    await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
    expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(false);
    await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
    expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(true);
    await admin(emu.url, 'POST', `accounts/${MEMBERS[2].accountId}/cost-optimization-hub`, { status: 'Inactive' });
    expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(false);
    await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
    expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(true);
    await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
    expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(false);
    // Members and standalone accounts get no such member.
    expect((await costOptimizationHub(emu.url, MEMBERS[0]).send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBeUndefined();
  });

  test('an organisation with no members: the opt-in with member accounts is answered true at once', async () => {
    const lonely = await startEmulator({ quiet: true, accounts: { management: MANAGEMENT, members: [], standalone: [STANDALONE] } });
    try {
      const hub = costOptimizationHub(lonely.url);
      expect((await hub.send(new ListEnrollmentStatusesCommand({}))).includeMemberAccounts).toBe(false);
      await hub.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
      const answer = await hub.send(new ListEnrollmentStatusesCommand({ includeOrganizationInfo: true }));
      expect(answer.includeMemberAccounts).toBe(true);
      expect(answer.items!.map((i) => i.accountId)).toEqual([MANAGEMENT.accountId]);
    } finally {
      await lonely.close();
    }
  });
});
