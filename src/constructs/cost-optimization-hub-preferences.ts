import { Construct } from 'constructs';
import { HUB_PREFERENCE_FIELDS } from '../shared';
import { DeclaredResource, type DeclaredResourceProps } from './declared-resource';
import { CommitmentTerm, MemberAccountDiscountVisibility, PaymentOption, PreferencesRemovalPolicy, SavingsEstimationMode } from './enums';
import { ValidationError, pathOf } from './errors';

/** How Reserved Instance and Savings Plans opportunities are ranked. */
export interface CostOptimizationHubPreferredCommitment {
  /**
   * The commitment term.
   * @default - not managed (AWS's default: ThreeYears)
   */
  readonly term?: CommitmentTerm;
  /**
   * The payment option.
   * @default - not managed (AWS's default: AllUpfront)
   */
  readonly paymentOption?: PaymentOption;
}

export interface CostOptimizationHubPreferencesProps extends DeclaredResourceProps {
  /**
   * Whether savings are shown after the organisation's discounts (`AfterDiscounts`) or at public prices.
   * @default - not managed (AWS's default: BeforeDiscounts)
   */
  readonly savingsEstimationMode?: SavingsEstimationMode;
  /**
   * Whether member accounts see the organisation's discounts in their savings (management account only).
   * @default - not managed (AWS's default: All)
   */
  readonly memberAccountDiscountVisibility?: MemberAccountDiscountVisibility;
  /**
   * The commitment term and payment option Reserved Instance and Savings Plans recommendations are ranked for.
   * A member left out keeps what AWS has.
   * @default - not managed
   */
  readonly preferredCommitment?: CostOptimizationHubPreferredCommitment;
  /**
   * What `terraform destroy` does: "retain" leaves the preferences as they are; "delete" restores AWS's
   * defaults for the declared preferences (BeforeDiscounts, All, ThreeYears, AllUpfront).
   * @default PreferencesRemovalPolicy.RETAIN
   */
  readonly removalPolicy?: PreferencesRemovalPolicy;
}

/**
 * The account's Cost Optimization Hub preferences: how savings are estimated and shown, and which commitment
 * Reserved Instance and Savings Plans recommendations assume. One set per account (the Hub is served from
 * us-east-1 only, whatever `region` says). Only the preferences declared are managed: a console change to one
 * of them is drift in the plan that apply repairs. Ordered after the account's `CostOptimizationHubEnrollment`
 * in the same stack.
 *
 * @see https://docs.aws.amazon.com/cost-management/latest/APIReference/API_CostOptimizationHub_UpdatePreferences.html
 * @throws ValidationError (naming the construct, the property, the value and what is allowed) for a value the
 *   model refuses, or when no preference is declared.
 */
export class CostOptimizationHubPreferences extends DeclaredResource {
  constructor(scope: Construct, id: string, props: CostOptimizationHubPreferencesProps) {
    const fields = {
      savingsEstimationMode: props.savingsEstimationMode,
      memberAccountDiscountVisibility: props.memberAccountDiscountVisibility,
      preferredCommitmentTerm: props.preferredCommitment?.term,
      preferredCommitmentPaymentOption: props.preferredCommitment?.paymentOption,
    };
    if (HUB_PREFERENCE_FIELDS.every((f) => fields[f] === undefined)) {
      throw new ValidationError(
        pathOf(scope, id),
        'savingsEstimationMode',
        'declare at least one preference (savingsEstimationMode, memberAccountDiscountVisibility, preferredCommitment.term or preferredCommitment.paymentOption); a declaration without one manages nothing',
      );
    }
    super(scope, id, props, {
      kind: 'cost-optimization-hub-preferences',
      fields: { ...fields, removalPolicy: props.removalPolicy },
      destroys: props.removalPolicy !== undefined && props.removalPolicy !== PreferencesRemovalPolicy.RETAIN,
    });
  }
}
