import {
  GetEnrollmentStatusCommand,
  GetEnrollmentStatusesForOrganizationCommand,
  InvalidParameterValueException,
  UpdateEnrollmentStatusCommand,
  AccessDeniedException,
  paginateGetEnrollmentStatusesForOrganization,
} from '@aws-sdk/client-compute-optimizer';
import { startEmulator } from '../../src/emulator';
import { admin, computeOptimizer, expectAwsError, MANAGEMENT, MEMBERS, STANDALONE, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu.url, 'POST', 'reset');
  await admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: 60_000 });
});

describe('Compute Optimizer enrollment', () => {
  test('every account starts Inactive, and opting in and out round-trips', async () => {
    const co = computeOptimizer(emu.url, STANDALONE);
    const before = await co.send(new GetEnrollmentStatusCommand({}));
    expect(before).toMatchObject({ status: 'Inactive', memberAccountsEnrolled: false, numberOfMemberAccountsOptedIn: 0 });
    expect(before.lastUpdatedTimestamp).toBeInstanceOf(Date);

    expect(await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active' }))).toMatchObject({ status: 'Active' });
    expect((await co.send(new GetEnrollmentStatusCommand({}))).status).toBe('Active');
    let state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[STANDALONE.accountId].computeOptimizer).toMatchObject({ status: 'Active', recommendationData: 'present' });

    await co.send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
    state = await admin(emu.url, 'GET', 'state');
    expect(state.accounts[STANDALONE.accountId].computeOptimizer).toMatchObject({ status: 'Inactive', recommendationData: 'deleted' });
    expect(state.calls['ComputeOptimizerService.UpdateEnrollmentStatus']).toBe(2);
  });

  test('a loss of recommendation data stays visible after re-enrolling; opting out with no data loses nothing', async () => {
    const co = computeOptimizer(emu.url, STANDALONE);
    const view = async () => (await admin(emu.url, 'GET', 'state')).accounts[STANDALONE.accountId].computeOptimizer;
    await co.send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
    expect(await view()).toMatchObject({ recommendationData: 'deleted', recommendationDataDeletions: 0 });
    await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
    await co.send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
    await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
    expect(await view()).toMatchObject({ status: 'Active', recommendationData: 'present', recommendationDataDeletions: 1 });
    // A console opt-out deletes the data too.
    await admin(emu.url, 'POST', `accounts/${STANDALONE.accountId}/compute-optimizer`, { status: 'Inactive' });
    expect(await view()).toMatchObject({ recommendationData: 'deleted', recommendationDataDeletions: 2 });
    await admin(emu.url, 'POST', 'reset');
    expect(await view()).toMatchObject({ recommendationData: 'deleted', recommendationDataDeletions: 0 });
  });

  test('only Active and Inactive can be requested', async () => {
    const err = await expectAwsError(
      computeOptimizer(emu.url).send(new UpdateEnrollmentStatusCommand({ status: 'Pending' })),
      'InvalidParameterValueException',
      400,
      /Pending/,
    );
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.$fault).toBe('client');
  });

  test('a management account enrolling its members is Pending until the delay passes on the emulated clock', async () => {
    const co = computeOptimizer(emu.url);
    const update = await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
    expect(update).toMatchObject({ status: 'Pending', statusReason: expect.stringMatching(/member accounts/i) });
    expect(await co.send(new GetEnrollmentStatusCommand({}))).toMatchObject({ status: 'Pending', memberAccountsEnrolled: false, numberOfMemberAccountsOptedIn: 0 });
    const member = await computeOptimizer(emu.url, MEMBERS[0]).send(new GetEnrollmentStatusCommand({}));
    expect(member.status).toBe('Pending');

    await admin(emu.url, 'POST', 'clock', { advanceSeconds: 61 });
    expect(await co.send(new GetEnrollmentStatusCommand({}))).toMatchObject({ status: 'Active', memberAccountsEnrolled: true, numberOfMemberAccountsOptedIn: 3 });
    expect((await computeOptimizer(emu.url, MEMBERS[2]).send(new GetEnrollmentStatusCommand({}))).status).toBe('Active');
  });

  test('with no delay members are enrolled at once; a member opting out is counted', async () => {
    await admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: 0 });
    const co = computeOptimizer(emu.url);
    expect((await co.send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }))).status).toBe('Active');
    await computeOptimizer(emu.url, MEMBERS[1]).send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
    expect(await co.send(new GetEnrollmentStatusCommand({}))).toMatchObject({ status: 'Active', memberAccountsEnrolled: false, numberOfMemberAccountsOptedIn: 2 });
  });

  test('organisation listing: management only, Status filter, pagination, bad token', async () => {
    await admin(emu.url, 'POST', 'config', { memberEnrollmentDelayMs: 0 });
    await admin(emu.url, 'POST', `accounts/${MEMBERS[0].accountId}/compute-optimizer`, { status: 'Active' });
    await admin(emu.url, 'POST', `accounts/${MEMBERS[1].accountId}/compute-optimizer`, { status: 'Failed', statusReason: 'simulated' });
    const co = computeOptimizer(emu.url);

    const all = [];
    for await (const page of paginateGetEnrollmentStatusesForOrganization({ client: co, pageSize: 1 }, {})) {
      expect(page.accountEnrollmentStatuses!.length).toBeLessThanOrEqual(1);
      all.push(...page.accountEnrollmentStatuses!);
    }
    expect(all.map((a) => [a.accountId, a.status])).toEqual([
      [MEMBERS[0].accountId, 'Active'],
      [MEMBERS[1].accountId, 'Failed'],
      [MEMBERS[2].accountId, 'Inactive'],
    ]);
    expect(all[1].statusReason).toBe('simulated');

    const failed = await co.send(new GetEnrollmentStatusesForOrganizationCommand({ filters: [{ name: 'Status', values: ['Failed', 'Active'] }] }));
    expect(failed.accountEnrollmentStatuses!.map((a) => a.accountId)).toEqual([MEMBERS[0].accountId, MEMBERS[1].accountId]);

    await expectAwsError(co.send(new GetEnrollmentStatusesForOrganizationCommand({ nextToken: 'bm90LWEtdG9rZW4=' })), 'InvalidParameterValueException', 400, /nextToken/);
    await expectAwsError(co.send(new GetEnrollmentStatusesForOrganizationCommand({ maxResults: 101 })), 'InvalidParameterValueException', 400, /maxResults/);
    await expectAwsError(
      co.send(new GetEnrollmentStatusesForOrganizationCommand({ filters: [{ name: 'Status', values: ['Sleeping'] }] })),
      'InvalidParameterValueException',
      400,
    );
    await expectAwsError(
      co.send(new GetEnrollmentStatusesForOrganizationCommand({ filters: [{ name: 'Colour' as any, values: ['Active'] }] })),
      'InvalidParameterValueException',
      400,
    );
    const denied = await expectAwsError(
      computeOptimizer(emu.url, MEMBERS[0]).send(new GetEnrollmentStatusesForOrganizationCommand({})),
      'AccessDeniedException',
      403,
    );
    expect(denied).toBeInstanceOf(AccessDeniedException);
    await expectAwsError(computeOptimizer(emu.url, STANDALONE).send(new GetEnrollmentStatusesForOrganizationCommand({})), 'AccessDeniedException', 403);
  });

  test('a console opt-out deletes the recommendation data marker; reset restores the initial state', async () => {
    await computeOptimizer(emu.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active' }));
    const changed = await admin(emu.url, 'POST', `accounts/${MANAGEMENT.accountId}/compute-optimizer`, { status: 'Inactive' });
    expect(changed.computeOptimizer).toMatchObject({ status: 'Inactive', recommendationData: 'deleted' });
    await admin(emu.url, 'POST', 'reset');
    const state = await admin(emu.url, 'GET', 'state');
    expect(state.calls).toEqual({});
    for (const a of Object.values<any>(state.accounts)) {
      expect([a.computeOptimizer.status, a.automation.status, a.costOptimizationHub.status]).toEqual(['Inactive', 'Inactive', 'Inactive']);
    }
  });
});
