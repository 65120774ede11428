/**
 * `automation-member-accounts`: which member accounts are associated with the management account for
 * Automation, reconciled through ListAccounts, AssociateAccounts and DisassociateAccounts.
 */
import { MAX_ACCOUNTS_PER_CALL, compareAssociations, describeAssociations, type MemberAccountState, type PayloadByKind, type ReadResult } from '../../shared';
import { requireManagementAccount } from '../account-role';
import { str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import { associateAccounts, disassociateAccounts, listAccounts } from '../services/automation';
import { waitUntilSettled } from '../wait';
import type { KindHandler } from './handler';

type Payload = PayloadByKind['automation-member-accounts'];
type Result = ReadResult<'automation-member-accounts'>;

async function observe(ctx: RunContext): Promise<MemberAccountState[]> {
  try {
    return (await listAccounts(ctx)).map((a) => ({ accountId: str(a.accountId), status: str(a.status), organizationRuleMode: str(a.organizationRuleMode) }));
  } catch (err) {
    // Before Compute Optimizer is enrolled (both may be planned in one run) Automation lists no one.
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) return [];
    throw err;
  }
}

function toResult(payload: Payload, listed: readonly MemberAccountState[]): Result {
  const comparison = compareAssociations(payload, listed);
  return {
    accounts: JSON.stringify(listed),
    associatedCount: String(listed.filter((a) => a.organizationRuleMode === 'AnyAllowed').length),
    inSync: String(comparison.toAssociate.length === 0 && comparison.toDisassociate.length === 0 && comparison.unavailable.length === 0),
    summary: describeAssociations(comparison),
  };
}

function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_ACCOUNTS_PER_CALL) out.push(ids.slice(i, i + MAX_ACCOUNTS_PER_CALL));
  return out;
}

async function change(verb: 'associate' | 'disassociate', ids: readonly string[], ctx: RunContext): Promise<void> {
  for (const batch of batches(ids)) {
    const out = verb === 'associate' ? await associateAccounts(ctx, batch) : await disassociateAccounts(ctx, batch);
    const errors = out.errors ?? [];
    if (errors.length > 0) {
      const shown = errors.slice(0, 5).join('; ') + (errors.length > 5 ? `; and ${errors.length - 5} more` : '');
      throw new AwsFailure(`Compute Optimizer Automation could not ${verb} ${errors.length} member account(s): ${shown}; fix the cause and re-run apply`);
    }
    ctx.log(`automation-member-accounts: ${verb}d ${(out.accountIds ?? batch).join(', ')}`);
  }
}

async function reconcile(payload: Payload, ctx: RunContext): Promise<Result> {
  await requireManagementAccount(ctx, payload);
  let listed = await observe(ctx);
  const first = compareAssociations(payload, listed);
  // Members Compute Optimizer is still enrolling appear in ListAccounts once they are Active: wait for them.
  if (first.unavailable.length > 0) {
    listed = await waitUntilSettled(
      {
        what: `member accounts ${first.unavailable.join(', ')} to be listed by Automation (enrolled in Compute Optimizer)`,
        timeoutSeconds: payload.timeoutSeconds,
        poll: () => observe(ctx),
        log: ctx.log,
        judge: (l) => {
          const left = compareAssociations(payload, l).unavailable;
          return left.length === 0 ? { done: true } : { done: false, progress: `${left.length} declared member account(s) not yet listed by Automation…` };
        },
      },
      listed,
    );
  }
  const c = compareAssociations(payload, listed);
  if (c.toAssociate.length > 0) await change('associate', c.toAssociate, ctx);
  if (c.toDisassociate.length > 0) await change('disassociate', c.toDisassociate, ctx);
  if (c.toAssociate.length === 0 && c.toDisassociate.length === 0) ctx.log('automation-member-accounts: the declared member accounts are already associated; nothing to change');
  return toResult(payload, await observe(ctx));
}

export const automationMemberAccountsHandler: KindHandler<'automation-member-accounts'> = {
  read: async (payload, ctx) => toResult(payload, await observe(ctx)),
  apply: reconcile,
  destroy: async (payload, ctx) => {
    if (payload.removalPolicy === 'retain') {
      ctx.log('automation-member-accounts: removalPolicy is "retain"; the member accounts stay associated and the organisation\'s rules keep applying to them');
      return undefined;
    }
    const listed = await observe(ctx);
    const associated = listed.filter((a) => a.organizationRuleMode === 'AnyAllowed').map((a) => a.accountId);
    const ids = payload.allMembers ? associated : payload.accountIds.filter((id) => associated.includes(id));
    if (ids.length > 0) await change('disassociate', ids, ctx);
    else ctx.log('automation-member-accounts: no declared member account is associated; nothing to change');
    return toResult({ ...payload, allMembers: false, accountIds: [] }, await observe(ctx));
  },
};
