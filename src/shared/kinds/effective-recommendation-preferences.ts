/**
 * The recommendation preferences that apply to one EC2 instance or Auto Scaling group: each preference from the
 * narrowest scope that sets it (resource, account, organisation), else Compute Optimizer's default.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEffectiveRecommendationPreferences.html
 */
import type { FieldDef } from '../fields';
import { PreferencePatterns } from '../recommendation-preferences';
import type { KindDescriptor } from './descriptor';

export const effectiveRecommendationPreferences = {
  kind: 'effective-recommendation-preferences',
  service: 'computeOptimizer',
  title: 'Compute Optimizer effective recommendation preferences',
  verbs: ['read'],
  fields: {
    resourceArn: {
      requiredFor: ['read'],
      spec: {
        type: 'string',
        pattern: new RegExp(`(?:${PreferencePatterns.ec2InstanceArn.source})|(?:${PreferencePatterns.autoScalingGroupArn.source})`),
        maxLength: 2048,
        describe: 'an EC2 instance ARN ("arn:aws:ec2:<region>:<account>:instance/i-...") or an Auto Scaling group ARN',
        example: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0',
      },
    },
  } satisfies Record<string, FieldDef>,
  result: {
    /** "Active" or "Inactive". */
    enhancedInfrastructureMetrics: 'string',
    /** { source } or "" when no external metrics provider applies. */
    externalMetricsPreference: 'json',
    /** "DAYS_14", "DAYS_32" or "DAYS_93". */
    lookBackPeriod: 'string',
    /** [{ metricName, metricParameters: { threshold?, headroom } }]. */
    utilizationPreferences: 'json',
    /** [{ name, includeList, effectiveIncludeList, excludeList }] or "" when none applies. */
    preferredResources: 'json',
  },
} as const satisfies KindDescriptor;
