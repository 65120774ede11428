/**
 * Who may talk to the emulator from this machine. Binding to 127.0.0.1 does not stop a web page in the
 * local browser: it can post forms or no-cors fetches to the admin API, and after DNS rebinding (a name of
 * the attacker's that now resolves to 127.0.0.1) read its answers. So:
 * - the admin API takes only `Content-Type: application/json` for anything but GET (no form or no-cors
 *   request can send that without a CORS preflight, which the emulator never grants), a loopback `Host`,
 *   and no `Origin` other than a loopback one; with an admin token, also `Authorization: Bearer <token>`;
 * - the AWS routes refuse `Host` names that are neither loopback nor an IP literal nor allowed explicitly
 *   (an IP literal cannot be rebound; a name can).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { redactHost, redactText } from '../shared/redact';

/** What an admin token may be: 16-256 printable characters without spaces. */
export const ADMIN_TOKEN_PATTERN = /^[\x21-\x7e]{16,256}$/;

export interface AccessOptions {
  /** Extra `Host` names the AWS routes accept (`--allow-host`), lower case. */
  readonly allowedHosts: readonly string[];
  /** When set, admin requests must carry `Authorization: Bearer <token>`. */
  readonly adminToken?: string;
}

export class AccessRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]:port`), lower case; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return undefined;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return h.slice(1, end);
  }
  const m = /^([a-z0-9.-]+)(:\d{1,5})?$/.exec(h);
  return m ? m[1] : undefined;
}

export function isLoopbackName(name: string): boolean {
  const n = name.replace(/\.$/, '');
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  if (isIP(n) === 4) return n.startsWith('127.');
  if (isIP(n) === 6) return n === '::1' || /^::ffff:127\./.test(n) || n === '0:0:0:0:0:0:0:1';
  return false;
}

/** Whether an address the server listens on is reachable from other machines. */
export function isLoopbackBinding(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isLoopbackName(h.toLowerCase());
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(headers, name)) return undefined;
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function shown(value: string, host = false): string {
  const text = host ? redactHost(value) : redactText(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

export class LocalAccess {
  private readonly allowed: ReadonlySet<string>;
  private readonly tokenDigest?: Buffer;

  constructor(opts: AccessOptions) {
    this.allowed = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
    if (opts.adminToken !== undefined) this.tokenDigest = createHash('sha256').update(opts.adminToken).digest();
  }

  /** Hosts seen on the AWS routes and whether they were fine (every call asks; clients send few hosts). */
  private readonly awsHostsOk = new Map<string, boolean>();

  /** For the AWS routes: a `Host` that is absent, loopback, an IP literal, or allowed. */
  hostAllowedForAws(headers: IncomingHttpHeaders): string | undefined {
    const host = headerText(headers, 'host');
    if (host === undefined || this.awsHostsOk.get(host) === true) return undefined;
    const refusal = this.awsHostRefusal(host);
    if (refusal === undefined) {
      if (this.awsHostsOk.size >= 256) this.awsHostsOk.clear();
      this.awsHostsOk.set(host, true);
    }
    return refusal;
  }

  private awsHostRefusal(host: string): string | undefined {
    const name = hostName(host);
    if (name !== undefined && (isLoopbackName(name) || isIP(name) !== 0 || this.allowed.has(name))) return undefined;
    return `Host header ${shown(host, true)} is not a loopback name, an IP address or a host allowed with --allow-host; the emulator refuses it so that a web page cannot reach it through DNS rebinding. Use the emulator's own URL, or start it with --allow-host ${name ?? '<name>'}`;
  }

  /** Throws {@link AccessRefused} unless the admin request may proceed. */
  checkAdmin(method: string, headers: IncomingHttpHeaders): void {
    const tokenGiven = this.tokenMatches(headers);
    if (this.tokenDigest !== undefined && !tokenGiven) {
      throw new AccessRefused(401, 'the admin API needs "Authorization: Bearer <token>" with the token given to --admin-token');
    }
    const host = headerText(headers, 'host');
    const name = host === undefined ? undefined : hostName(host);
    const hostOk = host === undefined || (name !== undefined && (isLoopbackName(name) || (tokenGiven && this.hostAllowedForAws(headers) === undefined)));
    if (!hostOk) {
      throw new AccessRefused(403, `the admin API answers only requests whose Host is a loopback name or address (localhost, 127.0.0.1, [::1]), got ${shown(host ?? '', true)}; this keeps web pages out through DNS rebinding`);
    }
    const origin = headerText(headers, 'origin');
    if (origin !== undefined && !this.isLoopbackOrigin(origin)) {
      throw new AccessRefused(403, `the admin API refuses requests from web pages (Origin ${shown(origin)}); call it from a tool on this machine (curl, a test) instead`);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      const type = (headerText(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        throw new AccessRefused(415, `admin ${method} requests must have "Content-Type: application/json"${type === '' ? '' : `, got ${shown(type)}`} (also without a body), so that no web form can send one`);
      }
    }
  }

  private isLoopbackOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    const h = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(h);
  }

  private tokenMatches(headers: IncomingHttpHeaders): boolean {
    if (this.tokenDigest === undefined) return false;
    const auth = headerText(headers, 'authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (!m) return false;
    return timingSafeEqual(createHash('sha256').update(m[1]).digest(), this.tokenDigest);
  }
}
