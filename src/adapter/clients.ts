/**
 * Builds the service clients for one payload's connection settings: region (Cost Optimization Hub is
 * always us-east-1), endpoint override, credentials from the standard AWS chain, the SDK's standard retry
 * strategy, and one shared HTTP handler.
 *
 * Every client option the SDK would otherwise look up in the environment or ~/.aws/config is given
 * explicitly where it does not change behaviour, because this runs on every `terraform plan`.
 */
import type { HttpRequest } from '@smithy/protocol-http';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { Services, serviceRegion, type Connection, type ServiceKey } from '../shared';
import { credentialsFor } from './credentials';
import { attemptTimeoutMs, callAllowanceSeconds } from './deadline';
import { endpointFor } from './endpoints';
import { BoundedHttpHandler, collectNodeStream, httpsAgentFor } from './http';
import type { CallContext } from './errors';

/** @default 5: one plan may read a large organisation, and a throttled read should not fail the plan. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AWS_MAX_ATTEMPTS;
  const n = raw && /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
  return n >= 1 ? n : DEFAULT_MAX_ATTEMPTS;
}

/**
 * "Compute Optimizer GetEnrollmentStatus" for a request's X-Amz-Target ("STS AssumeRole" for a Query-protocol
 * form body), for messages about stalled calls.
 */
function callLabel(request: HttpRequest): string {
  const headers = Object.entries(request.headers);
  const target = headers.find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1] ?? '';
  if (target === '' && typeof request.body === 'string') {
    const action = /(?:^|&)Action=([A-Za-z]{1,64})(?:&|$)/.exec(request.body)?.[1];
    if (action) return `${Services.sts.name} ${action}`;
  }
  const dot = target.indexOf('.');
  const key = dot > 0 ? (Object.keys(Services) as ServiceKey[]).find((k) => Services[k].targetPrefix === target.slice(0, dot)) : undefined;
  return key ? `${Services[key].name} ${target.slice(dot + 1)}` : target || `${request.method} ${request.path}`;
}

/**
 * The HTTP handlers of one run, shared by the clients of every connection it calls for (a read of a whole
 * stack serves many connections from one process): one without TLS modules for plain-http endpoints (the
 * emulator), one with TLS, each made on first use, so sockets are reused across connections.
 */
export class Handlers {
  private plain?: BoundedHttpHandler;
  private tls?: BoundedHttpHandler;
  /** How long one HTTP attempt may take: its share of the call allowance, so every attempt of a call fits. */
  readonly attemptMs: number;
  readonly maxAttempts: number;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.maxAttempts = maxAttemptsFromEnv(env);
    this.attemptMs = attemptTimeoutMs(callAllowanceSeconds(env), this.maxAttempts);
  }

  /** The handler for endpoints that are all plain http (`tls` false), or for any endpoint. */
  get(tls: boolean): BoundedHttpHandler {
    if (tls) return (this.tls ??= new BoundedHttpHandler(this.attemptMs, callLabel, httpsAgentFor(undefined)));
    return (this.plain ??= new BoundedHttpHandler(this.attemptMs, callLabel, httpsAgentFor('http://')));
  }

  destroy(): void {
    this.plain?.destroy();
    this.tls?.destroy();
  }
}

/**
 * The connection-wide pieces the clients share. The clients themselves are created by the kind modules
 * (see `client()`) on first use, so a run constructs only the client of the service it talks to, and the
 * Automation client can be swapped for the official one in its kind module alone.
 */
export class Clients {
  /** Serves the enrollment services' endpoints (without TLS modules when they are all plain http). */
  private readonly handler: BoundedHttpHandler;
  private readonly handlers: Handlers;
  /** Whether the handlers are this connection's own (a single-connection run) or the run's (destroyed by it). */
  private readonly ownsHandlers: boolean;
  private readonly plain: boolean;
  private readonly credentials;
  private readonly maxAttempts: number;
  private readonly created = new Map<ServiceKey, { destroy(): void }>();

  private readonly profile?: string;
  private readonly endpoints: Record<ServiceKey, string | undefined>;

