/**
 * Preferences as declarations: Compute Optimizer recommendation preferences (one declaration per resource type
 * and scope) and Cost Optimization Hub preferences (one per account). Only what a declaration names is
 * managed: apply sets those preferences, the plan-time read compares them with AWS, and the rest stays as it is.
 *
 * Defined here once, for the constructs' messages, the adapter's untrusted input and the plan review: the rules
 * of a declaration (which preference applies to which resource type and scope, from ./recommendation-preferences),
 * the structured values (`utilizationPreferences`, `preferredResources`, `externalMetricsPreference`) with their
 * validation and canonical JSON form, and what counts as a difference from what AWS reports.
 */
import { Patterns } from './enums';
import { quoteList, show } from './fields';
import {
  CustomizableMetricName,
  CustomizableMetricThreshold,
  ExternalMetricsSource,
  ORGANIZATION_SCOPE_VALUE,
  PREFERENCE_DEFAULTS,
  PREFERENCE_FIELDS,
  PREFERENCE_RULES,
  PreferenceLimits,
  PreferencePatterns,
  PreferenceResourceType,
  PreferredResourceName,
  SCOPE_RULES,
  UTILIZATION_METRIC_RULES,
  parsePreferenceResourceArn,
  type PreferenceField,
  type PreferenceScopeName,
} from './recommendation-preferences';

/** What `terraform destroy` does to declared preferences. */
export const PreferencesRemovalPolicy = { RETAIN: 'retain', DELETE: 'delete' } as const;
export type PreferencesRemovalPolicy = (typeof PreferencesRemovalPolicy)[keyof typeof PreferencesRemovalPolicy];

/** The resource types that take preferences at some scope (`NotApplicable`, `License` and `Idle` take none). */
export type SettablePreferenceResourceType = Exclude<PreferenceResourceType, 'NotApplicable' | 'License' | 'Idle'>;
export const SETTABLE_PREFERENCE_RESOURCE_TYPES = Object.values(PreferenceResourceType).filter((t) => SCOPE_RULES[t].length > 0) as SettablePreferenceResourceType[];

/** The fields of a recommendation-preferences declaration that are preferences, in the API's order. */
export const DECLARED_PREFERENCE_FIELDS: readonly PreferenceField[] = PREFERENCE_FIELDS;

/** Preference fields whose value is structured (carried as canonical JSON). */
export const STRUCTURED_PREFERENCE_FIELDS: readonly PreferenceField[] = ['externalMetricsPreference', 'utilizationPreferences', 'preferredResources'];

export interface MetricParametersDeclaration {
  readonly threshold?: string;
  readonly headroom?: string;
}

export interface UtilizationPreferenceDeclaration {
  readonly metricName: string;
  readonly metricParameters: MetricParametersDeclaration;
}

export interface PreferredResourceDeclaration {
  readonly name: string;
  readonly includeList?: readonly string[];
  readonly excludeList?: readonly string[];
}

export interface ExternalMetricsPreferenceDeclaration {
  readonly source: string;
}

/** A problem with a declaration: the property at fault (`utilizationPreferences[0].metricParameters.headroom`) and why. */
export interface PreferenceProblem {
  readonly field: string;
  readonly message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((k) => value[k] !== undefined && !allowed.includes(k));
}

const METRIC_NAMES = Object.values(CustomizableMetricName) as string[];
const THRESHOLDS = Object.values(CustomizableMetricThreshold) as string[];
const SOURCES = Object.values(ExternalMetricsSource) as string[];
const RESOURCE_NAMES = Object.values(PreferredResourceName) as string[];

