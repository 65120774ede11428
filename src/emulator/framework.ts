/**
 * What every service module plugs into: operation handlers, input validation, pagination as data.
 */
import { createHash } from 'node:crypto';
import type { AccountDirectory, ResolvedAccount } from './accounts';
import { ConstraintViolation, SerializationException, type EmulatedService } from './errors';
import type { JsonWire } from './responses';
import type { StateStore } from './state';

export type JsonObject = Record<string, unknown>;

export interface OperationContext {
  readonly caller: ResolvedAccount;
  readonly accounts: AccountDirectory;
  readonly store: StateStore;
  /** Emulated clock, epoch milliseconds, fixed for the whole call. */
  readonly now: number;
  readonly operation: string;
  /** The Region the request was signed for (SigV4 credential scope). */
  readonly region: string;
  /** Called when a client token answers the call from its record (counted in the admin state). */
  readonly onReplay?: () => void;
}

export type OperationHandler = (input: JsonObject, ctx: OperationContext) => JsonObject;

/** Pagination of one operation, declared once (token name, limit key, result key, model limits). */
export interface Paginator {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey: string;
  readonly resultKey: string;
  readonly limits: { readonly min: number; readonly max: number };
  /** Page size when the caller gives none (or 0, where the model allows 0). */
  readonly defaultLimit: number;
  /**
   * Turns one listed item into its wire form. Applied to the page only, so an operation can list cheap
   * references to every item and a large organisation costs one page of encoding per call, not all of it.
   */
  readonly present?: (item: never) => unknown;
  /**
   * A number that grows strictly along the operation's full, unfiltered listing (an account's place in the
   * accounts file, say). With it a token remembers the last item served rather than an offset, so items
   * that appear or disappear between pages (statuses changing under a filter) shift nothing: no item is
   * skipped or repeated. Without it tokens hold an offset.
   */
  readonly key?: (item: never) => number;
}

/** A JSON service the AWS routes serve: its target prefix, signing name, operations. */
export interface RoutedService {
  readonly key: EmulatedService;
  readonly targetPrefix: string;
  readonly signingName: string;
  /** awsJson1_0 unless set (Organizations speaks awsJson1_1). */
  readonly wire?: JsonWire;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly paginators: Readonly<Record<string, Paginator>>;
  /** Turns a constraint violation into this service's own validation error. */
  readonly invalid: (violation: ConstraintViolation) => Error;
}

/** A service whose settings the emulator keeps per account: console changes, admin view, settling. */
export interface ServiceDefinition extends RoutedService {
  /** Settles time-based transitions (Pending → Active) before any operation reads state. */
  readonly settle?: (store: StateStore, accounts: AccountDirectory, now: number) => void;
  /** The service's name in admin routes (`/_emulator/accounts/{id}/{adminName}`). */
  readonly adminName: string;
  /** A change made "in the console": same side effects as the API, but any status, no rules checked. */
  readonly consoleChange: (store: StateStore, accounts: AccountDirectory, accountId: string, body: ConsoleChange, now: number) => void;
  /**
   * Checks a console change before it is queued (throws a one-line message); `consoleChange` then only
   * applies it. Without it, `consoleChange` must check before it changes anything.
   */
  readonly checkConsoleChange?: (body: ConsoleChange) => void;
  /**
   * More console actions, under `/_emulator/accounts/{id}/{adminName}/...` (`path` holds the segments after
   * the service name). Returns the answer, or `undefined` when the route is not one of its own.
   */
  readonly admin?: (request: AdminRequest) => unknown;
  /** Members added to this service's entry of each account in `GET /_emulator/state`. */
  readonly view?: (store: StateStore, accounts: AccountDirectory, accountId: string) => JsonObject;
}

export interface AdminRequest {
  readonly method: string;
  readonly path: readonly string[];
  readonly body: Record<string, unknown>;
  readonly accountId: string;
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly now: number;
}

