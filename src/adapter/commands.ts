/**
 * The adapter's commands: `read`, `apply` and `destroy` for each kind. They take a validated payload and
 * return the result object (or undefined when there is nothing to print) or throw; they never touch argv,
 * stdout or the exit code (./cli.ts does).
 */
import { READ_RESULT_FIELDS, parsePayloadText, type Payload, type ResourceKind, type Verb } from '../shared';
import { Clients } from './clients';
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

/** Exactly the keys the constructs expect, in a stable order, "" for anything missing. */
function pickReadFields(kind: ResourceKind, result: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of READ_RESULT_FIELDS[kind]) out[key] = result[key] ?? '';
  return out;
}
