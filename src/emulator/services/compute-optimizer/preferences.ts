/**
 * Compute Optimizer recommendation preferences: the backend (state and rules). Preferences are regional (kept
 * per Region of the request's signature) and set per resource type at one of three scopes; each is stored with
 * the account its scope covers (the organisation scope with the management account).
 * GetEffectiveRecommendationPreferences resolves each preference resource over account over organisation.
 * What a put may set is checked in ./preference-validation.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_PutRecommendationPreferences.html
 */
import type { AccountDirectory, ResolvedAccount } from '../../accounts';
import { AccessDeniedException, InvalidParameterValueException, OptInRequiredException, ResourceNotFoundException } from '../../errors';
import type { JsonObject } from '../../framework';
import type { StateStore, StoredRecommendationPreferences } from '../../state';
import {
  ORGANIZATION_SCOPE_VALUE,
  PREFERENCE_DEFAULTS,
  PREFERENCE_FIELD_BY_NAME,
  PREFERENCE_RULES,
  Patterns,
  SCOPE_RULES,
  parsePreferenceResourceArn,
  type PreferenceField,
  type PreferenceResourceType,
  type PreferenceScopeName,
  type RecommendationPreferenceName,
} from '../../../shared';

export interface Scope {
  readonly name: PreferenceScopeName;
  readonly value: string;
}

/** A scope the caller may use, and the account whose preferences it addresses. */
interface ResolvedScope {
  readonly scope: Scope;
  readonly owner: string;
}

/** Preference operations need the caller opted in (a Pending management account is: only its members enrol). */
export function requireOptedIn(store: StateStore, caller: ResolvedAccount): void {
  const status = store.account(caller.accountId).computeOptimizer.status;
  if (status !== 'Active' && !(status === 'Pending' && caller.role === 'management')) {
    throw new OptInRequiredException(`Account ${caller.accountId} is not opted in to Compute Optimizer (status ${status}); opt in with UpdateEnrollmentStatus before setting recommendation preferences.`);
  }
}

function preferencesOf(store: StateStore, accountId: string): StoredRecommendationPreferences[] {
  return (store.account(accountId).recommendationPreferences ??= []);
}

/** The caller may address its own account, and the management account its members too. */
function mayAddress(caller: ResolvedAccount, accounts: AccountDirectory, accountId: string): boolean {
  return accountId === caller.accountId || (caller.role === 'management' && accounts.isMember(accountId));
}

function inOrganisation(accounts: AccountDirectory, accountId: string): boolean {
  return accountId === accounts.management.accountId || accounts.isMember(accountId);
}

/**
 * Checks a scope against the caller, the resource type and the Region. Without a scope the caller's own
 * account is meant. `forPut` adds the rule of which scopes the resource type takes.
 */
export function resolveScope(
  caller: ResolvedAccount,
  accounts: AccountDirectory,
  resourceType: PreferenceResourceType,
  given: { name?: string; value?: string } | undefined,
  region: string,
  forPut: boolean,
): ResolvedScope {
  if (given === undefined || (given.name === undefined && given.value === undefined)) {
    return resolveScope(caller, accounts, resourceType, { name: 'AccountId', value: caller.accountId }, region, forPut);
  }
  if (given.name === undefined) throw new InvalidParameterValueException('scope.name is required with scope.value: use Organization, AccountId or ResourceArn.');
  if (given.value === undefined) throw new InvalidParameterValueException(`scope.value is required with scope.name ${given.name}.`);
  const scope: Scope = { name: given.name as PreferenceScopeName, value: given.value };
  if (forPut && !SCOPE_RULES[resourceType].includes(scope.name)) {
    const allowed = SCOPE_RULES[resourceType];
    throw new InvalidParameterValueException(
      allowed.length === 0
        ? `Recommendation preferences cannot be set for the resource type ${resourceType}.`
        : `Recommendation preferences for ${resourceType} cannot be set at the ${scope.name} scope; use ${allowed.join(' or ')}${resourceType === 'AutoScalingGroup' ? ' (with the Auto Scaling group ARN)' : ''}.`,
    );
  }
  if (scope.name === 'Organization') {
    if (caller.role !== 'management') {
      throw new AccessDeniedException(`Account ${caller.accountId} is not the management account of an organization; only the management account can use the Organization scope.`);
    }
    if (scope.value !== ORGANIZATION_SCOPE_VALUE) throw new InvalidParameterValueException(`The Organization scope takes the value ${ORGANIZATION_SCOPE_VALUE}, got "${scope.value}".`);
    return { scope, owner: caller.accountId };
  }
  if (scope.name === 'AccountId') {
    if (!Patterns.accountId.test(scope.value)) throw new InvalidParameterValueException(`The AccountId scope takes a 12-digit account ID, got "${scope.value}".`);
    if (!mayAddress(caller, accounts, scope.value)) {
      throw new AccessDeniedException(`Account ${caller.accountId} cannot use the preferences of account ${scope.value}; an account may address itself, and a management account its member accounts.`);
    }
    return { scope, owner: scope.value };
  }
  const arn = checkResourceArn(caller, accounts, scope.value, region, 'scope.value');
  if (arn.resourceType !== resourceType) {
    throw new InvalidParameterValueException(`The ResourceArn scope ${scope.value} names a ${arn.resourceType === 'Ec2Instance' ? 'EC2 instance' : 'Auto Scaling group'}; use it with resourceType ${arn.resourceType}, not ${resourceType}.`);
  }
  return { scope, owner: arn.accountId };
}