/** An admin API refusal with its HTTP status (400 bad input, 404 unknown route, account or item). */
export class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface ConsoleChange {
  readonly status: string;
  readonly statusReason?: string;
  readonly [extra: string]: unknown;
}

// ---- input validation (members and constraints from the models) ----

type FieldType = 'string' | 'boolean' | 'integer' | 'list' | 'structure';

export interface FieldRule {
  readonly type: FieldType;
  readonly required?: boolean;
  readonly enum?: readonly string[];
  readonly pattern?: RegExp;
  readonly min?: number;
  readonly max?: number;
  /** For lists: the rule each member follows. */
  readonly member?: FieldRule;
  /** For structures: their members. */
  readonly members?: Readonly<Record<string, FieldRule>>;
}

type Rules = Readonly<Record<string, FieldRule>>;

/** The members each validated input was checked against: fingerprints ignore every other member. */
const validatedMembers = new WeakMap<JsonObject, Rules>();

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'structure';
  return typeof v;
}

function checkValue(value: unknown, rule: FieldRule, name: string): void {
  const actual = typeOf(value);
  if (actual !== rule.type) {
    // AWS's JSON front end rejects a wrongly typed member before the service's own validation runs.
    throw new SerializationException(`Cannot deserialize '${name}': expected a ${rule.type}, got a ${actual}.`);
  }
  if (rule.type === 'string') {
    const s = value as string;
    if (rule.enum && !rule.enum.includes(s)) {
      throw new ConstraintViolation(name, `Value '${s}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
    }
    if (rule.pattern && !rule.pattern.test(s)) {
      throw new ConstraintViolation(name, `Value '${s}' at '${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    }
  }
  if (rule.type === 'integer') {
    const n = value as number;
    if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
      throw new ConstraintViolation(name, `Value '${n}' at '${name}' failed to satisfy constraint: Member must have value between ${rule.min} and ${rule.max}, inclusive`);
    }
  }
  if (rule.type === 'list') {
    const list = value as unknown[];
    if ((rule.min !== undefined && list.length < rule.min) || (rule.max !== undefined && list.length > rule.max)) {
      throw new ConstraintViolation(name, `Value at '${name}' failed to satisfy constraint: Member must have length between ${rule.min ?? 0} and ${rule.max ?? 'unbounded'}, inclusive`);
    }
    if (rule.member) list.forEach((m, i) => checkValue(m, rule.member!, `${name}.${i + 1}.member`));
  }
  if (rule.type === 'structure' && rule.members) checkMembers(value as JsonObject, rule.members, `${name}.`);
}

function checkMembers(input: JsonObject, rules: Rules, prefix: string): void {
  for (const name of Object.keys(rules)) {
    const rule = rules[name];
    const value = hasOwn(input, name) ? input[name] : undefined;
    if (value === null) delete input[name];
    if (value === undefined || value === null) {
      if (rule.required) throw new ConstraintViolation(prefix + name, `1 validation error detected: Value null at '${prefix + name}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(value, rule, prefix + name);
  }
}

/**
 * Checks required members, types, enums, patterns and ranges. `null` counts as absent: such members are
 * removed from `input` (at every level the rules describe), so nothing downstream stores or compares a
 * null. Unknown members are ignored, as AWS does: they stay in `input` but take part in no check and no
 * fingerprint (client tokens, pagination tokens).
 */
export function validateInput(input: JsonObject, rules: Rules, prefix = ''): void {
  checkMembers(input, rules, prefix);
  if (prefix === '') validatedMembers.set(input, { ...validatedMembers.get(input), ...rules });
}

/**
 * The input as canonical JSON: keys sorted, nulls dropped, and (once validated) only the members the rules
 * know, at every level they describe. Two requests that AWS would read the same way get the same text.
 */
export function canonicalInput(input: JsonObject, exclude: readonly string[] = []): string {
  const canonical = (v: unknown, members: Rules | undefined, rule: FieldRule | undefined): unknown => {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) return v.map((m) => canonical(m, rule?.member?.members, rule?.member));
    if (typeof v === 'object') {
      const out: unknown[] = [];
      for (const k of Object.keys(v as JsonObject).sort()) {
        if (members !== undefined && !hasOwn(members, k)) continue;
        const c = canonical((v as JsonObject)[k], members?.[k]?.members, members?.[k]);
        if (c !== undefined) out.push([k, c]);
      }
      return out;
    }
    return v;
  };
  const top: JsonObject = {};
  for (const k of Object.keys(input)) if (!exclude.includes(k)) top[k] = input[k];
  return JSON.stringify(canonical(top, validatedMembers.get(input), undefined));
}

/** A SHA-256 of {@link canonicalInput}: what a client token remembers of its request. */
export function inputFingerprint(input: JsonObject, exclude: readonly string[] = []): string {
  return createHash('sha256').update(canonicalInput(input, exclude)).digest('hex');
}

// ---- pagination ----

interface TokenBody {
  o?: unknown;
  i?: unknown;
  k?: unknown;
  f?: unknown;
}

/** Tokens are opaque to clients: base64 of the operation, the position and a fingerprint of the query. */
export function encodeToken(operation: string, offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: operation, i: offset, f: fingerprint })).toString('base64');
}

function encodeKeyToken(operation: string, key: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: operation, k: key, f: fingerprint })).toString('base64');
}

function decodeToken(token: string, operation: string, fingerprint: string, tokenField: string, member: 'i' | 'k'): number {
  let parsed: TokenBody | undefined;
  try {
    if (token.length > 4096 || !/^[A-Za-z0-9+/=]+$/.test(token)) throw new Error('not ours');
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as TokenBody;
  } catch {
    parsed = undefined;
  }
  const position = parsed !== null && typeof parsed === 'object' ? parsed[member] : undefined;
  if (!parsed || parsed.o !== operation || typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0 || parsed.f !== fingerprint) {
    throw new ConstraintViolation(tokenField, `The ${tokenField} "${token.length > 80 ? `${token.slice(0, 77)}...` : token}" is not valid for this request; start again without it`);
  }
  return position;
}

/** Applies a declared paginator to an operation's full result. */
export function paginate(paginator: Paginator, operation: string, input: JsonObject, output: JsonObject): JsonObject {
  const items = (output[paginator.resultKey] as unknown[] | undefined) ?? [];
  const limitValue = input[paginator.limitKey];
  const limit = typeof limitValue === 'number' && limitValue > 0 ? limitValue : paginator.defaultLimit;
  // The query without the token and page size: a token is valid only for the query that produced it.
  const fingerprint = shortHash(canonicalInput(input, [paginator.inputToken, paginator.limitKey]));
  const tokenValue = input[paginator.inputToken];
  const token = typeof tokenValue === 'string' && tokenValue !== '' ? tokenValue : undefined;
  let start: number;
  if (paginator.key) {
    const key = paginator.key as (item: unknown) => number;
    const after = token === undefined ? -1 : decodeToken(token, operation, fingerprint, paginator.inputToken, 'k');
    // Items come in key order: the first one past the last served.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key(items[mid]) <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  } else {
    start = token === undefined ? 0 : decodeToken(token, operation, fingerprint, paginator.inputToken, 'i');
    if (start > items.length) throw new ConstraintViolation(paginator.inputToken, `The ${paginator.inputToken} is no longer valid; start again without it`);
  }
  const slice = items.slice(start, start + limit);
  const page = paginator.present ? slice.map((item) => paginator.present!(item as never)) : slice;
  const result: JsonObject = { ...output, [paginator.resultKey]: page };
  delete result[paginator.outputToken];
  if (start + limit < items.length) {
    result[paginator.outputToken] = paginator.key
      ? encodeKeyToken(operation, (paginator.key as (item: unknown) => number)(slice[slice.length - 1]), fingerprint)
      : encodeToken(operation, start + limit, fingerprint);
  }
  return result;
}

/** FNV-1a: short, stable, and enough to tell two queries apart. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Epoch milliseconds to awsJson1_0 timestamps (epoch seconds, millisecond precision). */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
