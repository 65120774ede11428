/** HTTP helpers shared by the SDK clients and our Automation client, shaped for start-up time. */

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
