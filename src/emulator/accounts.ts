/**
 * The emulated organisation: who may call, with which keys, and which IAM roles each account holds for
 * STS AssumeRole. The access key identifies the calling account, as it does in AWS.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MEMBER_ACCESS_ROLE_NAME } from '../shared/connection';
import { Patterns } from '../shared/enums';

/** An IAM role of an account, as the accounts file declares it. */
export interface EmulatorRole {
  /** The role name, e.g. "Deployer" (the ARN is `arn:aws:iam::<account>:role/<path><name>`). */
  readonly name: string;
  /** The role's path. @default "/" */
  readonly path?: string;
  /**
   * Who may assume it (its trust policy's `Principal.AWS`): 12-digit account ids (any principal of that
   * account), `arn:aws:iam::<id>:root` (the same), or the ARN of an IAM user or role.
   */
  readonly trustedPrincipals: readonly string[];
  /** When set, AssumeRole must pass this ExternalId (the trust policy's `sts:ExternalId` condition). */
  readonly externalId?: string;
  /** Longest session AssumeRole may ask for, in seconds (3600-43200). @default 3600 */
  readonly maxSessionDuration?: number;
}

export interface EmulatorAccount {
  /** 12-digit AWS account id. */
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A label for humans (optional). */
  readonly name?: string;
  /** The IAM user the access key belongs to (GetCallerIdentity, trust policies). @default "emulator" */
  readonly userName?: string;
  /** The account's email address (Organizations' MasterAccountEmail). @default "<accountId>@example.com" */
  readonly email?: string;
  /**
   * IAM roles in this account. Members of the organisation also hold OrganizationAccountAccessRole, trusted
   * by the management account, unless they declare a role of that name themselves. @default []
   */
  readonly roles?: readonly EmulatorRole[];
}

/** The IAM user the account's long-term access key belongs to when the accounts file names none. */
export const DEFAULT_USER_NAME = 'emulator';
/** AWS's default (and the shortest allowed) MaxSessionDuration of a role, in seconds. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION_LIMITS = { min: 3600, max: 43200 } as const;

/** A role as the directory serves it: its account and ARN resolved. */
export interface ResolvedRole {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  /** `AROA...`: stable for the role's ARN, as AWS's unique role id is for the role's life. */
  readonly roleId: string;
  readonly trustedPrincipals: readonly string[];
  readonly externalId?: string;
  readonly maxSessionDuration: number;
}

/** The accounts file (`--accounts FILE`): one organisation plus accounts outside any organisation. */
export interface AccountsFile {
  /** The organisation's management account. */
  readonly management: EmulatorAccount;
  /** Member accounts of the organisation. @default [] */
  readonly members?: readonly EmulatorAccount[];
  /** Accounts that belong to no organisation. @default [] */
  readonly standalone?: readonly EmulatorAccount[];
}

export type AccountRole = 'management' | 'member' | 'standalone';

export interface ResolvedAccount extends EmulatorAccount {
  readonly role: AccountRole;
  /** Set when the caller signed with temporary credentials from STS AssumeRole: the session. */
  readonly session?: AssumedSession;
}

/** What a set of temporary credentials stands for (./sessions.ts issues them). */
export interface AssumedSession {
  readonly role: ResolvedRole;
  readonly sessionName: string;
  /** Epoch milliseconds on the emulated clock. */
  readonly expiresAt: number;
}

/** A stable IAM-style unique id (`AIDA...`, `AROA...`): the prefix and 17 characters derived from `seed`. */
export function uniqueId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  let out = prefix;
  for (let i = 0; i < 17; i++) out += alphabet[digest[i] % 32];
  return out;
}

/** The ARN of the principal calling: the account's IAM user, or the assumed-role session. */
export function principalArn(caller: ResolvedAccount): string {
  if (caller.session) return `arn:aws:sts::${caller.accountId}:assumed-role/${caller.session.role.name}/${caller.session.sessionName}`;
  return `arn:aws:iam::${caller.accountId}:user/${caller.userName ?? DEFAULT_USER_NAME}`;
}

/** GetCallerIdentity's UserId: the user's unique id, or `<role id>:<session name>`. */
export function principalUserId(caller: ResolvedAccount): string {
  if (caller.session) return `${caller.session.role.roleId}:${caller.session.sessionName}`;
  return uniqueId('AIDA', `${caller.accountId}/${caller.userName ?? DEFAULT_USER_NAME}`);
}

/** An accounts file with every list present (the shape of DEFAULT_ACCOUNTS). */
export interface Organisation extends AccountsFile {
  readonly members: readonly EmulatorAccount[];
  readonly standalone: readonly EmulatorAccount[];
}

