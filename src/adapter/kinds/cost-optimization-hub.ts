/**
 * Cost Optimization Hub: the account's enrollment (read/apply/destroy) and the organisation's enrollment
 * statuses. The service only exists in us-east-1; ../clients.ts pins the region whatever the payload says.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_UpdateEnrollmentStatus.html
 */
import {
  CostOptimizationHubClient,
  ListEnrollmentStatusesCommand,
  UpdateEnrollmentStatusCommand,
  paginateListEnrollmentStatuses,
} from '@aws-sdk/client-cost-optimization-hub';
import type { AccountEnrollmentStatus } from '@aws-sdk/client-cost-optimization-hub';
import {
  DEFAULT_TIMEOUT_SECONDS,
  Limits,
  type CostOptimizationHubEnrollmentPayload,
  type CostOptimizationHubEnrollmentStatusesPayload,
  type ReadResult,
  type DeclarableStatus,
} from '../../shared';
import { waitUntilSettled, type PollVerdict } from '../wait';
import { call, countBy, iso, str, type RunContext } from './context';

type EnrollmentResult = ReadResult<'cost-optimization-hub-enrollment'>;

const client = (ctx: RunContext) => ctx.clients.client('costOptimizationHub', (config) => new CostOptimizationHubClient(config));
type StatusesResult = ReadResult<'cost-optimization-hub-enrollment-statuses'>;

interface Listing {
  items: AccountEnrollmentStatus[];
  includeMemberAccounts?: boolean;
}

/** All pages of ListEnrollmentStatuses, at the model's maximum page size. */
export async function listEnrollmentStatuses(
  ctx: RunContext,
  input: { accountId?: string; includeOrganizationInfo?: boolean },
  pageSize: number = Limits.costOptimizationHubMaxResults.max,
): Promise<Listing> {
  return call(ctx, 'costOptimizationHub', 'ListEnrollmentStatuses', async () => {
    const listing: Listing = { items: [] };
    const pages = paginateListEnrollmentStatuses(
      { client: client(ctx), pageSize },
      { accountId: input.accountId, includeOrganizationInfo: input.includeOrganizationInfo || undefined },
    );
    let first = true;
    for await (const page of pages) {
      if (first) listing.includeMemberAccounts = page.includeMemberAccounts;
      first = false;
      listing.items.push(...(page.items ?? []));
    }
    return listing;
  });
}

/** The caller's own enrollment: one call, no organisation listing. */
async function getOwnEnrollment(ctx: RunContext): Promise<{ own?: AccountEnrollmentStatus; includeMemberAccounts?: boolean }> {
  const out = await call(ctx, 'costOptimizationHub', 'ListEnrollmentStatuses', () =>
    client(ctx).send(new ListEnrollmentStatusesCommand({})),
  );
  return { own: out.items?.[0], includeMemberAccounts: out.includeMemberAccounts };
}

function toEnrollmentResult(o: { own?: AccountEnrollmentStatus; includeMemberAccounts?: boolean }): EnrollmentResult {
  return {
    // No item means the account has never enrolled.
    status: str(o.own?.status ?? 'Inactive'),
    includeMemberAccounts: str(o.includeMemberAccounts ?? false),
    lastUpdatedTimestamp: iso(o.own?.lastUpdatedTimestamp),
  };
}

export async function readCostOptimizationHubEnrollment(_payload: CostOptimizationHubEnrollmentPayload, ctx: RunContext): Promise<EnrollmentResult> {
  return toEnrollmentResult(await getOwnEnrollment(ctx));
}

export async function readCostOptimizationHubEnrollmentStatuses(
  payload: CostOptimizationHubEnrollmentStatusesPayload,
  ctx: RunContext,
): Promise<StatusesResult> {
  const listing = await listEnrollmentStatuses(ctx, payload, payload.pageSize);
  return {
    items: JSON.stringify(
      listing.items.map((i) => ({
        accountId: str(i.accountId),
        status: str(i.status),
        lastUpdatedTimestamp: iso(i.lastUpdatedTimestamp),
        createdTimestamp: iso(i.createdTimestamp),
      })),
    ),
    includeMemberAccounts: str(listing.includeMemberAccounts ?? false),
    accountCount: String(listing.items.length),
    activeCount: countBy(listing.items, 'Active'),
    inactiveCount: countBy(listing.items, 'Inactive'),
  };
}

