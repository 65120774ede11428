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
  },
  write: {
    reapplyOn: ['status', 'includeMemberAccounts'],
    agree: ['status', 'includeMemberAccounts'],
    drift: { status: 'status', reason: 'statusReason', members: 'memberAccountsEnrolled' },
    organisationListing: 'compute-optimizer-organization-statuses',
  },
} as const satisfies KindDescriptor;
