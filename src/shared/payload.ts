/**
 * The adapter's payload schema: resource kinds, their fields and the connection settings, defined once.
 *
 * The constructs generate payloads from this module, the adapter validates what it receives against it,
 * and the plan review recognises our resources by the `schema` marker it defines.
 *
 * Wire format (the same for `read` queries on stdin and `apply`/`destroy` payloads in argv): one flat JSON
 * object whose values are all strings, because Terraform's `external` data source only carries strings and
 * because the destroy provisioner re-sends `self.input` as it was stored. Booleans are "true"/"false",
 * integers are decimal strings, lists are comma-separated.
 */
import {
  COST_OPTIMIZATION_HUB_REGION,
  ComputeOptimizerStatus,
  CostOptimizationHubStatus,
  DECLARABLE_STATUSES,
  Limits,
  Patterns,
  RemovalPolicy,
} from './enums';

/** The marker every payload carries; the plan review recognises our resources by it, never by names. */
export const PAYLOAD_SCHEMA = 'cdktf-aws-enrollment/v1';

/**
 * `triggers_replace` of the removal companion the constructs add for `removalPolicy: "opt-out"` (it carries the
 * destroy step and is never replaced); the plan review tells it apart from the enrollment by this.
 */
export const REMOVAL_COMPANION_TRIGGERS = { role: 'removal' } as const;

/** One kind per AWS concept. */
export const ResourceKind = {
  COMPUTE_OPTIMIZER_ENROLLMENT: 'compute-optimizer-enrollment',
  COMPUTE_OPTIMIZER_ORGANIZATION_STATUSES: 'compute-optimizer-organization-statuses',
  AUTOMATION_ENROLLMENT: 'automation-enrollment',
  COST_OPTIMIZATION_HUB_ENROLLMENT: 'cost-optimization-hub-enrollment',
  COST_OPTIMIZATION_HUB_ENROLLMENT_STATUSES: 'cost-optimization-hub-enrollment-statuses',
} as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];
export const RESOURCE_KINDS: readonly ResourceKind[] = Object.values(ResourceKind);

export const Verb = { READ: 'read', APPLY: 'apply', DESTROY: 'destroy' } as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

/** Which verbs each kind supports. Listings are read-only. */
export const KIND_VERBS: Readonly<Record<ResourceKind, readonly Verb[]>> = {
  'compute-optimizer-enrollment': ['read', 'apply', 'destroy'],
  'compute-optimizer-organization-statuses': ['read'],
  'automation-enrollment': ['read', 'apply', 'destroy'],
  'cost-optimization-hub-enrollment': ['read', 'apply', 'destroy'],
  'cost-optimization-hub-enrollment-statuses': ['read'],
};

/** The AWS service each kind talks to (for messages and the plan review). */
export const KIND_SERVICE: Readonly<Record<ResourceKind, string>> = {
  'compute-optimizer-enrollment': 'Compute Optimizer',
  'compute-optimizer-organization-statuses': 'Compute Optimizer',
  'automation-enrollment': 'Compute Optimizer Automation',
  'cost-optimization-hub-enrollment': 'Cost Optimization Hub',
  'cost-optimization-hub-enrollment-statuses': 'Cost Optimization Hub',
};

// ---------------------------------------------------------------------------------------------------------
// Field specifications
// ---------------------------------------------------------------------------------------------------------

type FieldSpec =
  | { type: 'string'; pattern: RegExp; maxLength: number; describe: string }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'boolean' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'enumList'; values: readonly string[] };

interface FieldDef {
  readonly spec: FieldSpec;
  readonly required?: boolean;
}

