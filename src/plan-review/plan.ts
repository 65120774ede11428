/**
 * Reading `terraform show -json <planfile>` output: the subset of the plan representation the review uses,
 * and the checks that turn every kind of wrong input into one readable line (exit 2) instead of a crash.
 *
 * @see https://developer.hashicorp.com/terraform/internals/json-format
 */

/** Bad input: the CLI prints the message as one line and exits 2. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

export interface PlanResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: unknown;
  readonly deposed?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: unknown;
    readonly after: unknown;
    readonly after_unknown?: unknown;
    readonly replace_paths?: unknown;
  };
  readonly action_reason?: string;
}

export interface PlanStateResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly values?: Record<string, unknown>;
}

export interface PlanStateModule {
  readonly resources?: readonly PlanStateResource[];
  readonly child_modules?: readonly PlanStateModule[];
}

export interface PlanCheckInstance {
  readonly address?: { readonly to_display?: string };
  readonly status?: string;
  readonly problems?: readonly { readonly message?: string }[];
}

export interface PlanCheck {
  readonly address: { readonly kind?: string; readonly name?: string; readonly module?: string; readonly to_display?: string };
  readonly status: string;
  readonly instances?: readonly PlanCheckInstance[];
}

/** What the review needs from a plan, validated. */
export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  /** When the plan was made (RFC 3339); absent from plans older than Terraform 1.5. */
  readonly timestamp?: string;
  readonly resource_changes: readonly PlanResourceChange[];
  readonly prior_state?: { readonly values?: { readonly root_module?: PlanStateModule } };
  readonly checks: readonly PlanCheck[];
  readonly errored: boolean;
  readonly complete: boolean;
}

/** Plan representation major version this reader understands (Terraform 1.0 and later write "1.x"). */
export const SUPPORTED_FORMAT_MAJOR = 1;

const HOW_TO = 'pass the output of `terraform show -json <planfile>`';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonError(source: string, text: string, err: Error): string {
  const message = err.message;
  // Node reports a file cut short as "Unexpected end of JSON input" or an unterminated string at its end.
  const atPosition = /at position (\d+)/.exec(message);
  const position = atPosition ? Number(atPosition[1]) : undefined;
  // A file cut right after `{`, `,` or `:` fails with a syntax error at its very end ("Expected double-quoted
  // property name ... at position <length>"): that is truncation too.
  const endsEarly =
    /Unexpected end of JSON input/.test(message) ||
    (/Unterminated string/.test(message) && position !== undefined && position >= text.trimEnd().length - 1) ||
    (position !== undefined && position >= text.trimEnd().length);
  if (endsEarly && /^\s*[{[]/.test(text)) {
    return `${source} is truncated: the JSON ends after ${text.length} characters before it is complete; regenerate it with \`terraform show -json <planfile>\` and make sure the whole output was saved`;
  }
  const firstLine = text.split('\n', 1)[0];
  if (/Unexpected non-whitespace character after JSON/.test(message) && /"@level"|"@message"/.test(firstLine)) {
    return `${source} is the log of \`terraform plan -json\` (one JSON object per line), not a plan; ${HOW_TO}`;
  }
  return `${source} is not JSON (${message.replace(/\s+/g, ' ').slice(0, 120)}); ${HOW_TO}`;
}

function requireArray(source: string, doc: Record<string, unknown>, key: string): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new PlanInputError(`${source} is not a valid Terraform plan: \`${key}\` must be a list, got ${typeof value}; ${HOW_TO}`);
  }
  return value;
}

function validateResourceChange(source: string, value: unknown, index: number): PlanResourceChange {
  const where = `${source}: resource_changes[${index}]`;
  if (!isObject(value)) throw new PlanInputError(`${where} is not an object; the plan is damaged, regenerate it with \`terraform show -json\``);
  if (typeof value.address !== 'string' || typeof value.type !== 'string') {
    throw new PlanInputError(`${where} has no \`address\` or \`type\`; the plan is damaged, regenerate it with \`terraform show -json\``);
  }
  const change = value.change;
  if (!isObject(change) || !Array.isArray(change.actions) || !change.actions.every((a) => typeof a === 'string')) {
    throw new PlanInputError(`${where} (${value.address}) has no \`change.actions\` list; the plan is damaged, regenerate it with \`terraform show -json\``);
  }
  return value as unknown as PlanResourceChange;
}

