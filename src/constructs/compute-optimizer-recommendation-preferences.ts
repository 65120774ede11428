import { Construct } from 'constructs';
import {
  STRUCTURED_PREFERENCE_FIELDS,
  encodeStructuredPreference,
  externalMetricsProblems,
  preferencesDeclarationProblems,
  preferredResourceProblems,
  utilizationPreferenceProblems,
  type PreferenceField,
  type PreferenceProblem,
} from '../shared';
import { DeclaredResource, type DeclaredResourceProps } from './declared-resource';
import {
  CustomizableMetricHeadroom,
  CustomizableMetricName,
  CustomizableMetricThreshold,
  EnhancedInfrastructureMetrics,
  ExternalMetricsSource,
  InferredWorkloadTypesPreference,
  LookBackPeriodPreference,
  PreferencesRemovalPolicy,
  PreferredResourceName,
  RecommendationPreferenceResourceType,
  RecommendationPreferenceScopeName,
  SavingsEstimationMode,
} from './enums';
import { ValidationError, pathOf } from './errors';
import { findToken } from './private/tokens';
import { isUnresolved } from './private/validate';

/** Where the preferences apply. */
export interface ComputeOptimizerRecommendationPreferencesScope {
  /** The organisation (management account only), one account, or one EC2 instance or Auto Scaling group. */
  readonly name: RecommendationPreferenceScopeName;
  /**
   * `ALL_ACCOUNTS` for the organisation; the 12-digit account id for an account; the EC2 instance or Auto
   * Scaling group ARN for a resource (in the Region the preferences are set in).
   */
  readonly value: string;
}

/** The provider of external memory metrics. */
export interface ComputeOptimizerExternalMetricsPreference {
  /** Datadog, Dynatrace, New Relic or Instana. */
  readonly source: ExternalMetricsSource;
}

/** The parameters of one utilisation metric; those left out take Compute Optimizer's defaults. */
export interface ComputeOptimizerCustomizableMetricParameters {
  /**
   * The percentile of utilisation recommendations are sized for (CPU only).
   * @default - P99_5
   */
  readonly threshold?: CustomizableMetricThreshold;
  /**
   * Spare capacity kept above the observed utilisation (CPU: 30, 20 or 0 %; memory: 30, 20 or 10 %).
   * @default - PERCENT_20
   */
  readonly headroom?: CustomizableMetricHeadroom;
}

/** CPU or memory utilisation preferences (EC2 instances only). */
export interface ComputeOptimizerUtilizationPreference {
  /** CpuUtilization or MemoryUtilization (each at most once). */
  readonly metricName: CustomizableMetricName;
  /** At least a threshold or a headroom. */
  readonly metricParameters: ComputeOptimizerCustomizableMetricParameters;
}

/** Which EC2 instance types recommendations may suggest. */
export interface ComputeOptimizerPreferredResource {
  /** Ec2InstanceTypes (the only one Compute Optimizer supports). */
  readonly name: PreferredResourceName;
  /**
   * Instance types or wildcard forms ("m5.large", "m5.*", "*.metal") recommendations may suggest, up to 1000.
   * @default - every supported type (unless excluded)
   */
  readonly includeList?: string[];
  /**
   * Instance types or wildcard forms recommendations never suggest, up to 1000.
   * @default - none
   */
  readonly excludeList?: string[];
}

export interface ComputeOptimizerRecommendationPreferencesProps extends DeclaredResourceProps {
  /**
   * The resource type the preferences are for. Auto Scaling groups take preferences at the resource scope
   * only; EBS volumes, Lambda functions, ECS services, RDS and Aurora at the organisation and account scopes.
   */
  readonly resourceType: RecommendationPreferenceResourceType;
  /** Where they apply: the organisation, one account or one resource. A narrower scope overrides a wider one. */
  readonly scope: ComputeOptimizerRecommendationPreferencesScope;
  /**
   * Enhanced infrastructure metrics: a paid feature that analyses up to 93 days of metrics (EC2 instances,
   * Auto Scaling groups, RDS).
   * @default - not managed (the next scope up, else Inactive)
   */
  readonly enhancedInfrastructureMetrics?: EnhancedInfrastructureMetrics;
  /**
   * Whether Compute Optimizer infers the applications running on instances (EC2 instances, Auto Scaling groups).
   * @default - not managed (the next scope up, else Active)
   */
  readonly inferredWorkloadTypes?: InferredWorkloadTypesPreference;
  /**
   * An observability provider whose memory metrics recommendations use (EC2 instances, organisation and
   * account scopes).
   * @default - not managed (the next scope up, else none)
   */
  readonly externalMetricsPreference?: ComputeOptimizerExternalMetricsPreference;
  /**
   * How many days of utilisation metrics are analysed (EC2, Auto Scaling groups, EBS, ECS, RDS, Aurora storage).
   * @default - not managed (the next scope up, else DAYS_14)
   */
  readonly lookBackPeriod?: LookBackPeriodPreference;
  /**
   * CPU threshold and headroom, memory headroom (EC2 instances only). The list replaces the one at this scope.
   * @default - not managed (the next scope up, else CPU P99_5 / 20 %, memory 20 %)
   */
  readonly utilizationPreferences?: ComputeOptimizerUtilizationPreference[];
  /**
   * The instance types recommendations may suggest (EC2 instances, Auto Scaling groups).
   * @default - not managed (the next scope up, else every supported type)
   */
  readonly preferredResources?: ComputeOptimizerPreferredResource[];
  /**
   * Whether savings are estimated after Savings Plans and Reserved Instance discounts (organisation and account
   * scopes; `AfterDiscounts` from the management account or delegated administrator only). It cannot be
   * deleted: removal policy "delete" leaves it as it is.
   * @default - not managed
   */
  readonly savingsEstimationMode?: SavingsEstimationMode;
  /**
   * What `terraform destroy` does: "retain" leaves the preferences in AWS; "delete" deletes the declared
   * preferences (DeleteRecommendationPreferences), so the next scope up applies again. Savings estimation
   * mode cannot be deleted and stays as it is either way.
   * @default PreferencesRemovalPolicy.RETAIN
   */
  readonly removalPolicy?: PreferencesRemovalPolicy;
}

