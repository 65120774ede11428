/** Raw HTTP/1.1 over a TCP socket, for requests no HTTP client would send (bad framing, odd headers). */
import * as net from 'node:net';

export interface RawAnswer {
  /** 0 when the connection closed without an answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when it is JSON. */
  json?: any;
}

/** Parses the first HTTP response in `data` (Content-Length framed, as the emulator answers). */
export function parseAnswer(data: Buffer): RawAnswer | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0])?.[1] ?? 0);
  // An interim answer (100 Continue) precedes the real one.
  if (status >= 100 && status < 200) return parseAnswer(data.subarray(end + 4));
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (data.length < end + 4 + length) return undefined;
  const body = data.subarray(end + 4, end + 4 + length).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, body, json };
}

/**
 * Sends `request` (written in pieces if given an array), optionally half-closes, and resolves with the
 * first answer, or status 0 when the server closes without one. Gives up after `timeoutMs`.
 */
export function rawRequest(url: string, request: string | Buffer | Array<string | Buffer>, options: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (answer: RawAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      for (const piece of Array.isArray(request) ? request : [request]) socket.write(piece);
      if (options.halfClose) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const answer = parseAnswer(data);
      if (answer) finish(answer);
    });
    socket.on('error', () => finish({ status: 0, headers: {}, body: '' }));
    socket.on('close', () => finish(parseAnswer(data) ?? { status: 0, headers: {}, body: '' }));
  });
}

/** Every answer on one connection to `count` pipelined requests. */
export function rawPipelined(url: string, request: string, count: number, timeoutMs = 10_000): Promise<RawAnswer[]> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${answers.length} of ${count} answers within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request.repeat(count)));
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      for (;;) {
        const answer = parseAnswer(data);
        if (!answer) break;
        answers.push(answer);
        const end = data.indexOf('\r\n\r\n') + 4 + Number(answer.headers['content-length'] ?? 0);
        data = data.subarray(end);
      }
      if (answers.length >= count) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answers);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answers);
    });
  });
}

/** A request as text: request line, headers (in order, duplicates allowed), blank line, body. */
export function httpText(method: string, path: string, headers: Array<[string, string]>, body = ''): string {
  return `${method} ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}
