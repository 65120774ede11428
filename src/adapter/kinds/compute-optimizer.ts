/**
 * Compute Optimizer: the account's enrollment (read/apply/destroy) and the organisation's member statuses.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_UpdateEnrollmentStatus.html
 */
import {
  ComputeOptimizerClient,
  GetEnrollmentStatusCommand,
  GetEnrollmentStatusesForOrganizationCommand,
  UpdateEnrollmentStatusCommand,
  paginateGetEnrollmentStatusesForOrganization,
} from '@aws-sdk/client-compute-optimizer';
import type { AccountEnrollmentStatus, GetEnrollmentStatusCommandOutput } from '@aws-sdk/client-compute-optimizer';
import {
  DEFAULT_TIMEOUT_SECONDS,
  Limits,
  PayloadError,
  type ComputeOptimizerEnrollmentPayload,
  type ComputeOptimizerOrganizationStatusesPayload,
  type ComputeOptimizerStatus,
  type ReadResult,
  type DeclarableStatus,
} from '../../shared';
import { waitUntilSettled, type PollVerdict } from '../wait';
import { call, countBy, iso, str, type RunContext } from './context';

type EnrollmentResult = ReadResult<'compute-optimizer-enrollment'>;

const client = (ctx: RunContext) => ctx.clients.client('computeOptimizer', (config) => new ComputeOptimizerClient(config));
type OrganizationResult = ReadResult<'compute-optimizer-organization-statuses'>;

async function getEnrollmentStatus(ctx: RunContext): Promise<GetEnrollmentStatusCommandOutput> {
  return call(ctx, 'computeOptimizer', 'GetEnrollmentStatus', () =>
    client(ctx).send(new GetEnrollmentStatusCommand({})),
  );
}

/** Every member status, with the model's maximum page size so 10,000 accounts take 10 calls. */
export async function getEnrollmentStatusesForOrganization(
  ctx: RunContext,
  statusFilter: readonly ComputeOptimizerStatus[] = [],
  pageSize: number = Limits.computeOptimizerOrganizationMaxResults.max,
): Promise<AccountEnrollmentStatus[]> {
  return call(ctx, 'computeOptimizer', 'GetEnrollmentStatusesForOrganization', async () => {
    const accounts: AccountEnrollmentStatus[] = [];
    const pages = paginateGetEnrollmentStatusesForOrganization(
      { client: client(ctx), pageSize },
      { filters: statusFilter.length > 0 ? [{ name: 'Status', values: [...statusFilter] }] : undefined },
    );
    for await (const page of pages) accounts.push(...(page.accountEnrollmentStatuses ?? []));
    return accounts;
  });
}

function toEnrollmentResult(out: GetEnrollmentStatusCommandOutput): EnrollmentResult {
  return {
    status: str(out.status),
    statusReason: str(out.statusReason),
    memberAccountsEnrolled: str(out.memberAccountsEnrolled),
    numberOfMemberAccountsOptedIn: str(out.numberOfMemberAccountsOptedIn),
    lastUpdatedTimestamp: iso(out.lastUpdatedTimestamp),
  };
}

export async function readComputeOptimizerEnrollment(_payload: ComputeOptimizerEnrollmentPayload, ctx: RunContext): Promise<EnrollmentResult> {
  return toEnrollmentResult(await getEnrollmentStatus(ctx));
}

export async function readComputeOptimizerOrganizationStatuses(
  payload: ComputeOptimizerOrganizationStatusesPayload,
  ctx: RunContext,
): Promise<OrganizationResult> {
  const accounts = await getEnrollmentStatusesForOrganization(ctx, payload.statusFilter, payload.pageSize);
  return {
    accounts: JSON.stringify(
      accounts.map((a) => ({
        accountId: str(a.accountId),
        status: str(a.status),
        statusReason: str(a.statusReason),
        lastUpdatedTimestamp: iso(a.lastUpdatedTimestamp),
      })),
    ),
    accountCount: String(accounts.length),
    activeCount: countBy(accounts, 'Active'),
    inactiveCount: countBy(accounts, 'Inactive'),
    pendingCount: countBy(accounts, 'Pending'),
    failedCount: countBy(accounts, 'Failed'),
  };
}

