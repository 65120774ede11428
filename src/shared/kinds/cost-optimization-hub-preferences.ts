/**
 * The calling account's Cost Optimization Hub preferences (us-east-1 only, one set per account). Only the
 * preferences declared are managed; the preferred commitment is two flat fields.
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_UpdatePreferences.html
 */
import { CommitmentTerm, MemberAccountDiscountVisibility, PaymentOption, SavingsEstimationMode } from '../enums';
import type { FieldDef } from '../fields';
import { PreferencesRemovalPolicy } from '../preference-declarations';
import type { KindDescriptor } from './descriptor';

/** The preferences a declaration may set, in the API's order. */
export const HUB_PREFERENCE_FIELDS = ['savingsEstimationMode', 'memberAccountDiscountVisibility', 'preferredCommitmentTerm', 'preferredCommitmentPaymentOption'] as const;
export type HubPreferenceField = (typeof HUB_PREFERENCE_FIELDS)[number];

export const costOptimizationHubPreferences = {
  kind: 'cost-optimization-hub-preferences',
  service: 'costOptimizationHub',
  title: 'Cost Optimization Hub preferences',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    savingsEstimationMode: { spec: { type: 'enum', values: Object.values(SavingsEstimationMode) } },
    /** Management account only. */
    memberAccountDiscountVisibility: { spec: { type: 'enum', values: Object.values(MemberAccountDiscountVisibility) } },
    preferredCommitmentTerm: { property: 'preferredCommitment.term', spec: { type: 'enum', values: Object.values(CommitmentTerm) } },
    preferredCommitmentPaymentOption: { property: 'preferredCommitment.paymentOption', spec: { type: 'enum', values: Object.values(PaymentOption) } },
    /** "delete" restores AWS's defaults for the declared preferences on `terraform destroy`. */
    removalPolicy: { default: PreferencesRemovalPolicy.RETAIN, spec: { type: 'enum', values: Object.values(PreferencesRemovalPolicy) } },
  } satisfies Record<string, FieldDef>,
  result: {
    savingsEstimationMode: 'string',
    memberAccountDiscountVisibility: 'string',
    preferredCommitmentTerm: 'string',
    preferredCommitmentPaymentOption: 'string',
    /** Whether AWS matches the declared preferences the read carries. */
    inSync: 'boolean',
    /** What differs, in words ("" when in sync). */
    summary: 'string',
  },
  write: {
    reapplyOn: HUB_PREFERENCE_FIELDS,
    readFields: HUB_PREFERENCE_FIELDS,
    agree: HUB_PREFERENCE_FIELDS,
    drift: { inSync: 'inSync', summary: 'summary' },
    after: [{ kind: 'cost-optimization-hub-enrollment' }],
  },
} as const satisfies KindDescriptor;