/** Everything wrong with a `utilizationPreferences` value (an empty list when it is valid). */
export function utilizationPreferenceProblems(value: unknown, at = 'utilizationPreferences'): PreferenceProblem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [{ field: at, message: `\`${at}\` must list one preference for each of ${quoteList(METRIC_NAMES)} you set, got ${show(value)}` }];
  }
  const problems: PreferenceProblem[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    const where = `${at}[${i}]`;
    if (!isObject(entry)) {
      problems.push({ field: where, message: `\`${where}\` must be { metricName, metricParameters }, got ${show(entry)}` });
      return;
    }
    for (const key of unknownKeys(entry, ['metricName', 'metricParameters'])) problems.push({ field: `${where}.${key}`, message: `\`${where}\` has no \`${key}\`; use metricName and metricParameters` });
    const metric = entry.metricName;
    if (typeof metric !== 'string' || !METRIC_NAMES.includes(metric)) {
      problems.push({ field: `${where}.metricName`, message: `\`${where}.metricName\` must be ${quoteList(METRIC_NAMES)}, got ${show(metric)}` });
      return;
    }
    if (seen.has(metric)) problems.push({ field: `${where}.metricName`, message: `\`${at}\` sets ${metric} twice; give each metric once` });
    seen.add(metric);
    const rules = UTILIZATION_METRIC_RULES[metric as CustomizableMetricName];
    const params = entry.metricParameters;
    const wanted = rules.threshold ? 'a threshold and/or a headroom' : 'a headroom';
    if (!isObject(params) || (params.threshold === undefined && params.headroom === undefined)) {
      problems.push({ field: `${where}.metricParameters`, message: `\`${where}.metricParameters\` must set ${wanted} for ${metric}, got ${show(params)}` });
      return;
    }
    for (const key of unknownKeys(params, ['threshold', 'headroom'])) problems.push({ field: `${where}.metricParameters.${key}`, message: `\`${where}.metricParameters\` has no \`${key}\`; use threshold and headroom` });
    if (params.threshold !== undefined) {
      if (!rules.threshold) {
        problems.push({ field: `${where}.metricParameters.threshold`, message: `\`${where}.metricParameters.threshold\` applies to CpuUtilization only; ${metric} takes a headroom alone` });
      } else if (typeof params.threshold !== 'string' || !THRESHOLDS.includes(params.threshold)) {
        problems.push({ field: `${where}.metricParameters.threshold`, message: `\`${where}.metricParameters.threshold\` must be ${quoteList(THRESHOLDS)}, got ${show(params.threshold)}` });
      }
    }
    if (params.headroom !== undefined && (typeof params.headroom !== 'string' || !(rules.headroom as readonly string[]).includes(params.headroom))) {
      problems.push({ field: `${where}.metricParameters.headroom`, message: `\`${where}.metricParameters.headroom\` must be ${quoteList(rules.headroom)} for ${metric}, got ${show(params.headroom)}` });
    }
  });
  return problems;
}

/** Everything wrong with a `preferredResources` value (an empty list when it is valid). */
export function preferredResourceProblems(value: unknown, at = 'preferredResources'): PreferenceProblem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [{ field: at, message: `\`${at}\` must list preferred resources such as { name: "Ec2InstanceTypes", includeList: ["m5.*"] }, got ${show(value)}` }];
  }
  const problems: PreferenceProblem[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    const where = `${at}[${i}]`;
    if (!isObject(entry)) {
      problems.push({ field: where, message: `\`${where}\` must be { name, includeList?, excludeList? }, got ${show(entry)}` });
      return;
    }
    for (const key of unknownKeys(entry, ['name', 'includeList', 'excludeList'])) problems.push({ field: `${where}.${key}`, message: `\`${where}\` has no \`${key}\`; use name, includeList and excludeList` });
    if (typeof entry.name !== 'string' || !RESOURCE_NAMES.includes(entry.name)) {
      problems.push({ field: `${where}.name`, message: `\`${where}.name\` must be ${quoteList(RESOURCE_NAMES)} (the only preferred resource Compute Optimizer supports), got ${show(entry.name)}` });
    } else {
      if (seen.has(entry.name)) problems.push({ field: `${where}.name`, message: `\`${at}\` names ${entry.name} twice; give one entry with both lists` });
      seen.add(entry.name);
    }
    const lists: Record<string, string[]> = {};
    let malformed = false;
    for (const list of ['includeList', 'excludeList'] as const) {
      const values = entry[list];
      if (values === undefined) continue;
      const field = `${where}.${list}`;
      if (!Array.isArray(values)) {
        problems.push({ field, message: `\`${field}\` must be a list of EC2 instance types, got ${show(values)}` });
        malformed = true;
        continue;
      }
      if (values.length > PreferenceLimits.preferredResourceValues) {
        problems.push({ field, message: `\`${field}\` has ${values.length} values; at most ${PreferenceLimits.preferredResourceValues} are allowed` });
      }
      const bad = values.find((v) => typeof v !== 'string' || !PreferencePatterns.preferredResourceValue.test(v));
      if (bad !== undefined) problems.push({ field, message: `\`${field}\` entries must be EC2 instance types or wildcard forms of them (such as "m5.large", "m5.*" or "*.metal"), got ${show(bad)}` });
      const twice = values.find((v, j) => values.indexOf(v) !== j);
      if (twice !== undefined) problems.push({ field, message: `\`${field}\` lists ${show(twice)} twice` });
      lists[list] = values as string[];
    }
    if (!malformed && (lists.includeList?.length ?? 0) === 0 && (lists.excludeList?.length ?? 0) === 0) {
      problems.push({ field: where, message: `\`${where}\` must have a non-empty includeList or excludeList (an empty preference is an error in AWS)` });
    }
    const both = (lists.includeList ?? []).find((v) => (lists.excludeList ?? []).includes(v));
    if (both !== undefined) problems.push({ field: `${where}.excludeList`, message: `\`${where}\` both includes and excludes ${show(both)}; keep it in one list` });
  });
  return problems;
}