  constructor(
    readonly connection: Connection,
    private readonly env: NodeJS.ProcessEnv = process.env,
    log?: (line: string) => void,
    shared?: Handlers,
  ) {
    this.handlers = shared ?? new Handlers(env);
    this.ownsHandlers = shared === undefined;
    this.maxAttempts = this.handlers.maxAttempts;
    // Resolved up front so a malformed AWS_ENDPOINT_URL* fails the run as bad input before any call.
    // `Services[service].name` is the model's serviceId, which names the AWS_ENDPOINT_URL_<SERVICE> variable.
    const endpoint = (service: ServiceKey) => endpointFor(Services[service].name, connection.endpoint, env);
    this.endpoints = Object.fromEntries((Object.keys(Services) as ServiceKey[]).map((s) => [s, endpoint(s)])) as Record<ServiceKey, string | undefined>;
    // Only plain-http endpoints (the emulator) let the handler do without Node's TLS modules. The identity
    // services (STS, Organizations) are not on every run's path, so they do not decide it: see handlerFor.
    this.plain = (Object.keys(Services) as ServiceKey[]).every((s) => 'identity' in Services[s] || this.endpoints[s]?.startsWith('http://'));
    this.handler = this.handlers.get(!this.plain);
    // AssumeRole goes where every STS call goes (the connection's endpoint, then AWS_ENDPOINT_URL_STS, then
    // AWS_ENDPOINT_URL), through a handler given explicitly: the SDK would otherwise lend it the calling
    // client's, whose agent may not fit STS's endpoint.
    const sts = connection.roleArn ? { endpoint: this.endpoints.sts, requestHandler: this.handlerFor(this.endpoints.sts), maxAttempts: this.maxAttempts } : {};
    this.credentials = credentialsFor(connection, env, log, sts);
    this.profile = connection.profile ?? (env.AWS_PROFILE || undefined);
  }

  /** The region calls for `service` go to: Cost Optimization Hub only exists in us-east-1. */
  regionFor(service: ServiceKey): string {
    return serviceRegion(service, this.connection);
  }

  /** The handler for an endpoint: the shared one, unless it lacks the TLS the endpoint needs. */
  private handlerFor(endpoint: string | undefined): BoundedHttpHandler {
    if (!this.plain || endpoint?.startsWith('http://')) return this.handler;
    return this.handlers.get(true);
  }

  /** Client configuration for `service`, valid for the SDK clients and our Automation client alike. */
  config(service: ServiceKey) {
    const appId = this.env.AWS_SDK_UA_APP_ID;
    return {
      region: this.regionFor(service),
      endpoint: this.endpoints[service],
      credentials: this.credentials,
      maxAttempts: this.maxAttempts,
      retryStrategy: new StandardRetryStrategy(this.maxAttempts),
      requestHandler: this.handlerFor(this.endpoints[service]),
      streamCollector: collectNodeStream,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      retryMode: 'standard',
      defaultsMode: 'standard' as const,
      // Given here rather than looked up in ~/.aws/config at start-up: the only auth scheme is SigV4, clock
      // skew correction stays on (the SDK default), and the app id only decorates the User-Agent.
      authSchemePreference: [] as string[],
      disableClockSkewCorrection: false,
      userAgentAppId: appId ? async () => appId : async () => undefined,
      customUserAgent: [['cdktf-aws-enrollment', 'adapter']] as [string, string][],
    };
  }

  /** One client per service per run. */
  client<T extends { destroy(): void }>(service: ServiceKey, create: (config: ReturnType<Clients['config']>) => T): T {
    let existing = this.created.get(service) as T | undefined;
    if (!existing) {
      existing = create(this.config(service));
      this.created.set(service, existing);
    }
    return existing;
  }

  /** What errors from `operation` should say about where the call went. */
  context(service: ServiceKey, operation: string, extra: Partial<CallContext> = {}): CallContext {
    return {
      service: Services[service].name,
      iamPrefix: Services[service].signingName,
      operation,
      region: this.regionFor(service),
      endpoint: this.endpoints[service],
      profile: this.profile,
      roleArn: this.connection.roleArn,
      ...extra,
    };
  }

  destroy(): void {
    for (const client of this.created.values()) client.destroy();
    this.created.clear();
    if (this.ownsHandlers) this.handlers.destroy();
  }
}
