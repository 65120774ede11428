/** `automation-organization-accounts`: every member's Automation status and organisation rule mode, with counts. */
import type { AccountInfo } from '../automation-commands';
import { countBy, iso, str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import { listAccounts } from '../services/automation';
import type { KindHandler } from './handler';

export const automationOrganizationAccountsHandler: KindHandler<'automation-organization-accounts'> = {
  read: async (_payload, ctx) => {
    const accounts = await listed(ctx);
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

/** Before Compute Optimizer is enrolled (both may be planned in one run), Automation lists no one. */
async function listed(ctx: RunContext): Promise<AccountInfo[]> {
  try {
    return await listAccounts(ctx);
  } catch (err) {
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) return [];
    throw err;
  }
}
