/**
 * Credentials come only from the standard AWS chain of `@aws-sdk/credential-providers`, never from the
 * payload, and are never printed.
 *
 * Speed: the full chain (shared config files, SSO, web identity, ECS/EC2 metadata) and STS for `roleArn`
 * are large. When the chain would pick environment credentials anyway (no `profile` in the payload, no
 * AWS_PROFILE, keys in the environment), the adapter uses the chain's own first link, `fromEnv`, and never
 * loads the rest. Everything else is loaded on demand from ./credential-chain (the bundle keeps that part
 * out of the start-up path; see scripts/bundle.mjs).
 */
import { fromEnv } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Connection } from '../shared';
import { describeAssumeRoleError } from './errors';
import type { RequestHandlerLike } from './http';

/** The session name when the payload gives none: recognisable in CloudTrail. */
export const DEFAULT_ROLE_SESSION_NAME = 'cdktf-aws-enrollment';

type CredentialChainModule = typeof import('./credential-chain');

let chainModule: CredentialChainModule | undefined;
/** Loads the heavy providers only when a payload needs them. */
export function loadCredentialChain(): CredentialChainModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (chainModule ??= require('./credential-chain') as CredentialChainModule);
}

/** Whether the environment alone decides the credentials (the chain's first link). */
export function usesEnvironmentCredentials(connection: Connection, env: NodeJS.ProcessEnv): boolean {
  return !connection.profile && !connection.roleArn && !env.AWS_PROFILE && !!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY;
}

/**
 * How the STS client behind `roleArn` reaches STS. It gets its own handler and endpoint: left alone, the SDK
 * gives it the calling client's handler, whose agent suits the service endpoints (plain http for the
 * emulator), not STS's.
 */
export interface StsAccess {
  /** The STS endpoint (the connection's `endpoint`, AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL); undefined: AWS's regional STS. */
  readonly endpoint?: string;
  readonly requestHandler?: RequestHandlerLike;
  readonly maxAttempts?: number;
}

export function credentialsFor(
  connection: Connection,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  sts: StsAccess = {},
): AwsCredentialIdentityProvider {
  if (usesEnvironmentCredentials(connection, env)) return memoize(fromEnv());
  const chain = loadCredentialChain();
  // The chain's own warnings are multi-line; Terraform shows stderr, so they are folded into one line.
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => {
      const text = args.map(String).join(' ').replace(/\s+/g, ' ').trim();
      // A payload that names a profile has made the choice the SDK warns about (profile over env keys).
      if (connection.profile && /Multiple credential sources/.test(text)) return;
      log(`note: ${text}`);
    },
    error: () => undefined,
  };
  const base = chain.fromNodeProviderChain(connection.profile ? { profile: connection.profile, logger } : { logger });
  if (!connection.roleArn) return memoize(base);
  const roleArn = connection.roleArn;
  const assume = chain.fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: roleArn,
      RoleSessionName: connection.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
      ExternalId: connection.externalId,
    },
    // STS in the payload's region (regional endpoints), at the endpoint the connection or environment names.
    clientConfig: {
      region: connection.region,
      ...(sts.endpoint !== undefined ? { endpoint: sts.endpoint } : {}),
      ...(sts.requestHandler !== undefined ? { requestHandler: sts.requestHandler as never } : {}),
      ...(sts.maxAttempts !== undefined ? { maxAttempts: sts.maxAttempts } : {}),
    },
  });
  const caller = connection.profile ? `profile "${connection.profile}"` : env.AWS_PROFILE ? `profile "${env.AWS_PROFILE}"` : undefined;
  // An STS failure is reported as one, here, before any service's context could claim it.
  return memoize((props) => assume(props).catch((err: unknown) => Promise.reject(describeAssumeRoleError(err, { roleArn, endpoint: sts.endpoint, region: connection.region, caller }))));
}

/**
 * One resolution shared by the clients, so a failing chain is reported once and AssumeRole runs once;
 * refreshed when temporary credentials are within five minutes of expiring (long `Pending` waits).
 */
function memoize(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: ReturnType<AwsCredentialIdentityProvider> | undefined;
  let expiresAt = Infinity;
  return (props) => {
    if (pending && Date.now() > expiresAt - 5 * 60_000) pending = undefined;
    if (!pending) {
      const current = provider(props).then(
        (identity) => {
          expiresAt = identity.expiration ? identity.expiration.getTime() : Infinity;
          return identity;
        },
        (err: unknown) => {
          if (pending === current) pending = undefined;
          throw err;
        },
      );
      pending = current;
    }
    return pending;
  };
}