const CONNECTION_FIELDS = {
  region: {
    required: true,
    spec: { type: 'string', pattern: /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/, maxLength: 32, describe: 'an AWS region such as "us-east-1"' },
  },
  profile: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9_.+@:\/-]{1,128}$/, maxLength: 128, describe: 'a profile name of letters, digits and _.+@:/-' },
  },
  roleArn: {
    spec: {
      type: 'string',
      pattern: /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/,
      maxLength: 2048,
      describe: 'an IAM role ARN such as "arn:aws:iam::123456789012:role/Name"',
    },
  },
  roleSessionName: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9+=,.@_-]{2,64}$/, maxLength: 64, describe: '2-64 characters of letters, digits and +=,.@_-' },
  },
  externalId: {
    spec: { type: 'string', pattern: /^[A-Za-z0-9+=,.@:\/_-]{2,1224}$/, maxLength: 1224, describe: '2-1224 characters of letters, digits and +=,.@:/_-' },
  },
  endpoint: {
    spec: { type: 'string', pattern: /^https?:\/\/[A-Za-z0-9.\-\[\]:]+(\/[A-Za-z0-9._~\/-]*)?$/, maxLength: 2048, describe: 'an http(s) URL such as "http://127.0.0.1:4566"' },
  },
} as const satisfies Record<string, FieldDef>;

/** The connection fields, in payload order (the constructs resolve these per construct or per scope). */
export const CONNECTION_FIELD_NAMES = Object.keys(CONNECTION_FIELDS) as (keyof typeof CONNECTION_FIELDS)[];

const COMMON_FIELDS = {
  schema: { required: true, spec: { type: 'enum', values: [PAYLOAD_SCHEMA] } },
  kind: { required: true, spec: { type: 'enum', values: Object.values(ResourceKind) } },
  ...CONNECTION_FIELDS,
} as const satisfies Record<string, FieldDef>;

const WRITE_FIELDS = {
  status: { required: true, spec: { type: 'enum', values: DECLARABLE_STATUSES } },
  removalPolicy: { spec: { type: 'enum', values: Object.values(RemovalPolicy) } },
  timeoutSeconds: { spec: { type: 'integer', min: 1, max: 86400 } },
} as const satisfies Record<string, FieldDef>;

const KIND_FIELDS = {
  'compute-optimizer-enrollment': {
    ...WRITE_FIELDS,
    includeMemberAccounts: { spec: { type: 'boolean' } },
    acknowledgeRecommendationDataDeletion: { spec: { type: 'boolean' } },
  },
  'compute-optimizer-organization-statuses': {
    statusFilter: { spec: { type: 'enumList', values: Object.values(ComputeOptimizerStatus) } },
    pageSize: { spec: { type: 'integer', min: 1, max: Limits.computeOptimizerOrganizationMaxResults.max } },
  },
  'automation-enrollment': {
    ...WRITE_FIELDS,
  },
  'cost-optimization-hub-enrollment': {
    ...WRITE_FIELDS,
    includeMemberAccounts: { spec: { type: 'boolean' } },
  },
  'cost-optimization-hub-enrollment-statuses': {
    accountId: { spec: { type: 'string', pattern: Patterns.accountId, maxLength: 12, describe: 'a 12-digit AWS account id' } },
    includeOrganizationInfo: { spec: { type: 'boolean' } },
    pageSize: { spec: { type: 'integer', min: 1, max: Limits.costOptimizationHubMaxResults.max } },
  },
} as const satisfies Record<ResourceKind, Record<string, FieldDef>>;

// ---------------------------------------------------------------------------------------------------------
// Typed payloads
// ---------------------------------------------------------------------------------------------------------

/** Where and as whom the adapter calls AWS. Credentials are never part of it: they come from the AWS chain. */
export interface Connection {
  readonly region: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  /** Endpoint override, e.g. the local emulator. */
  readonly endpoint?: string;
}

interface Base<K extends ResourceKind> extends Connection {
  readonly schema: typeof PAYLOAD_SCHEMA;
  readonly kind: K;
}

interface WriteBase {
  readonly status: (typeof DECLARABLE_STATUSES)[number];
  /** @default "retain" */
  readonly removalPolicy?: RemovalPolicy;
  /** How long apply waits for `Pending` to settle. @default 600 */
  readonly timeoutSeconds?: number;
}

