/**
 * Automation member-account association changes: which members a plan associates with the management
 * account (so the organisation's Automation rules may act on them) or disassociates (the rules stop applying
 * to them), from the declaration before and after and, for drift, what the plan-time read saw.
 */
import { compareAssociations, decodeAccountIds, type MemberAccountState, type WirePayload } from '../shared';
import { removedFromCode } from './classify';
import type { AssociationChange, AssociationChangeAction, RiskNote } from './model';
import type { PlanResourceChange } from './plan';

interface Declared {
  readonly allMembers: boolean;
  readonly accountIds: string[];
}

function declaredOf(wire: WirePayload | undefined): Declared | null {
  if (!wire) return null;
  try {
    return { allMembers: wire.allMembers === 'true', accountIds: decodeAccountIds(wire.accountIds || '[]') };
  } catch {
    return null;
  }
}

const ASSOCIATE: RiskNote = {
  code: 'members-associated',
  text: "The organisation's Automation rules may act on these accounts' resources (their rule mode becomes AnyAllowed; Automation is enabled for them if needed).",
};
const DISASSOCIATE: RiskNote = {
  code: 'members-disassociated',
  text: "The organisation's Automation rules stop applying to these accounts (their rule mode becomes NoneAllowed).",
};

export interface AssociationInput {
  readonly rc: PlanResourceChange;
  readonly scope: string;
  readonly before?: WirePayload;
  readonly after?: WirePayload;
  /** The members Automation listed when the plan read them (when the drift check failed). */
  readonly observed?: readonly MemberAccountState[];
}

function row(input: AssociationInput, action: AssociationChangeAction, accounts: readonly string[] | 'all members', risks: RiskNote[], observed: string | null = null): AssociationChange {
  return { address: input.rc.address, scope: input.scope, action, accounts: accounts === 'all members' ? ['all members'] : [...accounts], observed, risks };
}

export function associationChanges(input: AssociationInput): AssociationChange[] {
  const before = declaredOf(input.before);
  const after = declaredOf(input.after);
  const actions = input.rc.change.actions;
  if (actions.length === 1 && actions[0] === 'delete') {
    if (!before) return [];
    const who = before.allMembers ? 'all members' : before.accountIds;
    if (removedFromCode(input.rc) || input.before?.removalPolicy !== 'disassociate') {
      return [row(input, 'stop-managing', who, [{ code: 'aws-unchanged', text: 'Terraform stops managing the association; the members stay associated and the organisation\'s rules keep applying to them.' }])];
    }
    return [row(input, 'disassociate', who, [DISASSOCIATE])];
  }
  if (!after) return [];
  const rows: AssociationChange[] = [];
  if (!before) {
    rows.push(row(input, 'associate', after.allMembers ? 'all members' : after.accountIds, [ASSOCIATE]));
  } else if (after.allMembers && !before.allMembers) {
    rows.push(row(input, 'associate', 'all members', [ASSOCIATE]));
  } else if (!after.allMembers) {
    const was = before.allMembers ? null : new Set(before.accountIds);
    const added = after.accountIds.filter((id) => !was || !was.has(id));
    const removed = was ? before.accountIds.filter((id) => !after.accountIds.includes(id)) : [];
    if (before.allMembers) rows.push(row(input, 'disassociate', 'all members', [{ ...DISASSOCIATE, text: `Every associated member not in ${after.accountIds.join(', ') || 'the (empty) list'} is disassociated: the organisation's Automation rules stop applying to it.` }]));
    else if (added.length > 0) rows.push(row(input, 'associate', added, [ASSOCIATE]));
    if (removed.length > 0) rows.push(row(input, 'disassociate', removed, [DISASSOCIATE]));
  }
  // Drift: what changed behind Terraform's back, which the apply restores (the declared change aside).
  if (input.observed && rows.length === 0) {
    const c = compareAssociations(after, input.observed);
    if (c.toAssociate.length > 0) rows.push(row(input, 'repair-drift', c.toAssociate, [{ code: 'association-drift', text: 'Not associated in AWS (disassociated in the console): apply associates them again.' }, ASSOCIATE], 'not associated'));
    if (c.toDisassociate.length > 0) rows.push(row(input, 'repair-drift', c.toDisassociate, [{ code: 'association-drift', text: 'Associated in AWS but not declared: apply disassociates them.' }, DISASSOCIATE], 'associated but not declared'));
  }
  return rows;
}
