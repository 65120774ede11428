/**
 * `cdktf-aws-enrollment adapter <verb> <kind> [payload]`: the program Terraform runs.
 * This file and ./main.ts (the bundle entry) are the only places that read stdin, write stdout or pick
 * the exit code.
 */
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CONNECTION_READ, PayloadError, RESOURCE_KINDS, isResourceKind, type Verb } from '../shared';
import { redactText } from '../shared/redact';
import { runCommand, runConnectionRead } from './commands';
import { READ_TIMEOUT_ENV, runBound, withDeadline } from './deadline';
import { ExitCode, UsageError, exitCodeOf, oneLine } from './errors';

export const USAGE = `Usage: cdktf-aws-enrollment adapter <read|apply|destroy> <kind> [payload-json]

  read <kind>                   read the state; the payload (Terraform's external query) comes on stdin
  read ${CONNECTION_READ}          read several kinds, for one or many connections, at once (what the
                                constructs use): each part's fields come as p<N>.<field>, its results as
                                p<N>.<key>; the connection as top-level fields, or several as c<M>.<field>
                                with p<N>.connection naming each part's
  apply <kind> '<payload>'      bring AWS to the declared state and wait until it settles
  destroy <kind> '<payload>'    do what the payload's removalPolicy says ("retain" by default, or "opt-out")

Kinds: ${RESOURCE_KINDS.join(', ')}

The payload is one JSON object whose values are all strings (schema "cdktf-aws-enrollment/v1"); a payload
of "-" is read from stdin. Credentials come from the standard AWS chain (environment, profile, SSO, ...),
never from the payload. stdout carries only the result (one JSON object); progress and errors go to stderr.

Exit codes: 0 done, 1 AWS failure, not settled in time or out of time, 2 bad input.
Environment: AWS_MAX_ATTEMPTS (default 5) bounds retries of throttled or failed calls;
${READ_TIMEOUT_ENV} (default 60) bounds a read, and is the time an apply or destroy gets for its
calls on top of the payload's timeoutSeconds.
`;

const VERBS: readonly Verb[] = ['read', 'apply', 'destroy'];

export interface AdapterIo {
  readonly readStdin: () => Promise<string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

async function readProcessStdin(): Promise<string> {
  // Terraform always pipes the query; a person at a terminal would otherwise wait on a silent prompt.
  // isatty(0), not process.stdin.isTTY: creating the stdin stream costs start-up time on every plan.
  if (isatty(0)) process.stderr.write('reading the query (a JSON object of strings) from stdin; end it with Ctrl-D\n');
  try {
    // Synchronous read is the fastest path for Terraform's pipe.
    return readFileSync(0, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: AdapterIo = {
  readStdin: readProcessStdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

function parseArgs(argv: string[]): { verb: Verb; kind: string; payloadArg?: string } | 'help' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return 'help';
  const [verb, kind, payloadArg, ...extra] = argv;
  if (!(VERBS as readonly string[]).includes(verb)) {
    throw new UsageError(`unknown verb "${verb}"; use read, apply or destroy (see --help)`);
  }
  if (kind === undefined) throw new UsageError(`\`${verb}\` needs a kind: ${RESOURCE_KINDS.join(', ')}`);
  if (extra.length > 0) throw new UsageError(`unexpected extra arguments after the payload; pass the payload as one argument`);
  return { verb: verb as Verb, kind, payloadArg };
}

/** Runs the adapter; returns the exit code. */
export async function main(argv: string[], io: AdapterIo = processIo): Promise<number> {
  // Terraform shows stderr: keep it to our one-line messages (the SDK's Node.js support notice is multi-line).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let label = 'adapter';
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout(USAGE);
      return argv.length === 0 ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
    label = `adapter ${args.verb} ${args.kind}`;
    const log = (line: string) => io.stderr(`${redactText(line)}\n`);
    if (args.kind === CONNECTION_READ) {
      if (args.verb !== 'read') throw new UsageError(`kind "${CONNECTION_READ}" only supports read`);
      const query = args.payloadArg === undefined || args.payloadArg === '-' ? await io.readStdin() : args.payloadArg;
      const result = await withDeadline(runBound('read', query, io.env), () => runConnectionRead(query, { env: io.env, log }));
      io.stdout(`${JSON.stringify(result)}\n`);
      return ExitCode.OK;
    }
    if (!isResourceKind(args.kind)) {
      throw new PayloadError('kind', `unknown kind "${args.kind}"; use one of ${RESOURCE_KINDS.join(', ')} or ${CONNECTION_READ}`);
    }
    let text: string;
    if (args.verb === 'read' && (args.payloadArg === undefined || args.payloadArg === '-')) text = await io.readStdin();
    else if (args.payloadArg === '-') text = await io.readStdin();
    else if (args.payloadArg === undefined) throw new UsageError(`\`${args.verb}\` needs the payload JSON as its third argument (or "-" to read it from stdin)`);
    else text = args.payloadArg;

    const { verb, kind } = args;
    const result = await withDeadline(runBound(verb, text, io.env), () => runCommand(verb, kind, text, { env: io.env, log }));
    if (result !== undefined) io.stdout(`${JSON.stringify(result)}\n`);
    return ExitCode.OK;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`cdktf-aws-enrollment ${label}: ${redactText(oneLine(message))}\n`);
    return exitCodeOf(err);
  }
}
