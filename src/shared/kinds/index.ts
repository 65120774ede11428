/**
 * The registry of kinds: every descriptor, by name. Adding a kind adds its descriptor file and one line here;
 * everything typed by `ResourceKind` then asks for the rest (the adapter's handler, for one).
 */
import type { Connection } from '../connection';
import type { DecodedFields } from '../fields';
import { automationEnrollment } from './automation-enrollment';
import { automationMemberAccounts } from './automation-member-accounts';
import { automationOrganizationAccounts } from './automation-organization-accounts';
import { automationRuleSet } from './automation-rule-set';
import { computeOptimizerEnrollment } from './compute-optimizer-enrollment';
import { computeOptimizerOrganizationStatuses } from './compute-optimizer-organization-statuses';
import { costOptimizationHubEnrollment } from './cost-optimization-hub-enrollment';
import { costOptimizationHubEnrollmentStatuses } from './cost-optimization-hub-enrollment-statuses';
import { costOptimizationHubPreferences } from './cost-optimization-hub-preferences';
import { effectiveRecommendationPreferences } from './effective-recommendation-preferences';
import { recommendationPreferences } from './recommendation-preferences';
import type { KindDescriptor, WriteTraits } from './descriptor';

export * from './descriptor';

export const KINDS = {
  [computeOptimizerEnrollment.kind]: computeOptimizerEnrollment,
  [computeOptimizerOrganizationStatuses.kind]: computeOptimizerOrganizationStatuses,
  [automationEnrollment.kind]: automationEnrollment,
  [automationRuleSet.kind]: automationRuleSet,
  [automationMemberAccounts.kind]: automationMemberAccounts,
  [automationOrganizationAccounts.kind]: automationOrganizationAccounts,
  [costOptimizationHubEnrollment.kind]: costOptimizationHubEnrollment,
  [costOptimizationHubEnrollmentStatuses.kind]: costOptimizationHubEnrollmentStatuses,
  [recommendationPreferences.kind]: recommendationPreferences,
  [effectiveRecommendationPreferences.kind]: effectiveRecommendationPreferences,
  [costOptimizationHubPreferences.kind]: costOptimizationHubPreferences,
} as const satisfies Record<string, KindDescriptor>;

export type ResourceKind = keyof typeof KINDS;
export type KindOf<K extends ResourceKind> = (typeof KINDS)[K];
export const RESOURCE_KINDS = Object.keys(KINDS) as ResourceKind[];

/** Kinds that declare something in AWS (apply/destroy). */
export type WriteKind = { [K in ResourceKind]: KindOf<K> extends { write: WriteTraits } ? K : never }[ResourceKind];

/** The marker every payload carries; the plan review recognises our resources by it, never by names. */
export const PAYLOAD_SCHEMA = 'cdktf-aws-enrollment/v1';

/** A validated payload of kind K: connection, marker, and the kind's fields (defaults filled in). */
export type PayloadByKind = {
  [K in ResourceKind]: Connection & { readonly schema: typeof PAYLOAD_SCHEMA; readonly kind: K } & DecodedFields<KindOf<K>['fields']>;
};
export type Payload = PayloadByKind[ResourceKind];

/** What `adapter read <kind>` prints: every key of the descriptor's result, as strings. */
export type ReadResult<K extends ResourceKind> = Record<keyof KindOf<K>['result'] & string, string>;

export function isResourceKind(value: string): value is ResourceKind {
  return Object.prototype.hasOwnProperty.call(KINDS, value);
}

export function descriptorOf(kind: ResourceKind): KindDescriptor {
  return KINDS[kind];
}

/** The default of a field, as its wire string ("" when it has none). */
export function wireDefault(kind: ResourceKind, field: string): string {
  const def = (KINDS[kind].fields as Record<string, { default?: unknown }>)[field];
  return def?.default === undefined ? '' : String(def.default);
}

/** Whether a kind can include the organisation's member accounts. */
export function includesMembers(kind: ResourceKind): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS[kind].fields, 'includeMemberAccounts');
}

export { AssociationRemovalPolicy } from './automation-member-accounts';
export { RuleSetRemovalPolicy } from './automation-rule-set';
export { HUB_PREFERENCE_FIELDS, type HubPreferenceField } from './cost-optimization-hub-preferences';
export {
  automationEnrollment,
  automationMemberAccounts,
  automationOrganizationAccounts,
  automationRuleSet,
  computeOptimizerEnrollment,
  computeOptimizerOrganizationStatuses,
  costOptimizationHubEnrollment,
  costOptimizationHubEnrollmentStatuses,
  costOptimizationHubPreferences,
  effectiveRecommendationPreferences,
  recommendationPreferences,
};