/** Everything wrong with an `externalMetricsPreference` value (an empty list when it is valid). */
export function externalMetricsProblems(value: unknown, at = 'externalMetricsPreference'): PreferenceProblem[] {
  if (!isObject(value)) return [{ field: at, message: `\`${at}\` must be { source }, got ${show(value)}` }];
  const problems: PreferenceProblem[] = unknownKeys(value, ['source']).map((key) => ({ field: `${at}.${key}`, message: `\`${at}\` has no \`${key}\`; it takes only source` }));
  if (typeof value.source !== 'string' || !SOURCES.includes(value.source)) {
    problems.push({ field: `${at}.source`, message: `\`${at}.source\` must be ${quoteList(SOURCES)}, got ${show(value.source)}` });
  }
  return problems;
}

const METRIC_ORDER = (name: string) => METRIC_NAMES.indexOf(name);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical utilisation preferences: metrics in the API's order, parameters as given (threshold, headroom). */
export function canonicalUtilizationPreferences(list: readonly UtilizationPreferenceDeclaration[]): UtilizationPreferenceDeclaration[] {
  return [...list]
    .sort((a, b) => METRIC_ORDER(a.metricName) - METRIC_ORDER(b.metricName))
    .map((u) => ({
      metricName: u.metricName,
      metricParameters: {
        ...(u.metricParameters?.threshold !== undefined ? { threshold: u.metricParameters.threshold } : {}),
        ...(u.metricParameters?.headroom !== undefined ? { headroom: u.metricParameters.headroom } : {}),
      },
    }));
}

/** Canonical preferred resources: by name, lists sorted without repeats, empty lists (and AWS's effective list) left out. */
export function canonicalPreferredResources(list: readonly PreferredResourceDeclaration[]): PreferredResourceDeclaration[] {
  const sorted = (values: readonly string[] | undefined) => (values && values.length > 0 ? [...new Set(values)].sort(byText) : undefined);
  return [...list]
    .sort((a, b) => byText(a.name, b.name))
    .map((p) => {
      const includeList = sorted(p.includeList);
      const excludeList = sorted(p.excludeList);
      return { name: p.name, ...(includeList ? { includeList } : {}), ...(excludeList ? { excludeList } : {}) };
    });
}

function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`\`${field}\` is not valid JSON: ${(err as Error).message}`);
  }
}

function firstProblem(problems: readonly PreferenceProblem[]): void {
  if (problems.length > 0) throw new Error(problems[0].message);
}

/** Decodes and validates the `utilizationPreferences` of a payload; throws with the first problem. */
export function decodeUtilizationPreferences(text: string): UtilizationPreferenceDeclaration[] {
  const value = parseJson('utilizationPreferences', text);
  firstProblem(utilizationPreferenceProblems(value));
  return canonicalUtilizationPreferences(value as UtilizationPreferenceDeclaration[]);
}

/** Decodes and validates the `preferredResources` of a payload; throws with the first problem. */
export function decodePreferredResources(text: string): PreferredResourceDeclaration[] {
  const value = parseJson('preferredResources', text);
  firstProblem(preferredResourceProblems(value));
  return canonicalPreferredResources(value as PreferredResourceDeclaration[]);
}

/** Decodes and validates the `externalMetricsPreference` of a payload; throws with the first problem. */
export function decodeExternalMetricsPreference(text: string): ExternalMetricsPreferenceDeclaration {
  const value = parseJson('externalMetricsPreference', text);
  firstProblem(externalMetricsProblems(value));
  return { source: (value as ExternalMetricsPreferenceDeclaration).source };
}

