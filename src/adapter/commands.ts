/**
 * The adapter's commands: `read`, `apply` and `destroy` for each kind. They take a validated payload and
 * return the result object (or undefined when there is nothing to print) or throw; they never touch argv,
 * stdout or the exit code (./cli.ts does).
 */
import {
  CONNECTION_READ,
  MAX_QUERY_BYTES,
  PayloadError,
  READ_RESULT_FIELDS,
  parseConnectionRead,
  parsePayloadText,
  partResultKey,
  type ParsedPart,
  type Payload,
  type ResourceKind,
  type Verb,
} from '../shared';
import { Clients, Handlers } from './clients';
import { AwsFailure } from './errors';
import type { RunContext } from './context';
import { HANDLERS } from './kinds';

export type CommandResult = Record<string, string> | undefined;
type AnyHandler = Partial<Record<Verb, (payload: Payload, ctx: RunContext) => Promise<CommandResult>>>;

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/**
 * Validates the untrusted payload text and runs `verb` for `kind`.
 * @throws PayloadError (bad input), AwsFailure (AWS refused, failed or did not settle)
 */
export async function runCommand(verb: Verb, kind: ResourceKind, payloadText: string, options: CommandOptions = {}): Promise<CommandResult> {
  // parsePayloadText refuses a verb the kind's descriptor does not list.
  const payload = parsePayloadText(kind, verb, payloadText);
  // The table is typed per kind; parsePayload has checked that the payload is of this kind.
  const handler = (HANDLERS[kind] as AnyHandler)[verb];
  if (!handler) throw new Error(`internal: no ${verb} handler for ${kind}`);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const clients = new Clients(payload, options.env ?? process.env, log);
  try {
    const result = await handler(payload, { clients, log });
    return result && verb === 'read' ? pickReadFields(kind, result) : result;
  } finally {
    clients.destroy();
  }
}

/** How many connections one read calls for at once (each with all its parts' calls concurrently). */
export const CONNECTIONS_AT_ONCE = 16;

/**
 * Reads every part of a connection read in one process: one set of clients per connection (sharing the
 * run's HTTP handlers), the parts' calls made concurrently (up to {@link CONNECTIONS_AT_ONCE} connections at
 * a time), and identical parts (the same kind with the same fields and connection) read once.
 * @throws PayloadError (bad input), AwsFailure (a part's read failed; the message names the part)
 */
export async function runConnectionRead(queryText: string, options: CommandOptions = {}): Promise<Record<string, string>> {
  const query = parseConnectionRead(parseJson(queryText));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = options.env ?? process.env;
  const handlers = new Handlers(env);
  const byConnection = new Map<string, ParsedPart[]>();
  for (const part of query.parts) {
    const list = byConnection.get(part.connectionId);
    if (list) list.push(part);
    else byConnection.set(part.connectionId, [part]);
  }
  const created: Clients[] = [];
  const out: Record<string, string> = {};
  const readConnection = async (parts: ParsedPart[]) => {
    const clients = new Clients(parts[0].connection, env, log, handlers);
    created.push(clients);
    const ctx: RunContext = { clients, log };
    const reads = new Map<string, Promise<Record<string, string>>>();
    const results = await Promise.all(
      parts.map((part) => {
        const same = `${part.kind}\u0000${JSON.stringify(Object.entries(part.fields).sort())}`;
        let read = reads.get(same);
        if (!read) {
          const handler = (HANDLERS[part.kind] as AnyHandler).read!;
          read = handler(part.payload, ctx).then(
            (r) => pickReadFields(part.kind, r ?? {}),
            (err: unknown) => {
              // Say which part failed: what was read, for which resource or data source.
              if (err instanceof AwsFailure) throw new AwsFailure(`reading ${part.kind} for ${part.for}: ${err.message}`);
              throw err;
            },
          );
          reads.set(same, read);
        }
        return read.then((r) => ({ part, r }));
      }),
    );
    for (const { part, r } of results) for (const [key, value] of Object.entries(r)) out[partResultKey(part.id, key)] = value;
  };
  try {
    const queue = [...byConnection.values()];
    let failure: { err: unknown } | undefined;
    const worker = async () => {
      while (!failure && queue.length > 0) {
        const parts = queue.shift()!;
        try {
          await readConnection(parts);
        } catch (err) {
          failure ??= { err };
        }
      }
    };
    // After a failure no connection starts, and those in flight finish before their clients are destroyed.
    await Promise.all(Array.from({ length: Math.min(CONNECTIONS_AT_ONCE, queue.length) }, worker));
    if (failure) throw failure.err;
    // In the parts' order, whatever order the connections finished in.
    const ordered: Record<string, string> = {};
    for (const part of query.parts) for (const key of READ_RESULT_FIELDS[part.kind]) ordered[partResultKey(part.id, key)] = out[partResultKey(part.id, key)];
    return ordered;
  } finally {
    for (const clients of created) clients.destroy();
    handlers.destroy();
  }
}

function parseJson(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_QUERY_BYTES) throw new PayloadError('(payload)', `the query is larger than ${MAX_QUERY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PayloadError('(payload)', `the query is not valid JSON: ${(err as Error).message}`);
  }
}


export { CONNECTION_READ };

/** Exactly the keys the constructs expect, in a stable order, "" for anything missing. */
function pickReadFields(kind: ResourceKind, result: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of READ_RESULT_FIELDS[kind]) out[key] = result[key] ?? '';
  return out;
}
