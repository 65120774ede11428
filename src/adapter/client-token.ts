/**
 * The idempotency token for Automation's UpdateEnrollmentConfiguration.
 *
 * It is a hash of the desired state AND the state observed just before the update (status and the time it
 * last changed). Why not a random token or a time bucket:
 * - A retry of the same apply (the SDK retrying a dropped connection, or Terraform re-running a provisioner
 *   whose update never landed) sees the same observed state, so it reuses the token and AWS de-duplicates.
 * - A new apply happens after AWS changed (Active -> Inactive -> Active again has a new lastUpdatedTimestamp),
 *   so it gets a new token; a time bucket would wrongly reuse a token for two real changes in one bucket, and
 *   a per-process random token would not survive a re-run.
 * - The payload's connection fields are included so the same change in two accounts/regions never collides.
 */
import { createHash } from 'node:crypto';

export interface ClientTokenInput {
  readonly kind: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly roleArn?: string;
  readonly profile?: string;
  readonly desiredStatus: string;
  readonly observedStatus: string;
  readonly observedLastUpdated?: Date;
}

/** 64 hex characters: within the model's `[a-zA-Z0-9_-]{1,64}`. */
export function deriveClientToken(input: ClientTokenInput): string {
  const material = JSON.stringify([
    'cdktf-aws-enrollment/client-token/v1',
    input.kind,
    input.region,
    input.endpoint ?? '',
    input.roleArn ?? '',
    input.profile ?? '',
    input.desiredStatus,
    input.observedStatus,
    input.observedLastUpdated ? input.observedLastUpdated.toISOString() : '',
  ]);
  return createHash('sha256').update(material).digest('hex');
}