/** The payload (and read result) form of a structured preference: canonical JSON. */
export function encodeStructuredPreference(field: PreferenceField, value: unknown): string {
  switch (field) {
    case 'utilizationPreferences':
      return JSON.stringify(canonicalUtilizationPreferences(value as UtilizationPreferenceDeclaration[]));
    case 'preferredResources':
      return JSON.stringify(canonicalPreferredResources(value as PreferredResourceDeclaration[]));
    case 'externalMetricsPreference':
      return JSON.stringify({ source: (value as ExternalMetricsPreferenceDeclaration).source });
    default:
      return String(value);
  }
}

/** A recommendation-preferences declaration as the rules see it: the target and the preferences it sets. */
export interface PreferencesDeclaration {
  /** Undefined (here and in the scope) when only Terraform knows it: the rules that need it are skipped. */
  readonly resourceType?: string;
  readonly scopeName?: string;
  readonly scopeValue?: string;
  /** The preferences declared (absent ones are not managed). */
  readonly preferences: Readonly<Partial<Record<PreferenceField, unknown>>>;
}

const SCOPE_NAMES: readonly PreferenceScopeName[] = ['Organization', 'AccountId', 'ResourceArn'];

/**
 * Everything wrong with a declaration as a whole: the resource type and its scopes, the scope's value, which
 * preference applies to which resource type and scope, and that it declares something. `region` is where the
 * preferences are set (a resource scope must be in it). Values only Terraform knows are passed as undefined.
 */
export function preferencesDeclarationProblems(d: PreferencesDeclaration, region?: string): PreferenceProblem[] {
  const problems: PreferenceProblem[] = [];
  const type = d.resourceType as SettablePreferenceResourceType;
  const typeKnown = d.resourceType !== undefined && (SETTABLE_PREFERENCE_RESOURCE_TYPES as string[]).includes(d.resourceType);
  const nameKnown = d.scopeName !== undefined && (SCOPE_NAMES as string[]).includes(d.scopeName);
  if (d.resourceType !== undefined && !typeKnown) {
    problems.push({ field: 'resourceType', message: `\`resourceType\` must be ${quoteList(SETTABLE_PREFERENCE_RESOURCE_TYPES)} (the resource types that take preferences), got ${show(d.resourceType)}` });
  }
  if (d.scopeName !== undefined && !nameKnown) {
    problems.push({ field: 'scope', message: `\`scope.name\` must be ${quoteList(SCOPE_NAMES)}, got ${show(d.scopeName)}` });
  }
  if (typeKnown && nameKnown && !SCOPE_RULES[type].includes(d.scopeName as PreferenceScopeName)) {
    const allowed = SCOPE_RULES[type];
    problems.push({
      field: 'scope',
      message: `\`scope.name\` "${d.scopeName}" cannot be used with \`resourceType\` "${type}": ${type} takes preferences at ${quoteList(allowed)} only${type === 'AutoScalingGroup' ? ' (with the Auto Scaling group ARN as `scope.value`)' : ''}`,
    });
  }
  if (nameKnown && d.scopeValue !== undefined) problems.push(...scopeValueProblems(d, typeKnown ? type : undefined, region));
  if (typeKnown) {
    for (const field of PREFERENCE_FIELDS) {
      if (d.preferences[field] === undefined) continue;
      const rule = PREFERENCE_RULES[field];
      if (!rule.resourceTypes.includes(type)) {
        problems.push({ field, message: `\`${field}\` cannot be set for \`resourceType\` "${type}"; it applies to ${quoteList(rule.resourceTypes)}` });
      } else if (nameKnown && !rule.scopes.includes(d.scopeName as PreferenceScopeName)) {
        problems.push({ field, message: `\`${field}\` cannot be set at \`scope.name\` "${d.scopeName}"; set it at ${quoteList(rule.scopes)}` });
      }
    }
  }
  if (PREFERENCE_FIELDS.every((f) => d.preferences[f] === undefined)) {
    problems.push({ field: 'resourceType', message: `declare at least one preference (${PREFERENCE_FIELDS.join(', ')}); a declaration without one manages nothing` });
  }
  return problems;
}

