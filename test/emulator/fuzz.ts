/**
 * The emulator's bounded fuzzer: seeded, reproducible cases of signed requests with mutated bodies,
 * headers and framing, for every operation the emulator serves. Each answer must be an error the AWS model
 * lists for the operation (or one the front door raises for any call), or a success whose members the
 * model's output shape has; an error must leave the state as it was.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorAccount } from '../../src/emulator';
import { SERVICES } from '../../src/emulator';
import { DEFAULT_ACCOUNTS } from '../../src/emulator';
import { httpText, rawPipelined, rawRequest, type RawAnswer } from './raw-http';
import { signedHeaders } from './signing';

/** Errors any call can get before (or regardless of) the operation: AWS's JSON front door, and ours. */
export const FRONT_DOOR_ERRORS = [
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'UnknownOperationException',
  'SerializationException',
  'RequestEntityTooLargeException',
  'RequestHeaderFieldsTooLargeException',
  'RequestTimeoutException',
  'AccessDeniedException',
  'ServiceUnavailableException',
  'ThrottlingException',
];

interface OperationModel {
  /** `errors` of the operation in ../shared/aws-models/<service>/service-2.json. */
  readonly errors: readonly string[];
  /** Members of the operation's output shape in the same model. */
  readonly output: readonly string[];
  /** A valid input (the fuzzer mutates it). */
  readonly base: (ids: string[]) => Record<string, unknown>;
}

const CO_ERRORS = ['InternalServerException', 'ServiceUnavailableException', 'AccessDeniedException', 'InvalidParameterValueException', 'MissingAuthenticationToken', 'ThrottlingException'];
const AUTO_ERRORS = ['InvalidParameterValueException', 'ForbiddenException', 'OptInRequiredException', 'ResourceNotFoundException', 'ThrottlingException', 'AccessDeniedException', 'InternalServerException', 'ServiceUnavailableException'];
const AUTO_WRITE_ERRORS = [...AUTO_ERRORS, 'IdempotentParameterMismatchException', 'NotManagementAccountException', 'IdempotencyTokenInUseException'];
const HUB_ERRORS = ['ValidationException', 'InternalServerException', 'AccessDeniedException', 'ThrottlingException'];

const CO_PREF_ERRORS = ['OptInRequiredException', ...CO_ERRORS, 'ResourceNotFoundException'];
const RULE_READ_ERRORS = ['InvalidParameterValueException', 'ForbiddenException', 'OptInRequiredException', 'ResourceNotFoundException', 'ThrottlingException', 'AccessDeniedException', 'InternalServerException', 'ServiceUnavailableException'];
const RULE_WRITE_ERRORS = [...RULE_READ_ERRORS, 'IdempotentParameterMismatchException', 'IdempotencyTokenInUseException'];
/** A rule ARN of the management account (the fuzzer does not know real rule ids: these mostly find nothing). */
const RULE_ARN = 'arn:aws:compute-optimizer:us-east-1:111111111111:automation-rule/0123456789abcdef0123456789abcdef';
const DAILY = { scheduleExpression: 'cron(30 2 * * ? *)', scheduleExpressionTimezone: 'UTC', executionWindowInMinutes: 60 };