/** The built-in organisation used when no accounts file is given. Test credentials, not secrets. */
export const DEFAULT_ACCOUNTS: Organisation = {
  management: { accountId: '111111111111', accessKeyId: 'EMULATORMANAGEMENT01', secretAccessKey: 'emulator-management-secret', name: 'management' },
  members: [
    { accountId: '222222222222', accessKeyId: 'EMULATORMEMBER000002', secretAccessKey: 'emulator-member-2-secret', name: 'member-2' },
    { accountId: '333333333333', accessKeyId: 'EMULATORMEMBER000003', secretAccessKey: 'emulator-member-3-secret', name: 'member-3' },
    { accountId: '444444444444', accessKeyId: 'EMULATORMEMBER000004', secretAccessKey: 'emulator-member-4-secret', name: 'member-4' },
  ],
  standalone: [{ accountId: '555555555555', accessKeyId: 'EMULATORSTANDALONE05', secretAccessKey: 'emulator-standalone-secret', name: 'standalone-5' }],
};

/** Accounts indexed for the hot path (access key lookup) and for organisation queries. */
export class AccountDirectory {
  readonly all: readonly ResolvedAccount[];
  readonly management: ResolvedAccount;
  readonly members: readonly ResolvedAccount[];
  private readonly byKey = new Map<string, ResolvedAccount>();
  private readonly byId = new Map<string, ResolvedAccount>();
  private readonly rolesByArn = new Map<string, ResolvedRole>();

  constructor(file: AccountsFile) {
    this.management = { ...file.management, role: 'management' };
    this.members = (file.members ?? []).map((a) => ({ ...a, role: 'member' as const }));
    const standalone = (file.standalone ?? []).map((a) => ({ ...a, role: 'standalone' as const }));
    this.all = [this.management, ...this.members, ...standalone];
    for (const a of this.all) {
      this.byKey.set(a.accessKeyId, a);
      this.byId.set(a.accountId, a);
      const roles = [...(a.roles ?? [])];
      // Organizations creates this role in the accounts it creates, trusting the management account.
      if (a.role === 'member' && !roles.some((r) => r.name === MEMBER_ACCESS_ROLE_NAME)) {
        roles.push({ name: MEMBER_ACCESS_ROLE_NAME, trustedPrincipals: [this.management.accountId] });
      }
      for (const r of roles) {
        const arn = roleArn(a.accountId, r);
        this.rolesByArn.set(arn, {
          accountId: a.accountId,
          name: r.name,
          arn,
          roleId: uniqueId('AROA', arn),
          trustedPrincipals: r.trustedPrincipals,
          externalId: r.externalId,
          maxSessionDuration: r.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
        });
      }
    }
  }

  /** The role an ARN names, if an account of the file holds it. */
  roleByArn(arn: string): ResolvedRole | undefined {
    return this.rolesByArn.get(arn);
  }

  /** Every role, for the admin view. */
  get roles(): readonly ResolvedRole[] {
    return [...this.rolesByArn.values()];
  }

  byAccessKey(accessKeyId: string): ResolvedAccount | undefined {
    return this.byKey.get(accessKeyId);
  }

  byAccountId(accountId: string): ResolvedAccount | undefined {
    return this.byId.get(accountId);
  }

  isMember(accountId: string): boolean {
    return this.byId.get(accountId)?.role === 'member';
  }
}