function validateCheck(source: string, value: unknown, index: number): PlanCheck {
  if (!isObject(value) || !isObject(value.address) || typeof value.status !== 'string') {
    throw new PlanInputError(`${source}: checks[${index}] has no \`address\` or \`status\`; the plan is damaged, regenerate it with \`terraform show -json\``);
  }
  return value as unknown as PlanCheck;
}

/**
 * Parses and validates the text of one `terraform show -json` plan. `source` names the input in messages
 * (a file path, or "stdin"). Throws {@link PlanInputError} with one line that says what is wrong and what to do.
 */
export function parsePlan(source: string, text: string): TerraformPlan {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new PlanInputError(`${source} is empty; ${HOW_TO}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new PlanInputError(describeJsonError(source, body, err as Error));
  }
  if (!isObject(doc)) {
    const got = Array.isArray(doc) ? 'a list' : doc === null ? 'null' : `a ${typeof doc}`;
    throw new PlanInputError(`${source} is JSON but not a Terraform plan (the top level is ${got}, not an object); ${HOW_TO}`);
  }
  const hasPlanKeys = 'resource_changes' in doc || 'planned_values' in doc;
  if (typeof doc.format_version !== 'string' || !hasPlanKeys) {
    if (typeof doc.format_version === 'string' && 'values' in doc) {
      throw new PlanInputError(`${source} is Terraform state, not a plan (it has \`values\` but no \`planned_values\`); run \`terraform plan -out=tfplan\` and ${HOW_TO.replace('<planfile>', 'tfplan')}`);
    }
    if ('resource' in doc || 'terraform' in doc || '//' in doc) {
      throw new PlanInputError(`${source} is a Terraform configuration (e.g. cdktf.out/stacks/*/cdk.tf.json), not a plan; run \`terraform plan -out=tfplan\` in that directory and ${HOW_TO.replace('<planfile>', 'tfplan')}`);
    }
    throw new PlanInputError(`${source} is JSON but not a Terraform plan (no \`format_version\` with \`resource_changes\` or \`planned_values\`); ${HOW_TO}`);
  }
  const version = doc.format_version;
  const major = /^(\d+)\.\d+/.exec(version);
  if (!major || Number(major[1]) !== SUPPORTED_FORMAT_MAJOR) {
    throw new PlanInputError(`${source} has plan format_version "${version.slice(0, 20)}", which this version cannot read (it reads ${SUPPORTED_FORMAT_MAJOR}.x, written by Terraform 1.0 and later); use a matching Terraform or upgrade cdktf-aws-enrollment`);
  }
  const resourceChanges = requireArray(source, doc, 'resource_changes').map((rc, i) => validateResourceChange(source, rc, i));
  const checks = requireArray(source, doc, 'checks').map((c, i) => validateCheck(source, c, i));
  const prior = isObject(doc.prior_state) ? (doc.prior_state as TerraformPlan['prior_state']) : undefined;
  return {
    format_version: version,
    terraform_version: typeof doc.terraform_version === 'string' ? doc.terraform_version : undefined,
    timestamp: typeof doc.timestamp === 'string' ? doc.timestamp : undefined,
    resource_changes: resourceChanges,
    prior_state: prior,
    checks,
    errored: doc.errored === true,
    // Older 1.x plans have no `complete`; they were always complete.
    complete: doc.complete !== false,
  };
}

/** Every resource in a state module tree (prior_state holds the data sources read while planning). */
export function stateResources(module: PlanStateModule | undefined): PlanStateResource[] {
  const out: PlanStateResource[] = [];
  const pending: PlanStateModule[] = module ? [module] : [];
  // A bounded walk: module trees are shallow, but the input is untrusted.
  for (let steps = 0; pending.length > 0 && steps < 100_000; steps++) {
    const current = pending.shift()!;
    if (Array.isArray(current.resources)) {
      for (const r of current.resources) if (isObject(r) && typeof r.address === 'string') out.push(r as unknown as PlanStateResource);
    }
    if (Array.isArray(current.child_modules)) {
      for (const child of current.child_modules) if (isObject(child)) pending.push(child);
    }
  }
  return out;
}
