/**
 * AWS STS (2011-06-15, Query protocol): GetCallerIdentity and AssumeRole. Roles come from the accounts file
 * (./accounts.ts); the credentials AssumeRole issues live in memory (../../sessions.ts).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { principalArn, principalUserId, type AccountDirectory, type ResolvedAccount, type ResolvedRole } from '../../accounts';
import { NamedAwsError } from '../../errors';
import type { QueryService, XmlChildren } from '../../query-protocol';
import type { Sessions } from '../../sessions';

export const STS_VERSION = '2011-06-15';
export const STS_SIGNING_NAME = 'sts';
/** The model's roleDurationSecondsType, and AssumeRole's default. */
export const DURATION_LIMITS = { min: 900, max: 43200 } as const;
export const DEFAULT_DURATION_SECONDS = 3600;
/** A session assumed with another role's session ("role chaining") lasts at most an hour. */
const CHAINED_MAX_SECONDS = 3600;

const validation = (message: string) => new NamedAwsError('ValidationError', 400, message);

/** The model's constraints on the string members AssumeRole reads, under the names STS's messages use. */
const STRING_RULES: ReadonlyArray<{ param: string; name: string; required?: boolean; min: number; max: number; pattern?: RegExp; shown: string }> = [
  { param: 'RoleArn', name: 'roleArn', required: true, min: 20, max: 2048, pattern: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD]+$/u, shown: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+' },
  { param: 'RoleSessionName', name: 'roleSessionName', required: true, min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, shown: '[\\w+=,.@-]*' },
  { param: 'ExternalId', name: 'externalId', min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, shown: '[\\w+=,.@:\\/-]*' },
  { param: 'SourceIdentity', name: 'sourceIdentity', min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, shown: '[\\w+=,.@-]*' },
];

function checkInput(params: ReadonlyMap<string, string>): number {
  const problems: string[] = [];
  for (const r of STRING_RULES) {
    const v = params.get(r.param);
    if (v === undefined) {
      if (r.required) problems.push(`Value null at '${r.name}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if ([...v].length < r.min || [...v].length > r.max) problems.push(`Value '${v}' at '${r.name}' failed to satisfy constraint: Member must have length ${[...v].length < r.min ? 'greater than or equal to ' + r.min : 'less than or equal to ' + r.max}`);
    else if (r.pattern && !r.pattern.test(v)) problems.push(`Value '${v}' at '${r.name}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${r.shown}`);
  }
  let duration = DEFAULT_DURATION_SECONDS;
  const d = params.get('DurationSeconds');
  if (d !== undefined) {
    if (!/^-?\d{1,12}$/.test(d)) throw new NamedAwsError('MalformedInput', 400, `Value '${d.slice(0, 40)}' at 'durationSeconds' is not a valid integer.`);
    duration = Number(d);
    if (duration < DURATION_LIMITS.min) problems.push(`Value '${d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${DURATION_LIMITS.min}`);
    else if (duration > DURATION_LIMITS.max) problems.push(`Value '${d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${DURATION_LIMITS.max}`);
  }
  if (problems.length > 0) throw validation(`${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
  return duration;
}

/** Whether the role's trust policy names the caller: its account, its IAM user, or the role it is a session of. */
export function trusts(role: ResolvedRole, caller: ResolvedAccount): boolean {
  return role.trustedPrincipals.some(
    (p) =>
      p === caller.accountId ||
      p === `arn:aws:iam::${caller.accountId}:root` ||
      p === principalArn(caller) ||
      (caller.session !== undefined && p === caller.session.role.arn),
  );
}

export function stsService(accounts: AccountDirectory, sessions: Sessions): QueryService {
  return {
    targetPrefix: 'AWSSecurityTokenServiceV20110615',
    signingName: STS_SIGNING_NAME,
    version: STS_VERSION,
    xmlns: `https://sts.amazonaws.com/doc/${STS_VERSION}/`,
    actions: {
      GetCallerIdentity: (_params, { caller }): XmlChildren => [
        ['Arn', principalArn(caller)],
        ['UserId', principalUserId(caller)],
        ['Account', caller.accountId],
      ],
      AssumeRole: (params, { caller, now }): XmlChildren => {
        const duration = checkInput(params);
        const arn = params.get('RoleArn')!;
        const sessionName = params.get('RoleSessionName')!;
        const role = accounts.roleByArn(arn);
        // AWS answers a role that does not exist like one that does not trust the caller: nothing is revealed.
        if (role === undefined || !trusts(role, caller) || (role.externalId !== undefined && params.get('ExternalId') !== role.externalId)) {
          throw new NamedAwsError('AccessDenied', 403, `User: ${principalArn(caller)} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
        }
        if (caller.session !== undefined && duration > CHAINED_MAX_SECONDS) {
          throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
        }
        if (duration > role.maxSessionDuration) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
        const issued = sessions.issue(role, sessionName, duration, now);
        const source = params.get('SourceIdentity');
        return [
          ['SourceIdentity', source],
          [
            'AssumedRoleUser',
            [
              ['AssumedRoleId', `${role.roleId}:${sessionName}`],
              ['Arn', `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`],
            ],
          ],
          [
            'Credentials',
            [
              ['AccessKeyId', issued.accessKeyId],
              ['SecretAccessKey', issued.secretAccessKey],
              ['SessionToken', issued.sessionToken],
              ['Expiration', new Date(issued.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')],
            ],
          ],
        ];
      },
    },
  };
}
