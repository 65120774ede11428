/**
 * The AWS Query protocol, as STS speaks it: a form-encoded POST naming `Action` and `Version`, answered in
 * XML (`<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata><RequestId>`), errors as
 * `<ErrorResponse><Error><Type><Code><Message></Error><RequestId>`.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import type { ResolvedAccount } from './accounts';
import { NamedAwsError, type AwsError } from './errors';
import { asAwsError } from './responses';
import { redactText } from '../shared/redact';

export const QUERY_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const XML_CONTENT_TYPE = 'text/xml';

/** An XML element's content: text, or child elements in order (absent members are left out). */
export type XmlValue = string | number | XmlChildren;
export type XmlChildren = ReadonlyArray<readonly [string, XmlValue | undefined]>;

export interface QueryContext {
  readonly caller: ResolvedAccount;
  /** Emulated clock, epoch milliseconds. */
  readonly now: number;
  readonly region: string;
}

/** One action: the form parameters in, the members of `<ActionResult>` out. */
export type QueryHandler = (params: ReadonlyMap<string, string>, ctx: QueryContext) => XmlChildren;

export interface QueryService {
  /** The Smithy service name, used as the target prefix in call counts and faults (`<prefix>.<Action>`). */
  readonly targetPrefix: string;
  readonly signingName: string;
  readonly version: string;
  readonly xmlns: string;
  readonly actions: Readonly<Record<string, QueryHandler>>;
}

/** Whether a request is a Query-protocol call: no X-Amz-Target, a form body. */
export function isQueryRequest(headers: http.IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  return headers['x-amz-target'] === undefined && typeof type === 'string' && type.toLowerCase().startsWith(QUERY_CONTENT_TYPE);
}

/** The form's parameters (the first of repeated names wins). */
export function parseForm(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!out.has(k)) out.set(k, v);
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function render(children: XmlChildren): string {
  let out = '';
  for (const [name, value] of children) {
    if (value === undefined) continue;
    out += `<${name}>${typeof value === 'object' ? render(value) : escapeXml(String(value))}</${name}>`;
  }
  return out;
}

function send(res: http.ServerResponse, status: number, xml: string, requestId: string): void {
  if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
  const body = `${xml}\n`;
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': XML_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': requestId };
  res.writeHead(status, headers);
  res.end(body);
}

export function sendQueryResult(res: http.ServerResponse, service: QueryService, action: string, result: XmlChildren): void {
  const requestId = randomUUID();
  const xml = `<${action}Response xmlns="${service.xmlns}">${render([[`${action}Result`, result]])}${render([['ResponseMetadata', [['RequestId', requestId]]]])}</${action}Response>`;
  send(res, 200, xml, requestId);
}

/**
 * What the front door's errors are called in the Query protocol, and their status there: STS says
 * `InvalidClientTokenId` where the JSON services say `UnrecognizedClientException`, and so on.
 */
const QUERY_NAMES: Readonly<Record<string, readonly [string, number]>> = {
  MissingAuthenticationToken: ['MissingAuthenticationToken', 403],
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  IncompleteSignatureException: ['IncompleteSignature', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
  AccessDeniedException: ['AccessDenied', 403],
  ThrottlingException: ['Throttling', 400],
  InternalServerException: ['InternalFailure', 500],
  ServiceUnavailableException: ['ServiceUnavailable', 503],
  SerializationException: ['MalformedQueryString', 400],
};

/** An error as the Query protocol sends it: code, status, and `Sender` or `Receiver`. */
export function queryError(err: unknown): { code: string; status: number; type: 'Sender' | 'Receiver'; message: string } {
  const aws: AwsError = asAwsError(err);
  const mapped = aws instanceof NamedAwsError ? undefined : QUERY_NAMES[aws.code];
  const [code, status] = mapped ?? [aws.code, aws.statusFor('sts')];
  return { code, status, type: status >= 500 ? 'Receiver' : 'Sender', message: redactText(aws.message) };
}

export function sendQueryError(res: http.ServerResponse, service: QueryService, err: unknown): void {
  const e = queryError(err);
  const requestId = randomUUID();
  const xml = `<ErrorResponse xmlns="${service.xmlns}">${render([['Error', [['Type', e.type], ['Code', e.code], ['Message', e.message]]]])}${render([['RequestId', requestId]])}</ErrorResponse>`;
  send(res, e.status, xml, requestId);
}
