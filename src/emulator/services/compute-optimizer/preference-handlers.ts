/**
 * Compute Optimizer recommendation preferences: the thin handler layer, the GetRecommendationPreferences
 * paginator and the console action (admin route). The rules live in ./preferences.
 */
import type { AccountDirectory } from '../../accounts';
import { AdminError, validateInput, type AdminRequest, type FieldRule, type JsonObject, type OperationHandler, type Paginator } from '../../framework';
import type { StateStore } from '../../state';
import {
  CustomizableMetricHeadroom,
  CustomizableMetricName,
  CustomizableMetricThreshold,
  ExternalMetricsSource,
  LookBackPeriod,
  PreferenceLimits,
  PreferenceResourceType,
  PreferenceScopeName,
  PreferenceStatus,
  PreferredResourceName,
  RecommendationPreferenceName,
  SavingsEstimationMode,
  type PreferenceResourceType as ResourceType,
  type RecommendationPreferenceName as PreferenceName,
} from '../../../shared';
import { checkPreferences } from './preference-validation';
import { deletePreferences, effectivePreferences, listPreferences, presentPreferences, putPreferences, requireOptedIn, resolveScope } from './preferences';

const RESOURCE_TYPE = { type: 'string', required: true, enum: Object.values(PreferenceResourceType) } as const;
const SCOPE: FieldRule = { type: 'structure', members: { name: { type: 'string', enum: Object.values(PreferenceScopeName) }, value: { type: 'string' } } };
const VALUES = { type: 'list', member: { type: 'string' } } as const;

const PREFERENCE_MEMBERS: Readonly<Record<string, FieldRule>> = {
  enhancedInfrastructureMetrics: { type: 'string', enum: Object.values(PreferenceStatus) },
  inferredWorkloadTypes: { type: 'string', enum: Object.values(PreferenceStatus) },
  externalMetricsPreference: { type: 'structure', members: { source: { type: 'string', enum: Object.values(ExternalMetricsSource) } } },
  lookBackPeriod: { type: 'string', enum: Object.values(LookBackPeriod) },
  utilizationPreferences: {
    type: 'list',
    member: {
      type: 'structure',
      members: {
        metricName: { type: 'string', enum: Object.values(CustomizableMetricName) },
        metricParameters: {
          type: 'structure',
          members: { threshold: { type: 'string', enum: Object.values(CustomizableMetricThreshold) }, headroom: { type: 'string', enum: Object.values(CustomizableMetricHeadroom) } },
        },
      },
    },
  },
  preferredResources: {
    type: 'list',
    member: { type: 'structure', members: { name: { type: 'string', enum: Object.values(PreferredResourceName) }, includeList: VALUES, excludeList: VALUES } },
  },
  savingsEstimationMode: { type: 'string', enum: Object.values(SavingsEstimationMode) },
};
const NAMES = { type: 'list', required: true, member: { type: 'string', enum: Object.values(RecommendationPreferenceName) } } as const;

type Scoped = { name?: string; value?: string } | undefined;

export const preferencePaginators: Readonly<Record<string, Paginator>> = {
  GetRecommendationPreferences: {
    inputToken: 'nextToken',
    outputToken: 'nextToken',
    limitKey: 'maxResults',
    resultKey: 'recommendationPreferencesDetails',
    limits: PreferenceLimits.getMaxResults,
    defaultLimit: 100,
    present: presentPreferences,
  },
};

export const preferenceOperations: Readonly<Record<string, OperationHandler>> = {
  PutRecommendationPreferences: (input, ctx) => {
    validateInput(input, { resourceType: RESOURCE_TYPE, scope: SCOPE, ...PREFERENCE_MEMBERS });
    requireOptedIn(ctx.store, ctx.caller);
    const resourceType = input.resourceType as ResourceType;
    const target = resolveScope(ctx.caller, ctx.accounts, resourceType, input.scope as Scoped, ctx.region, true);
    putPreferences(ctx.store, ctx.region, resourceType, target, checkPreferences(ctx.caller, resourceType, target.scope, input));
    return {};
  },
  GetRecommendationPreferences: (input, ctx) => {
    validateInput(input, { resourceType: RESOURCE_TYPE, scope: SCOPE, nextToken: { type: 'string' } });
    requireOptedIn(ctx.store, ctx.caller);
    const resourceType = input.resourceType as ResourceType;
    const target = input.scope === undefined || input.scope === null ? undefined : resolveScope(ctx.caller, ctx.accounts, resourceType, input.scope as Scoped, ctx.region, false);
    return { recommendationPreferencesDetails: listPreferences(ctx.store, ctx.caller, ctx.region, resourceType, target) };
  },
  DeleteRecommendationPreferences: (input, ctx) => {
    validateInput(input, { resourceType: RESOURCE_TYPE, scope: SCOPE, recommendationPreferenceNames: NAMES });
    requireOptedIn(ctx.store, ctx.caller);
    const resourceType = input.resourceType as ResourceType;
    const target = resolveScope(ctx.caller, ctx.accounts, resourceType, input.scope as Scoped, ctx.region, true);
    deletePreferences(ctx.store, ctx.region, resourceType, target, input.recommendationPreferenceNames as PreferenceName[]);
    return {};
  },
  GetEffectiveRecommendationPreferences: (input, ctx) => {
    validateInput(input, { resourceArn: { type: 'string', required: true } });
    requireOptedIn(ctx.store, ctx.caller);
    return effectivePreferences(ctx.store, ctx.accounts, ctx.caller, ctx.region, input.resourceArn as string);
  },
};

/**
 * `POST /_emulator/accounts/{id}/compute-optimizer/preferences`: a preference change made in that account's
 * console. The body is a PutRecommendationPreferences input plus `region`; with `delete` (a list of
 * RecommendationPreferenceName values) it removes those preferences instead. The same rules apply as for the API.
 */
export function preferenceAdmin(request: AdminRequest): unknown {
  if (request.path.length !== 1 || request.path[0] !== 'preferences' || request.method !== 'POST') return undefined;
  const { store, accounts, accountId, body } = request;
  if (typeof body.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-[0-9]$/.test(body.region)) {
    throw new AdminError(400, 'a console preference change needs "region" (the Region of the Compute Optimizer console, such as "eu-west-1")');
  }
  const caller = accounts.byAccountId(accountId)!;
  const region = body.region;
  validateInput(body, { resourceType: RESOURCE_TYPE, scope: SCOPE, ...PREFERENCE_MEMBERS, delete: { type: 'list', member: NAMES.member } });
  const resourceType = body.resourceType as ResourceType;
  const target = resolveScope(caller, accounts, resourceType, body.scope as Scoped, region, true);
  if (body.delete !== undefined) deletePreferences(store, region, resourceType, target, body.delete as PreferenceName[]);
  else putPreferences(store, region, resourceType, target, checkPreferences(caller, resourceType, target.scope, body));
  return { recommendationPreferencesDetails: listPreferences(store, caller, region, resourceType, target).map(presentPreferences) };
}

/** The admin state's Compute Optimizer entry lists the preferences stored with the account. */
export function preferenceView(store: StateStore, _accounts: AccountDirectory, accountId: string): JsonObject {
  const entries = store.state.accounts[accountId]?.recommendationPreferences ?? [];
  return { recommendationPreferences: entries.map((e) => ({ region: e.region, ...presentPreferences(e) })) };
}
