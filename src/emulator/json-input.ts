/**
 * Reading a JSON request body. The nesting depth is checked on the raw bytes before anything parses or
 * walks the value, so no recursive step later (validation, fingerprints, pagination tokens) can run out of
 * stack, whatever the member it hides in.
 */

/** Deeper than any shape of the models (they nest four levels at most); AWS's exact limit is not published. */
export const MAX_JSON_DEPTH = 64;

export class JsonInputError extends Error {}

/** Whether `body` nests objects and arrays deeper than `max` (strings are skipped, escapes honoured). */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Parses a body that must be one JSON object (empty counts as `{}`); throws {@link JsonInputError}. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new JsonInputError(`the body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new JsonInputError((err as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new JsonInputError('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}
