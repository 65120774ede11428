import { isUnresolved } from './validate';

/**
 * The path of the first token anywhere in a structured value (`criteria.region[0].values[1]`), or undefined.
 * Structured settings (rules, utilisation preferences) are compared with AWS as a whole, so they must be
 * known at synth time.
 */
export function findToken(value: unknown, path: string): string | undefined {
  if (isUnresolved(value)) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findToken(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findToken(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Tokens the library itself produces at synthesis from values known then (such as a rule set's rules, which
 * must hold no token): not references Terraform resolves later, so a read carrying one need not wait.
 */
const SYNTHESIS_VALUES = new Set<string>();

/** Marks `token` (a Lazy string of the library's own) as known at synthesis; returns it. */
export function knownAtSynthesis(token: string): string {
  SYNTHESIS_VALUES.add(token);
  return token;
}

/** Whether `value` may be a reference that Terraform only resolves later (a token not marked above). */
export function isLateValue(value: string | undefined): boolean {
  return value !== undefined && isUnresolved(value) && !SYNTHESIS_VALUES.has(value);
}
