/**
 * What a kind is, as data. One descriptor per kind (one file each, beside this one) holds every fact the
 * layers need about it: the AWS service, the verbs, the payload fields with their rules and defaults, the
 * read-result keys with their types, what makes two declarations the same thing, what forces a re-apply,
 * and what the drift check compares. The payload types, the adapter's dispatch, the constructs' validation,
 * conflict detection, client tokens and the plan review all derive from it. docs/architecture.md has the
 * recipe for adding a kind.
 */
import { DECLARABLE_STATUSES, RemovalPolicy, type ServiceKey } from '../enums';
import type { FieldDef } from '../fields';

export const Verb = { READ: 'read', APPLY: 'apply', DESTROY: 'destroy' } as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

/** How a read-result key is typed for users (on the wire every value is a string; "" means AWS gave none). */
export type ResultType = 'string' | 'number' | 'boolean' | 'json';

export interface KindDescriptor {
  /** The kind's name on the wire and in argv: `adapter <verb> <kind>`. */
  readonly kind: string;
  /** The AWS API it talks to (and so the region rule: see `serviceRegion`). */
  readonly service: ServiceKey;
  /** What it is, in messages: "Compute Optimizer enrollment". */
  readonly title: string;
  readonly verbs: readonly Verb[];
  /** Kind-specific payload fields, in wire order (the connection fields come first on every kind). */
  readonly fields: Readonly<Record<string, FieldDef>>;
  /** What `adapter read <kind>` prints, in order, with each key's type. */
  readonly result: Readonly<Record<string, ResultType>>;
  /** For kinds that declare something in AWS. */
  readonly write?: WriteTraits;
}

export interface WriteTraits {
  /** Payload fields whose change must re-run `apply` (all others update in place). */
  readonly reapplyOn: readonly string[];
  /**
   * Payload fields the plan-time read carries: a kind whose read compares AWS with the declaration itself
   * (and reports `drift.inSync`) needs the declaration. @default - none: the read only reads
   */
  readonly readFields?: readonly string[];
  /**
   * Payload fields that, with the kind and the connection, make a declaration the AWS thing it is: two
   * declarations are the same thing when these match too (the resource type and scope of preferences).
   * @default - none: kind and connection alone (one per account and connection)
   */
  readonly identity?: readonly string[];
  /**
   * Fields two declarations of the same thing (same kind, account and connection, and `identity`) must agree
   * on, or every apply would undo the other.
   */
  readonly agree: readonly string[];
  /**
   * The read-result keys the drift check uses: an enrollment's `status` (Pending is never drift), its reason
   * and whether member accounts are enrolled; or, for a kind whose read compares AWS with the declaration it
   * carries, `inSync` ("true"/"false") and `summary` (what differs, in words).
   */
  readonly drift: {
    readonly status?: string;
    readonly reason?: string;
    /** Reports whether member accounts are enrolled; drift when the declaration includes them. */
    readonly members?: string;
    readonly inSync?: string;
    readonly summary?: string;
  };
  /** The listing kind that counts this kind's organisation (for the plan review). */
  readonly organisationListing?: string;
  /**
   * What of this kind only an organisation's management account may do (see `managementOnlyRequest`):
   * "includeMemberAccounts" when the payload includes member accounts, "memberAssociations" always.
   * @default - nothing: any account may apply it
   */
  readonly managementOnly?: 'includeMemberAccounts' | 'memberAssociations';
  /**
   * Kinds this kind needs in AWS first: declared in the same stack, they are applied before it and opted out
   * after it. With `requiresActive`, declaring this kind Active while that one is declared Inactive is refused.
   */
  readonly after?: readonly { readonly kind: string; readonly requiresActive?: boolean }[];
}

/** The fields every write kind shares. */
export const WRITE_FIELDS = {
  status: { requiredFor: ['apply', 'destroy'], spec: { type: 'enum', values: DECLARABLE_STATUSES } },
  removalPolicy: { default: RemovalPolicy.RETAIN, spec: { type: 'enum', values: Object.values(RemovalPolicy) } },
  /** How long apply waits for `Pending` to settle. */
  timeoutSeconds: { default: 600, spec: { type: 'integer', min: 1, max: 86400 } },
} as const satisfies Record<string, FieldDef>;
