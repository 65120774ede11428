/** `cost-optimization-hub-enrollment`: the account's Cost Optimization Hub enrollment, optionally with its members. */
import type { ReadResult } from '../../shared';
import { requireManagementAccount } from '../account-role';
import { iso, str } from '../context';
import { getOwnEnrollment, listEnrollmentStatuses, updateEnrollmentStatus, type AccountEnrollmentStatus } from '../services/cost-optimization-hub';
import type { PollVerdict } from '../wait';
import { writeKind } from './handler';

type Result = ReadResult<'cost-optimization-hub-enrollment'>;

interface Observation {
  own?: AccountEnrollmentStatus;
  includeMemberAccounts?: boolean;
  members?: AccountEnrollmentStatus[];
}

function toResult(o: Observation): Result {
  return {
    // No item means the account has never enrolled.
    status: str(o.own?.status ?? 'Inactive'),
    includeMemberAccounts: str(o.includeMemberAccounts ?? false),
    lastUpdatedTimestamp: iso(o.own?.lastUpdatedTimestamp),
  };
}

function judge(desired: string, wantMembers: boolean) {
  return (o: Observation): PollVerdict => {
    const status: string = o.own?.status ?? 'Inactive';
    if (status === 'Failed') return { failed: 'Cost Optimization Hub enrollment is Failed; check the account in the Billing and Cost Management console and re-run apply' };
    if (status !== desired) return { done: false, progress: `Cost Optimization Hub enrollment is ${status}, waiting for ${desired}…` };
    if (!wantMembers) return { done: true };
    if (!(o.includeMemberAccounts ?? false)) {
      return { done: false, progress: `Cost Optimization Hub member-account setting is ${o.includeMemberAccounts ?? false}, waiting for true…` };
    }
    if (o.members) {
      const pending = o.members.filter((m) => m.status !== 'Active' && m.status !== 'Inactive').length;
      const active = o.members.filter((m) => m.status === 'Active').length;
      if (pending > 0) return { done: false, progress: `${active} of ${o.members.length} member accounts enrolled in Cost Optimization Hub…` };
    }
    return { done: true };
  };
}

export const costOptimizationHubEnrollmentHandler = writeKind({
  kind: 'cost-optimization-hub-enrollment',
  read: async (_payload, ctx) => toResult(await getOwnEnrollment(ctx)),
  result: toResult,
  convergence: (payload, desired, ctx) => {
    // `includeMemberAccounts: false` means "do not enroll the members", not "opt them out": AWS has no call
    // that removes members through this flag, so only `true` is something to converge on.
    const wantMembers = desired === 'Active' && payload.includeMemberAccounts;
    const observe = async (): Promise<Observation> => {
      const own = await getOwnEnrollment(ctx);
      if (wantMembers && own.own?.status === 'Active' && own.includeMemberAccounts) {
        const org = await listEnrollmentStatuses(ctx, { includeOrganizationInfo: true });
        const ownId = own.own.accountId;
        return { ...own, members: org.items.filter((i) => i.accountId !== ownId) };
      }
      return own;
    };
    return {
      kind: payload.kind,
      title: 'Cost Optimization Hub enrollment',
      desired,
      timeoutSeconds: payload.timeoutSeconds,
      observe,
      differs: (o) => (o.own?.status ?? 'Inactive') !== desired || (wantMembers && !(o.includeMemberAccounts ?? false)),
      // Only the management account's member setting ever turns true: anyone else would wait out the timeout.
      preflight: async () => {
        if (wantMembers) await requireManagementAccount(ctx, payload);
      },
      change: async () => {
        await updateEnrollmentStatus(ctx, wantMembers ? { status: desired, includeMemberAccounts: true } : { status: desired });
        return undefined;
      },
      judge: judge(desired, wantMembers),
    };
  },
});
