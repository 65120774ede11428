/**
 * The AWS routes: JSON services (awsJson1_0, Organizations' awsJson1_1) route on X-Amz-Target,
 * authenticate, read the JSON body, suffer injected faults, run the operation, and answer only once its
 * change is durable; calls of one account run one at a time, in arrival order. Requests without
 * X-Amz-Target and with a form body are Query-protocol calls (STS), routed on their `Action`.
 */
import type * as http from 'node:http';
import type { AccountDirectory, ResolvedAccount } from './accounts';
import { authenticate } from './auth';
import { AccessDeniedException, AwsError, ConstraintViolation, NamedAwsError, SerializationException, UnknownOperationException } from './errors';
import { NO_FAULT, type Faults } from './faults';
import { paginate, type JsonObject, type OperationContext, type RoutedService, type ServiceDefinition } from './framework';
import { JsonInputError, parseJsonObject } from './json-input';
import type { LocalAccess } from './local-access';
import { isQueryRequest, parseForm, sendQueryError, sendQueryResult, type QueryService } from './query-protocol';
import type { AccountQueues } from './queues';
import { AWS_JSON_1_0, encodeAwsError, sendAws, sendAwsError } from './responses';
import type { Sessions } from './sessions';
import type { CallStats } from './stats';
import type { StateStore } from './state';

