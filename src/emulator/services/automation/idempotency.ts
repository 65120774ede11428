/**
 * Client-token idempotency as Compute Optimizer Automation documents it: a token is valid for 24 hours;
 * the same token with the same parameters returns the first response without acting again; the same token
 * with other parameters is an IdempotentParameterMismatchException.
 */
import { IdempotentParameterMismatchException, InvalidParameterValueException } from '../../errors';
import type { JsonObject, OperationContext } from '../../framework';
import { Patterns } from '../../../shared/enums';

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const PRUNE_THRESHOLD = 1000;

function fingerprint(input: JsonObject): string {
  const { clientToken: _ignored, ...params } = input;
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as JsonObject)[k])])) : v;
  return JSON.stringify(sorted(params));
}

export function withClientToken(input: JsonObject, ctx: OperationContext, run: () => JsonObject): JsonObject {
  const token = input.clientToken;
  if (token === undefined || token === null) return run();
  if (typeof token !== 'string' || !Patterns.clientToken.test(token)) {
    throw new InvalidParameterValueException(`The clientToken "${String(token)}" is not valid: use 1-64 letters, digits, underscores or hyphens.`);
  }
  const records = ctx.store.state.idempotency;
  const key = `${ctx.caller.accountId} ${ctx.operation} ${token}`;
  const print = fingerprint(input);
  const seen = records[key];
  if (seen !== undefined && ctx.now - seen.at < TOKEN_LIFETIME_MS) {
    if (seen.fingerprint !== print) {
      throw new IdempotentParameterMismatchException(`The clientToken "${token}" was already used with different parameters; use a new token for a different request.`);
    }
    return seen.response as JsonObject;
  }
  const response = run();
  if (Object.keys(records).length >= PRUNE_THRESHOLD) {
    for (const [k, r] of Object.entries(records)) if (ctx.now - r.at >= TOKEN_LIFETIME_MS) delete records[k];
  }
  records[key] = { fingerprint: print, response, at: ctx.now };
  ctx.store.touch();
  return response;
}
