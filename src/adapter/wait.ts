/**
 * Waiting for `Pending` to settle: exponential backoff between polls, a deadline from the payload, and one
 * progress line on stderr per poll so a long `terraform apply` shows that it is moving.
 */
import { AwsFailure } from './errors';

export type PollVerdict = { done: true } | { done: false; progress: string } | { failed: string };

export interface WaitOptions<T> {
  /** What is being waited for, e.g. "compute-optimizer-enrollment to become Active". */
  readonly what: string;
  readonly timeoutSeconds: number;
  readonly poll: () => Promise<T>;
  readonly judge: (observed: T) => PollVerdict;
  readonly log: (line: string) => void;
  /** @default 1000 (or CDKTF_AWS_ENROLLMENT_POLL_MS, which tests use to keep waits short) */
  readonly initialDelayMs?: number;
  /** @default 20000 */
  readonly maxDelayMs?: number;
}

export function defaultInitialDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CDKTF_AWS_ENROLLMENT_POLL_MS;
  return raw && /^[0-9]{1,6}$/.test(raw) ? Math.max(10, Number(raw)) : 1000;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the verdict is done (returns the last observation), failed or the deadline passes (throws). */
export async function waitUntilSettled<T>(options: WaitOptions<T>, first?: T): Promise<T> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  let delay = options.initialDelayMs ?? defaultInitialDelayMs();
  const maxDelay = options.maxDelayMs ?? 20_000;
  let observed = first;
  let lastProgress = '';
  // Bounded by the deadline; the iteration cap is a guard against a clock that does not move.
  for (let polls = 0; polls < 100_000; polls++) {
    if (observed !== undefined) {
      const verdict = options.judge(observed);
      if ('failed' in verdict) throw new AwsFailure(verdict.failed);
      if (verdict.done) return observed;
      lastProgress = verdict.progress;
      const elapsed = Math.round((Date.now() - started) / 1000);
      options.log(`${verdict.progress} (${elapsed}s of ${options.timeoutSeconds}s)`);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 2, maxDelay);
    observed = await options.poll();
  }
  if (observed !== undefined) {
    const verdict = options.judge(observed);
    if ('failed' in verdict) throw new AwsFailure(verdict.failed);
    if (verdict.done) return observed;
    lastProgress = verdict.progress;
  }
  throw new AwsFailure(
    `timed out after ${options.timeoutSeconds}s waiting for ${options.what}; last seen: ${lastProgress || 'no answer'}; AWS keeps working on it: re-run apply to wait again, or raise \`timeoutSeconds\``,
  );
}
