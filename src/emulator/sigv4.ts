/**
 * AWS Signature Version 4 verification with node:crypto. This runs on every request, so the derived
 * signing key (four chained HMACs) is cached per secret, date, region and service: it only changes daily.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedAccount } from './accounts';
import { ExpiredTokenException, IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationToken, UnrecognizedClientException } from './errors';
import type { KeyHolder } from './sessions';

/** Who holds an access key (./sessions.ts: the accounts' long-term keys and STS's temporary ones). */
export interface KeyHolders {
  holder(accessKeyId: string): KeyHolder | undefined;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses requests whose X-Amz-Date is further than this from its own (real) clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNING_KEY_CACHE_LIMIT = 1024;

export interface SignedRequest {
  readonly method: string;
  /** Raw request target (path and query as received). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

const signingKeys = new Map<string, Buffer>();

/** The derived SigV4 key; exported so the benchmark's signer shares the same cached derivation. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    // Bounded so that a client cycling through regions cannot grow memory without limit.
    if (signingKeys.size >= SIGNING_KEY_CACHE_LIMIT) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(ALGORITHM + ' ')) {
    throw new IncompleteSignatureException(`Authorization header must use ${ALGORITHM}; the emulator supports Signature Version 4 only.`);
  }
  // A Map: parameter names come from the request and must never reach a prototype.
  const parts = new Map<string, string>();
  for (const piece of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new IncompleteSignatureException("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new IncompleteSignatureException(`Credential "${credential}" must have the form <key>/<yyyymmdd>/<region>/<service>/aws4_request.`);
  }
  return { accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3], signedHeaders, signature };
}

/** RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/';
  // Non-S3 services sign the path URI-encoded once more, segment by segment.
  return path.split('/').map(uriEncode).join('/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    const k = eq < 0 ? p : p.slice(0, eq);
    const v = eq < 0 ? '' : p.slice(eq + 1);
    const dec = (x: string): string => {
      try {
        return decodeURIComponent(x.replace(/\+/g, ' '));
      } catch {
        return x;
      }
    };
    return [uriEncode(dec(k)), uriEncode(dec(v))] as const;
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  // Signed header names come from the request: `constructor` or `__proto__` must read as absent, not as
  // Object.prototype's members.
  const v = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  const joined = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '';
  // Most values need no folding; skip the regex for them (this runs for every signed header).
  return /\s\s|[\t\n\r]/.test(joined) ? joined.trim().replace(/\s+/g, ' ') : joined.trim();
}

/** `yyyymmddThhmmssZ` to epoch milliseconds, or NaN. */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/**
 * Verifies the request's signature and returns the calling account (with its session, for temporary
 * credentials: their X-Amz-Security-Token must match, and they must not have expired).
 * @param expectedService the signing name the target's service requires (`compute-optimizer`, ...)
 * @param nowMs the real clock, for the signature's age
 * @param emulatedNowMs the emulated clock, for the expiry of temporary credentials
 * @throws MissingAuthenticationToken, IncompleteSignatureException, UnrecognizedClientException, ExpiredTokenException, InvalidSignatureException
 */
export function verifySignature(req: SignedRequest, keys: KeyHolders, expectedService: string, nowMs = Date.now(), emulatedNowMs = nowMs): ResolvedAccount {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new MissingAuthenticationToken();
  const auth = parseAuthorization(header);
  const holder = keys.holder(auth.accessKeyId);
  if (holder === undefined) throw new UnrecognizedClientException();
  const token = headerValue(req.headers, 'x-amz-security-token');
  // A long-term key with a token, or a temporary key with another token (or none), is refused alike.
  if (token !== (holder.sessionToken ?? '')) throw new UnrecognizedClientException();
  if (holder.expiresAt !== undefined && emulatedNowMs >= holder.expiresAt) throw new ExpiredTokenException();
  const account = holder.caller;
  if (auth.service !== expectedService) {
    throw new InvalidSignatureException(`Credential should be scoped to correct service: '${expectedService}'.`);
  }
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (amzDate === '') throw new IncompleteSignatureException("Authorization header requires existence of a 'X-Amz-Date' header.");
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) throw new IncompleteSignatureException(`X-Amz-Date "${amzDate}" must have the form yyyymmddThhmmssZ.`);
  if (amzDate.slice(0, 8) !== auth.date) {
    throw new InvalidSignatureException('Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.');
  }
  if (Math.abs(nowMs - signedAt) > MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature expired: ${amzDate} is more than 15 minutes away from the server's time; check the client's clock.`);
  }

  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const names = auth.signedHeaders.split(';');
  if (names.length > 64 || names.some((n) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(n))) {
    throw new IncompleteSignatureException('SignedHeaders must list lower-case header names separated by semicolons.');
  }
  let headersBlock = '';
  for (const name of names) headersBlock += `${name}:${headerValue(req.headers, name)}\n`;
  const actualPayloadHash = createHash('sha256').update(req.body).digest('hex');
  const declared = req.headers['x-amz-content-sha256'];
  // Only S3 accepts UNSIGNED-PAYLOAD; for these JSON services a signature that does not cover the body would
  // let anyone who saw one request replay it with another body for 15 minutes.
  if (typeof declared === 'string' && declared !== actualPayloadHash) {
    throw new InvalidSignatureException(
      declared === 'UNSIGNED-PAYLOAD'
        ? 'UNSIGNED-PAYLOAD is not supported by this service; sign the SHA-256 hash of the request body.'
        : 'The provided x-amz-content-sha256 header does not match the computed hash of the body.',
    );
  }
  const payloadHash = typeof declared === 'string' ? declared : actualPayloadHash;
  const canonicalRequest = `${req.method}\n${canonicalUri(path)}\n${canonicalQuery(query)}\n${headersBlock}\n${auth.signedHeaders}\n${payloadHash}`;
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', signingKey(holder.secretAccessKey, auth.date, auth.region, auth.service)).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidSignatureException(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return account;
}

/** Signs a request the way the AWS SDKs do; used by tests and the benchmark for services without an SDK client. */
export function signRequest(opts: {
  url: URL;
  body: string;
  headers: Record<string, string>;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  now?: Date;
  /** Temporary credentials' session token (sent and signed as X-Amz-Security-Token). */
  sessionToken?: string;
}): Record<string, string> {
  const amzDate = (opts.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) headers[k.toLowerCase()] = v;
  headers.host = opts.url.host;
  headers['x-amz-date'] = amzDate;
  if (opts.sessionToken !== undefined) headers['x-amz-security-token'] = opts.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = createHash('sha256').update(opts.body).digest('hex');
  const canonicalRequest = `POST\n${canonicalUri(opts.url.pathname)}\n${canonicalQuery(opts.url.search.slice(1))}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${date}/${opts.region}/${opts.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(opts.secretAccessKey, date, opts.region, opts.service)).update(stringToSign).digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${opts.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
