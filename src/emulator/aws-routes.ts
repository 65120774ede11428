/**
 * The AWS routes (awsJson1_0): route on X-Amz-Target, authenticate, read the JSON body, suffer injected
 * faults, run the operation, and answer only once its change is durable. Calls of one account run one at
 * a time, in arrival order.
 */
import type * as http from 'node:http';
import type { AccountDirectory, ResolvedAccount } from './accounts';
import { authenticate } from './auth';
import { AccessDeniedException, AwsError, ConstraintViolation, SerializationException, UnknownOperationException } from './errors';
import { NO_FAULT, type Faults } from './faults';
import { paginate, type JsonObject, type OperationContext, type ServiceDefinition } from './framework';
import { JsonInputError, parseJsonObject } from './json-input';
import type { LocalAccess } from './local-access';
import type { AccountQueues } from './queues';
import { encodeAwsError, sendAws, sendAwsError } from './responses';
import type { CallStats } from './stats';
import type { StateStore } from './state';

export interface AwsRouteDeps {
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly services: readonly ServiceDefinition[];
  readonly faults: Faults;
  readonly queues: AccountQueues;
  readonly stats: CallStats;
  readonly access: LocalAccess;
  readonly onInternalError: (err: unknown) => void;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export class AwsRoutes {
  private readonly byPrefix = new Map<string, ServiceDefinition>();

  constructor(private readonly deps: AwsRouteDeps) {
    for (const s of deps.services) this.byPrefix.set(s.targetPrefix, s);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    const { store, faults, stats } = this.deps;
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
      ({ caller, region } = authenticate(req, url, body, this.deps.accounts, service?.signingName));
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
      sendAwsError(res, err, service?.key);
      return;
    }

    stats.called(target);
    const fault = faults.none ? NO_FAULT : await faults.strike(target);
    if ('drop' in fault) {
      req.socket.destroy();
      return;
    }
    if ('error' in fault) {
      sendAwsError(res, fault.error, service.key);
      return;
    }
    const answer = (status: number, text: string, errorType?: string) => {
      if (fault.dropAfterApply) req.socket.destroy();
      else sendAws(res, status, text, errorType);
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

  private respond(answer: (status: number, text: string, errorType?: string) => void, service: ServiceDefinition, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): void {
    try {
      const output = this.invoke(service, operation, input, caller, region);
      this.deps.store.markPersisted();
      answer(200, JSON.stringify(output));
    } catch (err) {
      this.deps.store.markPersisted();
      this.answerError(answer, err, service);
    }
  }

  private answerError(answer: (status: number, text: string, errorType?: string) => void, err: unknown, service: ServiceDefinition): void {
    if (!(err instanceof AwsError)) this.deps.onInternalError(err);
    const e = encodeAwsError(err, service.key);
    answer(e.status, e.body, e.code);
  }

  private invoke(service: ServiceDefinition, operation: string, input: JsonObject, caller: ResolvedAccount, region: string): JsonObject {
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
