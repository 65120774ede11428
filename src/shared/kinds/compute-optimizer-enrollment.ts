/**
 * The calling account's Compute Optimizer enrollment, optionally with every member account.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_UpdateEnrollmentStatus.html
 */
import type { FieldDef } from '../fields';
import { WRITE_FIELDS, type KindDescriptor } from './descriptor';

export const computeOptimizerEnrollment = {
  kind: 'compute-optimizer-enrollment',
  service: 'computeOptimizer',
  title: 'Compute Optimizer enrollment',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    ...WRITE_FIELDS,
    includeMemberAccounts: { default: false, spec: { type: 'boolean' } },
    /** Must be true for `removalPolicy: "opt-out"`: opting out deletes recommendation data. */
    acknowledgeRecommendationDataDeletion: { default: false, spec: { type: 'boolean' } },
  } satisfies Record<string, FieldDef>,
  result: {
    status: 'string',
    statusReason: 'string',
    memberAccountsEnrolled: 'boolean',
    numberOfMemberAccountsOptedIn: 'number',
    lastUpdatedTimestamp: 'string',
    /**
     * Whether no member account is left out: AWS's memberAccountsEnrolled, except that an organisation with no
     * members (or whose members are all enrolled or enrolling) counts as included. "" when not known (the
     * caller may not list the organisation).
     */
    memberAccountsIncluded: 'boolean',
  },
  write: {
    reapplyOn: ['status', 'includeMemberAccounts'],
    // The read checks the organisation's members only when the declaration includes them.
    readFields: ['includeMemberAccounts'],
    agree: ['status', 'includeMemberAccounts'],
    drift: { status: 'status', reason: 'statusReason', members: 'memberAccountsIncluded' },
    organisationListing: 'compute-optimizer-organization-statuses',
    managementOnly: 'includeMemberAccounts',
  },
} as const satisfies KindDescriptor;
