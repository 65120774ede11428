/** HTTP helpers shared by the SDK clients and our Automation client, shaped for start-up time and bounded time. */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import { redactUrl } from '../shared/redact';
import { currentRun } from './deadline';

/**
 * Reads a Node.js response body. The SDK's default collector first probes `ReadableStream` and `Blob`, and
 * touching those globals makes Node load its web-streams implementation; async iteration of the stream
 * would load Node's stream-iterator helpers. Plain 'data'/'end' events need neither (a few ms per start).
 */
export function collectNodeStream(stream: unknown): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (stream === undefined || stream === null) return resolve(new Uint8Array(0));
    if (typeof stream === 'string') return resolve(new Uint8Array(Buffer.from(stream)));
    if (stream instanceof Uint8Array) return resolve(stream);
    const readable = stream as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    readable.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    readable.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    readable.once('error', reject);
  });
}

/**
 * An `http://` endpoint (the emulator) never needs TLS, so the handler gets an agent it will never use and
 * Node's https/tls modules stay unloaded (the bundle makes the handler's https import lazy; see
 * scripts/bundle.mjs). Any other endpoint gets the same keep-alive agent the handler would create itself.
 */
export function httpsAgentFor(endpoint: string | undefined): import('node:https').Agent {
  if (endpoint?.startsWith('http://')) return { destroy: () => undefined } as unknown as import('node:https').Agent;
  const https = require('node:https') as typeof import('node:https');
  return new https.Agent({ keepAlive: true, maxSockets: 50 });
}

/** What a request handler must offer the SDK clients and our Automation client. */
export interface RequestHandlerLike {
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  destroy(): void;
}

/** The error an attempt that ran out of time ends with: the SDK retries it (a TimeoutError is transient). */
export class AttemptTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly label: string,
    readonly endpoint: string,
    readonly timeoutMs: number,
    phase: 'answer' | 'rest of the answer',
  ) {
    super(`${label} to ${endpoint}: no ${phase} within ${timeoutMs / 1000}s`);
    this.name = 'TimeoutError';
  }
}

/**
 * Wraps the SDK's handler so that each attempt really ends: NodeHttpHandler's `requestTimeout` stops at the
 * response headers (and only warns unless told to throw), and nothing bounds a body that stalls after
 * them. Here one timer covers the whole attempt, from sending to the last byte of the body, and the
 * attempt is registered with the run (./deadline.ts) so an expired run can name it and cut it.
 */
export class BoundedHttpHandler implements RequestHandlerLike {
  readonly inner: NodeHttpHandler;

  constructor(
    private readonly attemptMs: number,
    private readonly label: (request: HttpRequest) => string,
    httpsAgent?: import('node:https').Agent,
  ) {
    // The inner timeouts are a backstop; the attempt timer below fires first.
    this.inner = new NodeHttpHandler({
      connectionTimeout: Math.min(5000, attemptMs),
      requestTimeout: attemptMs + 1000,
      throwOnRequestTimeout: true,
      ...(httpsAgent ? { httpsAgent } : {}),
    });
  }

  get metadata() {
    return this.inner.metadata;
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs() {
    return this.inner.httpHandlerConfigs();
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const run = currentRun();
    const label = this.label(request);
    const endpoint = redactUrl(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`);
    const attempt = Number(/attempt=(\d+)/.exec(headerOf(request.headers, 'amz-sdk-request') ?? '')?.[1] ?? 1);
    const controller = new AbortController();
    let failure: Error | undefined;
    let body: NodeJS.ReadableStream & { destroy?: (err?: Error) => void } | undefined;
    const cut = (err: Error) => {
      failure ??= err;
      // The body first, so its reader fails with this error rather than with the reset the abort causes.
      body?.destroy?.(failure);
      controller.abort();
    };
    const done = run?.start({ label, endpoint, attempt, startedAt: Date.now(), attemptMs: this.attemptMs }, cut) ?? (() => undefined);
    if (failure) throw failure;
    const timer = setTimeout(() => cut(new AttemptTimeout(label, endpoint, this.attemptMs, body ? 'rest of the answer' : 'answer')), this.attemptMs);
    const finish = () => {
      clearTimeout(timer);
      done();
    };
    const signal = options.abortSignal ? eitherSignal(options.abortSignal as AbortSignal, controller) : controller.signal;
    let response: HttpResponse;
    try {
      ({ response } = await this.inner.handle(request, { ...options, abortSignal: signal }));
    } catch (err) {
      finish();
      throw failure ?? err;
    }
    if (failure) {
      finish();
      throw failure;
    }
    const stream = response.body as (NodeJS.ReadableStream & { destroy?: (err?: Error) => void }) | undefined;
    if (stream && typeof (stream as NodeJS.ReadableStream).once === 'function') {
      body = stream;
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    } else {
      finish();
    }
    return { response };
  }

  destroy(): void {
    this.inner.destroy();
  }
}

/** A signal that aborts when `outer` does or `own` is aborted (AbortSignal.any, which Node 20.0-20.2 lack). */
function eitherSignal(outer: AbortSignal, own: AbortController): AbortSignal {
  if (outer.aborted) own.abort();
  else outer.addEventListener('abort', () => own.abort(), { once: true });
  return own.signal;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}
