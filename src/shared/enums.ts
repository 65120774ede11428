/**
 * Wire values and limits of the three AWS enrollment APIs, defined once and used by the constructs,
 * the adapter and the emulator. Spellings are AWS's own (see ../shared/aws-models); never rename them.
 */

/** Compute Optimizer `Status` (compute-optimizer 2019-11-01). */
export const ComputeOptimizerStatus = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  PENDING: 'Pending',
  FAILED: 'Failed',
} as const;
export type ComputeOptimizerStatus = (typeof ComputeOptimizerStatus)[keyof typeof ComputeOptimizerStatus];

/** Compute Optimizer Automation `EnrollmentStatus` (compute-optimizer-automation 2025-09-22). */
export const AutomationEnrollmentStatus = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  PENDING: 'Pending',
  FAILED: 'Failed',
} as const;
export type AutomationEnrollmentStatus = (typeof AutomationEnrollmentStatus)[keyof typeof AutomationEnrollmentStatus];

/** Compute Optimizer Automation `OrganizationRuleMode`. */
export const OrganizationRuleMode = {
  ANY_ALLOWED: 'AnyAllowed',
  NONE_ALLOWED: 'NoneAllowed',
} as const;
export type OrganizationRuleMode = (typeof OrganizationRuleMode)[keyof typeof OrganizationRuleMode];

/** Cost Optimization Hub `EnrollmentStatus` (cost-optimization-hub 2022-07-26). */
export const CostOptimizationHubStatus = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
} as const;
export type CostOptimizationHubStatus = (typeof CostOptimizationHubStatus)[keyof typeof CostOptimizationHubStatus];

/** Cost Optimization Hub preference enums. */
export const SavingsEstimationMode = { BEFORE_DISCOUNTS: 'BeforeDiscounts', AFTER_DISCOUNTS: 'AfterDiscounts' } as const;
export const MemberAccountDiscountVisibility = { ALL: 'All', NONE: 'None' } as const;
export const CommitmentTerm = { ONE_YEAR: 'OneYear', THREE_YEARS: 'ThreeYears' } as const;
export const PaymentOption = { ALL_UPFRONT: 'AllUpfront', PARTIAL_UPFRONT: 'PartialUpfront', NO_UPFRONT: 'NoUpfront' } as const;
export type SavingsEstimationMode = (typeof SavingsEstimationMode)[keyof typeof SavingsEstimationMode];
export type MemberAccountDiscountVisibility = (typeof MemberAccountDiscountVisibility)[keyof typeof MemberAccountDiscountVisibility];
export type CommitmentTerm = (typeof CommitmentTerm)[keyof typeof CommitmentTerm];
export type PaymentOption = (typeof PaymentOption)[keyof typeof PaymentOption];

/**
 * Cost Optimization Hub's preferences before anyone sets them. The model documents the preferred commitment's
 * ("If the value is null, it will default to ThreeYears / AllUpfront"); it states none for the other two, and
 * these are the values the emulator starts with and a `delete` removal policy restores.
 */
export const COST_OPTIMIZATION_HUB_PREFERENCE_DEFAULTS = {
  savingsEstimationMode: 'BeforeDiscounts',
  memberAccountDiscountVisibility: 'All',
  preferredCommitment: { term: 'ThreeYears', paymentOption: 'AllUpfront' },
} as const satisfies {
  savingsEstimationMode: SavingsEstimationMode;
  memberAccountDiscountVisibility: MemberAccountDiscountVisibility;
  preferredCommitment: { term: CommitmentTerm; paymentOption: PaymentOption };
};

/** The only statuses a user may declare; `Pending` and `Failed` are states AWS reports, not requests. */
export const DECLARABLE_STATUSES = ['Active', 'Inactive'] as const;
export type DeclarableStatus = (typeof DECLARABLE_STATUSES)[number];

/** Compute Optimizer `EnrollmentFilterName`. */
export const EnrollmentFilterName = { STATUS: 'Status' } as const;

/** What destroy does to AWS. `retain` leaves the enrollment as it is. */
export const RemovalPolicy = { RETAIN: 'retain', OPT_OUT: 'opt-out' } as const;
export type RemovalPolicy = (typeof RemovalPolicy)[keyof typeof RemovalPolicy];

/** Constraints copied from the service models. */
export const Limits = {
  /**
   * GetEnrollmentStatusesForOrganization.maxResults. The shared `MaxResults` shape allows 1000, but this
   * operation's documentation says "You can specify up to 100 statuses to return with each request", and a
   * page size AWS refuses would fail every listing: 100 is the limit we send and the emulator enforces.
   */
  computeOptimizerOrganizationMaxResults: { min: 0, max: 100 },
  /** ListEnrollmentStatuses.maxResults (Cost Optimization Hub) */
  costOptimizationHubMaxResults: { min: 0, max: 100 },
  /** ListAccounts.maxResults (Automation) */
  automationListAccountsMaxResults: { min: 1, max: 1000 },
} as const;

/** Patterns from the service models (anchored here; the models leave them unanchored). */
export const Patterns = {
  accountId: /^[0-9]{12}$/,
  clientToken: /^[a-zA-Z0-9_-]{1,64}$/,
  automationNextToken: /^[A-Za-z0-9+/=]+$/,
} as const;

/**
 * The AWS APIs the adapter calls: their names in messages (the model's serviceId, which also names the
 * AWS_ENDPOINT_URL_<SERVICE> variable), JSON target prefixes, SigV4 signing names (also their IAM action prefixes)
 * and, for Cost Optimization Hub and Organizations, the one region each is served from. `identity` marks the
 * services the adapter calls only to learn who the caller is (role connections, account roles).
 */
export const Services = {
  computeOptimizer: { name: 'Compute Optimizer', targetPrefix: 'ComputeOptimizerService', signingName: 'compute-optimizer' },
  automation: { name: 'Compute Optimizer Automation', targetPrefix: 'ComputeOptimizerAutomationService', signingName: 'aco-automation' },
  costOptimizationHub: {
    name: 'Cost Optimization Hub',
    targetPrefix: 'CostOptimizationHubService',
    signingName: 'cost-optimization-hub',
    fixedRegion: 'us-east-1',
  },
  /** Who the caller is (GetCallerIdentity) and the role connections' AssumeRole; Query protocol, no target prefix. */
  sts: { name: 'STS', targetPrefix: '', signingName: 'sts', identity: true },
  /** Whether the caller is a management account, a member or standalone (DescribeOrganization); served from us-east-1. */
  organizations: { name: 'Organizations', targetPrefix: 'AWSOrganizationsV20161128', signingName: 'organizations', fixedRegion: 'us-east-1', identity: true },
} as const;
export type ServiceKey = keyof typeof Services;

/** Cost Optimization Hub is served from us-east-1 only. */
export const COST_OPTIMIZATION_HUB_REGION = Services.costOptimizationHub.fixedRegion;
