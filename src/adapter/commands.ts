/**
 * The adapter's commands: `read`, `apply` and `destroy` for each kind. They take a validated payload and
 * return the result object (or undefined when there is nothing to print) or throw; they never touch argv,
 * stdout or the exit code (./cli.ts does).
 */
import { KIND_VERBS, READ_RESULT_FIELDS, parsePayloadText, type Payload, type ResourceKind, type Verb } from '../shared';
import { Clients } from './clients';
import * as automation from './kinds/automation';
import * as computeOptimizer from './kinds/compute-optimizer';
import type { RunContext } from './kinds/context';
import * as costOptimizationHub from './kinds/cost-optimization-hub';

export type CommandResult = Record<string, string> | undefined;
type Handler = (payload: Payload, ctx: RunContext) => Promise<CommandResult>;
type Handlers = Partial<Record<Verb, Handler>>;

// Static imports on purpose: they let esbuild drop every SDK command the adapter does not use, which
// measured faster at start-up (about 7 ms of CPU) than requiring each kind's module lazily, because a
// lazily required module keeps its whole SDK package. The table erases the per-kind payload types once,
// here, after parsePayload has checked the kind.
const HANDLERS: Record<ResourceKind, Handlers> = {
  'compute-optimizer-enrollment': {
    read: computeOptimizer.readComputeOptimizerEnrollment,
    apply: computeOptimizer.applyComputeOptimizerEnrollment,
    destroy: computeOptimizer.destroyComputeOptimizerEnrollment,
  } as Handlers,
  'compute-optimizer-organization-statuses': { read: computeOptimizer.readComputeOptimizerOrganizationStatuses } as Handlers,
  'automation-enrollment': {
    read: automation.readAutomationEnrollment,
    apply: automation.applyAutomationEnrollment,
    destroy: automation.destroyAutomationEnrollment,
  } as Handlers,
  'cost-optimization-hub-enrollment': {
    read: costOptimizationHub.readCostOptimizationHubEnrollment,
    apply: costOptimizationHub.applyCostOptimizationHubEnrollment,
    destroy: costOptimizationHub.destroyCostOptimizationHubEnrollment,
  } as Handlers,
  'cost-optimization-hub-enrollment-statuses': { read: costOptimizationHub.readCostOptimizationHubEnrollmentStatuses } as Handlers,
};

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/**
 * Validates the untrusted payload text and runs `verb` for `kind`.
 * @throws PayloadError (bad input), AwsFailure (AWS refused, failed or did not settle)
 */
export async function runCommand(verb: Verb, kind: ResourceKind, payloadText: string, options: CommandOptions = {}): Promise<CommandResult> {
  const payload = parsePayloadText(kind, verb, payloadText);
  const handler = HANDLERS[kind][verb];
  if (!handler || !KIND_VERBS[kind].includes(verb)) throw new Error(`internal: no ${verb} handler for ${kind}`);
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
