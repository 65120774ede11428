/**
 * Compute Optimizer recommendation preferences for one resource type at one scope (the organisation, an
 * account, or one resource). Only the preferences declared are managed (see ../preference-declarations.ts).
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_PutRecommendationPreferences.html
 */
import type { FieldDef } from '../fields';
import {
  PreferencesRemovalPolicy,
  SETTABLE_PREFERENCE_RESOURCE_TYPES,
  decodeExternalMetricsPreference,
  decodePreferredResources,
  decodeUtilizationPreferences,
} from '../preference-declarations';
import { LookBackPeriod, PreferenceScopeName, PreferenceStatus, type PreferenceField } from '../recommendation-preferences';
import { SavingsEstimationMode } from '../enums';
import type { KindDescriptor } from './descriptor';

/** The preferences, named as the API names them (scalars as enums, structures as canonical JSON). */
const PREFERENCES = {
  enhancedInfrastructureMetrics: { spec: { type: 'enum', values: Object.values(PreferenceStatus) } },
  inferredWorkloadTypes: { spec: { type: 'enum', values: Object.values(PreferenceStatus) } },
  externalMetricsPreference: {
    spec: { type: 'json', maxLength: 200, describe: 'a JSON object { "source": ... }', decode: decodeExternalMetricsPreference },
  },
  lookBackPeriod: { spec: { type: 'enum', values: Object.values(LookBackPeriod) } },
  utilizationPreferences: {
    spec: { type: 'json', maxLength: 1_000, describe: 'a JSON list of { metricName, metricParameters }', decode: decodeUtilizationPreferences },
  },
  preferredResources: {
    spec: { type: 'json', maxLength: 40_000, describe: 'a JSON list of { name, includeList, excludeList }', decode: decodePreferredResources },
  },
  savingsEstimationMode: { spec: { type: 'enum', values: Object.values(SavingsEstimationMode) } },
} as const satisfies Record<PreferenceField, FieldDef>;

const PREFERENCE_NAMES = Object.keys(PREFERENCES) as PreferenceField[];
const TARGET = ['resourceType', 'scopeName', 'scopeValue'] as const;

export const recommendationPreferences = {
  kind: 'recommendation-preferences',
  service: 'computeOptimizer',
  title: 'Compute Optimizer recommendation preferences',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    resourceType: { requiredFor: ['read', 'apply', 'destroy'], spec: { type: 'enum', values: SETTABLE_PREFERENCE_RESOURCE_TYPES } },
    scopeName: { requiredFor: ['read', 'apply', 'destroy'], property: 'scope.name', spec: { type: 'enum', values: Object.values(PreferenceScopeName) } },
    /** ALL_ACCOUNTS, an account id or a resource ARN; which one goes with which name is checked as a whole. */
    scopeValue: {
      requiredFor: ['read', 'apply', 'destroy'],
      property: 'scope.value',
      spec: { type: 'string', pattern: /^\S+$/, maxLength: 2048, describe: '"ALL_ACCOUNTS", a 12-digit account id, or an EC2 instance or Auto Scaling group ARN' },
    },
    ...PREFERENCES,
    /** "delete" removes the declared preferences on `terraform destroy` (the next scope up applies again). */
    removalPolicy: { default: PreferencesRemovalPolicy.RETAIN, spec: { type: 'enum', values: Object.values(PreferencesRemovalPolicy) } },
  } satisfies Record<string, FieldDef>,
  result: {
    /** The preferences AWS reports at exactly this scope, in the payload's form ("" when not set there). */
    enhancedInfrastructureMetrics: 'string',
    inferredWorkloadTypes: 'string',
    externalMetricsPreference: 'json',
    lookBackPeriod: 'string',
    utilizationPreferences: 'json',
    preferredResources: 'json',
    savingsEstimationMode: 'string',
    /** Whether AWS matches the declared preferences the read carries. */
    inSync: 'boolean',
    /** What differs, in words ("" when in sync). */
    summary: 'string',
  },
  write: {
    reapplyOn: [...TARGET, ...PREFERENCE_NAMES],
    readFields: [...TARGET, ...PREFERENCE_NAMES],
    identity: TARGET,
    agree: PREFERENCE_NAMES,
    drift: { inSync: 'inSync', summary: 'summary' },
    // Preferences need the account opted in to Compute Optimizer.
    after: [{ kind: 'compute-optimizer-enrollment', requiresActive: true }],
  },
} as const satisfies KindDescriptor;
