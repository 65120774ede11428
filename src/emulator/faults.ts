/**
 * Injected faults (POST /_emulator/faults): what the next calls suffer. All but `dropAfterApplyNext` strike
 * before any service sees the call; that one lets the call change the state (durably) and then drops the
 * connection instead of answering: the case a client token or an idempotent re-read protects against.
 */
import { InternalServerException, ServiceUnavailableException, ThrottlingException, type AwsError } from './errors';

export interface FaultSettings {
  throttleNext?: number;
  error500Rate?: number;
  error503Rate?: number;
  latencyMs?: number;
  dropNext?: number;
  dropAfterApplyNext?: number;
  failNext?: number;
  /** `"<TargetPrefix>.<Operation>"` targets the faults apply to; all when absent. */
  operations?: string[];
}

const MAX_LATENCY_MS = 600_000;
const MAX_OPERATIONS = 100;
/** More than any test needs; a larger count is a typo that would fault every call for good. */
const MAX_COUNT = 1_000_000;
const COUNTERS = ['throttleNext', 'latencyMs', 'dropNext', 'dropAfterApplyNext', 'failNext'] as const;
const KNOWN = ['throttleNext', 'error500Rate', 'error503Rate', 'latencyMs', 'dropNext', 'dropAfterApplyNext', 'failNext', 'operations'];

export type FaultAction = 'drop' | 'dropAfterApply' | 'throttle' | 'fail500' | 'unavailable503' | undefined;

/** What one call suffers: dropped at once, answered with an error, or served (and perhaps dropped after). */
export type FaultOutcome = { readonly drop: true } | { readonly error: AwsError } | { readonly dropAfterApply: boolean };

/** What a call suffers when no fault is set. */
export const NO_FAULT: FaultOutcome = { dropAfterApply: false };

export class Faults {
  private s: FaultSettings = {};

  get settings(): FaultSettings {
    return { ...this.s };
  }

  /** Merges new settings over the current ones; throws a one-line message on bad input. */
  set(body: unknown): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('faults body must be a JSON object');
    const b = body as Record<string, unknown>;
    const next: FaultSettings = { ...this.s };
    for (const k of Object.keys(b)) if (!KNOWN.includes(k)) throw new Error(`unknown fault ${JSON.stringify(k.slice(0, 40))}; use one of ${KNOWN.join(', ')}`);
    for (const k of COUNTERS) {
      if (b[k] === undefined) continue;
      if (typeof b[k] !== 'number' || !Number.isSafeInteger(b[k]) || (b[k] as number) < 0) throw new Error(`${k} must be a non-negative integer`);
      if (k !== 'latencyMs' && (b[k] as number) > MAX_COUNT) throw new Error(`${k} must be at most ${MAX_COUNT}`);
      // Node's timers overflow past 2^31-1 ms and then fire at once: a latency beyond this is a mistake.
      if (k === 'latencyMs' && (b[k] as number) > MAX_LATENCY_MS) throw new Error(`latencyMs must be at most ${MAX_LATENCY_MS} (10 minutes)`);
      next[k] = b[k] as number;
    }
    for (const k of ['error500Rate', 'error503Rate'] as const) {
      if (b[k] === undefined) continue;
      if (typeof b[k] !== 'number' || (b[k] as number) < 0 || (b[k] as number) > 1) throw new Error(`${k} must be a number from 0 to 1`);
      next[k] = b[k] as number;
    }
    if (b.operations !== undefined) {
      if (!Array.isArray(b.operations) || b.operations.length > MAX_OPERATIONS || !b.operations.every((o) => typeof o === 'string' && o.length <= 200)) {
        throw new Error(`operations must be an array of at most ${MAX_OPERATIONS} "<TargetPrefix>.<Operation>" strings`);
      }
      next.operations = b.operations as string[];
    }
    this.s = next;
  }

  clear(): void {
    this.s = {};
  }

  latencyFor(target: string): number {
    return this.applies(target) ? (this.s.latencyMs ?? 0) : 0;
  }

  /** Decides (and consumes) the fault for one call. */
  next(target: string): FaultAction {
    if (!this.applies(target)) return undefined;
    if (this.s.dropNext) {
      this.s.dropNext--;
      return 'drop';
    }
    if (this.s.dropAfterApplyNext) {
      this.s.dropAfterApplyNext--;
      return 'dropAfterApply';
    }
    if (this.s.throttleNext) {
      this.s.throttleNext--;
      return 'throttle';
    }
    if (this.s.failNext) {
      this.s.failNext--;
      return 'fail500';
    }
    if (this.s.error503Rate && Math.random() < this.s.error503Rate) return 'unavailable503';
    if (this.s.error500Rate && Math.random() < this.s.error500Rate) return 'fail500';
    return undefined;
  }

  /** Whether any fault is set (the hot path skips them all when none is). */
  get none(): boolean {
    for (const k in this.s) if ((this.s as Record<string, unknown>)[k]) return false;
    return true;
  }

  /** Waits out the latency, then decides (and consumes) what this call suffers. */
  async strike(target: string): Promise<FaultOutcome> {
    const latency = this.latencyFor(target);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    switch (this.next(target)) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        return { error: new ThrottlingException() };
      case 'fail500':
        return { error: new InternalServerException() };
      case 'unavailable503':
        return { error: new ServiceUnavailableException() };
      case 'dropAfterApply':
        return { dropAfterApply: true };
      default:
        return { dropAfterApply: false };
    }
  }

  private applies(target: string): boolean {
    return this.s.operations === undefined || this.s.operations.length === 0 || this.s.operations.includes(target);
  }
}
