/**
 * What `adapter read <kind>` prints: one flat JSON object of strings (the `external` data source protocol).
 * The constructs expose these keys as typed attributes; the adapter must print every key, using "" for
 * values AWS did not return. Booleans are "true"/"false", numbers decimal, timestamps ISO-8601 UTC, lists
 * JSON-encoded strings.
 */
import type { ResourceKind } from './payload';

export const READ_RESULT_FIELDS = {
  'compute-optimizer-enrollment': [
    'status',
    'statusReason',
    'memberAccountsEnrolled',
    'numberOfMemberAccountsOptedIn',
    'lastUpdatedTimestamp',
  ],
  /** `accounts` is a JSON array of { accountId, status, statusReason, lastUpdatedTimestamp }. */
  'compute-optimizer-organization-statuses': [
    'accounts',
    'accountCount',
    'activeCount',
    'inactiveCount',
    'pendingCount',
    'failedCount',
  ],
  'automation-enrollment': ['status', 'statusReason', 'organizationRuleMode', 'lastUpdatedTimestamp'],
  /** The calling account's own Cost Optimization Hub enrollment. */
  'cost-optimization-hub-enrollment': ['status', 'includeMemberAccounts', 'lastUpdatedTimestamp'],
  /** `items` is a JSON array of { accountId, status, lastUpdatedTimestamp, createdTimestamp }. */
  'cost-optimization-hub-enrollment-statuses': [
    'items',
    'includeMemberAccounts',
    'accountCount',
    'activeCount',
    'inactiveCount',
  ],
} as const satisfies Record<ResourceKind, readonly string[]>;

export type ReadResultField<K extends ResourceKind> = (typeof READ_RESULT_FIELDS)[K][number];
export type ReadResult<K extends ResourceKind> = Record<ReadResultField<K>, string>;