/** How each structured prop is checked (the same rules the adapter applies to its payload). */
const STRUCTURED_CHECKS: Readonly<Record<string, (value: unknown) => PreferenceProblem[]>> = {
  externalMetricsPreference: externalMetricsProblems,
  utilizationPreferences: utilizationPreferenceProblems,
  preferredResources: preferredResourceProblems,
};

const PREFERENCE_PROPS: readonly PreferenceField[] = [
  'enhancedInfrastructureMetrics',
  'inferredWorkloadTypes',
  'externalMetricsPreference',
  'lookBackPeriod',
  'utilizationPreferences',
  'preferredResources',
  'savingsEstimationMode',
];

/**
 * Compute Optimizer recommendation preferences for one resource type at one scope: the organisation (from
 * the management account), an account, or one EC2 instance or Auto Scaling group. Only the preferences
 * declared are managed: apply sets them, a console change to one of them is drift in the plan that apply
 * repairs, and preferences not declared are left as they are. Ordered after the account's
 * `ComputeOptimizerEnrollment` in the same stack (refused while that one is declared Inactive).
 *
 * Preferences are regional: they are set in `region`. Changing `resourceType` or `scope` leaves the
 * preferences at the old scope as they are.
 *
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_PutRecommendationPreferences.html
 * @throws ValidationError (naming the construct, the property, the value and what is allowed) for anything the
 *   model refuses: a scope the resource type does not take, a preference that does not apply to the resource
 *   type or scope, utilisation and preferred-resource values, an organisation scope without `ALL_ACCOUNTS`, a
 *   resource in another Region, or no preference at all.
 */
export class ComputeOptimizerRecommendationPreferences extends DeclaredResource {
  /** The resource type, as declared. */
  public readonly resourceType: string;
  /** The scope's name, as declared. */
  public readonly scopeName: string;
  /** The scope's value, as declared. */
  public readonly scopeValue: string;

  constructor(scope: Construct, id: string, props: ComputeOptimizerRecommendationPreferencesProps) {
    const path = pathOf(scope, id);
    const structured: Record<string, string | undefined> = {};
    for (const field of STRUCTURED_PREFERENCE_FIELDS) {
      const value = props[field as keyof ComputeOptimizerRecommendationPreferencesProps];
      if (value === undefined) continue;
      const token = findToken(value, field);
      if (token) {
        throw new ValidationError(path, field, `\`${token}\` is only known to Terraform: ${field} must be known at synth time, where it is checked and compared with AWS`);
      }
      const [problem] = STRUCTURED_CHECKS[field](value);
      if (problem) throw new ValidationError(path, field, problem.message);
      structured[field] = encodeStructuredPreference(field, value);
    }
    super(scope, id, props, {
      kind: 'recommendation-preferences',
      fields: {
        resourceType: props.resourceType,
        scopeName: props.scope?.name,
        scopeValue: props.scope?.value,
        enhancedInfrastructureMetrics: props.enhancedInfrastructureMetrics,
        inferredWorkloadTypes: props.inferredWorkloadTypes,
        externalMetricsPreference: structured.externalMetricsPreference,
        lookBackPeriod: props.lookBackPeriod,
        utilizationPreferences: structured.utilizationPreferences,
        preferredResources: structured.preferredResources,
        savingsEstimationMode: props.savingsEstimationMode,
        removalPolicy: props.removalPolicy,
      },
      // Any policy that is not literally "retain" (a token included) may delete on destroy.
      destroys: props.removalPolicy !== undefined && props.removalPolicy !== PreferencesRemovalPolicy.RETAIN,
    });
    this.resourceType = this.payload.resourceType;
    this.scopeName = this.payload.scopeName;
    this.scopeValue = this.payload.scopeValue;
    const known = (value: string | undefined) => (value === undefined || isUnresolved(value) ? undefined : value);
    const preferences = Object.fromEntries(PREFERENCE_PROPS.map((f) => [f, this.payload[f]]));
    const [problem] = preferencesDeclarationProblems(
      { resourceType: known(this.resourceType), scopeName: known(this.scopeName), scopeValue: known(this.scopeValue), preferences },
      known(this.payload.region),
    );
    if (problem) throw new ValidationError(this.node.path, problem.field, problem.message);
  }
}
