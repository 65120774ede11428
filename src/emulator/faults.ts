/** Injected faults (POST /_emulator/faults): what the next calls suffer before any service sees them. */

export interface FaultSettings {
  throttleNext?: number;
  error500Rate?: number;
  error503Rate?: number;
  latencyMs?: number;
  dropNext?: number;
  failNext?: number;
  /** `"<TargetPrefix>.<Operation>"` targets the faults apply to; all when absent. */
  operations?: string[];
}

const MAX_LATENCY_MS = 600_000;

export type FaultAction = 'drop' | 'throttle' | 'fail500' | 'unavailable503' | undefined;

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
    const known = ['throttleNext', 'error500Rate', 'error503Rate', 'latencyMs', 'dropNext', 'failNext', 'operations'];
    for (const k of Object.keys(b)) if (!known.includes(k)) throw new Error(`unknown fault "${k}"; use one of ${known.join(', ')}`);
    for (const k of ['throttleNext', 'latencyMs', 'dropNext', 'failNext'] as const) {
      if (b[k] === undefined) continue;
      if (typeof b[k] !== 'number' || !Number.isInteger(b[k]) || (b[k] as number) < 0) throw new Error(`${k} must be a non-negative integer`);
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
      if (!Array.isArray(b.operations) || !b.operations.every((o) => typeof o === 'string')) {
        throw new Error('operations must be an array of "<TargetPrefix>.<Operation>" strings');
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

  private applies(target: string): boolean {
    return this.s.operations === undefined || this.s.operations.length === 0 || this.s.operations.includes(target);
  }
}
