/**
 * A capturing HTTP proxy for wire tests: records each request (headers and body), then forwards it unchanged
 * to the emulator (the Host header is kept so SigV4 still verifies) and relays the answer. `respond` can
 * answer instead of forwarding, e.g. with an AWS error the emulator has no reason to produce.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  target: string;
  contentType: string;
  authorization: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: Captured) => { status: number; headers?: Record<string, string>; body: string } | 'drop' | undefined;

export interface CaptureProxy {
  url: string;
  requests: Captured[];
  respond?: Responder;
  close(): Promise<void>;
}

export async function captureProxy(upstream: string): Promise<CaptureProxy> {
  const up = new URL(upstream);
  const proxy: CaptureProxy = { url: '', requests: [], close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const captured: Captured = {
        target: String(req.headers['x-amz-target'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        authorization: String(req.headers.authorization ?? ''),
        headers: req.headers,
        body: body.toString('utf8'),
      };
      proxy.requests.push(captured);
      const canned = proxy.respond?.(captured);
      if (canned === 'drop') {
        req.socket.destroy();
        return;
      }
      if (canned) {
        res.writeHead(canned.status, { 'content-type': 'application/x-amz-json-1.0', ...canned.headers });
        res.end(canned.body);
        return;
      }
      const forward = request(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
