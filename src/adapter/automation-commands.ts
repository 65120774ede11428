/**
 * Commands and paginators of the Compute Optimizer Automation rule, tag and account operations for our
 * SDK-shaped client, one class per operation as the generated SDK clients have them:
 * `client.send(new CreateAutomationRuleCommand(input))`, `for await (const page of paginateListAutomationRules({ client }, {}))`.
 * This module re-exports the client, so it is the one import for everything Automation.
 *
 * Requests match what the aws CLI sends (test/adapter/automation-rules-wire.test.ts): the input as given, with a
 * generated `clientToken` for the operations whose model marks it as an idempotency token. A command is
 * serialized once per `send`, so retries of one call carry the same token.
 */
import { randomUUID } from 'node:crypto';
import { AutomationCommand, type ComputeOptimizerAutomationClient, type ResponseMetadata } from './automation-client';
import type {
  AssociateAccountsRequest,
  AssociateAccountsResponse,
  CreateAutomationRuleRequest,
  CreateAutomationRuleResponse,
  DeleteAutomationRuleRequest,
  DeleteAutomationRuleResponse,
  DisassociateAccountsRequest,
  DisassociateAccountsResponse,
  GetAutomationRuleRequest,
  GetAutomationRuleResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  ListAutomationRulesRequest,
  ListAutomationRulesResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
  UpdateAutomationRuleRequest,
  UpdateAutomationRuleResponse,
} from './automation-shapes';

export * from './automation-client';
export * from './automation-shapes';

type WithMetadata<T> = T & { $metadata: ResponseMetadata };

const TIMESTAMPS = new Set(['createdTimestamp', 'lastUpdatedTimestamp']);

/** The body with its timestamps (epoch seconds on the wire) as Dates, at any depth. */
function decode(value: unknown, key?: string): unknown {
  if (key !== undefined && TIMESTAMPS.has(key)) {
    if (typeof value === 'number') return new Date(Math.round(value * 1000));
    if (typeof value === 'string' && value !== '') return new Date(value);
  }
  if (Array.isArray(value)) return value.map((v) => decode(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decode(v, k)]));
  }
  return value;
}

/** A command whose output is the response body, timestamps decoded. */
abstract class JsonCommand<Input extends object, Output> extends AutomationCommand<Input, WithMetadata<Output>> {
  deserialize(body: Record<string, unknown>): WithMetadata<Output> {
    return { ...(decode(body) as Output), $metadata: {} };
  }
}

/** A command of an operation whose model marks `clientToken` as an idempotency token: one is generated when absent. */
abstract class IdempotentCommand<Input extends { clientToken?: string }, Output> extends JsonCommand<Input, Output> {
  serialize(): Record<string, unknown> {
    return { ...(this.input as Record<string, unknown>), clientToken: this.input.clientToken ?? randomUUID() };
  }
}

export class CreateAutomationRuleCommand extends IdempotentCommand<CreateAutomationRuleRequest, CreateAutomationRuleResponse> {
  readonly operation = 'CreateAutomationRule';
}

export class GetAutomationRuleCommand extends JsonCommand<GetAutomationRuleRequest, GetAutomationRuleResponse> {
  readonly operation = 'GetAutomationRule';
}

export class ListAutomationRulesCommand extends JsonCommand<ListAutomationRulesRequest, ListAutomationRulesResponse> {
  readonly operation = 'ListAutomationRules';
  constructor(input: ListAutomationRulesRequest = {}) {
    super(input);
  }
}

export class UpdateAutomationRuleCommand extends IdempotentCommand<UpdateAutomationRuleRequest, UpdateAutomationRuleResponse> {
  readonly operation = 'UpdateAutomationRule';
}

export class DeleteAutomationRuleCommand extends IdempotentCommand<DeleteAutomationRuleRequest, DeleteAutomationRuleResponse> {
  readonly operation = 'DeleteAutomationRule';
}

export class TagResourceCommand extends IdempotentCommand<TagResourceRequest, TagResourceResponse> {
  readonly operation = 'TagResource';
}

export class UntagResourceCommand extends IdempotentCommand<UntagResourceRequest, UntagResourceResponse> {
  readonly operation = 'UntagResource';
}

export class ListTagsForResourceCommand extends JsonCommand<ListTagsForResourceRequest, ListTagsForResourceResponse> {
  readonly operation = 'ListTagsForResource';
}

export class ListAccountsCommand extends JsonCommand<ListAccountsRequest, ListAccountsResponse> {
  readonly operation = 'ListAccounts';
  constructor(input: ListAccountsRequest = {}) {
    super(input);
  }
}

export class AssociateAccountsCommand extends IdempotentCommand<AssociateAccountsRequest, AssociateAccountsResponse> {
  readonly operation = 'AssociateAccounts';
}

export class DisassociateAccountsCommand extends IdempotentCommand<DisassociateAccountsRequest, DisassociateAccountsResponse> {
  readonly operation = 'DisassociateAccounts';
}

/** The configuration of a paginator, as the SDKs' `PaginationConfiguration` has it. */
export interface AutomationPaginationConfiguration {
  readonly client: ComputeOptimizerAutomationClient;
  /** `maxResults` of each page request. @default - the service's default page size */
  readonly pageSize?: number;
  /** The `nextToken` to start from. @default - the first page */
  readonly startingToken?: string;
  /** Stop when the service answers the token it was given (a service bug; the SDKs offer the same guard). @default true */
  readonly stopOnSameToken?: boolean;
}

async function* paginate<Input extends { nextToken?: string; maxResults?: number }, Output extends { nextToken?: string; $metadata: ResponseMetadata }>(
  config: AutomationPaginationConfiguration,
  input: Input,
  command: (input: Input) => AutomationCommand<Input, Output>,
): AsyncGenerator<Output, undefined, unknown> {
  let token = config.startingToken;
  for (;;) {
    const page: Input = { ...input, ...(token !== undefined ? { nextToken: token } : {}), ...(config.pageSize !== undefined ? { maxResults: config.pageSize } : {}) };
    const output = await config.client.send(command(page));
    yield output;
    const next = output.nextToken;
    if (next === undefined || next === '' || ((config.stopOnSameToken ?? true) && next === token)) return undefined;
    token = next;
  }
}

/** Every page of ListAutomationRules. */
export function paginateListAutomationRules(
  config: AutomationPaginationConfiguration,
  input: ListAutomationRulesRequest = {},
): AsyncGenerator<WithMetadata<ListAutomationRulesResponse>, undefined, unknown> {
  return paginate(config, input, (page) => new ListAutomationRulesCommand(page));
}

/** Every page of ListAccounts. */
export function paginateListAccounts(config: AutomationPaginationConfiguration, input: ListAccountsRequest = {}): AsyncGenerator<WithMetadata<ListAccountsResponse>, undefined, unknown> {
  return paginate(config, input, (page) => new ListAccountsCommand(page));
}
