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
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
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
