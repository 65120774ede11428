/**
 * The calling account's Cost Optimization Hub enrollment, optionally with every member account.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_UpdateEnrollmentStatus.html
 */
import type { FieldDef } from '../fields';
import { WRITE_FIELDS, type KindDescriptor } from './descriptor';

export const costOptimizationHubEnrollment = {
  kind: 'cost-optimization-hub-enrollment',
  service: 'costOptimizationHub',
  title: 'Cost Optimization Hub enrollment',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    ...WRITE_FIELDS,
    /** `false` leaves members as they are: AWS has no way to remove them through this flag. */
    includeMemberAccounts: { default: false, spec: { type: 'boolean' } },
  } satisfies Record<string, FieldDef>,
  result: {
    status: 'string',
    includeMemberAccounts: 'boolean',
    lastUpdatedTimestamp: 'string',
  },
  write: {
    reapplyOn: ['status', 'includeMemberAccounts'],
    agree: ['status', 'includeMemberAccounts'],
    drift: { status: 'status', members: 'includeMemberAccounts' },
    organisationListing: 'cost-optimization-hub-enrollment-statuses',
    managementOnly: 'includeMemberAccounts',
  },
} as const satisfies KindDescriptor;
