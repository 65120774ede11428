/**
 * The drift check's contract between the constructs, which write one `check` block per enrollment, and the
 * plan review, which pairs a failing check with the resource it guards. Observed values are never read back
 * from the check's message: the plan review takes them from the plan-time read itself.
 */

const SUFFIX = '_in_sync';

/** The `check` block name for the enrollment resource whose logical id is `resourceId`. */
export function driftCheckName(resourceId: string): string {
  return `${resourceId}${SUFFIX}`;
}

/** The logical id of the resource a drift check guards, or undefined for other checks. */
export function guardedResourceId(checkName: string): string | undefined {
  return checkName.endsWith(SUFFIX) && checkName.length > SUFFIX.length ? checkName.slice(0, -SUFFIX.length) : undefined;
}
