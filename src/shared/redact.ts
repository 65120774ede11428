/**
 * Credentials never reach a message: every layer shows URLs (and text that may hold one) through these.
 * A URL's user information (`user:password@`) and the query parameters that carry secrets (presigned
 * signatures, session tokens, anything named like a password, key, token or secret) are replaced by `***`.
 */

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'`]*@/gi;
// `{0,}` rather than `*` before the closing slash: the adapter bundle rides in a block comment, where `*/`
// would cost a copy at every start (scripts/bundle.mjs).
const SECRET_PARAMETER = /([?&;](?:x-amz-(?:signature|credential|security-token)|[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|apikey|api_key|access_key|sig|signature)[a-z0-9_.-]*)=)[^&#\s"'`]{0,}/gi;

/** `http://user:pass@host/x?token=abc` → `http://***@host/x?token=***`; anything else unchanged. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Redacts every URL inside free text (error messages, log lines, values echoed in validation errors). */
export function redactText(text: string): string {
  if (!text.includes('@') && !/[?&;]/.test(text)) return text;
  return text.replace(USERINFO, '$1***@').replace(SECRET_PARAMETER, '$1***');
}

/** A `Host`-style `user:password@host:port` (no scheme) → `***@host:port`. */
export function redactHost(host: string): string {
  const at = host.lastIndexOf('@');
  return at < 0 ? redactText(host) : `***@${redactText(host.slice(at + 1))}`;
}
