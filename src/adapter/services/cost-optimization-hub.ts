/**
 * Cost Optimization Hub calls, named after the operations they wrap. The service only exists in us-east-1;
 * the clients pin the region whatever the payload says.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_Operations_Cost_Optimization_Hub.html
 */
import {
  CostOptimizationHubClient,
  GetPreferencesCommand,
  ListEnrollmentStatusesCommand,
  UpdateEnrollmentStatusCommand,
  UpdatePreferencesCommand,
  paginateListEnrollmentStatuses,
} from '@aws-sdk/client-cost-optimization-hub';
import type {
  AccountEnrollmentStatus,
  GetPreferencesResponse,
  UpdateEnrollmentStatusCommandInput,
  UpdatePreferencesRequest,
  UpdatePreferencesResponse,
} from '@aws-sdk/client-cost-optimization-hub';
import { Limits } from '../../shared';
import { call, type RunContext } from '../context';

export type { AccountEnrollmentStatus, GetPreferencesResponse, UpdatePreferencesRequest };

const client = (ctx: RunContext) => ctx.clients.client('costOptimizationHub', (config) => new CostOptimizationHubClient(config));

export interface Listing {
  items: AccountEnrollmentStatus[];
  includeMemberAccounts?: boolean;
}

/** All pages of ListEnrollmentStatuses, at the model's maximum page size. */
export function listEnrollmentStatuses(
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

/** The caller's own enrollment: one call, no organisation listing. No item means never enrolled. */
export async function getOwnEnrollment(ctx: RunContext): Promise<{ own?: AccountEnrollmentStatus; includeMemberAccounts?: boolean }> {
  const out = await call(ctx, 'costOptimizationHub', 'ListEnrollmentStatuses', () => client(ctx).send(new ListEnrollmentStatusesCommand({})));
  return { own: out.items?.[0], includeMemberAccounts: out.includeMemberAccounts };
}

export async function updateEnrollmentStatus(ctx: RunContext, input: UpdateEnrollmentStatusCommandInput): Promise<void> {
  await call(ctx, 'costOptimizationHub', 'UpdateEnrollmentStatus', () => client(ctx).send(new UpdateEnrollmentStatusCommand(input)));
}

export function getPreferences(ctx: RunContext): Promise<GetPreferencesResponse> {
  return call(ctx, 'costOptimizationHub', 'GetPreferences', () => client(ctx).send(new GetPreferencesCommand({})));
}

export function updatePreferences(ctx: RunContext, input: UpdatePreferencesRequest): Promise<UpdatePreferencesResponse> {
  return call(ctx, 'costOptimizationHub', 'UpdatePreferences', () => client(ctx).send(new UpdatePreferencesCommand(input)));
}
