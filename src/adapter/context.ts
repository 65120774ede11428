/** What every kind handler gets: the clients for its payload's connection and a stderr logger. */
import type { ServiceKey } from '../shared';
import type { Clients } from './clients';
import { describeAwsError, type CallContext } from './errors';

export interface RunContext {
  readonly clients: Clients;
  /** One line to stderr (progress, notes). */
  readonly log: (line: string) => void;
}

/** Runs one AWS call and turns any failure into the adapter's one-line message for that operation. */
export async function call<T>(
  ctx: RunContext,
  service: ServiceKey,
  operation: string,
  fn: () => Promise<T>,
  extra?: Partial<CallContext>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw describeAwsError(err, ctx.clients.context(service, operation, extra));
  }
}

export function iso(date: Date | undefined): string {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

export function str(value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Counts per status for the read summaries. */
export function countBy<T extends { status?: string }>(items: readonly T[], status: string): string {
  let n = 0;
  for (const item of items) if (item.status === status) n++;
  return String(n);
}