export interface ComputeOptimizerEnrollmentPayload extends Base<'compute-optimizer-enrollment'>, WriteBase {
  /** @default false */
  readonly includeMemberAccounts?: boolean;
  /** Must be true for `removalPolicy: "opt-out"`: opting out deletes recommendation data. @default false */
  readonly acknowledgeRecommendationDataDeletion?: boolean;
}
export interface ComputeOptimizerOrganizationStatusesPayload extends Base<'compute-optimizer-organization-statuses'> {
  /** Only accounts with these statuses. @default - all */
  readonly statusFilter?: readonly ComputeOptimizerStatus[];
  /** Page size for each call. @default 100 (the documented maximum for this operation: fewest calls) */
  readonly pageSize?: number;
}
export interface AutomationEnrollmentPayload extends Base<'automation-enrollment'>, WriteBase {}
export interface CostOptimizationHubEnrollmentPayload extends Base<'cost-optimization-hub-enrollment'>, WriteBase {
  /** @default false */
  readonly includeMemberAccounts?: boolean;
}
export interface CostOptimizationHubEnrollmentStatusesPayload extends Base<'cost-optimization-hub-enrollment-statuses'> {
  readonly accountId?: string;
  /** @default false */
  readonly includeOrganizationInfo?: boolean;
  /** Page size for each call. @default 100 (the model's maximum) */
  readonly pageSize?: number;
}

export interface PayloadByKind {
  'compute-optimizer-enrollment': ComputeOptimizerEnrollmentPayload;
  'compute-optimizer-organization-statuses': ComputeOptimizerOrganizationStatusesPayload;
  'automation-enrollment': AutomationEnrollmentPayload;
  'cost-optimization-hub-enrollment': CostOptimizationHubEnrollmentPayload;
  'cost-optimization-hub-enrollment-statuses': CostOptimizationHubEnrollmentStatusesPayload;
}
export type Payload = PayloadByKind[ResourceKind];

/** The flat all-strings form that travels through Terraform. */
export type WirePayload = Record<string, string>;

export const DEFAULT_TIMEOUT_SECONDS = 600;

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

/** Bad input: the adapter exits 2 with this message; the constructs throw it at synth time. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

const MAX_WIRE_BYTES = 64 * 1024;

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 2 ? quoted.join(' or ') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function fieldsOf(kind: ResourceKind): Record<string, FieldDef> {
  return { ...COMMON_FIELDS, ...KIND_FIELDS[kind] };
}

/** The field names a kind accepts, in wire order (for docs and the constructs). */
export function payloadFieldNames(kind: ResourceKind): string[] {
  return Object.keys(fieldsOf(kind));
}

function decodeField(name: string, def: FieldDef, raw: string): unknown {
  const spec = def.spec;
  switch (spec.type) {
    case 'string':
      if (raw.length > spec.maxLength || !spec.pattern.test(raw)) {
        throw new PayloadError(name, `\`${name}\` must be ${spec.describe}, got ${show(raw)}`);
      }
      return raw;
    case 'enum':
      if (!spec.values.includes(raw)) {
        throw new PayloadError(name, `\`${name}\` must be ${quoteList(spec.values)}, got ${show(raw)}`);
      }
      return raw;
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw new PayloadError(name, `\`${name}\` must be "true" or "false", got ${show(raw)}`);
      }
      return raw === 'true';
    case 'integer': {
      const n = /^-?[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
        throw new PayloadError(name, `\`${name}\` must be a whole number from ${spec.min} to ${spec.max}, got ${show(raw)}`);
      }
      return n;
    }
    case 'enumList': {
      const items = raw === '' ? [] : raw.split(',').map((s) => s.trim());
      for (const item of items) {
        if (!spec.values.includes(item)) {
          throw new PayloadError(name, `\`${name}\` must be a comma-separated list of ${quoteList(spec.values)}, got ${show(raw)}`);
        }
      }
      return [...new Set(items)];
    }
  }
}