interface Observation {
  own: GetEnrollmentStatusCommandOutput;
  members?: AccountEnrollmentStatus[];
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

function requireAcknowledgement(payload: ComputeOptimizerEnrollmentPayload): void {
  if (payload.removalPolicy === 'opt-out' && payload.acknowledgeRecommendationDataDeletion !== true) {
    throw new PayloadError(
      'acknowledgeRecommendationDataDeletion',
      '`removalPolicy` "opt-out" opts the account out of Compute Optimizer, which deletes its recommendation data and history; set `acknowledgeRecommendationDataDeletion` to "true" to allow it, or use `removalPolicy` "retain"',
    );
  }
}

async function converge(
  payload: ComputeOptimizerEnrollmentPayload,
  desired: DeclarableStatus,
  ctx: RunContext,
): Promise<EnrollmentResult> {
  const withMembers = desired === 'Active' && payload.includeMemberAccounts === true;
  const observe = async (): Promise<Observation> => {
    const own = await getEnrollmentStatus(ctx);
    // While members are being enrolled the management account itself reports Pending: list them for progress.
    const members = withMembers && (own.status === desired || own.status === 'Pending') ? await getEnrollmentStatusesForOrganization(ctx) : undefined;
    return { own, members };
  };
  const timeoutSeconds = payload.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  let observed = await observe();
  if (observed.own.status === 'Pending') {
    // A change is already in flight (another apply, the console): let it settle before deciding.
    observed = await waitUntilSettled(
      { what: 'the Compute Optimizer change in progress to settle', timeoutSeconds, poll: observe, log: ctx.log, judge: (o) => (o.own.status === 'Pending' ? { done: false, progress: 'Compute Optimizer enrollment is Pending…' } : { done: true }) },
      observed,
    );
  }
  const differs =
    observed.own.status !== desired || (withMembers && observed.own.memberAccountsEnrolled !== true);
  if (differs) {
    // Enrolling members needs the organisation's management account, and the wait below lists them: check
    // that this caller may list them before changing anything, rather than after.
    if (withMembers && !observed.members) {
      await call(ctx, 'computeOptimizer', 'GetEnrollmentStatusesForOrganization', () =>
        client(ctx).send(new GetEnrollmentStatusesForOrganizationCommand({ maxResults: 1 })),
      );
    }
    await call(
      ctx,
      'computeOptimizer',
      'UpdateEnrollmentStatus',
      () =>
        client(ctx).send(
          new UpdateEnrollmentStatusCommand(withMembers ? { status: desired, includeMemberAccounts: true } : { status: desired }),
        ),
      { lastStatusChange: observed.own.status === 'Inactive' ? observed.own.lastUpdatedTimestamp : undefined },
    );
    observed = await observe();
  } else {
    ctx.log(`compute-optimizer-enrollment: already ${desired}${withMembers ? ' with member accounts' : ''}; nothing to change`);
  }
  const settled = await waitUntilSettled(
    { what: `Compute Optimizer enrollment to become ${desired}`, timeoutSeconds, poll: observe, log: ctx.log, judge: judge(desired, withMembers) },
    observed,
  );
  return toEnrollmentResult(settled.own);
}

export async function applyComputeOptimizerEnrollment(payload: ComputeOptimizerEnrollmentPayload, ctx: RunContext): Promise<EnrollmentResult> {
  requireAcknowledgement(payload);
  return converge(payload, payload.status, ctx);
}

export async function destroyComputeOptimizerEnrollment(
  payload: ComputeOptimizerEnrollmentPayload,
  ctx: RunContext,
): Promise<EnrollmentResult | undefined> {
  if ((payload.removalPolicy ?? 'retain') === 'retain') {
    ctx.log('compute-optimizer-enrollment: removalPolicy is "retain"; leaving the Compute Optimizer enrollment as it is');
    return undefined;
  }
  requireAcknowledgement(payload);
  return converge(payload, 'Inactive', ctx);
}