/** Reads and checks an accounts file; errors name the file, the entry and the fix. */
export function loadAccounts(source: AccountsFile | string | undefined): AccountDirectory {
  if (source === undefined) return new AccountDirectory(DEFAULT_ACCOUNTS);
  let file: unknown = source;
  const where = typeof source === 'string' ? `accounts file ${source}` : 'accounts';
  if (typeof source === 'string') {
    try {
      file = JSON.parse(readFileSync(source, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read ${where}: ${(err as Error).message}; give a JSON file like {"management":{...},"members":[...],"standalone":[...]}`);
    }
  }
  validateAccountsFile(file, where);
  return new AccountDirectory(file);
}

/** `arn:aws:iam::<account>:role/<path><name>`. */
export function roleArn(accountId: string, role: Pick<EmulatorRole, 'name' | 'path'>): string {
  return `arn:aws:iam::${accountId}:role${role.path ?? '/'}${role.name}`;
}

/** What a trust policy may name: an account id, an account's root, or an IAM user or role. */
const PRINCIPAL = /^(?:[0-9]{12}|arn:aws:iam::[0-9]{12}:(?:root|(?:user|role)\/[\w+=,.@\/-]{1,512}))$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/(?:[\x21-\x7e]{0,510}\/)?$/;
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const EMAIL = /^[^\s@]{1,40}@[^\s@]+\.[^\s@]+$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;

function validateRoles(roles: unknown, label: string, where: string): void {
  if (roles === undefined) return;
  if (!Array.isArray(roles)) throw new Error(`${where}: ${label}.roles must be an array of roles like {"name":"Deployer","trustedPrincipals":["111111111111"]}`);
  const names = new Set<string>();
  roles.forEach((r: unknown, i) => {
    const at = `${label}.roles[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error(`${where}: ${at} must be an object with "name" and "trustedPrincipals"`);
    const role = r as Record<string, unknown>;
    for (const k of Object.keys(role)) {
      if (!['name', 'path', 'trustedPrincipals', 'externalId', 'maxSessionDuration'].includes(k)) {
        throw new Error(`${where}: ${at} has unknown member ${JSON.stringify(k.slice(0, 40))}; use name, path, trustedPrincipals, externalId, maxSessionDuration`);
      }
    }
    if (typeof role.name !== 'string' || !ROLE_NAME.test(role.name)) throw new Error(`${where}: ${at}.name must be 1-64 characters of letters, digits and +=,.@_-`);
    if (role.path !== undefined && (typeof role.path !== 'string' || !ROLE_PATH.test(role.path))) throw new Error(`${where}: ${at}.path must start and end with "/", like "/" or "/team/"`);
    if (names.has(role.name)) throw new Error(`${where}: ${at}.name "${role.name}" is used twice in this account; role names are unique per account`);
    names.add(role.name);
    const trusted = role.trustedPrincipals;
    if (!Array.isArray(trusted) || trusted.length === 0) throw new Error(`${where}: ${at}.trustedPrincipals must list who may assume the role (account ids or IAM user/role ARNs)`);
    trusted.forEach((p: unknown, j) => {
      if (typeof p !== 'string' || !PRINCIPAL.test(p)) {
        throw new Error(`${where}: ${at}.trustedPrincipals[${j}] must be a 12-digit account id, arn:aws:iam::<id>:root, or an IAM user or role ARN, got ${JSON.stringify(String(p).slice(0, 60))}`);
      }
    });
    if (role.externalId !== undefined && (typeof role.externalId !== 'string' || !EXTERNAL_ID.test(role.externalId))) {
      throw new Error(`${where}: ${at}.externalId must be 2-1224 characters of letters, digits and +=,.@:/_-`);
    }
    const d = role.maxSessionDuration;
    const { min, max } = MAX_SESSION_DURATION_LIMITS;
    if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < min || d > max)) throw new Error(`${where}: ${at}.maxSessionDuration must be whole seconds from ${min} to ${max}`);
  });
}

function validateAccountsFile(file: unknown, where: string): asserts file is AccountsFile {
  if (typeof file !== 'object' || file === null) throw new Error(`${where}: must be a JSON object with "management", "members" and "standalone"`);
  const f = file as Record<string, unknown>;
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  const check = (a: unknown, label: string): void => {
    const acc = a as Record<string, unknown> | null;
    if (typeof acc !== 'object' || acc === null) throw new Error(`${where}: ${label} must be an object with accountId, accessKeyId and secretAccessKey`);
    for (const k of ['accountId', 'accessKeyId', 'secretAccessKey']) {
      if (typeof acc[k] !== 'string' || acc[k] === '') throw new Error(`${where}: ${label}.${k} must be a non-empty string`);
    }
    const id = acc.accountId as string;
    if (!Patterns.accountId.test(id)) throw new Error(`${where}: ${label}.accountId must be 12 digits, got "${id}"`);
    if (seenIds.has(id)) throw new Error(`${where}: account ${id} is listed twice; each account id may appear once`);
    if (seenKeys.has(acc.accessKeyId as string)) throw new Error(`${where}: ${label}.accessKeyId is used twice; each account needs its own key`);
    seenIds.add(id);
    seenKeys.add(acc.accessKeyId as string);
    if (acc.userName !== undefined && (typeof acc.userName !== 'string' || !USER_NAME.test(acc.userName))) throw new Error(`${where}: ${label}.userName must be 1-64 characters of letters, digits and +=,.@_-`);
    if (acc.email !== undefined && (typeof acc.email !== 'string' || !EMAIL.test(acc.email) || acc.email.length > 64)) throw new Error(`${where}: ${label}.email must be an email address of 6-64 characters`);
    validateRoles(acc.roles, label, where);
  };
  check(f.management, 'management');
  for (const [list, label] of [[f.members, 'members'], [f.standalone, 'standalone']] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`${where}: "${label}" must be an array of accounts`);
    list.forEach((a, i) => check(a, `${label}[${i}]`));
  }
}
