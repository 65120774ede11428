/**
 * Who is calling: the SigV4 check of an AWS request (./sigv4.ts) against the service the target names, or,
 * for an unknown target, the service the client signed for (AWS authenticates before it routes).
 */
import type { IncomingMessage } from 'node:http';
import type { ResolvedAccount } from './accounts';
import { MissingAuthenticationToken } from './errors';
import { verifySignature, type KeyHolders } from './sigv4';

/** Region and signing name of a SigV4 credential scope (`<key>/<date>/<region>/<service>/aws4_request`). */
const SCOPE = /Credential=[^/,\s]*\/[^/,\s]*\/([^/,\s]*)\/([^/,\s]*)\//;

/** The verified caller and the Region the request was signed for. */
export function authenticate(
  req: IncomingMessage,
  url: string,
  body: Buffer,
  keys: KeyHolders,
  signingName: string | undefined,
  emulatedNowMs: number,
): { caller: ResolvedAccount; region: string } {
  const authorization = req.headers.authorization;
  if (authorization === undefined) throw new MissingAuthenticationToken();
  const scope = SCOPE.exec(authorization);
  const caller = verifySignature({ method: req.method ?? 'POST', url, headers: req.headers, body }, keys, signingName ?? scope?.[2] ?? '', Date.now(), emulatedNowMs);
  return { caller, region: scope?.[1] ?? '' };
}
