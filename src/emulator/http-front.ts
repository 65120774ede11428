/**
 * HTTP and framing: the Node server, its timeouts, the connection limit, reading bodies within the size
 * limit, and AWS-shaped answers to requests Node's parser refuses (bad framing, oversized headers, slow
 * clients). Everything after a complete request is the router's job.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  RequestEntityTooLargeException,
  RequestHeaderFieldsTooLargeException,
  RequestTimeoutException,
  SerializationException,
  ServiceUnavailableException,
} from './errors';
import { sendAwsError, writeRawAwsError } from './responses';

/** AWS's JSON services refuse request bodies over 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Node's own limit for the request line and headers together. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** @default 512 open connections; more are refused with 503 ServiceUnavailableException. */
export const DEFAULT_MAX_CONNECTIONS = 512;
/** A client gets this long for its headers, and this long for the whole request. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long a connection over the limit may stay open waiting to be told so. */
const REFUSAL_GRACE_MS = 1000;

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => Promise<void>;

export interface FrontOptions {
  readonly maxConnections: number;
  /** For requests that slip past every other guard: logs, and the request gets a 500. */
  readonly onInternalError: (err: unknown) => void;
}

export class HttpFront {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly refused = new WeakSet<Socket>();

  constructor(
    private readonly handler: RequestHandler,
    private readonly opts: FrontOptions,
  ) {
    this.server = http.createServer(
      {
        keepAliveTimeout: 5000,
        headersTimeout: HEADERS_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        maxHeaderSize: MAX_HEADER_BYTES,
        // Node checks the two timeouts above this often (30 s by default, which would double them).
        connectionsCheckingInterval: 1000,
      },
      (req, res) => this.onRequest(req, res),
    );
    this.server.on('connection', (socket: Socket) => this.onConnection(socket));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.onClientError(err, socket));
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as AddressInfo;
        const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        resolve(`http://${h}:${addr.port}`);
      });
    });
  }

  /** Stops accepting; `drained` resolves once calls in flight are answered; then idle sockets are closed. */
  async close(drained: () => Promise<void>): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await drained();
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private onConnection(socket: Socket): void {
    // A socket that errors after the request is answered (a reset, a half-written response) must not reach
    // the process as an unhandled 'error'.
    socket.on('error', () => undefined);
    if (this.sockets.size >= this.opts.maxConnections) {
      this.refused.add(socket);
      setTimeout(() => socket.destroy(), REFUSAL_GRACE_MS).unref();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
    const message = httpMessageOf(socket);
    if (err.code === 'ECONNRESET' || !socket.writable || message?.headersSent) {
      socket.destroy();
      return;
    }
    writeRawAwsError(socket, clientErrorAnswer(err));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    // A client that hangs up mid-request must not take the emulator down with an unhandled 'error'.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    if (this.refused.has(req.socket)) {
      req.resume();
      sendAwsError(
        res,
        new ServiceUnavailableException(`The emulator already serves ${this.opts.maxConnections} connections; close idle connections or start it with a higher --max-connections.`),
        undefined,
        true,
      );
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      this.tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      if (aborted) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        aborted = true;
        this.tooLarge(req, res);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      let handled: Promise<void>;
      try {
        handled = this.handler(req, res, body);
      } catch (err) {
        handled = Promise.reject(err);
      }
      handled.catch((err: unknown) => {
        this.opts.onInternalError(err);
        sendAwsError(res, err, undefined);
      });
    });
  }

  private tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
    sendAwsError(res, new RequestEntityTooLargeException(`Request body exceeds the limit of ${MAX_BODY_BYTES} bytes.`), undefined, true);
    req.resume();
  }
}

function httpMessageOf(socket: Socket): http.ServerResponse | undefined {
  return (socket as unknown as { _httpMessage?: http.ServerResponse })._httpMessage ?? undefined;
}

/** What a request refused by Node's HTTP parser is told. */
function clientErrorAnswer(err: NodeJS.ErrnoException) {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new RequestHeaderFieldsTooLargeException(`The request line and headers exceed the limit of ${MAX_HEADER_BYTES} bytes.`);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new RequestTimeoutException(`The request did not arrive in full within ${REQUEST_TIMEOUT_MS / 1000} seconds (headers within ${HEADERS_TIMEOUT_MS / 1000}); send it again.`);
    default: {
      const given = (err as unknown as { reason?: unknown }).reason;
      const reason = typeof given === 'string' ? given : err.code ?? err.message;
      return new SerializationException(`The request is not well-formed HTTP/1.1 (${reason}); it was not read.`);
    }
  }
}