/** Copied from the AWS models (compute-optimizer 2019-11-01, compute-optimizer-automation 2025-09-22, cost-optimization-hub 2022-07-26). */
export const MODELS: Record<string, OperationModel> = {
  'ComputeOptimizerService.GetEnrollmentStatus': { errors: CO_ERRORS, output: ['status', 'statusReason', 'memberAccountsEnrolled', 'lastUpdatedTimestamp', 'numberOfMemberAccountsOptedIn'], base: () => ({}) },
  'ComputeOptimizerService.UpdateEnrollmentStatus': { errors: CO_ERRORS, output: ['status', 'statusReason'], base: () => ({ status: 'Active', includeMemberAccounts: true }) },
  'ComputeOptimizerService.GetEnrollmentStatusesForOrganization': {
    errors: CO_ERRORS,
    output: ['accountEnrollmentStatuses', 'nextToken'],
    base: () => ({ filters: [{ name: 'Status', values: ['Active', 'Pending'] }], maxResults: 2 }),
  },
  'ComputeOptimizerAutomationService.GetEnrollmentConfiguration': { errors: AUTO_ERRORS, output: ['status', 'statusReason', 'organizationRuleMode', 'lastUpdatedTimestamp'], base: () => ({}) },
  'ComputeOptimizerAutomationService.UpdateEnrollmentConfiguration': {
    errors: [...AUTO_WRITE_ERRORS],
    output: ['status', 'statusReason', 'lastUpdatedTimestamp'],
    base: () => ({ status: 'Active', clientToken: `fuzz-${randomUUID()}` }),
  },
  'ComputeOptimizerAutomationService.ListAccounts': { errors: [...AUTO_ERRORS, 'NotManagementAccountException'], output: ['accounts', 'nextToken'], base: () => ({ maxResults: 2 }) },
  'ComputeOptimizerAutomationService.AssociateAccounts': { errors: AUTO_WRITE_ERRORS, output: ['accountIds', 'errors'], base: (ids) => ({ accountIds: ids.slice(0, 2), clientToken: `fuzz-${randomUUID()}` }) },
  'ComputeOptimizerAutomationService.DisassociateAccounts': { errors: AUTO_WRITE_ERRORS, output: ['accountIds', 'errors'], base: (ids) => ({ accountIds: ids.slice(1, 2), clientToken: `fuzz-${randomUUID()}` }) },
  'ComputeOptimizerService.PutRecommendationPreferences': { errors: CO_PREF_ERRORS, output: [], base: () => ({ resourceType: 'Ec2Instance', lookBackPeriod: 'DAYS_32' }) },
  'ComputeOptimizerService.GetRecommendationPreferences': { errors: CO_PREF_ERRORS, output: ['nextToken', 'recommendationPreferencesDetails'], base: () => ({ resourceType: 'Ec2Instance', maxResults: 2 }) },
  'ComputeOptimizerService.DeleteRecommendationPreferences': { errors: CO_PREF_ERRORS, output: [], base: () => ({ resourceType: 'Ec2Instance', recommendationPreferenceNames: ['LookBackPeriodPreference'] }) },
  'ComputeOptimizerService.GetEffectiveRecommendationPreferences': {
    errors: CO_PREF_ERRORS,
    output: ['enhancedInfrastructureMetrics', 'externalMetricsPreference', 'lookBackPeriod', 'utilizationPreferences', 'preferredResources'],
    base: () => ({ resourceArn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0' }),
  },
  'ComputeOptimizerAutomationService.CreateAutomationRule': {
    errors: [...RULE_WRITE_ERRORS, 'ServiceQuotaExceededException'],
    output: ['ruleArn', 'ruleId', 'name', 'description', 'ruleType', 'ruleRevision', 'organizationConfiguration', 'priority', 'recommendedActionTypes', 'criteria', 'schedule', 'status', 'tags', 'createdTimestamp'],
    base: () => ({ name: 'fuzz-rule', ruleType: 'AccountRule', recommendedActionTypes: ['SnapshotAndDeleteUnattachedEbsVolume'], schedule: DAILY, status: 'Inactive', clientToken: `fuzz-${randomUUID()}` }),
  },
  'ComputeOptimizerAutomationService.GetAutomationRule': {
    errors: RULE_READ_ERRORS,
    output: ['ruleArn', 'ruleId', 'name', 'description', 'ruleType', 'ruleRevision', 'accountId', 'organizationConfiguration', 'priority', 'recommendedActionTypes', 'criteria', 'schedule', 'status', 'tags', 'createdTimestamp', 'lastUpdatedTimestamp'],
    base: () => ({ ruleArn: RULE_ARN }),
  },
  'ComputeOptimizerAutomationService.ListAutomationRules': { errors: RULE_READ_ERRORS, output: ['automationRules', 'nextToken'], base: () => ({ filters: [{ name: 'Status', values: ['Active'] }], maxResults: 2 }) },
  'ComputeOptimizerAutomationService.UpdateAutomationRule': {
    errors: RULE_WRITE_ERRORS,
    output: ['ruleArn', 'ruleRevision', 'name', 'description', 'ruleType', 'organizationConfiguration', 'priority', 'recommendedActionTypes', 'criteria', 'schedule', 'status', 'createdTimestamp', 'lastUpdatedTimestamp'],
    base: () => ({ ruleArn: RULE_ARN, ruleRevision: 1, status: 'Inactive', clientToken: `fuzz-${randomUUID()}` }),
  },
  'ComputeOptimizerAutomationService.DeleteAutomationRule': { errors: RULE_WRITE_ERRORS, output: [], base: () => ({ ruleArn: RULE_ARN, ruleRevision: 1, clientToken: `fuzz-${randomUUID()}` }) },
  'ComputeOptimizerAutomationService.TagResource': { errors: RULE_WRITE_ERRORS, output: [], base: () => ({ resourceArn: RULE_ARN, ruleRevision: 1, tags: [{ key: 'team', value: 'fuzz' }] }) },
  'ComputeOptimizerAutomationService.UntagResource': { errors: RULE_WRITE_ERRORS, output: [], base: () => ({ resourceArn: RULE_ARN, ruleRevision: 1, tagKeys: ['team'] }) },
  'ComputeOptimizerAutomationService.ListTagsForResource': { errors: RULE_READ_ERRORS, output: ['tags'], base: () => ({ resourceArn: RULE_ARN }) },
  'CostOptimizationHubService.ListEnrollmentStatuses': { errors: HUB_ERRORS, output: ['items', 'includeMemberAccounts', 'nextToken'], base: () => ({ includeOrganizationInfo: true, maxResults: 2 }) },
  'CostOptimizationHubService.UpdateEnrollmentStatus': { errors: HUB_ERRORS, output: ['status'], base: () => ({ status: 'Active', includeMemberAccounts: true }) },
  'CostOptimizationHubService.GetPreferences': { errors: HUB_ERRORS, output: ['savingsEstimationMode', 'memberAccountDiscountVisibility', 'preferredCommitment'], base: () => ({}) },
  'CostOptimizationHubService.UpdatePreferences': {
    errors: HUB_ERRORS,
    output: ['savingsEstimationMode', 'memberAccountDiscountVisibility', 'preferredCommitment'],
    base: () => ({ savingsEstimationMode: 'AfterDiscounts', preferredCommitment: { term: 'OneYear', paymentOption: 'NoUpfront' } }),
  },
};

/** Every operation the emulator serves, with its signing name; those without a model entry get generic checks. */
export function servedOperations(): Array<{ target: string; signingName: string }> {
  return SERVICES.flatMap((s) => Object.keys(s.operations).map((op) => ({ target: `${s.targetPrefix}.${op}`, signingName: s.signingName })));
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Expectation = 'error' | 'any';

export interface FuzzCase {
  readonly index: number;
  readonly cls: string;
  readonly target: string;
  readonly expect: Expectation;
  readonly describe: string;
  /** Sends the case and returns the answer (status 0: the connection closed without one). */
  readonly send: (url: string) => Promise<RawAnswer>;
}

const CALLERS: EmulatorAccount[] = [DEFAULT_ACCOUNTS.management, DEFAULT_ACCOUNTS.management, ...DEFAULT_ACCOUNTS.members, ...DEFAULT_ACCOUNTS.standalone];
const MEMBER_IDS = DEFAULT_ACCOUNTS.members.map((m) => m.accountId);

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function randomString(r: Rand, max = 24): string {
  const alphabet = ['a', 'Z', '0', '-', '_', ' ', '.', '/', '%', '"', '\\', '\u00e9', '\u2028', '\ud83d\ude00', '\ud800', '\u0000', '<', '{'];
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += pick(r, alphabet);
  return s;
}

function randomValue(r: Rand, depth = 0): unknown {
  switch (Math.floor(r() * (depth > 3 ? 6 : 8))) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 100, 1001, 2 ** 31]);
    case 3:
      return randomString(r);
    case 4:
      return pick(r, ['Active', 'Inactive', 'Pending', 'Failed', 'Status', 'AllUpfront', 'OneYear', '111111111111', '']);
    case 5:
      return '';
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 3); i > 0; i--) o[pick(r, ['name', 'values', 'term', 'x', '__proto__', 'constructor', randomString(r, 6)])] = randomValue(r, depth + 1);
      return o;
    }
  }
}

