/** `cost-optimization-hub-enrollment-statuses`: Cost Optimization Hub enrollment of one account or the organisation. */
import { countBy, iso, str } from '../context';
import { listEnrollmentStatuses } from '../services/cost-optimization-hub';
import type { KindHandler } from './handler';

export const costOptimizationHubEnrollmentStatusesHandler: KindHandler<'cost-optimization-hub-enrollment-statuses'> = {
  read: async (payload, ctx) => {
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
  },
};
