/**
 * Cost Optimization Hub enrollment of the calling account, one account, or the whole organisation.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_ListEnrollmentStatuses.html
 */
import { Limits, Patterns } from '../enums';
import type { FieldDef } from '../fields';
import type { KindDescriptor } from './descriptor';

export const costOptimizationHubEnrollmentStatuses = {
  kind: 'cost-optimization-hub-enrollment-statuses',
  service: 'costOptimizationHub',
  title: 'Cost Optimization Hub enrollment listing',
  verbs: ['read'],
  fields: {
    accountId: { spec: { type: 'string', pattern: Patterns.accountId, maxLength: 12, describe: 'a 12-digit AWS account id' } },
    includeOrganizationInfo: { default: false, spec: { type: 'boolean' } },
    /** Page size for each call: the model's maximum, so fewest calls. */
    pageSize: {
      property: 'maxResults',
      default: Limits.costOptimizationHubMaxResults.max,
      spec: { type: 'integer', min: 1, max: Limits.costOptimizationHubMaxResults.max },
    },
  } satisfies Record<string, FieldDef>,
  result: {
    /** A list of { accountId, status, lastUpdatedTimestamp, createdTimestamp }. */
    items: 'json',
    includeMemberAccounts: 'boolean',
    accountCount: 'number',
    activeCount: 'number',
    inactiveCount: 'number',
  },
} as const satisfies KindDescriptor;
