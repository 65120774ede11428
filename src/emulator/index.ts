/**
 * A local, wire-compatible emulator of the AWS Compute Optimizer, Compute Optimizer Automation and Cost
 * Optimization Hub APIs we use: enrollment, Automation rules, recommendation preferences and Cost Optimization
 * Hub preferences (awsJson1_0, SigV4); plus STS (GetCallerIdentity, AssumeRole; Query protocol) and
 * Organizations (DescribeOrganization; awsJson1_1) for who the caller is. See docs/emulator.md.
 */
import { loadAccounts, type AccountsFile } from './accounts';
import type { ServiceDefinition } from './framework';
import { DEFAULT_MAX_CONNECTIONS } from './http-front';
import { ADMIN_TOKEN_PATTERN, isLoopbackBinding } from './local-access';
import { EmulatorServer } from './server';
import { automationService } from './services/automation/handler';
import { computeOptimizerService } from './services/compute-optimizer/handler';
import { costOptimizationHubService } from './services/cost-optimization-hub/handler';
import { StateStore } from './state';

export { DEFAULT_ACCOUNTS, type AccountsFile, type EmulatorAccount, type EmulatorRole, type Organisation } from './accounts';
export { signRequest } from './sigv4';
export { DEFAULT_MAX_CONNECTIONS } from './http-front';

/** How long members of an organisation stay Pending after the management account enrolls them. */
export const DEFAULT_MEMBER_ENROLLMENT_DELAY_MS = 1000;

export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Persist all state in this file (atomic writes). @default - state lives in memory */
  readonly statePath?: string;
  /** The organisation: an object or the path of a JSON file. @default DEFAULT_ACCOUNTS */
  readonly accounts?: AccountsFile | string;
  /** @default 1000 */
  readonly memberEnrollmentDelayMs?: number;
  /** Suppress diagnostics on stderr. @default false */
  readonly quiet?: boolean;
  /** Open connections served at once; more are refused with 503 ServiceUnavailableException. @default 512 (DEFAULT_MAX_CONNECTIONS) */
  readonly maxConnections?: number;
  /**
   * `Host` names the AWS routes accept besides loopback names and IP addresses (for example a container's
   * name). Others are refused, against DNS rebinding. @default []
   */
  readonly allowedHosts?: readonly string[];
  /** When set, admin requests need `Authorization: Bearer <adminToken>`. @default - no token */
  readonly adminToken?: string;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:43121`: the endpoint for all three services and the admin API. */
  readonly url: string;
  /** Waits for calls in flight (their changes are then on disk) and stops the server. */
  close(): Promise<void>;
}

export const SERVICES: readonly ServiceDefinition[] = [computeOptimizerService, automationService, costOptimizationHubService];

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accounts = loadAccounts(options.accounts);
  const delay = options.memberEnrollmentDelayMs ?? DEFAULT_MEMBER_ENROLLMENT_DELAY_MS;
  if (!Number.isInteger(delay) || delay < 0) throw new Error(`memberEnrollmentDelayMs must be a non-negative integer, got ${delay}`);
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) throw new Error(`maxConnections must be a positive integer, got ${maxConnections}`);
  if (options.adminToken !== undefined && !ADMIN_TOKEN_PATTERN.test(options.adminToken)) {
    throw new Error('the admin token must be 16-256 printable characters without spaces');
  }
  const store = new StateStore(accounts, delay, options.statePath);
  // An explicit delay beats the one remembered in the state file.
  if (options.memberEnrollmentDelayMs !== undefined) store.state.memberEnrollmentDelayMs = delay;
  // The state file is written at once (a fresh snapshot), so a crash before the first call leaves a valid file.
  const removed = await store.open();
  const quiet = options.quiet ?? false;
  if (removed.length > 0 && !quiet) process.stderr.write(`emulator: removed ${removed.length} temp file(s) left next to the state file by a killed run\n`);
  const server = new EmulatorServer({ store, accounts, services: SERVICES, quiet, maxConnections, allowedHosts: options.allowedHosts, adminToken: options.adminToken });
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackBinding(host) && !quiet) {
    process.stderr.write(
      `emulator: warning: listening on ${host} makes the emulator reachable from other machines; anyone who can reach it can read and change its state through the admin API${options.adminToken === undefined ? ' (set --admin-token to require a token)' : ''} and call the emulated AWS APIs with the published test keys; use 127.0.0.1 unless the network is yours alone\n`,
    );
  }
  let url: string;
  try {
    url = await server.listen(port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await store.close();
    if (code === 'EADDRINUSE') throw new Error(`cannot listen on ${host}:${port}: the port is in use; choose another with --port, or --port 0 for any free port`);
    throw new Error(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= server.close()),
  };
}
