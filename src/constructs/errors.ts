/**
 * Every synth-time error of the construct layer is built here, so messages share one form:
 * what is wrong (property and value), what is allowed, and how to fix it.
 */
import { PayloadError } from '../shared';

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 2 ? quoted.join(' or ') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function notOneOf(property: string, value: unknown, allowed: readonly string[], hint = ''): PayloadError {
  return new PayloadError(property, `\`${property}\` must be ${quoteList(allowed)}, got ${show(value)}${hint}`);
}

export function listEntryNotOneOf(property: string, value: unknown, allowed: readonly string[]): PayloadError {
  return new PayloadError(property, `\`${property}\` entries must be ${quoteList(allowed)}, got ${show(value)}`);
}

export function outOfRange(property: string, value: unknown, min: number, max: number): PayloadError {
  return new PayloadError(property, `\`${property}\` must be a whole number from ${min} to ${max}, got ${show(value)}`);
}

export function notBoolean(property: string, value: unknown): PayloadError {
  return new PayloadError(property, `\`${property}\` must be true or false, got ${show(value)}`);
}

export function missingRegion(): PayloadError {
  return new PayloadError(
    'region',
    '`region` is required: set it on the construct or once per stack with EnrollmentDefaults.set(stack, { region: "us-east-1" })',
  );
}

export function optOutNeedsAcknowledgement(): PayloadError {
  return new PayloadError(
    'acknowledgeRecommendationDataDeletion',
    '`removalPolicy` "opt-out" on Compute Optimizer deletes its recommendation data: set `acknowledgeRecommendationDataDeletion: true` to confirm, or use removalPolicy "retain"',
  );
}

export function adapterBundleMissing(path: string): Error {
  return new Error(
    `the enrollment adapter bundle was not found at ${path}: build it with \`npm run build\` (node scripts/bundle.mjs), or point the context key "cdktf-aws-enrollment:adapterPath" at an existing adapter.cjs`,
  );
}

/** Re-labels a payload validation error with the construct property the user actually wrote. */
export function relabel(err: unknown, wireField: string, property: string): unknown {
  if (err instanceof PayloadError && err.field === wireField && wireField !== property) {
    return new PayloadError(property, err.message.replace(`\`${wireField}\``, `\`${property}\``));
  }
  return err;
}
