/**
 * A SigV4 signer for tests that need requests no SDK sends: signed header names that are not present (so
 * sign as empty), a chosen date, a chosen scope. Written from the SigV4 specification, independently of
 * src/emulator/sigv4.ts, so a test of the verifier does not check it against itself.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignOptions {
  readonly host: string;
  readonly target: string;
  readonly body: string | Buffer;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly service: string;
  readonly region?: string;
  readonly date?: Date;
  /** Header names to list in SignedHeaders besides the real ones (signed with an empty value when absent). */
  readonly extraSignedNames?: readonly string[];
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

/** Headers (lower-case names) for a signed awsJson1_0 POST /. */
export function signedHeaders(o: SignOptions): Record<string, string> {
  const amzDate = (o.date ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const region = o.region ?? 'us-east-1';
  const headers: Record<string, string> = {
    host: o.host,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-date': amzDate,
    'x-amz-target': o.target,
    ...o.extraHeaders,
  };
  const names = [...new Set([...Object.keys(headers), ...(o.extraSignedNames ?? [])])].sort();
  const value = (n: string) => (Object.prototype.hasOwnProperty.call(headers, n) ? headers[n].trim().replace(/\s+/g, ' ') : '');
  const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${value(n)}`), '', names.join(';'), createHash('sha256').update(o.body).digest('hex')].join('\n');
  const scope = `${day}/${region}/${o.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${o.secretAccessKey}`, day), region), o.service), 'aws4_request');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${o.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmac(key, toSign).toString('hex')}`;
  return headers;
}
