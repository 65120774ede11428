/**
 * How answers are encoded: awsJson1_0 successes and errors (the code in `__type` and `x-amzn-ErrorType`),
 * raw HTTP errors for sockets whose request could not be parsed, and the admin API's plain JSON.
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AwsError, InternalServerException } from './errors';
import { redactText } from '../shared/redact';
import type { EmulatedService } from './errors';

export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** How a JSON service's answers look: awsJson1_0 (`message`) or awsJson1_1 as Organizations sends it (`Message`). */
export interface JsonWire {
  readonly contentType: string;
  readonly messageKey: 'message' | 'Message';
}
export const AWS_JSON_1_0: JsonWire = { contentType: AWS_JSON_CONTENT_TYPE, messageKey: 'message' };
export const AWS_JSON_1_1: JsonWire = { contentType: 'application/x-amz-json-1.1', messageKey: 'Message' };

export function errorBody(err: AwsError, wire: JsonWire = AWS_JSON_1_0): string {
  return JSON.stringify({ __type: err.code, [wire.messageKey]: redactText(err.message), ...err.extra });
}

/** Any thrown value as an AWS error; what is not one already becomes an InternalServerException. */
export function asAwsError(err: unknown): AwsError {
  return err instanceof AwsError ? err : new InternalServerException(`emulator failure: ${(err as Error)?.message ?? String(err)}`);
}

export function sendAws(res: http.ServerResponse, status: number, body: string, errorType?: string, close = false, contentType = AWS_JSON_CONTENT_TYPE): void {
  if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** An error's answer: status for the service, body and code. */
export function encodeAwsError(err: unknown, service: EmulatedService | undefined, wire: JsonWire = AWS_JSON_1_0): { status: number; body: string; code: string } {
  const aws = asAwsError(err);
  return { status: aws.statusFor(service), body: errorBody(aws, wire), code: aws.code };
}

export function sendAwsError(res: http.ServerResponse, err: unknown, service: EmulatedService | undefined, close = false, wire: JsonWire = AWS_JSON_1_0): void {
  const e = encodeAwsError(err, service, wire);
  sendAws(res, e.status, e.body, e.code, close, wire.contentType);
}

/**
 * An AWS-shaped error written straight to a socket, for requests Node's parser refused (no ServerResponse
 * exists for them). The connection is closed afterwards: its framing can no longer be trusted.
 */
export function writeRawAwsError(socket: Socket, err: AwsError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.statusFor(undefined);
  const body = errorBody(err);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `Content-Type: ${AWS_JSON_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amzn-RequestId: ${randomUUID()}`,
    `x-amzn-ErrorType: ${err.code}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
  // Unread input makes the kernel answer the close with a reset, which can destroy the error in flight:
  // keep reading until the client goes, but not for long.
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}

export function sendAdmin(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
