/**
 * Every synth-time error of the construct layer is built here, so messages share one form: the construct's
 * path, what is wrong (property and value), what is allowed, and how to fix it, the way cdktf and aws-cdk
 * report them (`stack/Organization/ComputeOptimizer: \`status\` must be ...`).
 */
import type { IConstruct } from 'constructs';
import { quoteList, show } from '../shared';

/** A declaration the constructs refuse at synth time. */
export class ValidationError extends Error {
  /**
   * @param path the construct's path (`stack/Organization/ComputeOptimizer`), or '' outside a construct
   * @param property the construct property at fault
   */
  constructor(
    readonly path: string,
    readonly property: string,
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'ValidationError';
  }
}

/** The path of `scope`, or of its child `id` while that child is still being constructed. */
export function pathOf(scope: IConstruct, id?: string): string {
  return [scope.node.path, id].filter((p) => p !== undefined && p !== '').join('/');
}

export const Messages = {
  notOneOf: (property: string, value: unknown, allowed: readonly string[], hint = '') => `\`${property}\` must be ${quoteList(allowed)}, got ${show(value)}${hint}`,
  entryNotOneOf: (property: string, value: unknown, allowed: readonly string[]) => `\`${property}\` entries must be ${quoteList(allowed)}, got ${show(value)}`,
  notList: (property: string, value: unknown) => `\`${property}\` must be a list, got ${show(value)}`,
  outOfRange: (property: string, value: unknown, min: number, max: number) => `\`${property}\` must be a whole number from ${min} to ${max}, got ${show(value)}`,
  notBoolean: (property: string, value: unknown) => `\`${property}\` must be true or false, got ${show(value)}`,
  notString: (property: string, value: unknown, describe: string) => `\`${property}\` must be ${describe}, got ${show(value)}`,
  missingRegion: () => '`region` is required: set it on the construct or once per stack with EnrollmentDefaults.set(stack, { region: "us-east-1" })',
  optOutNeedsAcknowledgement: () =>
    '`removalPolicy` "opt-out" on Compute Optimizer deletes its recommendation data: set `acknowledgeRecommendationDataDeletion: true` to confirm, or use removalPolicy "retain"',
  adapterBundleMissing: (path: string) =>
    `the enrollment adapter bundle was not found at ${path}: build it with \`npm run build\` (node scripts/bundle.mjs), or point the context key "cdktf-aws-enrollment:adapterPath" at an existing adapter.cjs`,
} as const;
