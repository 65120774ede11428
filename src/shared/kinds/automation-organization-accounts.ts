/**
 * Every member account's Compute Optimizer Automation status and organisation rule mode, with counts
 * (ListAccounts; management account only).
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_ListAccounts.html
 */
import type { FieldDef } from '../fields';
import type { KindDescriptor } from './descriptor';

export const automationOrganizationAccounts = {
  kind: 'automation-organization-accounts',
  service: 'automation',
  title: 'Compute Optimizer Automation organisation listing',
  verbs: ['read'],
  fields: {} satisfies Record<string, FieldDef>,
  result: {
    /** A list of { accountId, status, organizationRuleMode, statusReason, lastUpdatedTimestamp }. */
    accounts: 'json',
    accountCount: 'number',
    activeCount: 'number',
    inactiveCount: 'number',
    pendingCount: 'number',
    failedCount: 'number',
    /** Associated members: the organisation's rules may apply to them. */
    anyAllowedCount: 'number',
    noneAllowedCount: 'number',
  },
} as const satisfies KindDescriptor;
