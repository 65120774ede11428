/**
 * Which member accounts take part in the organisation's Compute Optimizer Automation: associated with the
 * management account (AssociateAccounts sets a member's organisation rule mode to `AnyAllowed`, enabling
 * Automation for it if needed; DisassociateAccounts sets it back to `NoneAllowed`, and the organisation's
 * rules stop applying to it). Declared once per management account, as all members or a list of ids.
 */
import { Patterns } from './enums';
import { show } from './fields';

/** AssociateAccounts and DisassociateAccounts take 1-50 account ids per call. */
export const MAX_ACCOUNTS_PER_CALL = 50;

/** An account the association reports: what ListAccounts lists. */
export interface MemberAccountState {
  readonly accountId: string;
  readonly status: string;
  readonly organizationRuleMode: string;
}

/** Decodes and validates a declared list of account ids (a JSON list); throws with what is wrong. */
export function decodeAccountIds(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`a JSON list of 12-digit account ids, got ${show(parsed)}`);
  for (const id of parsed) if (typeof id !== 'string' || !Patterns.accountId.test(id)) throw new Error(`account ids are 12 digits, got ${show(id)}`);
  if (new Set(parsed).size !== parsed.length) throw new Error('an account id is listed twice');
  return [...(parsed as string[])].sort();
}

export interface AssociationComparison {
  /** Declared (or, for all members, listed) but not associated. */
  readonly toAssociate: readonly string[];
  /** Associated but not declared (explicit lists only: "all members" never disassociates). */
  readonly toDisassociate: readonly string[];
  /** Declared but not listed: not a member with Compute Optimizer Active, so not associable yet. */
  readonly unavailable: readonly string[];
}

export function compareAssociations(declared: { readonly allMembers: boolean; readonly accountIds: readonly string[] }, listed: readonly MemberAccountState[]): AssociationComparison {
  const associated = new Set(listed.filter((a) => a.organizationRuleMode === 'AnyAllowed').map((a) => a.accountId));
  const known = new Set(listed.map((a) => a.accountId));
  const wanted = declared.allMembers ? [...known] : declared.accountIds;
  return {
    toAssociate: wanted.filter((id) => known.has(id) && !associated.has(id)).sort(),
    toDisassociate: declared.allMembers ? [] : [...associated].filter((id) => !declared.accountIds.includes(id)).sort(),
    unavailable: wanted.filter((id) => !known.has(id)).sort(),
  };
}

/** The comparison in one sentence for the drift warning ("" when in sync). */
export function describeAssociations(c: AssociationComparison): string {
  const parts: string[] = [];
  if (c.toAssociate.length > 0) parts.push(`not associated: ${c.toAssociate.join(', ')}`);
  if (c.toDisassociate.length > 0) parts.push(`associated but not declared: ${c.toDisassociate.join(', ')}`);
  if (c.unavailable.length > 0) parts.push(`not listed by Automation (not a member, or Compute Optimizer not Active): ${c.unavailable.join(', ')}`);
  return parts.join('; ');
}