export interface AwsRouteDeps {
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly services: readonly ServiceDefinition[];
  /** JSON services routed besides `services` that keep no settings (Organizations). */
  readonly routed: readonly RoutedService[];
  /** Query-protocol services (STS). */
  readonly query: readonly QueryService[];
  /** Who holds each access key: the accounts' and the temporary credentials STS issued. */
  readonly sessions: Sessions;
  readonly faults: Faults;
  readonly queues: AccountQueues;
  readonly stats: CallStats;
  readonly access: LocalAccess;
  readonly onInternalError: (err: unknown) => void;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export class AwsRoutes {
  private readonly byPrefix = new Map<string, RoutedService>();

  constructor(private readonly deps: AwsRouteDeps) {
    for (const s of [...deps.services, ...deps.routed]) this.byPrefix.set(s.targetPrefix, s);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    if (this.deps.query.length > 0 && isQueryRequest(req.headers)) return this.handleQuery(req, res, url, body);
    const { store } = this.deps;
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : '';
    const dot = target.indexOf('.');
    const service = dot > 0 ? this.byPrefix.get(target.slice(0, dot)) : undefined;
    const operation = dot > 0 ? target.slice(dot + 1) : '';
    let caller: ResolvedAccount;
    let region: string;
    let input: JsonObject;
    try {
      const foreignHost = this.deps.access.hostAllowedForAws(req.headers);
      if (foreignHost !== undefined) throw new AccessDeniedException(foreignHost);
      ({ caller, region } = authenticate(req, url, body, this.deps.sessions, service?.signingName, store.now()));
      if (req.method !== 'POST' || service === undefined || !hasOwn(service.operations, operation)) {
        const shown = target.length > 120 ? `${target.slice(0, 117)}...` : target;
        throw new UnknownOperationException(target === '' ? 'Missing X-Amz-Target header; name the operation as <TargetPrefix>.<Operation>.' : `Unknown operation ${shown}.`);
      }
      try {
        input = parseJsonObject(body);
      } catch (err) {
        if (err instanceof JsonInputError) throw new SerializationException(`Request body is not valid JSON: ${err.message}`);
        throw err;
      }
    } catch (err) {
      if (!(err instanceof AwsError)) this.deps.onInternalError(err);
      sendAwsError(res, err, service?.key, false, service?.wire);
      return;
    }

    const fault = await this.strike(req, target, (err) => sendAwsError(res, err, service.key, false, service.wire));
    if (!fault) return;
    const contentType = (service.wire ?? AWS_JSON_1_0).contentType;
    const answer = (status: number, text: string, errorType?: string) => {
      if (fault.dropAfterApply) req.socket.destroy();
      else sendAws(res, status, text, errorType, false, contentType);
    };

    if (!store.durable && !this.deps.queues.busy(caller.accountId)) {
      // In memory, an operation runs to completion synchronously, so nothing can interleave with it.
      this.respond(answer, service, operation, input, caller, region);
      return;
    }
    await this.deps.queues.run(caller.accountId, async () => {
      let output: JsonObject;
      try {
        output = this.invoke(service, operation, input, caller, region);
      } catch (err) {
        // A failed operation may have changed nothing, but keep memory and disk in step regardless.
        if (store.dirty) await store.commit().catch((e: unknown) => this.deps.onInternalError(e));
        this.answerError(answer, err, service);
        return;
      }
      try {
        await store.commit();
      } catch (err) {
        this.deps.onInternalError(err);
        this.answerError(answer, err, service);
        return;
      }
      answer(200, JSON.stringify(output));
    });
  }

  /**
   * A Query-protocol call: authenticate for the service the `Version` names, suffer faults, run the action.
   * STS's actions change no persisted state (temporary credentials live in memory), so nothing waits for
   * the disk and nothing queues behind the account's calls.
   */
  private async handleQuery(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    const { store, query } = this.deps;
    const params = parseForm(body);
    const version = params.get('Version');
    const service = query.find((q) => q.version === version) ?? query[0];
    const action = params.get('Action') ?? '';
    const target = `${service.targetPrefix}.${action}`;
    let caller: ResolvedAccount;
    let region: string;
    try {
      const foreignHost = this.deps.access.hostAllowedForAws(req.headers);
      if (foreignHost !== undefined) throw new AccessDeniedException(foreignHost);
      ({ caller, region } = authenticate(req, url, body, this.deps.sessions, service.signingName, store.now()));
      if (req.method !== 'POST') throw new NamedAwsError('InvalidAction', 400, 'The emulator serves Query-protocol calls as POST requests with a form body.');
      if (action === '') throw new NamedAwsError('MissingAction', 400, 'Missing Action');
      if (version !== service.version || !hasOwn(service.actions, action)) {
        throw new NamedAwsError('InvalidAction', 400, `Could not find operation ${action.slice(0, 100)} for version ${(version ?? 'NO_VERSION_SPECIFIED').slice(0, 40)}`);
      }
    } catch (err) {
      if (!(err instanceof AwsError)) this.deps.onInternalError(err);
      sendQueryError(res, service, err);
      return;
    }
    const fault = await this.strike(req, target, (err) => sendQueryError(res, service, err));
    if (!fault) return;
    try {
      const result = service.actions[action](params, { caller, now: store.now(), region });
      if (fault.dropAfterApply) req.socket.destroy();
      else sendQueryResult(res, service, action, result);
    } catch (err) {
      if (!(err instanceof AwsError)) this.deps.onInternalError(err);
      if (fault.dropAfterApply) req.socket.destroy();
      else sendQueryError(res, service, err);
    }
  }

  /**
   * Counts the call and strikes any injected fault: undefined when the fault has ended the request (the
   * connection dropped, or the injected error sent through `sendError`); otherwise whether the answer is to
   * be dropped after the operation has run.
   */
  private async strike(req: http.IncomingMessage, target: string, sendError: (err: AwsError) => void): Promise<{ readonly dropAfterApply: boolean } | undefined> {
    const { faults, stats } = this.deps;
    stats.called(target);
    const fault = faults.none ? NO_FAULT : await faults.strike(target);
    if ('drop' in fault) {
      req.socket.destroy();
      return undefined;
    }
    if ('error' in fault) {
      sendError(fault.error);
      return undefined;
    }
    return fault;
  }

  private respond(answer: (status: number, text: string, errorType?: string) => void, service: RoutedService, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): void {
    try {
      const output = this.invoke(service, operation, input, caller, region);
      this.deps.store.markPersisted();
      answer(200, JSON.stringify(output));
    } catch (err) {
      this.deps.store.markPersisted();
      this.answerError(answer, err, service);
    }
  }

  private answerError(answer: (status: number, text: string, errorType?: string) => void, err: unknown, service: RoutedService): void {
    if (!(err instanceof AwsError)) this.deps.onInternalError(err);
    const e = encodeAwsError(err, service.key, service.wire);
    answer(e.status, e.body, e.code);
  }

  private invoke(service: RoutedService, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): JsonObject {
    const { store, accounts, services, stats } = this.deps;
    const now = store.now();
    store.beginOperation();
    // What settling changes can be derived again from the persisted state: it is not this operation's change.
    store.untracked(() => {
      for (const s of services) s.settle?.(store, accounts, now);
    });
    const target = `${service.targetPrefix}.${operation}`;
    const ctx: OperationContext = { caller, accounts, store, now, operation, region, onReplay: () => stats.replayed(target) };
    try {
      const paginator = hasOwn(service.paginators, operation) ? service.paginators[operation] : undefined;
      if (paginator) {
        const limit = input[paginator.limitKey];
        if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit))) {
          throw new SerializationException(`Cannot deserialize '${paginator.limitKey}': expected an integer, got ${typeof limit === 'string' ? 'a string' : JSON.stringify(limit)?.slice(0, 40) ?? typeof limit}.`);
        }
        if (typeof limit === 'number' && (limit < paginator.limits.min || limit > paginator.limits.max)) {
          throw new ConstraintViolation(
            paginator.limitKey,
            `Value '${String(limit)}' at '${paginator.limitKey}' failed to satisfy constraint: Member must have value between ${paginator.limits.min} and ${paginator.limits.max}, inclusive`,
          );
        }
        const token = input[paginator.inputToken];
        if (token !== undefined && token !== null && typeof token !== 'string') {
          throw new SerializationException(`Cannot deserialize '${paginator.inputToken}': expected a string, got a ${Array.isArray(token) ? 'list' : typeof token}.`);
        }
      }
      const output = service.operations[operation](input, ctx);
      return paginator ? paginate(paginator, target, input, output) : output;
    } catch (err) {
      if (err instanceof ConstraintViolation) throw service.invalid(err);
      throw err;
    }
  }
}
