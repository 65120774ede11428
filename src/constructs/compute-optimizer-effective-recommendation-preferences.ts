import { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { parsePreferenceResourceArn } from '../shared';
import { EnrollmentRead, type EnrollmentReadProps } from './enrollment-read';
import { ValidationError } from './errors';
import { jsonResult } from './private/read-attributes';
import { resolveConnection } from './private/resolve-connection';
import { isUnresolved } from './private/validate';

export interface ComputeOptimizerEffectiveRecommendationPreferencesProps extends EnrollmentReadProps {
  /**
   * The EC2 instance or Auto Scaling group whose effective preferences to read (its ARN, in `region`).
   * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_GetEffectiveRecommendationPreferences.html
   */
  readonly resourceArn: string;
}

/**
 * Reads the recommendation preferences that apply to one EC2 instance or Auto Scaling group
 * (`GetEffectiveRecommendationPreferences`): each from the narrowest scope that sets it (the resource, its
 * account, the organisation), else Compute Optimizer's default. Pass the preferences it should see in
 * `dependsOn`, so a plan that changes them reads it during apply.
 *
 * @throws ValidationError when `resourceArn` is not an EC2 instance or Auto Scaling group ARN, or is in
 *   another Region than `region`.
 */
export class ComputeOptimizerEffectiveRecommendationPreferences extends EnrollmentRead {
  constructor(scope: Construct, id: string, props: ComputeOptimizerEffectiveRecommendationPreferencesProps) {
    super(scope, id, props, 'effective-recommendation-preferences', { resourceArn: props.resourceArn });
    const arn = isUnresolved(props.resourceArn) ? undefined : parsePreferenceResourceArn(props.resourceArn);
    const region = resolveConnection(this, props).connection.region;
    if (arn && !isUnresolved(region) && arn.region !== region) {
      throw new ValidationError(
        this.node.path,
        'resourceArn',
        `\`resourceArn\` is a resource in ${arn.region}, but the read is made in ${region}; set \`region\` to the resource's Region (preferences are regional)`,
      );
    }
  }

  /** "Active" or "Inactive". */
  public get enhancedInfrastructureMetrics(): string {
    return this.result('enhancedInfrastructureMetrics');
  }

  /** The external metrics provider: { source } (null when none applies). */
  public get externalMetricsPreference(): IResolvable {
    return jsonResult(this._part, 'externalMetricsPreference');
  }

  /** "DAYS_14", "DAYS_32" or "DAYS_93". */
  public get lookBackPeriod(): string {
    return this.result('lookBackPeriod');
  }

  /** CPU and memory: a list of { metricName, metricParameters: { threshold, headroom } }. */
  public get utilizationPreferences(): IResolvable {
    return jsonResult(this._part, 'utilizationPreferences');
  }

  /** A list of { name, includeList, effectiveIncludeList, excludeList } (null when none applies). */
  public get preferredResources(): IResolvable {
    return jsonResult(this._part, 'preferredResources');
  }
}
