/**
 * `cdktf-aws-enrollment emulator [--port N] [--host H] [--state FILE] [--accounts FILE] [--member-delay-ms N] ...`
 * Prints the URL on stdout; logs go to stderr. Resolves only after SIGINT/SIGTERM has stopped the server.
 */
import { DEFAULT_ACCOUNTS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MEMBER_ENROLLMENT_DELAY_MS, startEmulator, type EmulatorOptions } from './index';
import { ADMIN_TOKEN_PATTERN } from './local-access';
import { redactText } from '../shared/redact';

/** The admin token can also come from the environment, where other users cannot read it in `ps`. */
export const ADMIN_TOKEN_ENV = 'CDKTF_AWS_ENROLLMENT_EMULATOR_ADMIN_TOKEN';

const USAGE = `Usage: cdktf-aws-enrollment emulator [options]

Serves Compute Optimizer, Compute Optimizer Automation and Cost Optimization Hub locally: enrollment,
Automation rules, recommendation preferences and Cost Optimization Hub preferences; and STS
(GetCallerIdentity, AssumeRole) and Organizations (DescribeOrganization) for the accounts file's roles.

Options:
  --port N              TCP port (0 = any free port)             default 4566
  --host H              interface to listen on                   default 127.0.0.1
  --state FILE          persist state in FILE (atomic writes)    default: in memory
  --accounts FILE       organisation and credentials (JSON)      default: built-in organisation
  --member-delay-ms N   how long enrolled members stay Pending   default ${DEFAULT_MEMBER_ENROLLMENT_DELAY_MS}
  --max-connections N   connections served at once (more: 503)   default ${DEFAULT_MAX_CONNECTIONS}
  --allow-host NAME     accept this Host name on the AWS routes  (repeatable; loopback names and IPs always)
  --admin-token TOKEN   admin API needs "Authorization: Bearer TOKEN" (or set ${ADMIN_TOKEN_ENV})
  -h, --help            show this help

Default credentials (account id, access key id, secret access key):
${[DEFAULT_ACCOUNTS.management, ...DEFAULT_ACCOUNTS.members, ...DEFAULT_ACCOUNTS.standalone]
  .map((a) => `  ${(a.name ?? '').padEnd(13)} ${a.accountId}  ${a.accessKeyId}  ${a.secretAccessKey}`)
  .join('\n')}

Admin API: GET /_emulator/state, POST /_emulator/reset, /config, /clock, /faults, /accounts/{id}/{service}
with "Content-Type: application/json", from this machine only (see docs/emulator.md).
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): EmulatorOptions | 'help' {
  const opts: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = { port: 4566 };
  const bound = 100; // argv is short; the bound keeps the loop obviously finite
  for (let i = 0; i < argv.length && i < bound; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value; run with --help for usage`);
      return v;
    };
    const integer = (name: string): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a non-negative integer, got "${v}"`);
      return Number(v);
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--port':
        opts.port = integer('--port');
        if (opts.port > 65535) throw new UsageError(`--port must be at most 65535, got ${opts.port}`);
        break;
      case '--host':
        opts.host = value();
        break;
      case '--state':
        opts.statePath = value();
        break;
      case '--accounts':
        opts.accounts = value();
        break;
      case '--member-delay-ms':
        opts.memberEnrollmentDelayMs = integer('--member-delay-ms');
        break;
      case '--max-connections':
        opts.maxConnections = integer('--max-connections');
        if (opts.maxConnections < 1 || opts.maxConnections > 100_000) throw new UsageError(`--max-connections must be from 1 to 100000, got ${opts.maxConnections}`);
        break;
      case '--allow-host': {
        const name = value().toLowerCase();
        if (!/^[a-z0-9.-]{1,253}$/.test(name)) throw new UsageError(`--allow-host takes a host name (letters, digits, dots, hyphens), got "${name.slice(0, 60)}"`);
        opts.allowedHosts = [...(opts.allowedHosts ?? []), name];
        break;
      }
      case '--admin-token':
        opts.adminToken = value();
        if (!ADMIN_TOKEN_PATTERN.test(opts.adminToken)) throw new UsageError('--admin-token must be 16-256 printable characters without spaces');
        break;
      default:
        throw new UsageError(`unknown option "${arg}"; run with --help for usage`);
    }
  }
  return opts;
}

export async function main(argv: string[]): Promise<number> {
  let opts: EmulatorOptions | 'help';
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`cdktf-aws-enrollment emulator: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const envToken = process.env[ADMIN_TOKEN_ENV];
  if (opts.adminToken === undefined && envToken) opts = { ...opts, adminToken: envToken };
  guardProcess();
  const emulator = await startEmulator(opts);
  process.stdout.write(`${emulator.url}\n`);
  process.stderr.write(`emulator: listening on ${emulator.url}${opts.statePath ? `, state in ${opts.statePath}` : ', state in memory'}; stop with Ctrl-C\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`emulator: ${signal} received, stopping\n`);
  await emulator.close();
  return 0;
}

let guarded = false;
/**
 * The last line of defence: whatever slips past every request's own error handling is logged on one line
 * and the emulator keeps serving (its state is in memory, or on disk only up to the last acknowledged call).
 */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  const log = (what: string) => (err: unknown) => {
    process.stderr.write(`emulator: ${what} survived: ${redactText(String((err as Error)?.stack ?? err)).replace(/\s*\n\s*/g, ' | ')}\n`);
  };
  process.on('uncaughtException', log('uncaught exception'));
  process.on('unhandledRejection', log('unhandled rejection'));
}
