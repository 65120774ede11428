/**
 * A Terraform provider server for `hashicorp/external`, reachable through Terraform's reattach route.
 *
 * Why reattach: Terraform connects to an already running plugin when TF_REATTACH_PROVIDERS names it, with no
 * download, lock-file entry, handshake, mTLS or process management. `Test: true` is required for protocol 6
 * (without it go-plugin negotiates no version and Terraform falls back to protocol 5). The server lives in the
 * calling (test) process, so callers must run terraform asynchronously: a blocking spawnSync would starve it.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DATA_SOURCE_TYPE,
  Diagnostic,
  ProgramContext,
  externalSchema,
  readExternal,
  validateExternalConfig,
} from './external-data-source';
import { DynamicValueMessage, TfValue, decodeDynamicValue, encodeDynamicValue, isKnown } from './values';

const PROTO_PATH = path.join(__dirname, 'tfplugin6-external.proto');

/** Provider source addresses the reattach entry is registered under (both spellings Terraform accepts). */
const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/external';

export interface ExternalProviderOptions {
  /**
   * Environment of the programs the data source runs. The real provider inherits Terraform's environment,
   * so pass the same variables you give terraform. Changeable later with `setProgramContext`.
   * @default process.env
   */
  readonly programEnv?: Record<string, string | undefined>;
  /** Working directory of programs without `working_dir` (the real provider uses Terraform's). @default process.cwd() */
  readonly programCwd?: string;
  /** @default 120000 */
  readonly programTimeoutMs?: number;
  /** Log file (one line per RPC). @default a file in the server's temporary directory, removed by `close` unless E2E_KEEP=1 */
  readonly logPath?: string;
}

export interface ExternalProvider {
  /** Variables to add to terraform's environment so it uses this server for hashicorp/external. */
  readonly env: Record<string, string>;
  /** Where the server logs every RPC and program run. */
  readonly logPath: string;
  /** RPC names in the order they were served (for assertions about what Terraform called). */
  readonly calls: readonly string[];
  /** Sets the environment and working directory later reads run programs with. */
  setProgramContext(context: { env?: Record<string, string | undefined>; cwd?: string }): void;
  close(): Promise<void>;
}

type Handler<Req, Res> = (req: Req) => Res | Promise<Res>;

function loadProviderService(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(PROTO_PATH, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    tfplugin6: { Provider: grpc.ServiceClientConstructor };
  };
  return pkg.tfplugin6.Provider.service;
}

const errorDiag = (summary: string, detail: string): Diagnostic => ({ severity: 'ERROR', summary, detail });

function unknownType(typeName: string): Diagnostic {
  return errorDiag('Data Source Type Not Found', `The data source type "${typeName}" is not supported by this provider (it serves only "${DATA_SOURCE_TYPE}").`);
}

/** Starts the server on a fresh unix socket and returns the environment that points terraform at it. */
export async function startExternalProvider(options: ExternalProviderOptions = {}): Promise<ExternalProvider> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfext-'));
  const socketPath = path.join(dir, 'provider.sock');
  const logPath = options.logPath ?? path.join(dir, 'provider.log');
  const log = (line: string) => {
    try {
      appendFileSync(logPath, `${new Date().toISOString()} ${line}\n`);
    } catch {
      // logging must never break a Terraform run
    }
  };

  const ctx: ProgramContext = {
    env: options.programEnv ?? { ...process.env },
    cwd: options.programCwd ?? process.cwd(),
    timeoutMs: options.programTimeoutMs ?? 120_000,
  };
  const running = new Set<() => void>();
  const calls: string[] = [];

  const handlers: Record<string, Handler<any, unknown>> = {
    GetMetadata: () => ({
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: false },
      data_sources: [{ type_name: DATA_SOURCE_TYPE }],
    }),
    GetProviderSchema: () => ({
      // Terraform rejects a missing provider schema; the real provider has an empty one.
      provider: { version: 0, block: { version: 0 } },
      data_source_schemas: { [DATA_SOURCE_TYPE]: externalSchema() },
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: false },
    }),
    ValidateProviderConfig: () => ({}),
    ConfigureProvider: (req: { terraform_version?: string }) => {
      log(`configured by Terraform ${req.terraform_version ?? '?'}`);
      return {};
    },
    ValidateDataResourceConfig: (req: { type_name: string; config?: DynamicValueMessage }) => {
      if (req.type_name !== DATA_SOURCE_TYPE) return { diagnostics: [unknownType(req.type_name)] };
      return { diagnostics: validateExternalConfig(decodeDynamicValue(req.config)) };
    },
    ReadDataSource: async (req: { type_name: string; config?: DynamicValueMessage }) => {
      if (req.type_name !== DATA_SOURCE_TYPE) return { diagnostics: [unknownType(req.type_name)] };
      const config = decodeDynamicValue(req.config);
      if (config === null || typeof config !== 'object' || Array.isArray(config) || !isKnown(config)) {
        // Terraform only reads with a wholly known configuration; anything else is a protocol error.
        return { diagnostics: [errorDiag('Invalid Data Source Configuration', 'ReadDataSource received a null or partly unknown configuration.')] };
      }
      const started = Date.now();
      const outcome = await readExternal(config as Record<string, TfValue>, ctx, running);
      const program = Array.isArray(config.program) ? config.program.join(' ') : '?';
      log(
        `read ${program} in ${Date.now() - started} ms: ` +
          (outcome.state ? `ok, ${Object.keys(outcome.state.result as object).length} result keys` : outcome.diagnostics.map((d) => d.summary).join('; ')),
      );
      if (!outcome.state) return { diagnostics: outcome.diagnostics };
      return { state: encodeDynamicValue(outcome.state), diagnostics: outcome.diagnostics };
    },
    StopProvider: () => {
      for (const kill of running) kill();
      return {};
    },
  };

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers)) {
    implementation[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      calls.push(name);
      log(`rpc ${name}`);
      Promise.resolve()
        .then(() => handler(call.request))
        .then(
          (res) => callback(null, res),
          (err: Error) => {
            log(`rpc ${name} failed: ${err.stack ?? err.message}`);
            callback({ code: grpc.status.INTERNAL, details: `external provider stand-in: ${err.message}` });
          },
        );
    };
  }

  const server = new grpc.Server();
  server.addService(loadProviderService(), implementation);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())),
  );
  log(`listening on ${socketPath} (pid ${process.pid})`);

  const reattach = {
    [PROVIDER_ADDRESS]: {
      Protocol: 'grpc',
      ProtocolVersion: 6,
      Pid: process.pid,
      Test: true,
      Addr: { Network: 'unix', String: socketPath },
    },
  };

  let closed = false;
  return {
    env: { TF_REATTACH_PROVIDERS: JSON.stringify(reattach) },
    logPath,
    calls,
    setProgramContext(context) {
      if (context.env) ctx.env = context.env;
      if (context.cwd) ctx.cwd = context.cwd;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const kill of running) kill();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      // E2E_KEEP=1 keeps the log next to the kept stack directories, for debugging a failed run.
      if (options.logPath || process.env.E2E_KEEP === '1') rmSync(socketPath, { force: true });
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
