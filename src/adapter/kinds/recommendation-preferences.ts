/**
 * `recommendation-preferences`: Compute Optimizer preferences of one resource type at one scope. Only the
 * declared preferences are managed: apply puts those that differ, the read compares them with what AWS has
 * at exactly that scope, and destroy with removal policy "delete" deletes them (the next scope up applies).
 */
import {
  PREFERENCE_FIELDS,
  PREFERENCE_RULES,
  PayloadError,
  STRUCTURED_PREFERENCE_FIELDS,
  describePreferenceDifferences,
  encodeStructuredPreference,
  preferenceDifferences,
  preferencesDeclarationProblems,
  type PayloadByKind,
  type PreferenceField,
  type ReadResult,
  type RecommendationPreferenceName,
} from '../../shared';
import { str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import {
  deleteRecommendationPreferences,
  getRecommendationPreferences,
  putRecommendationPreferences,
  type PutRecommendationPreferencesCommandInput,
  type RecommendationPreferencesDetail,
} from '../services/compute-optimizer';
import type { KindHandler } from './handler';

type Payload = PayloadByKind['recommendation-preferences'];
type Result = ReadResult<'recommendation-preferences'>;
type Observed = Record<PreferenceField, string>;

const NOTHING: Observed = Object.fromEntries(PREFERENCE_FIELDS.map((f) => [f, ''])) as Observed;

function target(payload: Payload): string {
  return `${payload.resourceType} at ${payload.scopeName} ${payload.scopeValue}`;
}

function scope(payload: Payload) {
  return { name: payload.scopeName, value: payload.scopeValue };
}

/** The declared preferences in their wire form (what the read compares). */
function declaredWire(payload: Payload): Partial<Record<PreferenceField, string>> {
  const out: Partial<Record<PreferenceField, string>> = {};
  for (const field of PREFERENCE_FIELDS) {
    const value = payload[field];
    if (value !== undefined) out[field] = (STRUCTURED_PREFERENCE_FIELDS as readonly string[]).includes(field) ? encodeStructuredPreference(field, value) : String(value);
  }
  return out;
}

/** What AWS reports at exactly this scope, each preference in the payload's form ("" when not set there). */
function asObserved(detail: RecommendationPreferencesDetail | undefined): Observed {
  if (!detail) return { ...NOTHING };
  const out = { ...NOTHING };
  for (const field of PREFERENCE_FIELDS) {
    const value = (detail as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (field === 'preferredResources') {
      const list = (value as { name?: string; includeList?: string[]; excludeList?: string[] }[]).map((p) => ({ name: str(p.name), includeList: p.includeList, excludeList: p.excludeList }));
      out[field] = encodeStructuredPreference(field, list);
    } else if ((STRUCTURED_PREFERENCE_FIELDS as readonly string[]).includes(field)) {
      out[field] = encodeStructuredPreference(field, value);
    } else {
      out[field] = str(value as string);
    }
  }
  return out;
}

interface Observation {
  readonly observed: Observed;
  /** Why nothing can be seen (Compute Optimizer not Active), if so. */
  readonly unavailable?: AwsFailure;
}

async function observe(payload: Payload, ctx: RunContext): Promise<Observation> {
  try {
    const details = await getRecommendationPreferences(ctx, { resourceType: payload.resourceType, scope: scope(payload) });
    const detail = details.find((d) => d.scope?.name === payload.scopeName && d.scope?.value === payload.scopeValue && d.resourceType === payload.resourceType);
    return { observed: asObserved(detail) };
  } catch (err) {
    // Before Compute Optimizer is enrolled (both may be planned in one run) no preference can be set yet.
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) return { observed: { ...NOTHING }, unavailable: err };
    throw explained(err, payload, []);
  }
}

function toResult(payload: Payload, o: Observation): Result {
  const differences = preferenceDifferences(PREFERENCE_FIELDS, declaredWire(payload), o.observed);
  return { ...o.observed, inSync: String(differences.length === 0), summary: describePreferenceDifferences(differences) };
}

/** Cross-field rules the codec cannot check field by field; bad input, before any call. */
function guard(payload: Payload): void {
  const preferences = Object.fromEntries(PREFERENCE_FIELDS.map((f) => [f, payload[f]]));
  const [problem] = preferencesDeclarationProblems({ ...payload, preferences }, payload.region);
  if (problem) throw new PayloadError(problem.field === 'scope' ? 'scopeValue' : problem.field, problem.message);
}

/** AWS's refusal, with what only the management account may do said plainly. */
function explained(err: unknown, payload: Payload, sent: readonly PreferenceField[]): unknown {
  if (!(err instanceof AwsFailure) || !/AccessDeniedException/.test(err.message)) return err;
  if (payload.scopeName === 'Organization') {
    return new AwsFailure(`${err.message}; only the organization's management account can set preferences at the Organization scope: run this stack with its credentials, profile or role`);
  }
  if (sent.includes('savingsEstimationMode') && payload.savingsEstimationMode === 'AfterDiscounts') {
    return new AwsFailure(`${err.message}; only the management account or delegated administrator of the organization can activate savingsEstimationMode "AfterDiscounts"`);
  }
  return err;
}

/** The Put input for `fields`: structured values in the API's shapes. */
function putInput(payload: Payload, fields: readonly PreferenceField[]): PutRecommendationPreferencesCommandInput {
  const input: Record<string, unknown> = { resourceType: payload.resourceType, scope: scope(payload) };
  for (const field of fields) input[field] = payload[field];
  return input as unknown as PutRecommendationPreferencesCommandInput;
}

async function apply(payload: Payload, ctx: RunContext): Promise<Result> {
  guard(payload);
  const o = await observe(payload, ctx);
  if (o.unavailable) throw o.unavailable;
  const differences = preferenceDifferences(PREFERENCE_FIELDS, declaredWire(payload), o.observed);
  if (differences.length === 0) {
    ctx.log(`recommendation-preferences: the declared preferences of ${target(payload)} already match; nothing to change`);
    return toResult(payload, o);
  }
  const fields = differences.map((d) => d.field as PreferenceField);
  try {
    await putRecommendationPreferences(ctx, putInput(payload, fields));
  } catch (err) {
    throw explained(err, payload, fields);
  }
  ctx.log(`recommendation-preferences: set ${fields.join(', ')} for ${target(payload)}`);
  return toResult(payload, await observe(payload, ctx));
}

async function destroy(payload: Payload, ctx: RunContext): Promise<Result | undefined> {
  if (payload.removalPolicy === 'retain') {
    ctx.log(`recommendation-preferences: removalPolicy is "retain"; leaving the preferences of ${target(payload)} in AWS`);
    return undefined;
  }
  guard(payload);
  const o = await observe(payload, ctx);
  if (o.unavailable) throw o.unavailable;
  const declared = PREFERENCE_FIELDS.filter((f) => payload[f] !== undefined);
  const present = declared.filter((f) => PREFERENCE_RULES[f].deleteName !== undefined && o.observed[f] !== '');
  if (present.length > 0) {
    const names = present.map((f) => PREFERENCE_RULES[f].deleteName!) as RecommendationPreferenceName[];
    await deleteRecommendationPreferences(ctx, { resourceType: payload.resourceType, scope: scope(payload), recommendationPreferenceNames: names });
    ctx.log(`recommendation-preferences: deleted ${present.join(', ')} for ${target(payload)}; the next scope up applies`);
  } else if (declared.some((f) => PREFERENCE_RULES[f].deleteName !== undefined)) {
    ctx.log(`recommendation-preferences: none of the declared preferences is set for ${target(payload)}; nothing to delete`);
  }
  if (payload.savingsEstimationMode !== undefined) {
    const now = o.observed.savingsEstimationMode || 'unset';
    ctx.log(
      `recommendation-preferences: savingsEstimationMode cannot be deleted (DeleteRecommendationPreferences has no name for it); it stays ${now} for ${target(payload)}: declare "BeforeDiscounts" and apply before destroying to turn it off`,
    );
  }
  return toResult(payload, await observe(payload, ctx));
}

export const recommendationPreferencesHandler: KindHandler<'recommendation-preferences'> = {
  read: async (payload, ctx) => toResult(payload, await observe(payload, ctx)),
  apply,
  destroy,
};
