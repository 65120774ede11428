/** `automation-organization-accounts`: every member's Automation status and organisation rule mode, with counts. */
import { countBy, iso, str } from '../context';
import { listAccounts } from '../services/automation';
import type { KindHandler } from './handler';

export const automationOrganizationAccountsHandler: KindHandler<'automation-organization-accounts'> = {
  read: async (_payload, ctx) => {
    const accounts = await listAccounts(ctx);
    const mode = (m: string) => String(accounts.filter((a) => a.organizationRuleMode === m).length);
    return {
      accounts: JSON.stringify(
        accounts.map((a) => ({
          accountId: str(a.accountId),
          status: str(a.status),
          organizationRuleMode: str(a.organizationRuleMode),
          statusReason: str(a.statusReason),
          lastUpdatedTimestamp: iso(a.lastUpdatedTimestamp),
        })),
      ),
      accountCount: String(accounts.length),
      activeCount: countBy(accounts, 'Active'),
      inactiveCount: countBy(accounts, 'Inactive'),
      pendingCount: countBy(accounts, 'Pending'),
      failedCount: countBy(accounts, 'Failed'),
      anyAllowedCount: mode('AnyAllowed'),
      noneAllowedCount: mode('NoneAllowed'),
    };
  },
};