interface Observation {
  own?: AccountEnrollmentStatus;
  includeMemberAccounts?: boolean;
  members?: AccountEnrollmentStatus[];
}

function judge(desired: string, wantMembers: boolean | undefined) {
  return (o: Observation): PollVerdict => {
    const status: string = o.own?.status ?? 'Inactive';
    if (status === 'Failed') return { failed: 'Cost Optimization Hub enrollment is Failed; check the account in the Billing and Cost Management console and re-run apply' };
    if (status !== desired) return { done: false, progress: `Cost Optimization Hub enrollment is ${status}, waiting for ${desired}…` };
    if (wantMembers === undefined || desired !== 'Active') return { done: true };
    if ((o.includeMemberAccounts ?? false) !== wantMembers) {
      return { done: false, progress: `Cost Optimization Hub member-account setting is ${o.includeMemberAccounts ?? false}, waiting for ${wantMembers}…` };
    }
    if (wantMembers && o.members) {
      const pending = o.members.filter((m) => m.status !== 'Active' && m.status !== 'Inactive').length;
      const active = o.members.filter((m) => m.status === 'Active').length;
      if (pending > 0) return { done: false, progress: `${active} of ${o.members.length} member accounts enrolled in Cost Optimization Hub…` };
    }
    return { done: true };
  };
}

async function converge(
  payload: CostOptimizationHubEnrollmentPayload,
  desired: DeclarableStatus,
  ctx: RunContext,
): Promise<EnrollmentResult> {
  // `includeMemberAccounts: false` means "do not enroll the members", not "opt them out": AWS has no call that
  // removes members through this flag, so only `true` is something to converge on.
  const wantMembers = desired === 'Active' && payload.includeMemberAccounts === true ? true : undefined;
  const observe = async (): Promise<Observation> => {
    const own = await getOwnEnrollment(ctx);
    if (wantMembers && own.own?.status === 'Active' && own.includeMemberAccounts) {
      const org = await listEnrollmentStatuses(ctx, { includeOrganizationInfo: true });
      const ownId = own.own.accountId;
      return { ...own, members: org.items.filter((i) => i.accountId !== ownId) };
    }
    return own;
  };
  let observed = await observe();
  const status = observed.own?.status ?? 'Inactive';
  const differs = status !== desired || (wantMembers !== undefined && (observed.includeMemberAccounts ?? false) !== wantMembers);
  if (differs) {
    await call(ctx, 'costOptimizationHub', 'UpdateEnrollmentStatus', () =>
      client(ctx)
        .send(new UpdateEnrollmentStatusCommand(wantMembers !== undefined ? { status: desired, includeMemberAccounts: wantMembers } : { status: desired })),
    );
    observed = await observe();
  } else {
    ctx.log(`cost-optimization-hub-enrollment: already ${desired}; nothing to change`);
  }
  const settled = await waitUntilSettled(
    {
      what: `Cost Optimization Hub enrollment to become ${desired}`,
      timeoutSeconds: payload.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      poll: observe,
      log: ctx.log,
      judge: judge(desired, wantMembers),
    },
    observed,
  );
  return toEnrollmentResult(settled);
}

export async function applyCostOptimizationHubEnrollment(payload: CostOptimizationHubEnrollmentPayload, ctx: RunContext): Promise<EnrollmentResult> {
  return converge(payload, payload.status, ctx);
}

export async function destroyCostOptimizationHubEnrollment(
  payload: CostOptimizationHubEnrollmentPayload,
  ctx: RunContext,
): Promise<EnrollmentResult | undefined> {
  if ((payload.removalPolicy ?? 'retain') === 'retain') {
    ctx.log('cost-optimization-hub-enrollment: removalPolicy is "retain"; leaving the Cost Optimization Hub enrollment as it is');
    return undefined;
  }
  return converge(payload, 'Inactive', ctx);
}
