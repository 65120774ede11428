/**
 * Where and as whom the adapter calls AWS, and the one rule for "the same account and connection" that
 * conflict detection, the plan review and client tokens share.
 */
import { Services, type ServiceKey } from './enums';
import type { FieldDef } from './fields';

export const CONNECTION_FIELDS = {
  region: {
    requiredFor: ['read', 'apply', 'destroy'],
    spec: { type: 'string', pattern: /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/, maxLength: 32, describe: 'an AWS region such as "us-east-1"' },
  },
  profile: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9_.+@:\/-]{1,128}$/, maxLength: 128, describe: 'a profile name of letters, digits and _.+@:/-' },
  },
  roleArn: {
    spec: {
      type: 'string',
      pattern: /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/,
      maxLength: 2048,
      describe: 'an IAM role ARN such as "arn:aws:iam::123456789012:role/Name"',
    },
  },
  roleSessionName: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9+=,.@_-]{2,64}$/, maxLength: 64, describe: '2-64 characters of letters, digits and +=,.@_-' },
  },
  externalId: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9+=,.@:\/_-]{2,1224}$/, maxLength: 1224, describe: '2-1224 characters of letters, digits and +=,.@:/_-' },
  },
  endpoint: {
    spec: { type: 'string', pattern: /^https?:\/\/[A-Za-z0-9.\-\[\]:]+(\/[A-Za-z0-9._~\/-]*)?$/, maxLength: 2048, describe: 'an http(s) URL such as "http://127.0.0.1:4566"' },
  },
} as const satisfies Record<string, FieldDef>;

export type ConnectionField = keyof typeof CONNECTION_FIELDS;

/** The connection fields, in payload order (the constructs resolve these per construct or per scope). */
export const CONNECTION_FIELD_NAMES = Object.keys(CONNECTION_FIELDS) as ConnectionField[];

/** Where and as whom the adapter calls AWS. Credentials are never part of it: they come from the AWS chain. */
export interface Connection {
  readonly region: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  /** Endpoint override, e.g. the local emulator. */
  readonly endpoint?: string;
}

/** The region a service's calls go to: Cost Optimization Hub only exists in us-east-1. */
export function serviceRegion(service: ServiceKey, connection: { readonly region?: string }): string {
  const fixed: string | undefined = (Services[service] as { fixedRegion?: string }).fixedRegion;
  return fixed ?? connection.region ?? '';
}

/**
 * The account and AWS endpoint a connection reaches for one service. Two declarations with the same key
 * change the same AWS setting: the credentials' source (profile, role) picks the account, the region and
 * endpoint pick where. Session name and external id only label or guard the same role, so they do not
 * count. Values only Terraform knows count as they are written (they are compared as text).
 */
export function connectionKey(service: ServiceKey, connection: { readonly [K in ConnectionField]?: string }): string {
  return [service, serviceRegion(service, connection), connection.profile ?? '', connection.roleArn ?? '', connection.endpoint ?? ''].join('\u0000');
}

/**
 * The role AWS Organizations creates in every member account it creates, for the management account to
 * assume: a connection through it reaches a member account.
 */
export const MEMBER_ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole';

/**
 * The member account a role ARN reaches when it names the member-access role (any path); undefined for
 * other roles and unresolved tokens.
 */
export function memberAccessRoleAccount(roleArn: string | undefined): string | undefined {
  const member = roleArn !== undefined && CONNECTION_FIELDS.roleArn.spec.pattern.test(roleArn) && roleArn.split('/').pop() === MEMBER_ACCESS_ROLE_NAME;
  return member ? roleArn.split(':')[4] : undefined;
}

/** What a declaration asks that only an organisation's management account can do, in the words of messages. */
export interface ManagementOnly {
  /** The payload field that asks for it. */
  readonly field: string;
  /** "includeMemberAccounts is true". */
  readonly declared: string;
  /** "include member accounts". */
  readonly action: string;
  /** "drop includeMemberAccounts". */
  readonly drop: string;
}

const INCLUDE_MEMBER_ACCOUNTS: ManagementOnly = {
  field: 'includeMemberAccounts',
  declared: 'includeMemberAccounts is true',
  action: 'include member accounts',
  drop: 'drop includeMemberAccounts',
};

const ASSOCIATE_MEMBER_ACCOUNTS: Omit<ManagementOnly, 'field'> = {
  declared: 'it declares which member accounts are associated for Automation',
  action: 'associate member accounts',
  drop: "move this declaration to the management account's stack",
};

const isTrue = (value: unknown) => value === true || value === 'true';

/**
 * What a payload asks of the management account, or undefined when it asks nothing only that account may do
 * (the kind's `managementOnly` trait: member accounts included, or associated for Automation). The adapter
 * refuses it from other accounts before any change; synth warns when the connection's role is a member's
 * (see {@link memberAccessRoleAccount}).
 */
export function managementOnlyRequest(
  traits: { readonly managementOnly?: 'includeMemberAccounts' | 'memberAssociations' } | undefined,
  declaration: object,
): ManagementOnly | undefined {
  const payload = declaration as { readonly [field: string]: unknown };
  if (traits?.managementOnly === 'memberAssociations') return { field: isTrue(payload.allMembers) ? 'allMembers' : 'accountIds', ...ASSOCIATE_MEMBER_ACCOUNTS };
  if (traits?.managementOnly === 'includeMemberAccounts' && isTrue(payload.includeMemberAccounts)) return INCLUDE_MEMBER_ACCOUNTS;
  return undefined;
}
