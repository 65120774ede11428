/**
 * Whether the caller is an organisation's management account, a member account or a standalone account,
 * decided once per connection and run from what STS and Organizations answer. Only the management account
 * can include member accounts; anyone else asking for it gets one line that names the account, its role and
 * the fix, before anything is changed (rather than a wait for a member setting AWS will never report).
 *
 * When the answer cannot be had (Organizations refused, STS unreachable), the role is unknown and the kinds
 * go on as before: the services themselves then refuse what the account may not do.
 */
import { KINDS, PayloadError, managementOnlyRequest, type WriteTraits } from '../shared';
import type { Clients } from './clients';
import type { RunContext } from './context';
import { AwsFailure } from './errors';
import { describeOrganization, getCallerIdentity } from './services/identity';

export type AccountRole = 'management' | 'member' | 'standalone';

export interface CallerAccount {
  readonly accountId: string;
  /** Undefined when STS or Organizations would not say. */
  readonly role?: AccountRole;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
}

const known = new WeakMap<Clients, Promise<CallerAccount>>();

/** The caller's account and role, asked once per run and connection. */
export function callerAccount(ctx: RunContext): Promise<CallerAccount> {
  let answer = known.get(ctx.clients);
  if (!answer) {
    answer = lookUp(ctx);
    known.set(ctx.clients, answer);
  }
  return answer;
}

async function lookUp(ctx: RunContext): Promise<CallerAccount> {
  let accountId = '';
  try {
    accountId = (await getCallerIdentity(ctx)).accountId;
    const org = await describeOrganization(ctx);
    if (org === null) return { accountId, role: 'standalone' };
    const role = org.managementAccountId === accountId ? 'management' : 'member';
    return { accountId, role, organizationId: org.id, managementAccountId: org.managementAccountId };
  } catch (err) {
    if (!(err instanceof AwsFailure)) throw err;
    ctx.log(`note: could not tell whether ${accountId ? `account ${accountId}` : 'this account'} is an organisation's management account (${err.message}); going on`);
    return { accountId };
  }
}

/**
 * Refuses what only the management account can do (the kind's `managementOnly` trait) when the caller is a
 * member of an organisation or an account outside any organisation: bad input for this account, exit 2.
 * Asks nothing when the payload asks nothing of the kind.
 */
export async function requireManagementAccount(ctx: RunContext, payload: { readonly kind: string }): Promise<void> {
  const need = managementOnlyRequest((KINDS as Record<string, { write?: WriteTraits }>)[payload.kind]?.write, payload);
  if (!need) return;
  const kind = payload.kind;
  const who = await callerAccount(ctx);
  if (who.role === 'member') {
    throw new PayloadError(
      need.field,
      `${kind}: ${need.declared}, but account ${who.accountId} is a member account of organization ${who.organizationId} (management account ${who.managementAccountId}), and only the management account can ${need.action}; run this from the management account, or ${need.drop}`,
    );
  }
  if (who.role === 'standalone') {
    throw new PayloadError(
      need.field,
      `${kind}: ${need.declared}, but account ${who.accountId} is a standalone account (it belongs to no organization), and only an organization's management account can ${need.action}; ${need.drop}, or run this from the management account of an organization`,
    );
  }
}
