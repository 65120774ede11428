/** `compute-optimizer-organization-statuses`: every member account's Compute Optimizer enrollment, with counts. */
import type { KindHandler } from './handler';
import { countBy, iso, str } from '../context';
import { getEnrollmentStatusesForOrganization } from '../services/compute-optimizer';

export const computeOptimizerOrganizationStatusesHandler: KindHandler<'compute-optimizer-organization-statuses'> = {
  read: async (payload, ctx) => {
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
  },
};
