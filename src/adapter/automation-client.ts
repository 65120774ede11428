/**
 * A minimal Compute Optimizer Automation client (awsJson1_0 over SigV4), because AWS publishes no
 * `@aws-sdk/client-compute-optimizer-automation` yet. It is shaped like the generated SDK clients
 * (`client.send(new XCommand(input))`, errors with `name`, `$fault` and `$metadata`) so that swapping in the
 * official package later only changes the import in ./clients.ts.
 *
 * Requests match what the aws CLI sends: POST /, `X-Amz-Target: ComputeOptimizerAutomationService.<Op>`,
 * `Content-Type: application/x-amz-json-1.0`, the input as a JSON object (`{}` when empty), and a generated
 * `clientToken` for UpdateEnrollmentConfiguration when the caller gives none (the model's idempotency token).
 * test/adapter/automation-wire.test.ts compares both against a capturing server.
 */
import { randomUUID } from 'node:crypto';
import { isThrottlingError, isTransientError, isServerError } from '@smithy/core/retry';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2, RetryErrorInfo } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { Services } from '../shared';
import { BoundedHttpHandler, collectNodeStream, type RequestHandlerLike } from './http';
import type { AutomationEnrollmentStatus, OrganizationRuleMode } from '../shared';

const SERVICE = Services.automation;

// ------------------------------------------------------------------------------------------------------
// Shapes (compute-optimizer-automation 2025-09-22)
// ------------------------------------------------------------------------------------------------------

export type GetEnrollmentConfigurationRequest = Record<string, never>;
export interface GetEnrollmentConfigurationResponse {
  status: AutomationEnrollmentStatus;
  statusReason?: string;
  organizationRuleMode?: OrganizationRuleMode;
  lastUpdatedTimestamp?: Date;
}
export interface UpdateEnrollmentConfigurationRequest {
  status: AutomationEnrollmentStatus;
  /** 1-64 of [a-zA-Z0-9_-]; generated when omitted (as the SDKs do). */
  clientToken?: string;
}
export interface UpdateEnrollmentConfigurationResponse {
  status: AutomationEnrollmentStatus;
  statusReason?: string;
  lastUpdatedTimestamp: Date;
}

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}

/** The base of every command: operation name plus input, and how to decode the output. */
export abstract class AutomationCommand<Input extends object, Output> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
  /** @internal */
  serialize(): Record<string, unknown> {
    return { ...(this.input as Record<string, unknown>) };
  }
  /** @internal */
  abstract deserialize(body: Record<string, unknown>): Output;
}

function toDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  if (typeof value === 'string' && value !== '') return new Date(value);
  return undefined;
}

export class GetEnrollmentConfigurationCommand extends AutomationCommand<
  GetEnrollmentConfigurationRequest,
  GetEnrollmentConfigurationResponse & { $metadata: ResponseMetadata }
> {
  readonly operation = 'GetEnrollmentConfiguration';
  constructor(input: GetEnrollmentConfigurationRequest = {}) {
    super(input);
  }
  deserialize(body: Record<string, unknown>) {
    return {
      status: body.status as AutomationEnrollmentStatus,
      statusReason: body.statusReason as string | undefined,
      organizationRuleMode: body.organizationRuleMode as OrganizationRuleMode | undefined,
      lastUpdatedTimestamp: toDate(body.lastUpdatedTimestamp),
      $metadata: {},
    };
  }
}

export class UpdateEnrollmentConfigurationCommand extends AutomationCommand<
  UpdateEnrollmentConfigurationRequest,
  UpdateEnrollmentConfigurationResponse & { $metadata: ResponseMetadata }
> {
  readonly operation = 'UpdateEnrollmentConfiguration';
  serialize() {
    // Same member order and idempotency-token behaviour as the aws CLI.
    return { status: this.input.status, clientToken: this.input.clientToken ?? randomUUID() };
  }
  deserialize(body: Record<string, unknown>) {
    return {
      status: body.status as AutomationEnrollmentStatus,
      statusReason: body.statusReason as string | undefined,
      lastUpdatedTimestamp: toDate(body.lastUpdatedTimestamp) as Date,
      $metadata: {},
    };
  }
}

/** Errors carry the AWS error code as `name`, like SDK service exceptions. */
export class ComputeOptimizerAutomationServiceException extends Error {
  readonly $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  $retryable?: { throttling?: boolean };
  constructor(name: string, message: string, fault: 'client' | 'server', metadata: ResponseMetadata) {
    super(message);
    this.name = name;
    this.$fault = fault;
    this.$metadata = metadata;
  }
}

export interface ComputeOptimizerAutomationClientConfig {
  readonly region: string;
  /** e.g. the emulator. @default https://aco-automation.{region}.amazonaws.com */
  readonly endpoint?: string;
  readonly credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** @default 3 (the SDK default) */
  readonly maxAttempts?: number;
  readonly retryStrategy?: RetryStrategyV2;
  /** @default - a handler that ends each attempt after 10 s, answer included */
  readonly requestHandler?: RequestHandlerLike;
  /** Appended to the User-Agent header, as the SDK clients take it. */
  readonly customUserAgent?: string | [string, string][];
}

