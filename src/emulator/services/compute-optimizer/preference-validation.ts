/**
 * Which preference a PutRecommendationPreferences may set for which resource type and scope, and the rules of
 * their values (utilisation metrics, preferred resources, external metrics, savings estimation mode).
 */
import type { ResolvedAccount } from '../../accounts';
import { AccessDeniedException, InvalidParameterValueException } from '../../errors';
import type { JsonObject } from '../../framework';
import {
  PREFERENCE_FIELDS,
  PREFERENCE_RULES,
  PreferenceLimits,
  PreferencePatterns,
  UTILIZATION_METRIC_RULES,
  type CustomizableMetricName,
  type PreferenceField,
  type PreferenceResourceType,
} from '../../../shared';
import type { Scope } from './preferences';

/** The preference members given in a Put, with the rules of which resource types, scopes and values they take. */
export function checkPreferences(caller: ResolvedAccount, resourceType: PreferenceResourceType, scope: Scope, input: JsonObject): Partial<Record<PreferenceField, unknown>> {
  const given: Partial<Record<PreferenceField, unknown>> = {};
  for (const field of PREFERENCE_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    const rule = PREFERENCE_RULES[field];
    if (!rule.resourceTypes.includes(resourceType)) {
      throw new InvalidParameterValueException(`${field} cannot be set for ${resourceType}; it applies to ${rule.resourceTypes.join(', ')}.`);
    }
    if (!rule.scopes.includes(scope.name)) {
      throw new InvalidParameterValueException(`${field} cannot be set at the ${scope.name} scope; set it at ${rule.scopes.join(' or ')}.`);
    }
    given[field] = value;
  }
  const external = given.externalMetricsPreference as { source?: string } | undefined;
  if (external !== undefined && external.source === undefined) {
    throw new InvalidParameterValueException('externalMetricsPreference.source is required: name the provider (Datadog, Dynatrace, NewRelic or Instana); to remove the preference use DeleteRecommendationPreferences.');
  }
  if (given.utilizationPreferences !== undefined) checkUtilization(given.utilizationPreferences as JsonObject[]);
  if (given.preferredResources !== undefined) checkPreferredResources(given.preferredResources as JsonObject[]);
  if (given.savingsEstimationMode === 'AfterDiscounts' && caller.role === 'member') {
    throw new AccessDeniedException(
      `Account ${caller.accountId} is a member account; only the organization's management account can activate savings estimation mode (AfterDiscounts) for member accounts.`,
    );
  }
  return given;
}

function checkUtilization(list: JsonObject[]): void {
  if (list.length === 0) throw new InvalidParameterValueException('utilizationPreferences is empty; give CpuUtilization and/or MemoryUtilization, or delete the preference.');
  const seen = new Set<string>();
  list.forEach((p, i) => {
    const where = `utilizationPreferences.${i + 1}`;
    const metric = p.metricName as CustomizableMetricName | undefined;
    if (metric === undefined) throw new InvalidParameterValueException(`${where}.metricName is required: CpuUtilization or MemoryUtilization.`);
    if (seen.has(metric)) throw new InvalidParameterValueException(`utilizationPreferences names ${metric} twice.`);
    seen.add(metric);
    const params = (p.metricParameters ?? {}) as { threshold?: string; headroom?: string };
    const rules = UTILIZATION_METRIC_RULES[metric];
    if (params.threshold === undefined && params.headroom === undefined) {
      throw new InvalidParameterValueException(`${where}.metricParameters must set ${rules.threshold ? 'threshold and/or headroom' : 'headroom'} for ${metric}.`);
    }
    if (params.threshold !== undefined && !rules.threshold) {
      throw new InvalidParameterValueException(`${where}: ${metric} takes no threshold; the threshold setting is available for CpuUtilization only.`);
    }
    if (params.headroom !== undefined && !(rules.headroom as readonly string[]).includes(params.headroom)) {
      throw new InvalidParameterValueException(`${where}: ${metric} headroom must be ${rules.headroom.join(', ')}; got ${params.headroom}.`);
    }
  });
}

function checkPreferredResources(list: JsonObject[]): void {
  if (list.length === 0) throw new InvalidParameterValueException('preferredResources is empty; give an includeList or excludeList of Ec2InstanceTypes, or delete the preference.');
  const seen = new Set<string>();
  list.forEach((p, i) => {
    const where = `preferredResources.${i + 1}`;
    if (p.name === undefined) throw new InvalidParameterValueException(`${where}.name is required: Ec2InstanceTypes.`);
    if (seen.has(p.name as string)) throw new InvalidParameterValueException(`preferredResources names ${String(p.name)} twice.`);
    seen.add(p.name as string);
    const include = (p.includeList as string[] | undefined) ?? [];
    const exclude = (p.excludeList as string[] | undefined) ?? [];
    // "You must specify either an includeList or excludeList. If the preference is an empty set of resource type values, an error occurs."
    if (include.length === 0 && exclude.length === 0) throw new InvalidParameterValueException(`${where} must have a non-empty includeList or excludeList.`);
    for (const [label, values] of [['includeList', include], ['excludeList', exclude]] as const) {
      if (values.length > PreferenceLimits.preferredResourceValues) {
        throw new InvalidParameterValueException(`${where}.${label} has ${values.length} values; at most ${PreferenceLimits.preferredResourceValues} are allowed.`);
      }
      const bad = values.find((v) => !PreferencePatterns.preferredResourceValue.test(v));
      if (bad !== undefined) throw new InvalidParameterValueException(`${where}.${label} value "${bad}" is not an EC2 instance type or a wildcard form of one (such as m5.large or m5.*).`);
    }
  });
}
