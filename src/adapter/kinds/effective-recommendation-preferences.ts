/** `effective-recommendation-preferences`: the preferences that apply to one EC2 instance or Auto Scaling group. */
import type { ReadResult } from '../../shared';
import { str } from '../context';
import { getEffectiveRecommendationPreferences } from '../services/compute-optimizer';
import type { KindHandler } from './handler';

const json = (value: unknown): string => (value === undefined || value === null ? '' : JSON.stringify(value));

export const effectiveRecommendationPreferencesHandler: KindHandler<'effective-recommendation-preferences'> = {
  read: async (payload, ctx): Promise<ReadResult<'effective-recommendation-preferences'>> => {
    const out = await getEffectiveRecommendationPreferences(ctx, payload.resourceArn);
    return {
      enhancedInfrastructureMetrics: str(out.enhancedInfrastructureMetrics),
      externalMetricsPreference: json(out.externalMetricsPreference),
      lookBackPeriod: str(out.lookBackPeriod),
      utilizationPreferences: json(out.utilizationPreferences),
      preferredResources: json(out.preferredResources),
    };
  },
};
