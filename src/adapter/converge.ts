/**
 * The one way the adapter brings AWS to a declared state, for every write kind: observe; if a change is
 * already in flight (`Pending`), let it settle before deciding; change AWS only when it differs; then wait
 * until it settles, with progress lines and the payload's deadline. Each kind says how to observe, compare,
 * change and judge; the order of those steps, the waits and the messages live here.
 */
import type { RunContext } from './context';
import { waitUntilSettled, type PollVerdict } from './wait';

export interface Convergence<O> {
  /** The kind (prefix of log lines). */
  readonly kind: string;
  /** What is converged, in messages: "Compute Optimizer enrollment". */
  readonly title: string;
  /** The declared status. */
  readonly desired: string;
  /** What else the declaration asks for, in messages: "with member accounts". */
  readonly detail?: string;
  readonly timeoutSeconds: number;
  readonly observe: () => Promise<O>;
  /** Progress text while a change someone else started is still in flight; undefined when none is. */
  readonly inFlight?: (observed: O) => string | undefined;
  /** An observation that already settles the matter without any change (returned as it is). */
  readonly settledAlready?: (observed: O) => boolean;
  readonly differs: (observed: O) => boolean;
  /** Checks that must pass before AWS is changed (rather than failing half-way). */
  readonly preflight?: (observed: O) => Promise<void>;
  /** Changes AWS; returns what it observed afterwards, or undefined to observe again. */
  readonly change: (observed: O) => Promise<O | undefined>;
  /** Whether the observation is the declared state (or a failure, or progress). */
  readonly judge: (observed: O) => PollVerdict;
}

export async function converge<O>(c: Convergence<O>, ctx: RunContext): Promise<O> {
  const waitFor = (what: string, judge: (o: O) => PollVerdict, first: O) =>
    waitUntilSettled({ what, timeoutSeconds: c.timeoutSeconds, poll: c.observe, log: ctx.log, judge }, first);
  let observed = await c.observe();
  if (c.settledAlready?.(observed)) return observed;
  const inFlight = c.inFlight;
  if (inFlight && inFlight(observed) !== undefined) {
    observed = await waitFor(`the ${c.title} change in progress to settle`, (o) => {
      const progress = inFlight(o);
      return progress === undefined ? { done: true } : { done: false, progress };
    }, observed);
  }
  if (c.differs(observed)) {
    await c.preflight?.(observed);
    observed = (await c.change(observed)) ?? (await c.observe());
  } else {
    ctx.log(`${c.kind}: already ${c.desired}${c.detail ? ` ${c.detail}` : ''}; nothing to change`);
  }
  return waitFor(`${c.title} to become ${c.desired}`, c.judge, observed);
}
