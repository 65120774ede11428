/**
 * The enrollments of each stack, indexed once as they are declared, for the two cross-construct rules:
 * ordering (a kind that needs another in the same account is applied after it) and conflicts (two
 * declarations of the same thing that disagree). Each new enrollment is checked against the index, so a
 * stack of N enrollments costs N lookups, never a walk of the whole construct tree per construct.
 */
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { KINDS, Services, connectionKey, wireDefault, type KindDescriptor, type WirePayload, type WriteKind, type WriteTraits } from '../../shared';
import { ValidationError } from '../errors';
import { isUnresolved } from './validate';

/** What the index needs of an enrollment construct. */
export interface IndexedEnrollment extends ITerraformDependable {
  readonly node: { readonly path: string };
  readonly payload: WirePayload;
  readonly kind: WriteKind;
  /** Makes this enrollment wait for `other` (and be opted out before it). */
  addDependency(other: ITerraformDependable): void;
}

interface Index {
  /** By kind and account. */
  readonly byKind: Map<string, IndexedEnrollment[]>;
  readonly kinds: Set<WriteKind>;
  readonly byIdentity: Map<string, IndexedEnrollment[]>;
}

const INDEXES = new WeakMap<TerraformStack, Index>();

function indexOf(stack: TerraformStack): Index {
  let index = INDEXES.get(stack);
  if (!index) {
    index = { byKind: new Map(), kinds: new Set(), byIdentity: new Map() };
    INDEXES.set(stack, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The account a declaration reaches: the credentials' source (profile, role) and the endpoint. The region is
 * left out: one account's Compute Optimizer enrollment is what its Automation needs, whichever region each is
 * called in.
 */
function accountOf(e: IndexedEnrollment): string {
  return accountKeyOf(e.payload);
}

function accountKeyOf(payload: WirePayload): string {
  return [payload.profile ?? '', payload.roleArn ?? '', payload.endpoint ?? ''].join('\u0000');
}

/** Same kind, same account and connection, and the kind's identity fields (if any): the same AWS setting. */
function identity(e: IndexedEnrollment): string {
  const fields = (traits(e.kind).identity ?? []).map((f) => e.payload[f] ?? '');
  return [e.kind, connectionKey(KINDS[e.kind].service, e.payload), ...fields].join('\u0000');
}

function traits(kind: WriteKind): WriteTraits {
  return (KINDS[kind] as KindDescriptor).write!;
}

/** A declared value as the adapter reads it (absent means the field's default). */
function declared(e: IndexedEnrollment, field: string): string {
  return e.payload[field] ?? wireDefault(e.kind, field);
}

/** Values only Terraform knows (variables, other resources' attributes) are left for the adapter. */
function differs(a: IndexedEnrollment, b: IndexedEnrollment, field: string): boolean {
  const x = declared(a, field);
  const y = declared(b, field);
  return !isUnresolved(x) && !isUnresolved(y) && x !== y;
}

function link(dependent: IndexedEnrollment, dependency: IndexedEnrollment, requiresActive: boolean): void {
  // A kind without a status (preferences, say) needs its dependency Active whenever it is declared.
  const statusless = dependent.payload.status === undefined;
  if (requiresActive && statusless && dependency.payload.status === 'Inactive') {
    const theirs = Services[KINDS[dependency.kind].service].name;
    throw new ValidationError(
      dependent.node.path,
      'status',
      `${KINDS[dependent.kind].title} (${dependent.node.path}) need ${theirs} to be Active, but ${dependency.node.path} declares "Inactive"; declare ${theirs} Active, or remove ${dependent.node.path}`,
    );
  }
  if (requiresActive && dependent.payload.status === 'Active' && dependency.payload.status === 'Inactive') {
    const mine = Services[KINDS[dependent.kind].service].name;
    const theirs = Services[KINDS[dependency.kind].service].name;
    throw new ValidationError(
      dependent.node.path,
      'status',
      `\`status\` "Active" on ${mine} (${dependent.node.path}) needs ${theirs} to be Active, but ${dependency.node.path} declares "Inactive"; declare both Active, or ${mine} Inactive`,
    );
  }
  dependent.addDependency(dependency);
}

/** Records a new enrollment and orders it against those already declared in its stack. */
export function registerEnrollment(stack: TerraformStack, e: IndexedEnrollment): void {
  const index = indexOf(stack);
  const account = accountOf(e);
  const inAccount = (kind: string) => index.byKind.get(`${kind}\u0000${account}`) ?? [];
  for (const need of traits(e.kind).after ?? []) {
    for (const dependency of inAccount(need.kind)) link(e, dependency, need.requiresActive === true);
  }
  for (const kind of index.kinds) {
    const need = (traits(kind).after ?? []).find((n) => n.kind === e.kind);
    if (need) for (const dependent of inAccount(kind)) link(dependent, e, need.requiresActive === true);
  }
  index.kinds.add(e.kind);
  push(index.byKind, `${e.kind}\u0000${account}`, e);
  push(index.byIdentity, identity(e), e);
}

/**
 * Two declarations of the same thing that declare different values would undo each other on every apply.
 * Cost Optimization Hub has one endpoint (us-east-1), so its region does not tell accounts apart.
 */
export function conflictsOf(stack: TerraformStack, self: IndexedEnrollment): string[] {
  const others = (indexOf(stack).byIdentity.get(identity(self)) ?? []).filter((o) => o !== self);
  const agree = traits(self.kind).agree;
  const identityFields = traits(self.kind).identity ?? [];
  const what =
    identityFields.length > 0 ? `${KINDS[self.kind].title} (${identityFields.map((f) => self.payload[f]).join(' ')})` : Services[KINDS[self.kind].service].name;
  const shown = (e: IndexedEnrollment, k: string) => (declared(e, k) === '' ? 'unset' : `"${declared(e, k)}"`);
  return others
    .filter((other) => agree.some((k) => differs(self, other, k)))
    .map(
      (other) =>
        `${self.node.path} and ${other.node.path} both manage ${what} for the same account and connection but declare different values (${agree
          .filter((k) => differs(self, other, k))
          .map((k) => `${k} ${shown(self, k)} vs ${shown(other, k)}`)
          .join(', ')}); every apply would undo the other: keep one of them`,
    );
}

/** The declarations of `kind` in the account `payload` reaches, in `stack`. */
export function declarationsInAccount(stack: TerraformStack, kind: WriteKind, payload: WirePayload): readonly IndexedEnrollment[] {
  const account = accountKeyOf(payload);
  return indexOf(stack).byKind.get(`${kind}\u0000${account}`) ?? [];
}
