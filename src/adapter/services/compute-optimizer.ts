/**
 * Compute Optimizer calls, named after the operations they wrap, for the kinds that use them.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_Operations.html
 */
import {
  ComputeOptimizerClient,
  DeleteRecommendationPreferencesCommand,
  GetEffectiveRecommendationPreferencesCommand,
  GetEnrollmentStatusCommand,
  GetEnrollmentStatusesForOrganizationCommand,
  PutRecommendationPreferencesCommand,
  UpdateEnrollmentStatusCommand,
  paginateGetEnrollmentStatusesForOrganization,
  paginateGetRecommendationPreferences,
} from '@aws-sdk/client-compute-optimizer';
import type {
  AccountEnrollmentStatus,
  DeleteRecommendationPreferencesCommandInput,
  GetEffectiveRecommendationPreferencesCommandOutput,
  GetEnrollmentStatusCommandOutput,
  GetRecommendationPreferencesCommandInput,
  PutRecommendationPreferencesCommandInput,
  RecommendationPreferencesDetail,
  UpdateEnrollmentStatusCommandInput,
} from '@aws-sdk/client-compute-optimizer';
import { Limits, PreferenceLimits, type ComputeOptimizerStatus } from '../../shared';
import { call, type RunContext } from '../context';
import type { CallContext } from '../errors';

export type {
  AccountEnrollmentStatus,
  DeleteRecommendationPreferencesCommandInput,
  GetEffectiveRecommendationPreferencesCommandOutput,
  GetEnrollmentStatusCommandOutput,
  PutRecommendationPreferencesCommandInput,
  RecommendationPreferencesDetail,
};

const client = (ctx: RunContext) => ctx.clients.client('computeOptimizer', (config) => new ComputeOptimizerClient(config));

export function getEnrollmentStatus(ctx: RunContext): Promise<GetEnrollmentStatusCommandOutput> {
  return call(ctx, 'computeOptimizer', 'GetEnrollmentStatus', () => client(ctx).send(new GetEnrollmentStatusCommand({})));
}

/** Every member status, at the operation's maximum page size (fewest calls). */
export function getEnrollmentStatusesForOrganization(
  ctx: RunContext,
  statusFilter: readonly ComputeOptimizerStatus[] = [],
  pageSize: number = Limits.computeOptimizerOrganizationMaxResults.max,
  options: { readonly firstPageOnly?: boolean } = {},
): Promise<AccountEnrollmentStatus[]> {
  return call(ctx, 'computeOptimizer', 'GetEnrollmentStatusesForOrganization', async () => {
    const accounts: AccountEnrollmentStatus[] = [];
    const pages = paginateGetEnrollmentStatusesForOrganization(
      { client: client(ctx), pageSize },
      { filters: statusFilter.length > 0 ? [{ name: 'Status', values: [...statusFilter] }] : undefined },
    );
    for await (const page of pages) {
      accounts.push(...(page.accountEnrollmentStatuses ?? []));
      if (options.firstPageOnly) break;
    }
    return accounts;
  });
}

/** One page of one account: proves the caller may list the organisation, before anything is changed. */
export async function checkOrganizationAccess(ctx: RunContext): Promise<void> {
  await call(ctx, 'computeOptimizer', 'GetEnrollmentStatusesForOrganization', () =>
    client(ctx).send(new GetEnrollmentStatusesForOrganizationCommand({ maxResults: 1 })),
  );
}

export async function updateEnrollmentStatus(ctx: RunContext, input: UpdateEnrollmentStatusCommandInput, extra?: Partial<CallContext>): Promise<void> {
  await call(ctx, 'computeOptimizer', 'UpdateEnrollmentStatus', () => client(ctx).send(new UpdateEnrollmentStatusCommand(input)), extra);
}

/** Every page of the preferences set at `input.scope` (the model's maximum page size: fewest calls). */
export function getRecommendationPreferences(ctx: RunContext, input: GetRecommendationPreferencesCommandInput): Promise<RecommendationPreferencesDetail[]> {
  return call(ctx, 'computeOptimizer', 'GetRecommendationPreferences', async () => {
    const details: RecommendationPreferencesDetail[] = [];
    const pages = paginateGetRecommendationPreferences({ client: client(ctx), pageSize: PreferenceLimits.getMaxResults.max }, input);
    for await (const page of pages) details.push(...(page.recommendationPreferencesDetails ?? []));
    return details;
  });
}

export async function putRecommendationPreferences(ctx: RunContext, input: PutRecommendationPreferencesCommandInput): Promise<void> {
  await call(ctx, 'computeOptimizer', 'PutRecommendationPreferences', () => client(ctx).send(new PutRecommendationPreferencesCommand(input)));
}

export async function deleteRecommendationPreferences(ctx: RunContext, input: DeleteRecommendationPreferencesCommandInput): Promise<void> {
  await call(ctx, 'computeOptimizer', 'DeleteRecommendationPreferences', () => client(ctx).send(new DeleteRecommendationPreferencesCommand(input)));
}

export function getEffectiveRecommendationPreferences(ctx: RunContext, resourceArn: string): Promise<GetEffectiveRecommendationPreferencesCommandOutput> {
  return call(ctx, 'computeOptimizer', 'GetEffectiveRecommendationPreferences', () => client(ctx).send(new GetEffectiveRecommendationPreferencesCommand({ resourceArn })));
}