function checkResourceArn(caller: ResolvedAccount, accounts: AccountDirectory, arn: string, region: string, field: string) {
  const parsed = parsePreferenceResourceArn(arn);
  if (parsed === undefined) {
    throw new InvalidParameterValueException(`${field} "${arn}" is not an EC2 instance or Auto Scaling group ARN; only those resource ARNs are supported.`);
  }
  if (parsed.region !== region) {
    throw new InvalidParameterValueException(`${field} "${arn}" is in ${parsed.region}, but this request went to ${region}; call Compute Optimizer in the resource's Region.`);
  }
  if (!mayAddress(caller, accounts, parsed.accountId)) {
    throw new AccessDeniedException(`Account ${caller.accountId} cannot use the preferences of resources in account ${parsed.accountId}.`);
  }
  return parsed;
}

function sameTarget(entry: StoredRecommendationPreferences, region: string, resourceType: string, scope: Scope): boolean {
  return entry.region === region && entry.resourceType === resourceType && entry.scope.name === scope.name && entry.scope.value === scope.value;
}

/** PutRecommendationPreferences: the given preferences replace the stored ones of that target; others stay. */
export function putPreferences(
  store: StateStore,
  region: string,
  resourceType: PreferenceResourceType,
  target: ResolvedScope,
  given: Partial<Record<PreferenceField, unknown>>,
): void {
  if (Object.keys(given).length === 0) return;
  const list = preferencesOf(store, target.owner);
  let entry = list.find((e) => sameTarget(e, region, resourceType, target.scope));
  if (entry === undefined) {
    entry = { region, resourceType, scope: { ...target.scope }, preferences: {} };
    list.push(entry);
  }
  for (const [field, value] of Object.entries(given)) entry.preferences[field] = structuredClone(value);
  store.touch();
}

/** DeleteRecommendationPreferences: removes the named preferences; naming none that is set is ResourceNotFound. */
export function deletePreferences(store: StateStore, region: string, resourceType: PreferenceResourceType, target: ResolvedScope, names: RecommendationPreferenceName[]): void {
  if (names.length === 0) throw new InvalidParameterValueException('recommendationPreferenceNames must name at least one preference to delete.');
  const fields = names.map((name) => {
    const field = PREFERENCE_FIELD_BY_NAME[name];
    if (!PREFERENCE_RULES[field].resourceTypes.includes(resourceType)) {
      throw new InvalidParameterValueException(`${name} does not apply to ${resourceType}; it applies to ${PREFERENCE_RULES[field].resourceTypes.join(', ')}.`);
    }
    return field;
  });
  const list = preferencesOf(store, target.owner);
  const entry = list.find((e) => sameTarget(e, region, resourceType, target.scope));
  const present = fields.filter((f) => entry?.preferences[f] !== undefined);
  if (entry === undefined || present.length === 0) {
    throw new ResourceNotFoundException(`No ${names.join(', ')} preference is set for ${resourceType} at scope ${target.scope.name} ${target.scope.value} in ${region}.`);
  }
  for (const f of present) delete entry.preferences[f];
  if (Object.keys(entry.preferences).length === 0) list.splice(list.indexOf(entry), 1);
  store.touch();
}

const SCOPE_ORDER: Record<string, number> = { Organization: 0, AccountId: 1, ResourceArn: 2 };

