/** `compute-optimizer-enrollment`: the account's Compute Optimizer enrollment, optionally with its members. */
import { PayloadError, type PayloadByKind, type ReadResult } from '../../shared';
import { requireManagementAccount } from '../account-role';
import { iso, str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import {
  checkOrganizationAccess,
  getEnrollmentStatus,
  getEnrollmentStatusesForOrganization,
  updateEnrollmentStatus,
  type AccountEnrollmentStatus,
  type GetEnrollmentStatusCommandOutput,
} from '../services/compute-optimizer';
import type { PollVerdict } from '../wait';
import { writeKind } from './handler';

type Payload = PayloadByKind['compute-optimizer-enrollment'];
type Result = ReadResult<'compute-optimizer-enrollment'>;

interface Observation {
  own: GetEnrollmentStatusCommandOutput;
  members?: AccountEnrollmentStatus[];
}

function toResult(out: GetEnrollmentStatusCommandOutput, included: boolean | undefined = out.memberAccountsEnrolled): Result {
  return {
    status: str(out.status),
    statusReason: str(out.statusReason),
    memberAccountsEnrolled: str(out.memberAccountsEnrolled),
    numberOfMemberAccountsOptedIn: str(out.numberOfMemberAccountsOptedIn),
    lastUpdatedTimestamp: iso(out.lastUpdatedTimestamp),
    memberAccountsIncluded: str(included),
  };
}

/** A member neither enrolled nor enrolling is left out. */
const leftOut = (m: AccountEnrollmentStatus) => m.status !== 'Active' && m.status !== 'Pending';

/**
 * Whether no member is left out. AWS reports memberAccountsEnrolled false for an organisation without
 * members too, which would be drift forever: when the declaration includes members and AWS says false, one
 * page of the members left out (Inactive or Failed) tells. Undefined when the caller may not list them.
 */
async function membersIncluded(out: GetEnrollmentStatusCommandOutput, ctx: RunContext): Promise<boolean | undefined> {
  if (out.memberAccountsEnrolled !== false || out.status !== 'Active') return out.memberAccountsEnrolled;
  try {
    const missing = await getEnrollmentStatusesForOrganization(ctx, ['Inactive', 'Failed'], 1, { firstPageOnly: true });
    return missing.length === 0;
  } catch (err) {
    if (err instanceof AwsFailure) return undefined;
    throw err;
  }
}

function describeFailedMembers(members: AccountEnrollmentStatus[]): string {
  const shown = members.slice(0, 5).map((m) => `${m.accountId}${m.statusReason ? ` (${m.statusReason})` : ''}`);
  return `${shown.join(', ')}${members.length > 5 ? ` and ${members.length - 5} more` : ''}`;
}

function judge(desired: string, withMembers: boolean) {
  return (o: Observation): PollVerdict => {
    const { own } = o;
    if (own.status === 'Failed') {
      return { failed: `Compute Optimizer enrollment is Failed: ${own.statusReason || 'AWS gave no reason'}; fix the cause and re-run apply` };
    }
    if (withMembers && o.members && (own.status === desired || own.status === 'Pending')) {
      const failed = o.members.filter((m) => m.status === 'Failed');
      if (failed.length > 0) {
        return { failed: `${failed.length} member account(s) failed to enroll in Compute Optimizer: ${describeFailedMembers(failed)}; fix the cause and re-run apply` };
      }
      const active = o.members.filter((m) => m.status === 'Active').length;
      const pending = o.members.filter((m) => m.status === 'Pending').length;
      if (pending > 0 || own.status === 'Pending') return { done: false, progress: `${active} of ${o.members.length} member accounts enrolled…` };
    }
    if (own.status !== desired) {
      return { done: false, progress: `Compute Optimizer enrollment is ${own.status ?? 'unknown'}, waiting for ${desired}…` };
    }
    return { done: true };
  };
}

export const computeOptimizerEnrollmentHandler = writeKind({
  kind: 'compute-optimizer-enrollment',
  read: async (payload, ctx) => {
    const out = await getEnrollmentStatus(ctx);
    return toResult(out, payload.includeMemberAccounts ? await membersIncluded(out, ctx) : out.memberAccountsEnrolled);
  },
  result: (settled: Observation) => toResult(settled.own, settled.members ? !settled.members.some(leftOut) : settled.own.memberAccountsEnrolled),
  guard: (payload: Payload) => {
    if (payload.removalPolicy === 'opt-out' && !payload.acknowledgeRecommendationDataDeletion) {
      throw new PayloadError(
        'acknowledgeRecommendationDataDeletion',
        '`removalPolicy` "opt-out" opts the account out of Compute Optimizer, which deletes its recommendation data and history; set `acknowledgeRecommendationDataDeletion` to "true" to allow it, or use `removalPolicy` "retain"',
      );
    }
  },
  convergence: (payload, desired, ctx: RunContext) => {
    const withMembers = desired === 'Active' && payload.includeMemberAccounts;
    const observe = async (): Promise<Observation> => {
      const own = await getEnrollmentStatus(ctx);
      // While members are being enrolled the management account itself reports Pending: list them for progress.
      const members = withMembers && (own.status === desired || own.status === 'Pending') ? await getEnrollmentStatusesForOrganization(ctx) : undefined;
      return { own, members };
    };
    return {
      kind: payload.kind,
      title: 'Compute Optimizer enrollment',
      desired,
      detail: withMembers ? 'with member accounts' : undefined,
      timeoutSeconds: payload.timeoutSeconds,
      observe,
      inFlight: (o) => (o.own.status === 'Pending' ? 'Compute Optimizer enrollment is Pending…' : undefined),
      // With members: a member left out is a difference; an organisation without members is not (AWS reports
      // memberAccountsEnrolled false for it, and updating would change nothing).
      differs: (o) => o.own.status !== desired || (withMembers && (o.members ? o.members.some(leftOut) : o.own.memberAccountsEnrolled !== true)),
      // Enrolling members needs the organisation's management account, and the wait lists them: check that
      // this caller is that account and may list them before changing anything, rather than after.
      preflight: async (o) => {
        if (!withMembers) return;
        await requireManagementAccount(ctx, payload);
        if (!o.members) await checkOrganizationAccess(ctx);
      },
      change: async (o) => {
        await updateEnrollmentStatus(ctx, withMembers ? { status: desired, includeMemberAccounts: true } : { status: desired }, {
          lastStatusChange: o.own.status === 'Inactive' ? o.own.lastUpdatedTimestamp : undefined,
        });
        return undefined;
      },
      judge: judge(desired, withMembers),
    };
  },
});
