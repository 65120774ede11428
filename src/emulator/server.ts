/**
 * The HTTP front door: admin routes under /_emulator/, everything else is awsJson1_0 routed on
 * X-Amz-Target after SigV4 verification. Requests of one account run one at a time, in arrival order, and
 * are answered only after their change is durable.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AccountDirectory, ResolvedAccount } from './accounts';
import {
  AwsError,
  ConstraintViolation,
  InternalServerException,
  MissingAuthenticationToken,
  RequestEntityTooLargeException,
  SerializationException,
  ServiceUnavailableException,
  ThrottlingException,
  UnknownOperationException,
} from './errors';
import { Faults } from './faults';
import { AdminError, paginate, epochSeconds, type JsonObject, type ServiceDefinition, type OperationContext } from './framework';
import { verifySignature } from './sigv4';
import type { StateStore } from './state';
import type { ServiceKey } from '../shared/enums';

/** The most one POST /_emulator/clock may move the clock: 100 years. */
const MAX_CLOCK_ADVANCE_SECONDS = 100 * 365 * 24 * 3600;

/** AWS's JSON services refuse request bodies over 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

export interface ServerOptions {
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly services: readonly ServiceDefinition[];
  readonly quiet: boolean;
}

export class EmulatorServer {
  readonly http: http.Server;
  readonly faults = new Faults();
  private readonly calls = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly byPrefix = new Map<string, ServiceDefinition>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly opts: ServerOptions) {
    for (const s of opts.services) this.byPrefix.set(s.targetPrefix, s);
    this.http = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => this.onRequest(req, res));
    this.http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        const addr = this.http.address() as AddressInfo;
        const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        resolve(`http://${h}:${addr.port}`);
      });
    });
  }

  /** Stops accepting, waits for calls in flight (their state is then on disk), then closes idle sockets. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await Promise.allSettled([...this.queues.values()]);
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      this.tooLarge(req, res);
      return;
    }
    // A client that hangs up mid-request must not take the emulator down with an unhandled 'error'.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
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
      const handled = url.startsWith('/_emulator/') || url === '/_emulator' ? this.onAdmin(req, res, url, body) : this.onAws(req, res, url, body);
      handled.catch((err: unknown) => this.sendError(res, new InternalServerException(`emulator failure: ${(err as Error).message}`), undefined));
    });
  }

  private tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('Connection', 'close');
    this.sendError(res, new RequestEntityTooLargeException(`Request body exceeds the limit of ${MAX_BODY_BYTES} bytes.`), undefined);
    req.resume();
  }

  // ------------------------------------------------------------------ AWS routes

  private async onAws(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : '';
    const dot = target.indexOf('.');
    const service = dot > 0 ? this.byPrefix.get(target.slice(0, dot)) : undefined;
    const operation = dot > 0 ? target.slice(dot + 1) : '';
    let caller: ResolvedAccount;
    let region = '';
    try {
      if (req.headers.authorization === undefined) throw new MissingAuthenticationToken();
      // Unknown targets are checked against the service the client signed for, as AWS authenticates first.
      const expected = service?.signingName ?? /Credential=[^/]*\/[^/]*\/[^/]*\/([^/]*)\//.exec(req.headers.authorization)?.[1] ?? '';
      caller = verifySignature({ method: req.method ?? 'POST', url, headers: req.headers, body }, this.opts.accounts, expected);
      region = /Credential=[^/]*\/[^/]*\/([^/]*)\//.exec(req.headers.authorization)?.[1] ?? '';
      if (req.method !== 'POST' || service === undefined || !Object.prototype.hasOwnProperty.call(service.operations, operation)) {
        throw new UnknownOperationException(target === '' ? 'Missing X-Amz-Target header; name the operation as <TargetPrefix>.<Operation>.' : `Unknown operation ${target}.`);
      }
    } catch (err) {
      this.sendError(res, err, service?.key);
      return;
    }
    let input: JsonObject;
    try {
      const text = body.length === 0 ? '{}' : body.toString('utf8');
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
      input = parsed as JsonObject;
    } catch (err) {
      this.sendError(res, new SerializationException(`Request body is not valid JSON: ${(err as Error).message}`), service.key);
      return;
    }

    this.calls.set(target, (this.calls.get(target) ?? 0) + 1);
    const latency = this.faults.latencyFor(target);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const fault = this.faults.next(target);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'throttle') return this.sendError(res, new ThrottlingException(), service.key);
    if (fault === 'fail500') return this.sendError(res, new InternalServerException(), service.key);
    if (fault === 'unavailable503') return this.sendError(res, new ServiceUnavailableException(), service.key);

    if (!this.opts.store.durable && !this.queues.has(caller.accountId)) {
      // In memory, an operation runs to completion synchronously, so nothing can interleave with it.
      this.respond(res, service, operation, input, caller, region);
      return;
    }
    await this.serialised(caller.accountId, async () => {
      try {
        const output = this.invoke(service, operation, input, caller, region);
        await this.opts.store.commit();
        this.send(res, 200, JSON.stringify(output));
      } catch (err) {
        // A failed operation may have changed nothing, but keep memory and disk in step regardless.
        if (this.opts.store.dirty) await this.opts.store.commit().catch(() => undefined);
        this.sendError(res, err, service.key);
      }
    });
  }

  private respond(res: http.ServerResponse, service: ServiceDefinition, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): void {
    try {
      const output = this.invoke(service, operation, input, caller, region);
      this.opts.store.markPersisted();
      this.send(res, 200, JSON.stringify(output));
    } catch (err) {
      this.opts.store.markPersisted();
      this.sendError(res, err, service.key);
    }
  }

  private invoke(service: ServiceDefinition, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): JsonObject {
    const store = this.opts.store;
    const now = store.now();
    for (const s of this.opts.services) s.settle?.(store, this.opts.accounts, now);
    const ctx: OperationContext = { caller, accounts: this.opts.accounts, store, now, operation, region };
    try {
      const paginator = service.paginators[operation];
      if (paginator) {
        const limit = input[paginator.limitKey];
        if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit))) {
          throw new SerializationException(`Cannot deserialize '${paginator.limitKey}': expected an integer, got ${JSON.stringify(limit)}.`);
        }
        if (typeof limit === 'number' && (limit < paginator.limits.min || limit > paginator.limits.max)) {
          throw new ConstraintViolation(
            paginator.limitKey,
            `Value '${String(limit)}' at '${paginator.limitKey}' failed to satisfy constraint: Member must have value between ${paginator.limits.min} and ${paginator.limits.max}, inclusive`,
          );
        }
        const token = input[paginator.inputToken];
        if (token !== undefined && token !== null && typeof token !== 'string') {
          throw new SerializationException(`Cannot deserialize '${paginator.inputToken}': expected a string, got a ${typeof token}.`);
        }
      }
      const output = service.operations[operation](input, ctx);
      return paginator ? paginate(paginator, `${service.targetPrefix}.${operation}`, input, output) : output;
    } catch (err) {
      if (err instanceof ConstraintViolation) throw service.invalid(err);
      throw err;
    }
  }

  /** Runs `task` after every earlier task of the same account has finished. */
  private serialised(accountId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(accountId) ?? Promise.resolve();
    const run = previous.then(task, task);
    this.queues.set(accountId, run);
    void run.finally(() => {
      if (this.queues.get(accountId) === run) this.queues.delete(accountId);
    });
    return run;
  }

  private send(res: http.ServerResponse, status: number, body: string, errorType?: string): void {
    if (res.headersSent || res.destroyed) return;
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': JSON_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': randomUUID(),
    };
    if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
    res.writeHead(status, headers);
    res.end(body);
  }

  private sendError(res: http.ServerResponse, err: unknown, service: ServiceKey | undefined): void {
    const aws = err instanceof AwsError ? err : new InternalServerException(`emulator failure: ${(err as Error)?.message ?? String(err)}`);
    if (!(err instanceof AwsError) && !this.opts.quiet) process.stderr.write(`emulator: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    this.send(res, aws.statusFor(service), JSON.stringify({ __type: aws.code, message: aws.message, ...aws.extra }), aws.code);
  }

  // ------------------------------------------------------------------ admin routes

  private async onAdmin(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    const route = `${req.method ?? 'GET'} ${url.split('?')[0].replace(/\/+$/, '')}`;
    try {
      const result = await this.admin(route, body);
      this.sendAdmin(res, 200, result);
    } catch (err) {
      const status = err instanceof AdminError ? err.status : 400;
      this.sendAdmin(res, status, { error: (err as Error).message });
    }
  }

  private parseAdminBody(body: Buffer): Record<string, unknown> {
    if (body.length === 0) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new AdminError(400, `admin request body is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AdminError(400, 'admin request body must be a JSON object');
    return parsed as Record<string, unknown>;
  }

  private async admin(route: string, rawBody: Buffer): Promise<unknown> {
    const store = this.opts.store;
    if (route === 'GET /_emulator/state') return this.stateView();
    if (route === 'GET /_emulator/faults') return this.faults.settings;
    if (route === 'DELETE /_emulator/faults') {
      this.faults.clear();
      return this.faults.settings;
    }
    const body = this.parseAdminBody(rawBody);
    if (route === 'POST /_emulator/reset') {
      await Promise.allSettled([...this.queues.values()]);
      store.reset();
      this.calls.clear();
      this.faults.clear();
      await store.commit();
      return this.stateView();
    }
    if (route === 'POST /_emulator/faults') {
      this.faults.set(body);
      return this.faults.settings;
    }
    if (route === 'POST /_emulator/config') {
      const delay = body.memberEnrollmentDelayMs;
      if (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0) throw new AdminError(400, 'memberEnrollmentDelayMs must be a non-negative integer (milliseconds)');
      store.state.memberEnrollmentDelayMs = delay;
      store.touch();
      await store.commit();
      return { memberEnrollmentDelayMs: delay };
    }
    if (route === 'POST /_emulator/clock') {
      const s = body.advanceSeconds;
      // Bounded so the emulated clock stays a valid date (and the state file stays valid JSON numbers).
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > MAX_CLOCK_ADVANCE_SECONDS) {
        throw new AdminError(400, `advanceSeconds must be a number from 0 to ${MAX_CLOCK_ADVANCE_SECONDS} (100 years); the emulated clock never goes back`);
      }
      store.state.clockOffsetMs += s * 1000;
      store.touch();
      await store.commit();
      return { now: epochSeconds(store.now()), offsetSeconds: store.state.clockOffsetMs / 1000 };
    }
    const m = /^POST \/_emulator\/accounts\/([^/]+)\/([^/]+)$/.exec(route);
    if (m) {
      const [, accountId, adminName] = m;
      if (this.opts.accounts.byAccountId(accountId) === undefined) throw new AdminError(404, `account ${accountId} is not in the accounts file; use one of ${this.opts.accounts.all.map((a) => a.accountId).join(', ')}`);
      const service = this.opts.services.find((s) => s.adminName === adminName);
      if (!service) throw new AdminError(404, `unknown service "${adminName}"; use one of ${this.opts.services.map((s) => s.adminName).join(', ')}`);
      if (typeof body.status !== 'string') throw new AdminError(400, 'body must have "status": "Active", "Inactive" or "Failed"');
      if (body.statusReason !== undefined && typeof body.statusReason !== 'string') throw new AdminError(400, 'statusReason must be a string');
      await this.consoleAction(accountId, (now) => service.consoleChange(store, this.opts.accounts, accountId, body as { status: string; statusReason?: string }, now));
      return (this.stateView().accounts as Record<string, unknown>)[accountId];
    }
    const sub = /^([A-Z]+) \/_emulator\/accounts\/([^/]+)\/([^/]+)\/(.+)$/.exec(route);
    const owner = sub ? this.opts.services.find((s) => s.adminName === sub[3] && s.admin !== undefined) : undefined;
    if (sub && owner) {
      const [, method, accountId, , rest] = sub;
      if (this.opts.accounts.byAccountId(accountId) === undefined) throw new AdminError(404, `account ${accountId} is not in the accounts file; use one of ${this.opts.accounts.all.map((a) => a.accountId).join(', ')}`);
      const answer = await this.consoleAction(accountId, (now) => owner.admin!({ method, path: rest.split('/').map(decodeURIComponent), body, accountId, store, accounts: this.opts.accounts, now }));
      if (answer !== undefined) return answer;
    }
    throw new AdminError(404, `unknown admin route "${route}"; see docs/emulator.md for the admin API`);
  }

  /**
   * Runs a console action in the account's queue and writes its change. A refusal is carried out of the queued
   * task and thrown here: a rejected queue entry would be an unhandled rejection, which ends the process.
   */
  private async consoleAction<T>(accountId: string, action: (now: number) => T): Promise<T> {
    const store = this.opts.store;
    let result = { failure: new Error('console action did not run') } as { value: T } | { failure: unknown };
    await this.serialised(accountId, async () => {
      const now = store.now();
      for (const s of this.opts.services) s.settle?.(store, this.opts.accounts, now);
      try {
        result = { value: action(now) };
      } catch (err) {
        result = { failure: err };
      }
      if (store.dirty) await store.commit();
    });
    if ('failure' in result) throw result.failure;
    return result.value;
  }

  private sendAdmin(res: http.ServerResponse, status: number, value: unknown): void {
    const body = JSON.stringify(value, null, 2);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** The admin view of the state: times as epoch seconds, like the wire. */
  stateView(): JsonObject {
    const store = this.opts.store;
    const now = store.now();
    for (const s of this.opts.services) s.settle?.(store, this.opts.accounts, now);
    const accounts: Record<string, unknown> = {};
    for (const a of this.opts.accounts.all) {
      const st = store.account(a.accountId);
      const { pendingUntil, lastUpdated: coUpdated, ...co } = st.computeOptimizer;
      const { optedOutAt, lastUpdated: auUpdated, ...au } = st.automation;
      const { created, lastUpdated: cohUpdated, ...coh } = st.costOptimizationHub;
      accounts[a.accountId] = {
        role: a.role,
        name: a.name,
        computeOptimizer: {
          ...co,
          recommendationDataDeletions: co.recommendationDataDeletions ?? 0,
          lastUpdated: epochSeconds(coUpdated),
          ...(pendingUntil !== undefined ? { pendingUntil: epochSeconds(pendingUntil) } : {}),
        },
        automation: { ...au, lastUpdated: epochSeconds(auUpdated), ...(optedOutAt !== undefined ? { optedOutAt: epochSeconds(optedOutAt) } : {}) },
        costOptimizationHub: { ...coh, lastUpdated: epochSeconds(cohUpdated), created: epochSeconds(created) },
      };
      const entry = accounts[a.accountId] as Record<string, JsonObject>;
      for (const s of this.opts.services) if (s.view) Object.assign(entry[s.key], s.view(store, this.opts.accounts, a.accountId));
    }
    return {
      now: epochSeconds(now),
      clockOffsetSeconds: store.state.clockOffsetMs / 1000,
      config: { memberEnrollmentDelayMs: store.state.memberEnrollmentDelayMs },
      accounts,
      calls: Object.fromEntries([...this.calls.entries()].sort()),
      faults: this.faults.settings,
    };
  }
}