/**
 * Validates an untrusted wire payload for `kind` and `verb` and returns it typed.
 * Throws {@link PayloadError} naming the offending field.
 */
export function parsePayload<K extends ResourceKind>(kind: K, verb: Verb, input: unknown): PayloadByKind[K] {
  if (!KIND_VERBS[kind].includes(verb)) {
    throw new PayloadError('kind', `kind "${kind}" supports ${quoteList(KIND_VERBS[kind])}, not "${verb}"`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PayloadError('(payload)', `the payload must be a JSON object of strings, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`);
  }
  const fields = fieldsOf(kind);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const def = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (!def) {
      throw new PayloadError(name, `unknown field \`${name}\` for kind "${kind}"; allowed: ${Object.keys(fields).join(', ')}`);
    }
    if (typeof value !== 'string') {
      throw new PayloadError(name, `\`${name}\` must be a string (all payload values are strings), got ${value === null ? 'null' : typeof value}`);
    }
    if (value === '' && !def.required && def.spec.type !== 'enumList') {
      continue; // Terraform passes unset optional values as "".
    }
    out[name] = decodeField(name, def, value);
  }
  for (const [name, def] of Object.entries(fields)) {
    if (def.required && !(name in out)) {
      // `status` is only required for apply; reads and destroys of write kinds may omit it.
      if (name === 'status' && verb === 'read') continue;
      throw new PayloadError(name, `missing required field \`${name}\` for kind "${kind}"`);
    }
  }
  if (out.kind !== kind) {
    throw new PayloadError('kind', `\`kind\` is "${String(out.kind)}" but the adapter was asked for "${kind}"`);
  }
  if (out.roleSessionName !== undefined && out.roleArn === undefined) {
    throw new PayloadError('roleSessionName', '`roleSessionName` needs `roleArn`');
  }
  if (out.externalId !== undefined && out.roleArn === undefined) {
    throw new PayloadError('externalId', '`externalId` needs `roleArn`');
  }
  return out as unknown as PayloadByKind[K];
}

/** Parses the raw JSON text of a payload (argv or stdin) with size and syntax checks. */
export function parsePayloadText<K extends ResourceKind>(kind: K, verb: Verb, text: string): PayloadByKind[K] {
  if (Buffer.byteLength(text, 'utf8') > MAX_WIRE_BYTES) {
    throw new PayloadError('(payload)', `the payload is larger than ${MAX_WIRE_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PayloadError('(payload)', `the payload is not valid JSON: ${(err as Error).message}`);
  }
  return parsePayload(kind, verb, parsed);
}

export function isResourceKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}

/**
 * Encodes a typed payload to the flat all-strings wire form, with keys in schema order so synthesized
 * output is deterministic. Values that are not set are left out. Validates what it encodes.
 */
export function encodePayload<K extends ResourceKind>(payload: PayloadByKind[K], verb: Verb = 'apply'): WirePayload {
  const kind = payload.kind;
  const wire: WirePayload = {};
  const source = payload as unknown as Record<string, unknown>;
  for (const name of payloadFieldNames(kind)) {
    const value = source[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) wire[name] = value.join(',');
    else wire[name] = String(value);
  }
  for (const name of Object.keys(source)) {
    if (!(name in wire) && source[name] !== undefined) {
      throw new PayloadError(name, `unknown field \`${name}\` for kind "${kind}"`);
    }
  }
  parsePayload(kind, verb, wire);
  return wire;
}

/** The region a kind's calls go to: Cost Optimization Hub only exists in us-east-1. */
export function serviceRegion(kind: ResourceKind, connection: Connection): string {
  return kind.startsWith('cost-optimization-hub') ? COST_OPTIMIZATION_HUB_REGION : connection.region;
}

/** Statuses as AWS reports them per service (for counts in read results). */
export const REPORTED_STATUSES = {
  computeOptimizer: Object.values(ComputeOptimizerStatus),
  costOptimizationHub: Object.values(CostOptimizationHubStatus),
} as const;
