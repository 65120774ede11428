/**
 * Client-token idempotency as Compute Optimizer Automation documents it: a token is valid for 24 hours;
 * the same token with the same parameters returns the first response without acting again; the same token
 * with other parameters is an IdempotentParameterMismatchException.
 *
 * The records are bounded: expired ones are dropped as new ones arrive (oldest first), and beyond
 * {@link MAX_CLIENT_TOKENS} the oldest go even before they expire, so a client cycling through tokens cannot
 * grow memory or the state file without limit.
 */
import { createHash } from 'node:crypto';
import { IdempotentParameterMismatchException, InvalidParameterValueException } from './errors';
import { canonicalInput, inputFingerprint, type JsonObject, type OperationContext } from './framework';
import { Patterns } from '../shared/enums';

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** AWS publishes no limit; this one keeps the records under about 40 MB in the worst case (50-id answers). */
export const MAX_CLIENT_TOKENS = 10_000;

/** A remembered response to a request that carried a client token. */
export interface IdempotencyRecord {
  /** SHA-256 of the request's canonical parameters (see framework `canonicalInput`). */
  fingerprint: string;
  response: unknown;
  /** Emulated clock, epoch milliseconds. */
  at: number;
}

/** Told of every record added (`record`) or dropped (`undefined`), so the store can journal it. */
export type TokenChangeListener = (key: string, record: IdempotencyRecord | undefined) => void;

/** The records, oldest first (a Map keeps insertion order, and request data never touches a prototype). */
export class ClientTokens {
  private readonly records = new Map<string, IdempotencyRecord>();
  private listener: TokenChangeListener = () => undefined;

  constructor(private readonly limit = MAX_CLIENT_TOKENS) {}

  onChange(listener: TokenChangeListener): void {
    this.listener = listener;
  }

  get size(): number {
    return this.records.size;
  }

  /** The live record for `key`, if any. */
  get(key: string, now: number): IdempotencyRecord | undefined {
    const r = this.records.get(key);
    return r !== undefined && now - r.at < TOKEN_LIFETIME_MS ? r : undefined;
  }

  put(key: string, record: IdempotencyRecord): void {
    this.records.delete(key);
    this.records.set(key, record);
    this.listener(key, record);
    this.prune(record.at);
  }

  /** Drops expired records from the oldest end, then the oldest beyond the limit. */
  prune(now: number): void {
    for (const [k, r] of this.records) {
      if (this.records.size <= this.limit && now - r.at < TOKEN_LIFETIME_MS) break;
      this.records.delete(k);
      this.listener(k, undefined);
    }
  }

  /** Replaces every record (loading a snapshot); not reported to the listener. */
  load(entries: Iterable<[string, IdempotencyRecord]>): void {
    this.records.clear();
    for (const [k, r] of entries) if (isRecord(r)) this.records.set(k, r);
  }

  /** Applies a journaled change; not reported to the listener. */
  apply(key: string, record: IdempotencyRecord | undefined): void {
    this.records.delete(key);
    if (record !== undefined && isRecord(record)) this.records.set(key, record);
  }

  clear(): void {
    this.records.clear();
  }

  /** Oldest first, as a plain object for the state file (keys never clash with a prototype: they hold spaces). */
  toJSON(): Record<string, IdempotencyRecord> {
    const out: Record<string, IdempotencyRecord> = Object.create(null) as Record<string, IdempotencyRecord>;
    for (const [k, r] of this.records) out[k] = r;
    return out;
  }
}

function isRecord(r: unknown): r is IdempotencyRecord {
  return typeof r === 'object' && r !== null && typeof (r as IdempotencyRecord).fingerprint === 'string' && typeof (r as IdempotencyRecord).at === 'number';
}

/** Records written before fingerprints were hashed hold the parameters' sorted JSON itself. */
function legacyFingerprint(stored: string): string | undefined {
  if (!stored.startsWith('{')) return undefined;
  try {
    return createHash('sha256').update(canonicalInput(JSON.parse(stored) as JsonObject)).digest('hex');
  } catch {
    return undefined;
  }
}

/** Runs `run` once per client token (per account and operation) within the token's lifetime. */
export function withClientToken(input: JsonObject, ctx: OperationContext, run: () => JsonObject): JsonObject {
  const token = input.clientToken;
  if (token === undefined || token === null) return run();
  if (typeof token !== 'string' || !Patterns.clientToken.test(token)) {
    const shown = String(token);
    throw new InvalidParameterValueException(`The clientToken "${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}" is not valid: use 1-64 letters, digits, underscores or hyphens.`);
  }
  const tokens = ctx.store.tokens;
  const key = `${ctx.caller.accountId} ${ctx.operation} ${token}`;
  const print = inputFingerprint(input, ['clientToken']);
  const seen = tokens.get(key, ctx.now);
  if (seen !== undefined) {
    if (seen.fingerprint !== print && legacyFingerprint(seen.fingerprint) !== print) {
      throw new IdempotentParameterMismatchException(`The clientToken "${token}" was already used with different parameters; use a new token for a different request.`);
    }
    ctx.onReplay?.();
    return seen.response as JsonObject;
  }
  const response = run();
  tokens.put(key, { fingerprint: print, response, at: ctx.now });
  ctx.store.touch();
  return response;
}