/** GetRecommendationPreferences: the target's entry, or without a scope every entry about the caller's account. */
export function listPreferences(
  store: StateStore,
  caller: ResolvedAccount,
  region: string,
  resourceType: PreferenceResourceType,
  target: ResolvedScope | undefined,
): StoredRecommendationPreferences[] {
  const inRegion = (e: StoredRecommendationPreferences) => e.region === region && e.resourceType === resourceType;
  let found: StoredRecommendationPreferences[];
  if (target !== undefined) {
    found = preferencesOf(store, target.owner).filter((e) => inRegion(e) && sameTarget(e, region, resourceType, target.scope));
  } else {
    found = preferencesOf(store, caller.accountId).filter((e) => inRegion(e) && (e.scope.name !== 'Organization' || caller.role === 'management'));
  }
  return found.sort((a, b) => SCOPE_ORDER[a.scope.name] - SCOPE_ORDER[b.scope.name] || (a.scope.value < b.scope.value ? -1 : a.scope.value > b.scope.value ? 1 : 0));
}

/** A `RecommendationPreferencesDetail`; preferred resources in their effective form. */
export function presentPreferences(entry: StoredRecommendationPreferences): JsonObject {
  const { preferredResources, ...rest } = entry.preferences;
  return {
    scope: entry.scope,
    resourceType: entry.resourceType,
    ...rest,
    ...(preferredResources !== undefined ? { preferredResources: effectivePreferredResources(preferredResources as JsonObject[]) } : {}),
  };
}

/** Wildcards are not expanded (the emulator has no catalogue of instance types): the include list is echoed. */
function effectivePreferredResources(list: JsonObject[]): JsonObject[] {
  return list.map((p) => ({ name: p.name, includeList: p.includeList, effectiveIncludeList: p.includeList ?? [], excludeList: p.excludeList }));
}

/**
 * GetEffectiveRecommendationPreferences for an EC2 instance or Auto Scaling group: for each preference the
 * narrowest scope that sets it (the resource, then its account, then the organisation), else the default.
 * Auto Scaling groups inherit the account and organisation preferences of Ec2Instance ("The Ec2Instance option
 * encompasses standalone instances and instances that are part of Auto Scaling groups").
 */
export function effectivePreferences(store: StateStore, accounts: AccountDirectory, caller: ResolvedAccount, region: string, resourceArn: string): JsonObject {
  const arn = checkResourceArn(caller, accounts, resourceArn, region, 'resourceArn');
  const at = (owner: string, resourceType: string, scope: Scope) =>
    (store.state.accounts[owner]?.recommendationPreferences ?? []).find((e) => sameTarget(e, region, resourceType, scope))?.preferences;
  const chain = [
    at(arn.accountId, arn.resourceType, { name: 'ResourceArn', value: resourceArn }),
    at(arn.accountId, 'Ec2Instance', { name: 'AccountId', value: arn.accountId }),
    inOrganisation(accounts, arn.accountId) ? at(accounts.management.accountId, 'Ec2Instance', { name: 'Organization', value: ORGANIZATION_SCOPE_VALUE }) : undefined,
  ].filter((p): p is Record<string, unknown> => p !== undefined);
  const first = (field: PreferenceField) => chain.find((p) => p[field] !== undefined)?.[field];
  const out: JsonObject = {
    enhancedInfrastructureMetrics: first('enhancedInfrastructureMetrics') ?? PREFERENCE_DEFAULTS.enhancedInfrastructureMetrics,
    lookBackPeriod: first('lookBackPeriod') ?? PREFERENCE_DEFAULTS.lookBackPeriod,
    utilizationPreferences: effectiveUtilization(chain),
  };
  const external = first('externalMetricsPreference');
  if (external !== undefined) out.externalMetricsPreference = external;
  const preferred = first('preferredResources');
  if (preferred !== undefined) out.preferredResources = effectivePreferredResources(preferred as JsonObject[]);
  return out;
}

/** Each metric from the narrowest scope that sets it; parameters it leaves out take the defaults. */
function effectiveUtilization(chain: Array<Record<string, unknown>>): JsonObject[] {
  return PREFERENCE_DEFAULTS.utilizationPreferences.map((fallback) => {
    const set = chain
      .map((p) => (p.utilizationPreferences as Array<{ metricName: string; metricParameters?: JsonObject }> | undefined)?.find((u) => u.metricName === fallback.metricName))
      .find((u) => u !== undefined);
    return { metricName: fallback.metricName, metricParameters: { ...fallback.metricParameters, ...(set?.metricParameters ?? {}) } };
  });
}