function errorCode(raw: string | undefined, body: Record<string, unknown>): string {
  // awsJson1_0 puts the code in X-Amzn-ErrorType or `__type`, either possibly namespaced and/or suffixed.
  const source = raw ?? (typeof body.__type === 'string' ? body.__type : typeof body.code === 'string' ? body.code : 'UnknownError');
  return source.split(':')[0].split('#').pop() || 'UnknownError';
}

export class ComputeOptimizerAutomationClient {
  readonly config: ComputeOptimizerAutomationClientConfig;
  private readonly signer: SignatureV4;
  private readonly handler: RequestHandlerLike;
  private readonly retryStrategy: RetryStrategyV2;
  private readonly url: URL;
  private readonly userAgent: string;

  constructor(config: ComputeOptimizerAutomationClientConfig) {
    this.config = config;
    this.url = new URL(config.endpoint ?? `https://${SERVICE.signingName}.${config.region}.amazonaws.com`);
    this.signer = new SignatureV4({
      credentials: config.credentials,
      region: config.region,
      service: SERVICE.signingName,
      sha256: Hash.bind(null, 'sha256'),
    });
    this.handler = config.requestHandler ?? new BoundedHttpHandler(10_000, (r) => `Compute Optimizer Automation ${String(r.headers['x-amz-target']).split('.')[1]}`);
    const extra = config.customUserAgent;
    const suffix = typeof extra === 'string' ? extra : (extra ?? []).map(([name, version]) => `${name}/${version}`).join(' ');
    this.userAgent = `aco-automation-client/1 lang/js md/nodejs#${process.versions.node}${suffix ? ` ${suffix}` : ''}`;
    this.retryStrategy = config.retryStrategy ?? new StandardRetryStrategy(config.maxAttempts ?? 3);
  }

  async send<Input extends object, Output extends { $metadata: ResponseMetadata }>(
    command: AutomationCommand<Input, Output>,
  ): Promise<Output> {
    // Serialized once so every retry of this call sends the same body, including the idempotency token.
    const body = JSON.stringify(command.serialize());
    let token = await this.retryStrategy.acquireInitialRetryToken(`${SERVICE.targetPrefix}:${command.operation}`);
    let attempts = 0;
    let totalRetryDelay = 0;
    for (;;) {
      attempts++;
      try {
        const output = await this.attempt(command, body, attempts);
        this.retryStrategy.recordSuccess(token);
        output.$metadata = { ...output.$metadata, attempts, totalRetryDelay };
        return output;
      } catch (error) {
        const err = error as ComputeOptimizerAutomationServiceException;
        err.$metadata = { ...(err.$metadata ?? {}), attempts, totalRetryDelay };
        const before = Date.now();
        try {
          token = await this.retryStrategy.refreshRetryTokenForRetry(token, classify(err));
        } catch {
          throw err;
        }
        totalRetryDelay += Date.now() - before;
      }
    }
  }

  private async attempt<Output extends { $metadata: ResponseMetadata }>(
    command: AutomationCommand<object, Output>,
    body: string,
    attempt: number,
  ): Promise<Output> {
    const request = new HttpRequest({
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      method: 'POST',
      path: this.url.pathname || '/',
      headers: {
        host: this.url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `${SERVICE.targetPrefix}.${command.operation}`,
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': this.userAgent,
        'amz-sdk-request': `attempt=${attempt}`,
      },
      body,
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.handler.handle(signed as HttpRequest);
    const text = await readBody(response.body);
    const requestId = header(response.headers, 'x-amzn-requestid');
    const metadata: ResponseMetadata = { httpStatusCode: response.statusCode, requestId };
    let parsed: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        if (response.statusCode < 300) {
          throw new ComputeOptimizerAutomationServiceException('SerializationException', `the response was not JSON: ${text.slice(0, 120)}`, 'server', metadata);
        }
      }
    }
    if (response.statusCode >= 300) {
      const name = errorCode(header(response.headers, 'x-amzn-errortype'), parsed);
      const message = String(parsed.message ?? parsed.Message ?? `HTTP ${response.statusCode}`);
      throw new ComputeOptimizerAutomationServiceException(name, message, response.statusCode >= 500 ? 'server' : 'client', metadata);
    }
    const output = command.deserialize(parsed);
    output.$metadata = metadata;
    return output;
  }

  destroy(): void {
    this.handler.destroy();
  }
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

async function readBody(stream: unknown): Promise<string> {
  return Buffer.from(await collectNodeStream(stream)).toString('utf8');
}

/** The same classification the SDK's retry middleware feeds the strategy. */
function classify(error: ComputeOptimizerAutomationServiceException): RetryErrorInfo {
  const err = error as unknown as Parameters<typeof isThrottlingError>[0];
  const errorType = isThrottlingError(err)
    ? 'THROTTLING'
    : isTransientError(err)
      ? 'TRANSIENT'
      : isServerError(err)
        ? 'SERVER_ERROR'
        : 'CLIENT_ERROR';
  return { errorType };
}