function scopeValueProblems(d: PreferencesDeclaration, type: SettablePreferenceResourceType | undefined, region: string | undefined): PreferenceProblem[] {
  const value = d.scopeValue!;
  const fail = (message: string): PreferenceProblem[] => [{ field: 'scope', message }];
  switch (d.scopeName as PreferenceScopeName) {
    case 'Organization':
      return value === ORGANIZATION_SCOPE_VALUE
        ? []
        : fail(`\`scope.value\` must be "${ORGANIZATION_SCOPE_VALUE}" with \`scope.name\` "Organization" (every account of the organisation), got ${show(value)}`);
    case 'AccountId':
      return Patterns.accountId.test(value) ? [] : fail(`\`scope.value\` must be a 12-digit account id with \`scope.name\` "AccountId", got ${show(value)}`);
    case 'ResourceArn': {
      const arn = parsePreferenceResourceArn(value);
      if (!arn) {
        return fail(
          `\`scope.value\` must be an EC2 instance ARN ("arn:aws:ec2:<region>:<account>:instance/i-...") or an Auto Scaling group ARN with \`scope.name\` "ResourceArn", got ${show(value)}`,
        );
      }
      if (type !== undefined && arn.resourceType !== type) {
        return fail(`\`scope.value\` names ${arn.resourceType === 'Ec2Instance' ? 'an EC2 instance' : 'an Auto Scaling group'}; use it with \`resourceType\` "${arn.resourceType}", not "${type}"`);
      }
      if (region !== undefined && arn.region !== region) {
        return fail(`\`scope.value\` is a resource in ${arn.region}, but these preferences are set in ${region}; set \`region\` to the resource's Region (preferences are regional)`);
      }
      return [];
    }
  }
}

/** A declared preference that AWS does not match. `observed` is "" when AWS has none set. */
export interface PreferenceDifference {
  readonly field: string;
  readonly declared: string;
  readonly observed: string;
}

/** Utilisation parameters left out mean the defaults (they do not fall back to a wider scope). */
function withMetricDefaults(list: readonly UtilizationPreferenceDeclaration[]): UtilizationPreferenceDeclaration[] {
  return canonicalUtilizationPreferences(
    list.map((u) => {
      const fallback = PREFERENCE_DEFAULTS.utilizationPreferences.find((d) => d.metricName === u.metricName)?.metricParameters ?? {};
      return { metricName: u.metricName, metricParameters: { ...fallback, ...u.metricParameters } };
    }),
  );
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether a declared and an observed value (both in wire form) mean the same. */
export function samePreferenceValue(field: string, declared: string, observed: string): boolean {
  if (declared === observed) return true;
  if (declared === '' || observed === '') return false;
  const a = parsedOrText(declared);
  const b = parsedOrText(observed);
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (field === 'utilizationPreferences') {
    return JSON.stringify(withMetricDefaults(a as UtilizationPreferenceDeclaration[])) === JSON.stringify(withMetricDefaults(b as UtilizationPreferenceDeclaration[]));
  }
  if (field === 'preferredResources') {
    return JSON.stringify(canonicalPreferredResources(a as PreferredResourceDeclaration[])) === JSON.stringify(canonicalPreferredResources(b as PreferredResourceDeclaration[]));
  }
  return false;
}

/** The declared fields (those with a value) in which AWS differs, in the order of `fields`. */
export function preferenceDifferences(
  fields: readonly string[],
  declared: Readonly<Record<string, string | undefined>>,
  observed: Readonly<Record<string, string | undefined>>,
): PreferenceDifference[] {
  return fields
    .filter((f) => declared[f] !== undefined && declared[f] !== '')
    .filter((f) => !samePreferenceValue(f, declared[f]!, observed[f] ?? ''))
    .map((f) => ({ field: f, declared: declared[f]!, observed: observed[f] ?? '' }));
}

/** The differences in one sentence for the drift warning ("" when in sync). Structured values are named, not shown. */
export function describePreferenceDifferences(differences: readonly PreferenceDifference[]): string {
  return differences
    .map((d) => {
      if (d.observed === '') return `${d.field} is not set in AWS`;
      if ((STRUCTURED_PREFERENCE_FIELDS as readonly string[]).includes(d.field)) return `${d.field} differs`;
      return `${d.field} is ${d.observed} in AWS, declared ${d.declared}`;
    })
    .join('; ');
}
