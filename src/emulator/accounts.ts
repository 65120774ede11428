/**
 * The emulated organisation: who may call, with which keys. The access key identifies the calling account,
 * as it does in AWS.
 */
import { readFileSync } from 'node:fs';
import { Patterns } from '../shared/enums';

export interface EmulatorAccount {
  /** 12-digit AWS account id. */
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A label for humans (optional). */
  readonly name?: string;
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

  constructor(file: AccountsFile) {
    this.management = { ...file.management, role: 'management' };
    this.members = (file.members ?? []).map((a) => ({ ...a, role: 'member' as const }));
    const standalone = (file.standalone ?? []).map((a) => ({ ...a, role: 'standalone' as const }));
    this.all = [this.management, ...this.members, ...standalone];
    for (const a of this.all) {
      this.byKey.set(a.accessKeyId, a);
      this.byId.set(a.accountId, a);
    }
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
  };
  check(f.management, 'management');
  for (const [list, label] of [[f.members, 'members'], [f.standalone, 'standalone']] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`${where}: "${label}" must be an array of accounts`);
    list.forEach((a, i) => check(a, `${label}[${i}]`));
  }
}
