/**
 * Every member account's Compute Optimizer enrollment (management account only), with counts per status.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEnrollmentStatusesForOrganization.html
 */
import { ComputeOptimizerStatus, Limits } from '../enums';
import type { FieldDef } from '../fields';
import type { KindDescriptor } from './descriptor';

export const computeOptimizerOrganizationStatuses = {
  kind: 'compute-optimizer-organization-statuses',
  service: 'computeOptimizer',
  title: 'Compute Optimizer organisation listing',
  verbs: ['read'],
  fields: {
    /** Only accounts with these statuses. Absent: all. */
    statusFilter: { spec: { type: 'enumList', values: Object.values(ComputeOptimizerStatus) } },
    /**
     * Page size for each call: the documented maximum for this operation, so fewest calls. The model allows
     * 0, but a page of nothing would never finish reading.
     */
    pageSize: {
      property: 'maxResults',
      default: Limits.computeOptimizerOrganizationMaxResults.max,
      spec: { type: 'integer', min: 1, max: Limits.computeOptimizerOrganizationMaxResults.max },
    },
  } satisfies Record<string, FieldDef>,
  result: {
    /** A list of { accountId, status, statusReason, lastUpdatedTimestamp }. */
    accounts: 'json',
    accountCount: 'number',
    activeCount: 'number',
    inactiveCount: 'number',
    pendingCount: 'number',
    failedCount: 'number',
  },
} as const satisfies KindDescriptor;
