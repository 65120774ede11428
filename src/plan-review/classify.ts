/** What applying the plan does to one of our resources, in reviewer terms (the row's action). */
import { RemovalPolicy, type DeclarableStatus } from '../shared';
import type { DeclaredState, EnrollmentAction } from './model';
import type { PlanResourceChange } from './plan';
import { attr, isObject, sameJson, unknownFieldsOf } from './recognise';

const ACTIVE: DeclarableStatus = 'Active';
const INACTIVE: DeclarableStatus = 'Inactive';

/** A delete planned because the resource (or its module) is no longer in the configuration. */
export function removedFromCode(rc: PlanResourceChange): boolean {
  return rc.action_reason === 'delete_because_no_resource_config' || rc.action_reason === 'delete_because_no_module';
}

/**
 * True when a replacement is caused only by the drift trigger: the declared payload and every other
 * `triggers_replace` entry are unchanged, and `reconcile` changed or became unknown (the constructs' drift
 * design: see src/constructs/enrollment-resource.ts).
 */
function isReconcileOnly(rc: PlanResourceChange): boolean {
  const { before, after, after_unknown: afterUnknown } = rc.change;
  if (!sameJson(attr(before, 'input'), attr(after, 'input'))) return false;
  if (unknownFieldsOf(afterUnknown, 'input') === 'all') return false;
  const tb = attr(before, 'triggers_replace');
  const ta = attr(after, 'triggers_replace');
  const tu = attr(afterUnknown, 'triggers_replace');
  if (!isObject(tb)) return false;
  const keys = new Set([...Object.keys(tb), ...(isObject(ta) ? Object.keys(ta) : []), ...(isObject(tu) ? Object.keys(tu) : [])]);
  let reconcileChanged = false;
  for (const key of keys) {
    const unknown = isObject(tu) && tu[key] === true;
    const changed = unknown || !sameJson(tb[key], attr(ta, key));
    if (!changed) continue;
    if (key !== 'reconcile') return false;
    reconcileChanged = true;
  }
  return reconcileChanged;
}

function towards(status: string): EnrollmentAction {
  return status === ACTIVE ? 'enroll' : status === INACTIVE ? 'opt-out' : 'change-settings';
}

export function classify(rc: PlanResourceChange, before: DeclaredState | null, after: DeclaredState | null, drifting: boolean): EnrollmentAction {
  const actions = rc.change.actions;
  if (actions.every((a) => a === 'no-op' || a === 'read')) return 'no-change';
  if (actions.length === 1 && actions[0] === 'delete') {
    // Removed from the code, the destroy-time provisioner goes with it: Terraform forgets the resource and
    // the removal policy never runs. Only `terraform destroy` (configuration still present) opts out.
    if (removedFromCode(rc)) return 'stop-managing';
    return before?.removalPolicy === RemovalPolicy.OPT_OUT && before.status === ACTIVE ? 'opt-out' : 'stop-managing';
  }
  if (!after) return 'change-settings';
  if (after.status === null) return 'undetermined';
  if (!before || before.status !== after.status) return towards(after.status);
  if (after.includeMemberAccounts !== null && before.includeMemberAccounts !== after.includeMemberAccounts) return 'change-members';
  const replacing = actions.includes('create') && actions.includes('delete');
  if (replacing && (isReconcileOnly(rc) || (drifting && sameJson(attr(rc.change.before, 'input'), attr(rc.change.after, 'input'))))) {
    return 'repair-drift';
  }
  return 'change-settings';
}
