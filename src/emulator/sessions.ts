/**
 * Temporary credentials issued by STS AssumeRole. They live in memory only: a restarted emulator (even one
 * with a state file) has forgotten them, and clients assume the role again, as they would after expiry.
 * Expiry follows the emulated clock, so POST /_emulator/clock can age them without waiting.
 */
import { randomBytes } from 'node:crypto';
import type { AssumedSession, ResolvedAccount, ResolvedRole, AccountDirectory } from './accounts';

/** Sessions held at once; past this, expired ones are dropped, then the oldest. */
const MAX_SESSIONS = 10_000;

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch milliseconds on the emulated clock. */
  readonly expiresAt: number;
}

interface Held extends IssuedCredentials {
  readonly session: AssumedSession;
}

/** What a signed request's access key stands for: its secret, and for temporary keys the session token. */
export interface KeyHolder {
  readonly secretAccessKey: string;
  readonly caller: ResolvedAccount;
  readonly sessionToken?: string;
  readonly expiresAt?: number;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId(): string {
  const bytes = randomBytes(16);
  let out = 'ASIA';
  for (const b of bytes) out += KEY_ALPHABET[b % 32];
  return out;
}

export class Sessions {
  private readonly byKey = new Map<string, Held>();

  constructor(private readonly accounts: AccountDirectory) {}

  /** New credentials for a role session, valid until `now + durationSeconds`. */
  issue(role: ResolvedRole, sessionName: string, durationSeconds: number, now: number): IssuedCredentials {
    this.prune(now);
    let accessKeyId = randomKeyId();
    while (this.byKey.has(accessKeyId)) accessKeyId = randomKeyId();
    // AWS gives whole seconds.
    const expiresAt = Math.floor(now / 1000) * 1000 + durationSeconds * 1000;
    const held: Held = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      // Opaque and long, like AWS's; it proves nothing by itself: the emulator looks it up with the key.
      sessionToken: `EMULATOR/${randomBytes(96).toString('base64')}`,
      expiresAt,
      session: { role, sessionName, expiresAt },
    };
    this.byKey.set(accessKeyId, held);
    return held;
  }

  /** The holder of an access key: an account's long-term key or a session's temporary one. */
  holder(accessKeyId: string): KeyHolder | undefined {
    const account = this.accounts.byAccessKey(accessKeyId);
    if (account !== undefined) return { secretAccessKey: account.secretAccessKey, caller: account };
    const held = this.byKey.get(accessKeyId);
    if (held === undefined) return undefined;
    const owner = this.accounts.byAccountId(held.session.role.accountId);
    if (owner === undefined) return undefined;
    return { secretAccessKey: held.secretAccessKey, caller: { ...owner, session: held.session }, sessionToken: held.sessionToken, expiresAt: held.expiresAt };
  }

  /** The sessions held, oldest first, for the admin view: who and until when, never keys or tokens. */
  view(now: number): Array<{ assumedRoleArn: string; expiration: number; expired: boolean }> {
    return [...this.byKey.values()].map(({ session: s }) => ({
      assumedRoleArn: `arn:aws:sts::${s.role.accountId}:assumed-role/${s.role.name}/${s.sessionName}`,
      expiration: s.expiresAt / 1000,
      expired: s.expiresAt <= now,
    }));
  }

  clear(): void {
    this.byKey.clear();
  }

  private prune(now: number): void {
    if (this.byKey.size < MAX_SESSIONS) return;
    for (const [k, h] of this.byKey) if (h.expiresAt <= now) this.byKey.delete(k);
    // Map order is insertion order: the oldest go first.
    for (const k of this.byKey.keys()) {
      if (this.byKey.size < MAX_SESSIONS) break;
      this.byKey.delete(k);
    }
  }
}
