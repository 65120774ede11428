/**
 * Idempotency tokens for Automation's mutating calls.
 *
 * A token is a hash of what is being changed (kind, account and connection: the shared `connectionKey`),
 * the desired state AND the state observed just before the change. Why not a random token or a time bucket:
 * - A retry of the same apply (the SDK retrying a dropped connection, or Terraform re-running a provisioner
 *   whose update never landed) sees the same observed state, so it reuses the token and AWS de-duplicates.
 * - A new apply happens after AWS changed (Active -> Inactive -> Active again has a new lastUpdatedTimestamp),
 *   so it gets a new token; a time bucket would wrongly reuse a token for two real changes in one bucket, and
 *   a per-process random token would not survive a re-run.
 * - The same change in two accounts or regions never collides, because the connection is part of it.
 */
import { createHash } from 'node:crypto';
import { KINDS, connectionKey, type Payload } from '../shared';

export interface ChangeState {
  /** What the change asks for (a status, or a canonical form of the declared settings). */
  readonly desired: string;
  /** What AWS reported just before it. */
  readonly observedStatus: string;
  readonly observedLastUpdated?: Date;
}

/** 64 hex characters: within the model's `[a-zA-Z0-9_-]{1,64}`. */
export function deriveClientToken(payload: Payload, state: ChangeState): string {
  const material = JSON.stringify([
    'cdktf-aws-enrollment/client-token/v2',
    payload.kind,
    connectionKey(KINDS[payload.kind].service, payload),
    state.desired,
    state.observedStatus,
    state.observedLastUpdated ? state.observedLastUpdated.toISOString() : '',
  ]);
  return createHash('sha256').update(material).digest('hex');
}
