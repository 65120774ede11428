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
import { admin, costOptimizationHub, expectAwsError, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

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
});
