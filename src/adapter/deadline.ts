/**
 * Bounded time for every run. Neither `data "external"` nor `local-exec` has a timeout of its own, so an
 * endpoint that accepts connections and never answers would hang `terraform plan` forever. Two bounds:
 * - each HTTP attempt gets a share of the call allowance (./http.ts ends it, the SDK retries it), so all
 *   attempts of one call fit in the allowance;
 * - the whole run has a deadline: `read` the allowance (60 s, or CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS),
 *   `apply`/`destroy` the payload's `timeoutSeconds` plus the allowance. On expiry the run fails with one
 *   line naming the call in flight, its endpoint and what to check; calls still in flight are cut.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { WRITE_FIELDS, type Verb } from '../shared';
import { redactUrl } from '../shared/redact';
import { AwsFailure, UsageError } from './errors';

export const READ_TIMEOUT_ENV = 'CDKTF_AWS_ENROLLMENT_READ_TIMEOUT_SECONDS';
/** @default 60 s: a plan that cannot read its enrollment in a minute will not in ten. */
export const DEFAULT_CALL_ALLOWANCE_SECONDS = 60;
const MAX_CALL_ALLOWANCE_SECONDS = 3600;

/** The bound of a read, and the time an apply or destroy gets for its calls on top of `timeoutSeconds`. */
export function callAllowanceSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[READ_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_CALL_ALLOWANCE_SECONDS;
  const n = /^[0-9]{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_CALL_ALLOWANCE_SECONDS)) {
    throw new UsageError(`${READ_TIMEOUT_ENV} must be a whole number of seconds from 1 to ${MAX_CALL_ALLOWANCE_SECONDS}, got "${raw.slice(0, 20)}"`);
  }
  return n;
}

/**
 * How long one HTTP attempt may take, from sending to the last byte of the answer: the allowance shared
 * by every attempt the SDK may make, with one share left for backoff and credentials; 1-30 s.
 */
export function attemptTimeoutMs(allowanceSeconds: number, maxAttempts: number): number {
  return Math.min(30_000, Math.max(1000, Math.floor((allowanceSeconds * 1000) / (maxAttempts + 1))));
}

/** `timeoutSeconds` of an apply/destroy payload (text as given), or the default; bad values are the payload check's business. */
function timeoutSecondsOf(payloadText: string): number {
  try {
    const raw = (JSON.parse(payloadText) as Record<string, unknown>)?.timeoutSeconds;
    if (typeof raw === 'string' && /^[0-9]{1,6}$/.test(raw)) return Number(raw);
  } catch {
    // The payload check reports it.
  }
  return WRITE_FIELDS.timeoutSeconds.default;
}

export interface RunBound {
  readonly seconds: number;
  /** Why this bound, for the message: "the bound for a read", "timeoutSeconds 600 + 60s for the calls". */
  readonly why: string;
  readonly verb: Verb;
}

export function runBound(verb: Verb, payloadText: string, env: NodeJS.ProcessEnv = process.env): RunBound {
  const allowance = callAllowanceSeconds(env);
  if (verb === 'read') return { seconds: allowance, why: `the bound for a read; ${READ_TIMEOUT_ENV} raises it`, verb };
  const wait = timeoutSecondsOf(payloadText);
  return { seconds: wait + allowance, why: `timeoutSeconds ${wait} + ${allowance}s for the calls`, verb };
}

/** One HTTP attempt in flight. */
export interface CallInFlight {
  /** e.g. "Compute Optimizer GetEnrollmentStatus". */
  readonly label: string;
  /** Redacted. */
  readonly endpoint: string;
  readonly attempt: number;
  readonly startedAt: number;
  /** How long one attempt may take. */
  readonly attemptMs: number;
}

/** The calls of one run, so the deadline can name the one that stalled and cut what is left. */
export class RunCalls {
  private readonly inFlight = new Map<number, { call: CallInFlight; cut: (err: Error) => void }>();
  private nextId = 0;
  private last?: { call: CallInFlight; endedAt: number };
  private expiredWith?: Error;

  /** Registers an attempt; `cut` ends it at once. Returns the function that marks it done. */
  start(call: CallInFlight, cut: (err: Error) => void): () => void {
    if (this.expiredWith) {
      cut(this.expiredWith);
      return () => undefined;
    }
    const id = this.nextId++;
    this.inFlight.set(id, { call, cut });
    return () => {
      if (this.inFlight.delete(id)) this.last = { call, endedAt: Date.now() };
    };
  }

  /** Set once the run's deadline has passed: new attempts fail at once with it. */
  get expired(): Error | undefined {
    return this.expiredWith;
  }

  /** The sentence about what was going on when the deadline passed. */
  describe(now = Date.now()): string {
    const oldest = [...this.inFlight.values()].map((e) => e.call).sort((a, b) => a.startedAt - b.startedAt)[0];
    if (oldest) {
      const waited = Math.round((now - oldest.startedAt) / 100) / 10;
      return `${oldest.label} to ${oldest.endpoint} never answered (attempt ${oldest.attempt} was waiting ${waited}s; each attempt gets ${oldest.attemptMs / 1000}s); check that the endpoint is reachable and answering (network, proxy, firewall, \`endpoint\`, AWS_ENDPOINT_URL)`;
    }
    if (this.last) {
      return `no AWS call was in flight (the last, ${this.last.call.label} to ${this.last.call.endpoint}, ended ${Math.round((now - this.last.endedAt) / 1000)}s earlier); check the credentials (a profile's SSO or role sign-in, STS) and the network`;
    }
    return 'no AWS call was made yet; check the credentials (a profile\'s SSO or role sign-in, STS) and the network';
  }

  expire(err: Error): void {
    this.expiredWith = err;
    for (const { cut } of this.inFlight.values()) cut(err);
    this.inFlight.clear();
  }
}

const runs = new AsyncLocalStorage<RunCalls>();

/** The calls of the run this code is part of (undefined outside a run: library use, tests of parts). */
export function currentRun(): RunCalls | undefined {
  return runs.getStore();
}

/** The error an expired run's cut calls fail with; the SDK does not retry it. */
export class DeadlineExceeded extends AwsFailure {
  constructor(message: string) {
    super(message);
    // Not a TimeoutError: the SDK must not retry a call the run has given up on.
    this.name = 'AbortError';
  }
}

/** Runs `work` within `bound`; on expiry throws one line that names the stalled call. */
export async function withDeadline<T>(bound: RunBound, work: () => Promise<T>): Promise<T> {
  const calls = new RunCalls();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const after = bound.verb === 'read' ? '' : '; a change already sent to AWS keeps going: re-run apply to wait for it';
      const err = new DeadlineExceeded(`gave up after ${bound.seconds}s (${bound.why}): ${calls.describe()}${after}`);
      calls.expire(err);
      reject(err);
    }, bound.seconds * 1000);
  });
  const running = runs.run(calls, work);
  // After expiry the work unwinds on its own (its calls fail at once); nobody waits for it then.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The endpoint as messages show it. */
export function shownEndpoint(endpoint: string | undefined, fallback: string): string {
  return endpoint ? redactUrl(endpoint) : fallback;
}