function wrongType(r: Rand, value: unknown): unknown {
  const options: unknown[] = [];
  if (typeof value !== 'string') options.push('a string');
  if (typeof value !== 'number') options.push(7, 2.5);
  if (typeof value !== 'boolean') options.push(true);
  if (!Array.isArray(value)) options.push(['x']);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) options.push({ k: 'v' });
  return pick(r, options);
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

interface RequestParts {
  host: string;
  target: string;
  signingName: string;
  caller: EmulatorAccount;
  body: string | Buffer;
}

function signed(p: RequestParts, tweak: Partial<Parameters<typeof signedHeaders>[0]> = {}): Record<string, string> {
  return signedHeaders({ host: p.host, target: p.target, body: p.body, accessKeyId: p.caller.accessKeyId, secretAccessKey: p.caller.secretAccessKey, service: p.signingName, ...tweak });
}

function asHttp(headers: Record<string, string>, body: string | Buffer, method = 'POST', extra: Array<[string, string]> = []): Buffer {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = httpText(method, '/', [...Object.entries(headers), ['Content-Length', String(buf.length)], ...extra]);
  return Buffer.concat([Buffer.from(head), buf]);
}

/** The mutation classes; each turns a valid request into a case. */
type Mutator = (r: Rand, p: RequestParts, base: Record<string, unknown>) => { expect: Expectation; describe: string; send: (url: string) => Promise<RawAnswer> };

