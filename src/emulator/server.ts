/**
 * The emulator's server: the HTTP front door (./http-front.ts) hands complete requests to the admin routes
 * under /_emulator/ (./admin-routes.ts) or to the AWS routes (./aws-routes.ts), which share the state store,
 * the per-account queues, the injected faults and the call counts.
 */
import type * as http from 'node:http';
import type { AccountDirectory } from './accounts';
import { AdminRoutes } from './admin-routes';
import { AwsRoutes } from './aws-routes';
import { Faults } from './faults';
import type { JsonObject, ServiceDefinition } from './framework';
import { DEFAULT_MAX_CONNECTIONS, HttpFront } from './http-front';
import { LocalAccess } from './local-access';
import type { QueryService } from './query-protocol';
import { AccountQueues } from './queues';
import { Sessions } from './sessions';
import { organizationsService } from './services/organizations/handler';
import { stsService } from './services/sts/handler';
import { CallStats } from './stats';
import type { StateStore } from './state';
import { redactText } from '../shared/redact';

export { MAX_BODY_BYTES } from './http-front';

export interface ServerOptions {
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly services: readonly ServiceDefinition[];
  readonly quiet: boolean;
  /** @default 512 */
  readonly maxConnections?: number;
  /** `Host` names the AWS routes accept besides loopback names and IP addresses. @default [] */
  readonly allowedHosts?: readonly string[];
  /** Required as `Authorization: Bearer <token>` on admin requests when set. */
  readonly adminToken?: string;
}

export class EmulatorServer {
  readonly faults = new Faults();
  private readonly front: HttpFront;
  private readonly queues = new AccountQueues();
  private readonly admin: AdminRoutes;
  private readonly aws: AwsRoutes;

  constructor(private readonly opts: ServerOptions) {
    const access = new LocalAccess({ allowedHosts: opts.allowedHosts ?? [], adminToken: opts.adminToken });
    const stats = new CallStats();
    const onInternalError = (err: unknown) => this.logInternal(err);
    const sessions = new Sessions(opts.accounts);
    const shared = { store: opts.store, accounts: opts.accounts, services: opts.services, faults: this.faults, queues: this.queues, stats, access, sessions };
    this.admin = new AdminRoutes(shared);
    // Organizations and STS answer from the accounts file and the sessions: who the caller is, not what it manages.
    const query: QueryService[] = [stsService(opts.accounts, sessions)];
    this.aws = new AwsRoutes({ ...shared, routed: [organizationsService], query, onInternalError });
    this.front = new HttpFront((req, res, body) => this.route(req, res, body), { maxConnections: opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS, onInternalError });
  }

  get http(): http.Server {
    return this.front.server;
  }

  listen(port: number, host: string): Promise<string> {
    return this.front.listen(port, host);
  }

  /** Stops accepting, waits for calls in flight (their state is then on disk), then closes idle sockets. */
  async close(): Promise<void> {
    await this.front.close(() => this.queues.drain());
    await this.opts.store.close();
  }

  /** The admin view of the state (GET /_emulator/state). */
  stateView(): JsonObject {
    return this.admin.stateView();
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const url = req.url ?? '/';
    return url.startsWith('/_emulator/') || url === '/_emulator' || url.startsWith('/_emulator?') ? this.admin.handle(req, res, url, body) : this.aws.handle(req, res, url, body);
  }

  private logInternal(err: unknown): void {
    if (!this.opts.quiet) process.stderr.write(`emulator: internal error: ${redactText((err as Error)?.stack ?? String(err))}\n`);
  }
}
