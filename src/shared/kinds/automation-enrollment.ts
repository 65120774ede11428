/**
 * The calling account's Compute Optimizer Automation enrollment.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateEnrollmentConfiguration.html
 */
import type { FieldDef } from '../fields';
import { WRITE_FIELDS, type KindDescriptor } from './descriptor';

export const automationEnrollment = {
  kind: 'automation-enrollment',
  service: 'automation',
  title: 'Compute Optimizer Automation enrollment',
  verbs: ['read', 'apply', 'destroy'],
  fields: { ...WRITE_FIELDS } satisfies Record<string, FieldDef>,
  result: {
    status: 'string',
    statusReason: 'string',
    /** "AnyAllowed" or "NoneAllowed": whether the organisation's rules apply to this account. */
    organizationRuleMode: 'string',
    lastUpdatedTimestamp: 'string',
  },
  write: {
    reapplyOn: ['status'],
    agree: ['status'],
    drift: { status: 'status', reason: 'statusReason' },
    // Automation only works while Compute Optimizer is Active.
    after: [{ kind: 'compute-optimizer-enrollment', requiresActive: true }],
  },
} as const satisfies KindDescriptor;