const body = (o: unknown) => JSON.stringify(o);
const sendSigned = (p: RequestParts, tweak?: Parameters<typeof signed>[1], extra: Array<[string, string]> = []) => (url: string) => rawRequest(url, asHttp(signed(p, tweak), p.body, 'POST', extra));

function withBody(p: RequestParts, text: string | Buffer): RequestParts {
  return { ...p, body: text };
}

export const MUTATORS: Record<string, Mutator> = {
  valid: (_r, p, base) => {
    const q = withBody(p, body(base));
    return { expect: 'any', describe: `valid ${q.body}`, send: sendSigned(q) };
  },
  'unknown-member': (r, p, base) => {
    const q = withBody(p, body({ ...base, [pick(r, ['extra', 'Status', 'nextTokens', randomString(r, 8) || 'x'])]: randomValue(r) }));
    return { expect: 'any', describe: `unknown member ${q.body}`, send: sendSigned(q) };
  },
  'null-member': (r, p, base) => {
    const keys = Object.keys(base);
    const q = withBody(p, body(keys.length === 0 ? { anything: null } : { ...base, [pick(r, keys)]: null }));
    return { expect: 'any', describe: `null member ${q.body}`, send: sendSigned(q) };
  },
  'nested-null': (r, p, base) => {
    const mutated = JSON.parse(body(base)) as Record<string, unknown>;
    const walk = (v: unknown): void => {
      if (v && typeof v === 'object') for (const k of Object.keys(v)) (r() < 0.4 ? ((v as Record<string, unknown>)[k] = null) : walk((v as Record<string, unknown>)[k]));
    };
    walk(mutated);
    const q = withBody(p, body(mutated));
    return { expect: 'any', describe: `nested nulls ${q.body}`, send: sendSigned(q) };
  },
  'wrong-type': (r, p, base) => {
    const keys = Object.keys(base).filter((k) => k !== 'clientToken');
    if (keys.length === 0) return MUTATORS['unknown-member'](r, p, base);
    const key = pick(r, keys);
    const q = withBody(p, body({ ...base, [key]: wrongType(r, base[key]) }));
    return { expect: 'error', describe: `wrong type for ${key}: ${q.body}`, send: sendSigned(q) };
  },
  'random-values': (r, p, base) => {
    const mutated: Record<string, unknown> = { ...base };
    for (const k of Object.keys(base)) if (r() < 0.6) mutated[k] = randomValue(r);
    const q = withBody(p, body(mutated));
    return { expect: 'any', describe: `random values ${q.body}`, send: sendSigned(q) };
  },
  'prototype-keys': (r, p, base) => {
    const text = body(base).replace(/^\{/, `{"__proto__":${body(randomValue(r))},"constructor":{"prototype":{"x":1}},"toString":"x",`).replace(/,}$/, '}');
    const q = withBody(p, text);
    return { expect: 'any', describe: `prototype keys ${text}`, send: sendSigned(q) };
  },
  'deep-nesting': (r, p, base) => {
    const depth = pick(r, [65, 200, 3000, 20000]);
    const q = withBody(p, body(base).replace(/^\{/, `{"deep":${nested(depth)},`).replace(/,}$/, '}'));
    return { expect: 'error', describe: `nesting ${depth} deep`, send: sendSigned(q) };
  },
  'allowed-nesting': (r, p, base) => {
    const q = withBody(p, body(base).replace(/^\{/, `{"deep":${nested(pick(r, [10, 40, 63]))},`).replace(/,}$/, '}'));
    return { expect: 'any', describe: 'nesting within the limit in an unknown member', send: sendSigned(q) };
  },
  'huge-string': (r, p, base) => {
    const keys = Object.keys(base);
    const q = withBody(p, body({ ...base, [keys.length > 0 && r() < 0.5 ? pick(r, keys) : 'big']: 'x'.repeat(pick(r, [10_000, 200_000])) }));
    return { expect: 'any', describe: 'a huge string member', send: sendSigned(q) };
  },
  'oversized-body': (_r, p) => {
    const q = withBody(p, `{"x":"${'y'.repeat(1024 * 1024)}"}`);
    return { expect: 'error', describe: 'a body over 1 MiB', send: sendSigned(q) };
  },
  'not-json': (r, p, base) => {
    const text = pick(r, [body(base).slice(0, Math.max(1, Math.floor(body(base).length / 2))), '{"a":}', "{'single':1}", '\u0000\u00ff', '{"a":1}}', 'NaN', '{"a":1,}']);
    const q = withBody(p, text);
    return { expect: 'error', describe: `not JSON: ${JSON.stringify(text)}`, send: sendSigned(q) };
  },
  'non-object': (r, p) => {
    const text = pick(r, ['[]', '"text"', '5', 'null', 'true', '[{"status":"Active"}]']);
    const q = withBody(p, text);
    return { expect: 'error', describe: `non-object JSON ${text}`, send: sendSigned(q) };
  },
  'binary-body': (r, p) => {
    const buf = Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256)));
    const q = withBody(p, buf);
    return { expect: 'error', describe: 'random bytes', send: sendSigned(q) };
  },
  'no-auth': (_r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    delete h.authorization;
    return { expect: 'error', describe: 'no Authorization', send: (url) => rawRequest(url, asHttp(h, q.body)) };
  },
  'bad-signature': (r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    h.authorization = h.authorization.replace(/Signature=(\w)/, (_m, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`);
    if (r() < 0.3) h.authorization = h.authorization.replace('SignedHeaders=', 'SignedHeaders=;');
    return { expect: 'error', describe: `bad signature ${h.authorization}`, send: (url) => rawRequest(url, asHttp(h, q.body)) };
  },
  'garbage-authorization': (r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    h.authorization = pick(r, ['AWS4-HMAC-SHA256', 'Bearer x', 'AWS4-HMAC-SHA256 Credential=', `AWS4-HMAC-SHA256 Credential=${p.caller.accessKeyId}/x/y/z/aws4_request, SignedHeaders=host, Signature=zz`, randomString(r, 60)]);
    return { expect: 'error', describe: `Authorization ${JSON.stringify(h.authorization)}`, send: (url) => rawRequest(url, asHttp(h, q.body)) };
  },
  'signed-prototype-names': (r, p, base) => {
    const q = withBody(p, body(base));
    const names = [pick(r, ['constructor', '__proto__', 'toString', 'hasOwnProperty', '__definegetter__'])];
    return { expect: 'any', describe: `SignedHeaders with ${names.join(',')}`, send: sendSigned(q, { extraSignedNames: names }) };
  },
  'unknown-key': (_r, p, base) => {
    const q = withBody(p, body(base));
    return { expect: 'error', describe: 'an access key nobody has', send: sendSigned(q, { accessKeyId: 'AKIAFUZZEXAMPLE00001' }) };
  },
  'wrong-scope': (r, p, base) => {
    const q = withBody(p, body(base));
    const service = pick(r, ['s3', 'sts', 'compute-optimizer', 'cost-optimization-hub', 'aco-automation'].filter((s) => s !== p.signingName));
    return { expect: 'error', describe: `signed for ${service}`, send: sendSigned(q, { service }) };
  },
  'date-skew': (r, p, base) => {
    const q = withBody(p, body(base));
    const skewMs = pick(r, [-1, 1]) * pick(r, [16 * 60_000, 86_400_000 * 400]);
    // Signed when sent, not when the case is made: on a loaded machine thousands of cases take minutes, and a
    // date fixed up front would drift back inside the 15 minutes AWS allows.
    return { expect: 'error', describe: `signed ${skewMs / 60_000} minutes off the time it is sent`, send: (url) => sendSigned(q, { date: new Date(Date.now() + skewMs) })(url) };
  },
  'body-swapped': (_r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    return { expect: 'error', describe: 'body changed after signing', send: (url) => rawRequest(url, asHttp(h, body({ ...base, status: 'Inactive' }) + ' ')) };
  },
  'content-sha-mismatch': (r, p, base) => {
    const q = withBody(p, body(base));
    const value = pick(r, ['UNSIGNED-PAYLOAD', '0'.repeat(64), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']);
    return { expect: 'error', describe: `x-amz-content-sha256 ${value}`, send: sendSigned(q, { extraHeaders: { 'x-amz-content-sha256': value } }) };
  },
  'foreign-host': (r, p, base) => {
    const q = { ...withBody(p, body(base)), host: pick(r, ['evil.example', 'attacker.test:4566', 'localhost.evil.example']) };
    return { expect: 'error', describe: `Host ${q.host}`, send: sendSigned(q) };
  },
  'target-garbage': (r, p, base) => {
    const op = p.target.split('.')[1];
    const target = pick(r, [
      `${p.target.split('.')[0]}.DeleteEverything`,
      `${p.target.split('.')[0]}.constructor`,
      `${p.target.split('.')[0]}.__proto__`,
      `${p.target.split('.')[0]}.toString`,
      `NoSuchService.${op}`,
      op,
      '',
      `${p.target}.extra`,
      'x'.repeat(5000),
    ]);
    const q = { ...withBody(p, body(base)), target };
    return { expect: 'error', describe: `X-Amz-Target ${JSON.stringify(target.slice(0, 60))}`, send: sendSigned(q) };
  },
  'wrong-method': (r, p, base) => {
    const q = withBody(p, body(base));
    const method = pick(r, ['GET', 'PUT', 'DELETE', 'PATCH']);
    return { expect: 'error', describe: `method ${method}`, send: (url) => rawRequest(url, asHttp(signed(q), q.body, method)) };
  },
  'odd-headers': (r, p, base) => {
    const q = withBody(p, body(base));
    const extra: Array<[string, string]> = pick(r, [
      [['Content-Type', 'text/html']],
      [['X-Amz-Target', 'ComputeOptimizerService.UpdateEnrollmentStatus']],
      [['Authorization', 'AWS4-HMAC-SHA256 x']],
      [['Expect', '100-continue']],
      [['Connection', 'close']],
      [['X-Amz-Date', '20000101T000000Z']],
    ]);
    return { expect: 'any', describe: `extra headers ${JSON.stringify(extra)}`, send: sendSigned(q, {}, extra) };
  },
  'framing-cl-te': (_r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    const buf = Buffer.from(q.body);
    const text = httpText('POST', '/', [...Object.entries(h), ['Content-Length', String(buf.length)], ['Transfer-Encoding', 'chunked']], `${buf.length.toString(16)}\r\n${q.body}\r\n0\r\n\r\n`);
    return { expect: 'error', describe: 'Content-Length and Transfer-Encoding', send: (url) => rawRequest(url, text) };
  },
  'framing-truncated': (r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    const text = httpText('POST', '/', [...Object.entries(h), ['Content-Length', String(Buffer.byteLength(String(q.body)) + 10 + Math.floor(r() * 100))]], String(q.body));
    return { expect: 'error', describe: 'body shorter than Content-Length, then half-close', send: (url) => rawRequest(url, text, { halfClose: true }) };
  },
  'framing-header-overflow': (_r, p, base) => {
    const q = withBody(p, body(base));
    return { expect: 'error', describe: 'a 20 KiB header', send: (url) => rawRequest(url, asHttp(signed(q), q.body, 'POST', [['X-Pad', 'p'.repeat(20 * 1024)]])) };
  },
  'framing-bad-chunks': (r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    const chunks = pick(r, ['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n1\r\n', '-1\r\n\r\n', 'ffffffffffffffff\r\n{}\r\n0\r\n\r\n']);
    return { expect: 'error', describe: `bad chunks ${JSON.stringify(chunks)}`, send: (url) => rawRequest(url, httpText('POST', '/', [...Object.entries(h), ['Transfer-Encoding', 'chunked']], chunks), { halfClose: true }) };
  },
  'framing-garbage-line': (r) => {
    const text = pick(r, ['GARBAGE\r\n\r\n', 'POST / HTTP/9.9\r\n\r\n', 'POST /\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n', 'POST / HTTP/1.1\r\nBad Header Line\r\n\r\n']);
    return { expect: 'error', describe: `request line ${JSON.stringify(text)}`, send: (url) => rawRequest(url, text) };
  },
  'framing-chunked-valid': (_r, p, base) => {
    const q = withBody(p, body(base));
    const h = signed(q);
    const buf = Buffer.from(q.body);
    const text = httpText('POST', '/', [...Object.entries(h), ['Transfer-Encoding', 'chunked']], `${buf.length.toString(16)}\r\n${q.body}\r\n0\r\n\r\n`);
    return { expect: 'any', describe: 'a valid chunked body', send: (url) => rawRequest(url, text) };
  },
  'framing-pipelined': (_r, p, base) => {
    const q = withBody(p, body(base));
    const text = asHttp(signed(q), q.body).toString('latin1');
    return {
      expect: 'any',
      describe: 'three pipelined copies',
      send: async (url) => {
        const answers = await rawPipelined(url, text, 3);
        if (answers.length !== 3) return { status: 0, headers: {}, body: `only ${answers.length} answers` };
        return answers.find((a) => a.status >= 500) ?? answers[answers.length - 1];
      },
    };
  },
  'framing-split-writes': (r, p, base) => {
    const q = withBody(p, body(base));
    const whole = asHttp(signed(q), q.body);
    const cuts = [Math.floor(r() * whole.length), Math.floor(r() * whole.length)].sort((a, b) => a - b);
    return { expect: 'any', describe: `written in 3 pieces at ${cuts.join(',')}`, send: (url) => rawRequest(url, [whole.subarray(0, cuts[0]), whole.subarray(cuts[0], cuts[1]), whole.subarray(cuts[1])]) };
  },
};

/** Admin requests the fuzzer mutates (every one must be refused without a change). */
export const ADMIN_CASES: ReadonlyArray<(r: Rand) => { method: string; route: string; type: string; body: string }> = [
  (r) => ({ method: 'POST', route: `accounts/${pick(r, [DEFAULT_ACCOUNTS.management.accountId, ...MEMBER_IDS])}/${pick(r, ['compute-optimizer', 'automation', 'cost-optimization-hub'])}`, type: 'application/json', body: body({ status: randomValue(r), statusReason: randomValue(r), rules: randomValue(r) }).replace(/"status":"(Active|Inactive|Pending|Failed)"/, '"status":"Bogus"') }),
  (r) => ({ method: 'POST', route: 'clock', type: 'application/json', body: body({ advanceSeconds: pick(r, [-1, 'x', null, 1e308, [], {}]) }) }),
  (r) => ({ method: 'POST', route: 'config', type: 'application/json', body: body({ memberEnrollmentDelayMs: pick(r, [-1, 1.5, 'x', null, 1e20]) }) }),
  (r) => ({ method: 'POST', route: 'faults', type: 'application/json', body: body({ [pick(r, ['throttleNext', 'dropNext', 'latencyMs', 'error500Rate', 'operations', 'bogus'])]: pick(r, [-1, 'x', 1e12, 1.5, { a: 1 }, [1]]) }) }),
  (r) => ({ method: 'POST', route: pick(r, ['reset', 'clock', 'faults']), type: pick(r, ['text/plain', 'application/x-www-form-urlencoded', '']), body: '{}' }),
  (r) => ({ method: 'POST', route: pick(r, ['reset', 'faults', 'accounts/111111111111/automation']), type: 'application/json', body: pick(r, ['[', nested(500), '"x"', '{"a":}']) }),
  (r) => ({ method: pick(r, ['GET', 'PUT', 'PATCH']), route: pick(r, ['nothing', 'accounts', 'accounts/111111111111', '../state', 'state/x']), type: 'application/json', body: '' }),
];

export function adminCase(r: Rand, index: number): FuzzCase {
  const c = pick(r, ADMIN_CASES)(r);
  return {
    index,
    cls: 'admin-bad-input',
    target: `admin ${c.method} ${c.route}`,
    expect: 'error',
    describe: `${c.method} /_emulator/${c.route} (${c.type || 'no type'}) ${c.body.slice(0, 120)}`,
    send: (url) => {
      const u = new URL(url);
      const headers: Array<[string, string]> = [['Host', u.host]];
      if (c.type) headers.push(['Content-Type', c.type]);
      headers.push(['Content-Length', String(Buffer.byteLength(c.body))]);
      return rawRequest(url, httpText(c.method, `/_emulator/${c.route}`, headers, c.body));
    },
  };
}

/** The `count` cases of a seed: every class against every operation in turn, callers and details at random. */
export function generateCases(seed: number, count: number, host: string): FuzzCase[] {
  const r = prng(seed);
  const classes = [...Object.keys(MUTATORS), 'admin-bad-input'];
  const ops = servedOperations();
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const cls = classes[i % classes.length];
    if (cls === 'admin-bad-input') {
      cases.push(adminCase(r, i));
      continue;
    }
    const op = ops[Math.floor(i / classes.length) % ops.length];
    const caller = pick(r, CALLERS);
    const base = (MODELS[op.target]?.base ?? (() => ({})))(MEMBER_IDS);
    const parts: RequestParts = { host, target: op.target, signingName: op.signingName, caller, body: '' };
    const m = MUTATORS[cls](r, parts, base);
    cases.push({ index: i, cls, target: op.target, expect: m.expect, describe: `as ${caller.accountId}: ${m.describe.slice(0, 300)}`, send: m.send });
  }
  return cases;
}

/** What is wrong with an answer, or undefined when it is a modelled error or a correct success. */
export function judge(c: FuzzCase, a: RawAnswer): string | undefined {
  if (a.status === 0) return 'the connection closed without an answer';
  if (a.status >= 500 && a.json?.__type !== 'ServiceUnavailableException') return `HTTP ${a.status} ${a.body.slice(0, 200)}`;
  if (c.cls === 'admin-bad-input') {
    if (a.status < 400) return `admin answered ${a.status}: ${a.body.slice(0, 200)}`;
    if (typeof a.json?.error !== 'string' && a.json?.__type === undefined) return `admin error without a message: ${a.body.slice(0, 200)}`;
    return undefined;
  }
  if (a.headers['content-type'] !== 'application/x-amz-json-1.0') return `content-type ${a.headers['content-type']}`;
  if (typeof a.json !== 'object' || a.json === null || Array.isArray(a.json)) return `body is not a JSON object: ${a.body.slice(0, 200)}`;
  const model = MODELS[c.target];
  if (a.status === 200) {
    if (c.expect === 'error') return `expected an error, got 200 ${a.body.slice(0, 200)}`;
    if (model) {
      const extra = Object.keys(a.json).filter((k) => !model.output.includes(k));
      if (extra.length > 0) return `success with members outside the model's output: ${extra.join(', ')}`;
    }
    return undefined;
  }
  const type = a.json.__type;
  if (typeof type !== 'string' || a.headers['x-amzn-errortype'] !== type || typeof a.json.message !== 'string') return `error without __type/x-amzn-ErrorType/message: ${a.body.slice(0, 200)}`;
  // An operation without an entry in MODELS (one added since) gets the generic checks only: add its entry.
  if (model && !FRONT_DOOR_ERRORS.includes(type) && !model.errors.includes(type)) return `${type} is not an error the model lists for ${c.target}`;
  return undefined;
}
