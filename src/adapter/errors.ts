/**
 * Every failure the adapter reports is one line on stderr that says what failed, why, and what to do.
 * AWS errors are translated here, in one place, so the kinds never format messages themselves.
 */
import { PayloadError } from '../shared';
import { redactUrl } from '../shared/redact';

/** Exit codes: Terraform shows stderr either way; the code tells scripts whether to fix input or retry. */
export const ExitCode = { OK: 0, AWS: 1, BAD_INPUT: 2 } as const;

/** A failure talking to AWS, or AWS not reaching the declared state (exit 1). */
export class AwsFailure extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'AwsFailure';
  }
}

/** Bad command line (exit 2); bad payloads are {@link PayloadError} from the shared schema (also exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'UsageError';
  }
}

export function exitCodeOf(err: unknown): number {
  return err instanceof PayloadError || err instanceof UsageError ? ExitCode.BAD_INPUT : ExitCode.AWS;
}

export function oneLine(text: string): string {
  // `{0,}`, not `*`, before the closing slash: no `*/` in the bundle (see scripts/bundle.mjs).
  return text.replace(/\s*[\r\n]+\s{0,}/g, ' ').trim();
}

/** What the adapter was doing when the call failed; enough to name the IAM action and the service. */
export interface CallContext {
  /** Human name, e.g. "Compute Optimizer". */
  readonly service: string;
  /** IAM service prefix, e.g. "compute-optimizer" (the same as the SigV4 signing name for these services). */
  readonly iamPrefix: string;
  /** API operation, e.g. "UpdateEnrollmentStatus". */
  readonly operation: string;
  readonly region: string;
  readonly endpoint?: string;
  /** The profile the credentials come from, if any (named in messages; never the keys). */
  readonly profile?: string;
  /** The role assumed, if any. */
  readonly roleArn?: string;
  /** When re-opting in may be refused by the 24-hour rule: the last time the status changed. */
  readonly lastStatusChange?: Date;
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function attemptsText(err: AwsLikeError): string {
  const n = err.$metadata?.attempts;
  return n && n > 0 ? ` after ${n} attempt${n === 1 ? '' : 's'}` : '';
}

function awsSaid(err: AwsLikeError): string {
  const msg = err.message ? oneLine(err.message) : '';
  if (!msg || msg === err.name || msg === 'UnknownError') return '';
  return ` (AWS said: ${msg.length > 300 ? `${msg.slice(0, 297)}...` : msg})`;
}

/** The 24-hour rule: after opting out, opting in again is refused for 24 hours. */
function isReoptInRefusal(err: AwsLikeError): boolean {
  return /24[ -]?h(ou)?rs?|24-hour/i.test(err.message ?? '');
}

function retryAfter24h(ctx: CallContext, err: AwsLikeError): string {
  const stated = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)/.exec(err.message ?? '');
  if (stated) return `re-run apply after ${stated[1]}`;
  if (ctx.lastStatusChange) {
    return `re-run apply after ${new Date(ctx.lastStatusChange.getTime() + 24 * 3600 * 1000).toISOString()} (24 hours after the opt-out at ${ctx.lastStatusChange.toISOString()})`;
  }
  return 're-run apply once 24 hours have passed since the opt-out';
}

/** Where and as whom the adapter assumed a role, for {@link describeAssumeRoleError}. */
export interface AssumeRoleContext {
  readonly roleArn: string;
  /** The STS endpoint override, if any. */
  readonly endpoint?: string;
  readonly region: string;
  /** Where the calling credentials come from ("profile \"ci\""), when a profile names it. */
  readonly caller?: string;
}

/** STS's answers that mean the role refused the caller (trust policy, external id, MFA, the role's limits). */
const ROLE_REFUSALS = new Set(['AccessDenied', 'AccessDeniedException', 'ValidationError', 'RegionDisabledException', 'MalformedPolicyDocument', 'PackedPolicyTooLarge']);

function stsSaid(err: AwsLikeError, name: string): string {
  const msg = err.message ? oneLine(err.message) : '';
  const text = msg && msg !== name ? `${name}: ${msg}` : name;
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/**
 * An STS AssumeRole failure, behind a connection's `roleArn`, as one line: which role, which caller (when
 * a profile or STS's own message names it), what STS said, and what to check. Never "could not reach" a
 * service: the service was not called.
 */
export function describeAssumeRoleError(error: unknown, ctx: AssumeRoleContext): AwsFailure {
  if (error instanceof AwsFailure) return error;
  const err = (error ?? {}) as AwsLikeError;
  const name = err.name && err.name !== 'Error' ? err.name : err.code ?? 'Error';
  const role = `could not assume role ${ctx.roleArn}`;
  const as = ctx.caller ? ` as ${ctx.caller}` : '';
  const sts = ctx.endpoint ? `STS at ${redactUrl(ctx.endpoint)}` : `STS in ${ctx.region}`;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message ?? '')) {
    return new AwsFailure(
      `${role}: no AWS credentials to call STS with${as} (${oneLine(err.message ?? name)}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a \`profile\` defined in ~/.aws/config`,
    );
  }
  if (ROLE_REFUSALS.has(name)) {
    const check = name === 'ValidationError' ? "check the role's MaxSessionDuration and the connection's roleSessionName" : "check the role's trust policy or the connection's roleArn/externalId";
    return new AwsFailure(`${role}${as}: STS AssumeRole refused: ${stsSaid(err, name)}; ${check}`);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new AwsFailure(
      `${role}${as}: STS AssumeRole refused the calling credentials: ${stsSaid(err, name)}; refresh them (a new session, \`aws sso login\`) or check that they belong to the right partition`,
    );
  }
  if (THROTTLING.has(name) || err.$metadata?.httpStatusCode === 429) {
    return new AwsFailure(`${role}${as}: STS AssumeRole was throttled${attemptsText(err)}: ${stsSaid(err, name)}; wait a minute and re-run, or raise AWS_MAX_ATTEMPTS`);
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const netCode = (err as { code?: string }).code ?? cause?.code ?? /\b(E[A-Z]{4,12})\b/.exec(`${err.message} ${cause?.message}`)?.[1];
  if ((netCode && NETWORK_CODES.has(netCode)) || name === 'TimeoutError' || /socket hang up/.test(err.message ?? '')) {
    const detail = oneLine((cause?.message ?? err.message ?? '').replace(/^AWS SDK error wrapper for \w+: /, ''));
    return new AwsFailure(
      `${role}: could not reach ${sts}${attemptsText(err)} (${netCode ?? name}: ${detail}); check the network and the STS endpoint (the connection's \`endpoint\`, AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL)`,
    );
  }
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault === 'server' || (status !== undefined && status >= 500)) {
    return new AwsFailure(`${role}${as}: STS AssumeRole failed on the AWS side (HTTP ${status ?? '5xx'})${attemptsText(err)}: ${stsSaid(err, name)}; re-run later`);
  }
  return new AwsFailure(`${role}${as}: STS AssumeRole failed: ${stsSaid(err, name)}${status ? ` (HTTP ${status})` : ''}; check the connection's roleArn, externalId and roleSessionName`);
}

