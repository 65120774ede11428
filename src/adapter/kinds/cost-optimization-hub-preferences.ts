/**
 * `cost-optimization-hub-preferences`: the account's Cost Optimization Hub preferences. Only the declared
 * preferences are managed: apply updates those that differ, the read compares them with GetPreferences, and
 * destroy with removal policy "delete" restores AWS's defaults for them.
 */
import {
  COST_OPTIMIZATION_HUB_PREFERENCE_DEFAULTS as DEFAULTS,
  HUB_PREFERENCE_FIELDS,
  PayloadError,
  describePreferenceDifferences,
  preferenceDifferences,
  type HubPreferenceField,
  type PayloadByKind,
  type ReadResult,
} from '../../shared';
import { str, type RunContext } from '../context';
import { AwsFailure } from '../errors';
import { getPreferences, updatePreferences, type GetPreferencesResponse, type UpdatePreferencesRequest } from '../services/cost-optimization-hub';
import type { KindHandler } from './handler';

type Payload = PayloadByKind['cost-optimization-hub-preferences'];
type Result = ReadResult<'cost-optimization-hub-preferences'>;
type Values = Partial<Record<HubPreferenceField, string>>;

/** What GetPreferences reports, flat. */
function flat(out: GetPreferencesResponse): Record<HubPreferenceField, string> {
  return {
    savingsEstimationMode: str(out.savingsEstimationMode),
    memberAccountDiscountVisibility: str(out.memberAccountDiscountVisibility),
    preferredCommitmentTerm: str(out.preferredCommitment?.term),
    preferredCommitmentPaymentOption: str(out.preferredCommitment?.paymentOption),
  };
}

function declared(payload: Payload): Values {
  const values: Values = Object.fromEntries(HUB_PREFERENCE_FIELDS.filter((f) => payload[f] !== undefined).map((f) => [f, String(payload[f])]));
  if (Object.keys(values).length === 0) {
    throw new PayloadError('savingsEstimationMode', `declare at least one preference (${HUB_PREFERENCE_FIELDS.join(', ')}); a declaration without one manages nothing`);
  }
  return values;
}

function toResult(payload: Payload, observed: Record<HubPreferenceField, string>): Result {
  const differences = preferenceDifferences(HUB_PREFERENCE_FIELDS, declared(payload), observed);
  return { ...observed, inSync: String(differences.length === 0), summary: describePreferenceDifferences(differences) };
}

/**
 * The UpdatePreferences input that sets `wanted`. A preferred commitment given replaces the stored one as a
 * whole (a member left out means the default), so the member not declared is sent as AWS reports it.
 */
function updateInput(wanted: Values, observed: Record<HubPreferenceField, string>): UpdatePreferencesRequest {
  const input: UpdatePreferencesRequest = {};
  if (wanted.savingsEstimationMode) input.savingsEstimationMode = wanted.savingsEstimationMode as UpdatePreferencesRequest['savingsEstimationMode'];
  if (wanted.memberAccountDiscountVisibility) input.memberAccountDiscountVisibility = wanted.memberAccountDiscountVisibility as UpdatePreferencesRequest['memberAccountDiscountVisibility'];
  if (wanted.preferredCommitmentTerm || wanted.preferredCommitmentPaymentOption) {
    const term = wanted.preferredCommitmentTerm || observed.preferredCommitmentTerm;
    const paymentOption = wanted.preferredCommitmentPaymentOption || observed.preferredCommitmentPaymentOption;
    input.preferredCommitment = {
      ...(term ? { term: term as 'OneYear' | 'ThreeYears' } : {}),
      ...(paymentOption ? { paymentOption: paymentOption as 'AllUpfront' | 'PartialUpfront' | 'NoUpfront' } : {}),
    };
  }
  return input;
}

function explained(err: unknown, wanted: Values): unknown {
  if (err instanceof AwsFailure && wanted.memberAccountDiscountVisibility && /(ValidationException|AccessDeniedException)/.test(err.message) && /memberAccountDiscountVisibility|management account/.test(err.message)) {
    return new AwsFailure(`${err.message}; memberAccountDiscountVisibility is the organisation's setting: declare it only in the management account's stack`);
  }
  return err;
}

/** Sets `wanted` where AWS differs; returns what AWS reports afterwards. */
async function converge(wanted: Values, what: string, ctx: RunContext): Promise<Record<HubPreferenceField, string>> {
  const observed = flat(await getPreferences(ctx));
  const differences = preferenceDifferences(HUB_PREFERENCE_FIELDS, wanted, observed);
  if (differences.length === 0) {
    ctx.log(`cost-optimization-hub-preferences: ${what} already match; nothing to change`);
    return observed;
  }
  const changed: Values = Object.fromEntries(differences.map((d) => [d.field, d.declared]));
  try {
    const updated = await updatePreferences(ctx, updateInput(changed, observed));
    ctx.log(`cost-optimization-hub-preferences: set ${differences.map((d) => `${d.field} ${d.declared}`).join(', ')}`);
    return flat(updated);
  } catch (err) {
    throw explained(err, changed);
  }
}

/** AWS's defaults for the declared preferences: what a `delete` removal policy restores. */
function defaultsFor(payload: Payload): Values {
  const all: Record<HubPreferenceField, string> = {
    savingsEstimationMode: DEFAULTS.savingsEstimationMode,
    memberAccountDiscountVisibility: DEFAULTS.memberAccountDiscountVisibility,
    preferredCommitmentTerm: DEFAULTS.preferredCommitment.term,
    preferredCommitmentPaymentOption: DEFAULTS.preferredCommitment.paymentOption,
  };
  return Object.fromEntries(Object.keys(declared(payload)).map((f) => [f, all[f as HubPreferenceField]]));
}

export const costOptimizationHubPreferencesHandler: KindHandler<'cost-optimization-hub-preferences'> = {
  read: async (payload, ctx) => toResult(payload, flat(await getPreferences(ctx))),
  apply: async (payload, ctx) => toResult(payload, await converge(declared(payload), 'the declared preferences', ctx)),
  destroy: async (payload, ctx) => {
    if (payload.removalPolicy === 'retain') {
      ctx.log('cost-optimization-hub-preferences: removalPolicy is "retain"; leaving the preferences in AWS as they are');
      return undefined;
    }
    const defaults = defaultsFor(payload);
    ctx.log(`cost-optimization-hub-preferences: removalPolicy is "delete"; restoring AWS's defaults for ${Object.keys(defaults).join(', ')}`);
    return toResult(payload, await converge(defaults, "AWS's defaults", ctx));
  },
};
