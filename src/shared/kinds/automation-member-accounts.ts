/**
 * The member accounts associated with the management account for Compute Optimizer Automation, reconciled
 * as a set (see ../automation-member-accounts.ts).
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_AssociateAccounts.html
 */
import { decodeAccountIds } from '../automation-member-accounts';
import type { FieldDef } from '../fields';
import type { KindDescriptor } from './descriptor';

/** What `terraform destroy` does to the associations. */
export const AssociationRemovalPolicy = { RETAIN: 'retain', DISASSOCIATE: 'disassociate' } as const;
export type AssociationRemovalPolicy = (typeof AssociationRemovalPolicy)[keyof typeof AssociationRemovalPolicy];

export const automationMemberAccounts = {
  kind: 'automation-member-accounts',
  service: 'automation',
  title: 'Compute Optimizer Automation member accounts',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    /** Every member Automation lists (those with Compute Optimizer Active); `accountIds` then is ignored. */
    allMembers: { default: false, spec: { type: 'boolean' } },
    accountIds: { default: '[]', spec: { type: 'json', maxLength: 20_000, describe: 'a JSON list of 12-digit account ids', decode: decodeAccountIds } },
    /** "disassociate" disassociates the declared members on `terraform destroy`. */
    removalPolicy: { default: AssociationRemovalPolicy.RETAIN, spec: { type: 'enum', values: Object.values(AssociationRemovalPolicy) } },
    /** How long apply waits for members that cannot be associated yet (Compute Optimizer still enrolling them). */
    timeoutSeconds: { default: 600, spec: { type: 'integer', min: 1, max: 86400 } },
  } satisfies Record<string, FieldDef>,
  result: {
    /** The members Automation lists: { accountId, status, organizationRuleMode }. */
    accounts: 'json',
    associatedCount: 'number',
    inSync: 'boolean',
    summary: 'string',
  },
  write: {
    reapplyOn: ['allMembers', 'accountIds'],
    readFields: ['allMembers', 'accountIds'],
    agree: ['allMembers', 'accountIds'],
    drift: { inSync: 'inSync', summary: 'summary' },
    managementOnly: 'memberAssociations',
    // Members are associable once Compute Optimizer has enrolled them and the management account is in Automation.
    after: [{ kind: 'compute-optimizer-enrollment' }, { kind: 'automation-enrollment' }],
  },
} as const satisfies KindDescriptor;