/** Translates any error from an AWS call into an {@link AwsFailure} whose message is one actionable line. */
export function describeAwsError(error: unknown, ctx: CallContext): AwsFailure {
  if (error instanceof AwsFailure || error instanceof PayloadError) return error as AwsFailure;
  const err = (error ?? {}) as AwsLikeError;
  const name = err.name && err.name !== 'Error' ? err.name : err.code ?? 'Error';
  const what = `${ctx.service} ${ctx.operation}`;
  const action = `${ctx.iamPrefix}:${ctx.operation}`;
  const status = err.$metadata?.httpStatusCode;

  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(name)) {
    const source = ctx.profile ? `profile "${ctx.profile}"` : 'the default AWS credential chain';
    return new AwsFailure(
      `${what} could not start: no usable AWS credentials from ${source} (${oneLine(err.message ?? name)}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or define the profile in ~/.aws/config (or run \`aws sso login --profile ...\`)`,
    );
  }
  // Case-sensitive on purpose: "assumed-role/..." appears in every refusal of a call made *with* the role.
  if (ctx.roleArn && /\bsts:AssumeRole\b|\bAssumeRole\b/.test(err.message ?? '')) {
    return new AwsFailure(
      `${what} could not start: assuming ${ctx.roleArn} failed (${name}); allow sts:AssumeRole for the calling identity in the role's trust policy, and check \`externalId\`${awsSaid(err)}`,
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || (name === 'ForbiddenException' && /not authorized|access/i.test(err.message ?? ''))) {
    return new AwsFailure(
      `${what} was refused (${name}): allow the IAM action ${action} for the identity Terraform uses in ${ctx.region}${awsSaid(err)}`,
    );
  }
  if (name === 'OptInRequiredException') {
    if (ctx.iamPrefix === 'aco-automation') {
      return new AwsFailure(
        `${what} was refused (OptInRequiredException): Compute Optimizer Automation needs the account enrolled in Compute Optimizer first; declare a compute-optimizer-enrollment with status "Active" and make the automation enrollment depend on it${awsSaid(err)}`,
      );
    }
    return new AwsFailure(`${what} was refused (OptInRequiredException): enroll the account in Compute Optimizer first (status "Active")${awsSaid(err)}`);
  }
  if (name === 'NotManagementAccountException') {
    return new AwsFailure(
      `${what} was refused (NotManagementAccountException): only the organization's management account can do this; run it with credentials, a \`profile\` or a \`roleArn\` of the management account, or remove the organization-wide setting${awsSaid(err)}`,
    );
  }
  if (isReoptInRefusal(err)) {
    return new AwsFailure(`${what} was refused (${name}): AWS does not allow opting in again within 24 hours of opting out; ${retryAfter24h(ctx, err)}${awsSaid(err)}`);
  }
  if (THROTTLING.has(name) || status === 429) {
    return new AwsFailure(
      `${what} was throttled (${name})${attemptsText(err)} with backoff; wait a minute and re-run, or raise AWS_MAX_ATTEMPTS${awsSaid(err)}`,
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new AwsFailure(
      `${what} was refused (${name}): AWS did not accept the credentials; check that they are current and belong to the right partition (refresh the session or \`aws sso login\`)${awsSaid(err)}`,
    );
  }
  // An attempt ended by the adapter's own per-attempt bound (./http.ts), after the SDK's retries.
  if (name === 'TimeoutError' && typeof (err as { timeoutMs?: unknown }).timeoutMs === 'number') {
    const where = ctx.endpoint ? redactUrl(ctx.endpoint) : `the ${ctx.service} endpoint in ${ctx.region}`;
    const seconds = (err as { timeoutMs: number }).timeoutMs / 1000;
    return new AwsFailure(
      `${what} to ${where} did not answer within ${seconds}s${attemptsText(err)}; check that the endpoint is reachable and answering (network, proxy, firewall, \`endpoint\`), then re-run`,
    );
  }
  // The SDK wraps network errors ("AWS SDK error wrapper for ..."); the cause says what happened.
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const netCode =
    (err as { code?: string }).code ?? cause?.code ?? (/socket hang up|ECONNRESET/.test(`${err.message} ${cause?.message}`) ? 'ECONNRESET' : undefined);
  if ((netCode && NETWORK_CODES.has(netCode)) || name === 'TimeoutError' || /socket hang up|ECONNRESET|ECONNREFUSED/.test(err.message ?? '')) {
    const where = ctx.endpoint ? redactUrl(ctx.endpoint) : `the ${ctx.service} endpoint in ${ctx.region}`;
    const detail = oneLine((cause?.message ?? err.message ?? '').replace(/^AWS SDK error wrapper for \w+: /, ''));
    return new AwsFailure(
      `${what} could not reach ${where}${attemptsText(err)} (${netCode ?? name}: ${detail}); check the network, proxy and \`endpoint\`, then re-run`,
    );
  }
  if (err.$fault === 'server' || (status !== undefined && status >= 500)) {
    return new AwsFailure(`${what} failed on the AWS side (${name}, HTTP ${status ?? '5xx'})${attemptsText(err)}; AWS may be degraded: re-run later${awsSaid(err)}`);
  }
  if (name === 'InvalidParameterValueException' || name === 'ValidationException') {
    return new AwsFailure(`${what} rejected the request (${name}); check the declared settings for this account${awsSaid(err)}`);
  }
  if (name === 'IdempotentParameterMismatchException' || name === 'IdempotencyTokenInUseException') {
    return new AwsFailure(`${what} was refused (${name}): a previous apply with the same client token is still in progress or differed; wait a minute and re-run${awsSaid(err)}`);
  }
  if (name === 'ResourceNotFoundException') {
    return new AwsFailure(`${what} found nothing to act on (${name}); check the account and region${awsSaid(err)}`);
  }
  if (name === 'ForbiddenException') {
    return new AwsFailure(`${what} was forbidden (${name}): the account may be a member whose management account controls this setting${awsSaid(err)}`);
  }
  return new AwsFailure(`${what} failed (${name}${status ? `, HTTP ${status}` : ''})${attemptsText(err)}${awsSaid(err)}`);
}
