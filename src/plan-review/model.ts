/**
 * The summary model: what a pull-request reviewer needs to know about each enrollment resource in a plan,
 * and the JSON document `plan-summary --format json` prints (version ${SUMMARY_VERSION}).
 */
import type { ResourceKind } from '../shared';

/** The version of the JSON document (`--format json`); bumped only for incompatible changes. */
export const SUMMARY_VERSION = 1;

/** What applying the plan does to a resource, in reviewer terms. */
export const EnrollmentAction = {
  ENROLL: 'enroll',
  OPT_OUT: 'opt-out',
  CHANGE_MEMBERS: 'change-members',
  REPAIR_DRIFT: 'repair-drift',
  CHANGE_SETTINGS: 'change-settings',
  STOP_MANAGING: 'stop-managing',
  /** The declared status is only known during apply, so neither enroll nor opt out can be told yet. */
  UNDETERMINED: 'undetermined',
  NO_CHANGE: 'no-change',
} as const;
export type EnrollmentAction = (typeof EnrollmentAction)[keyof typeof EnrollmentAction];
export const ENROLLMENT_ACTIONS: readonly EnrollmentAction[] = Object.values(EnrollmentAction);

/** Stable codes for risk notes (the JSON document carries them; the Markdown shows the text). */
export const RiskCode = {
  RECOMMENDATION_DATA_DELETED: 'recommendation-data-deleted',
  DELETION_NOT_ACKNOWLEDGED: 'deletion-not-acknowledged',
  AUTOMATION_RULES_STOPPED: 'automation-rules-stopped',
  REENROLL_LOCK_24H: 'reenroll-lock-24h',
  HUB_RECOMMENDATIONS_STOP: 'hub-recommendations-stop',
  /** The management account opts out; its members stay enrolled. */
  MEMBERS_STAY_ENROLLED: 'members-stay-enrolled',
  MEMBER_ACCOUNTS: 'member-accounts',
  MEMBER_ACCOUNTS_EXCLUDED: 'member-accounts-excluded',
  ALREADY_IN_STATE: 'already-in-state',
  AWS_UNCHANGED: 'aws-unchanged',
  REMOVAL_OPTS_OUT: 'removal-opts-out',
  UNKNOWN_UNTIL_APPLY: 'unknown-until-apply',
  PENDING: 'pending',
  FAILED: 'failed',
  /** An Automation rule that snapshots and deletes unattached EBS volumes. */
  DELETES_EBS_VOLUMES: 'deletes-ebs-volumes',
  /** An Automation rule that changes EBS volume types. */
  CHANGES_EBS_VOLUMES: 'changes-ebs-volumes',
  /** An Automation rule the management account applies to member accounts. */
  ORGANIZATION_RULE: 'organization-rule',
  RULE_DELETED: 'rule-deleted',
  /** A rule changed in the console, which the apply restores. */
  RULE_DRIFT: 'rule-drift',
  /** Members associated for Automation: the organisation's rules may act on them. */
  MEMBERS_ASSOCIATED: 'members-associated',
  /** Members disassociated: the organisation's rules stop applying to them. */
  MEMBERS_DISASSOCIATED: 'members-disassociated',
  ASSOCIATION_DRIFT: 'association-drift',
  /** Preferences: a shorter look-back period (recommendations follow recent usage, may miss monthly peaks). */
  SHORTER_LOOK_BACK: 'shorter-look-back',
  /** Preferences: enhanced infrastructure metrics turned on, a paid feature. */
  PAID_FEATURE: 'paid-feature',
  /** Preferences: inferred workload types turned off. */
  INFERRED_WORKLOADS_OFF: 'inferred-workloads-off',
  /** Preferences: recommendations limited to (or kept away from) some instance types. */
  NARROWS_INSTANCE_TYPES: 'narrows-instance-types',
  /** Preferences: a lower CPU threshold or less headroom, which favours smaller instances. */
  TIGHTER_SIZING: 'tighter-sizing',
  /** Preferences: memory metrics from an external observability provider. */
  EXTERNAL_METRICS: 'external-metrics',
  /** Preferences: how savings are estimated changes (before or after discounts). */
  SAVINGS_ESTIMATION: 'savings-estimation',
  /** Cost Optimization Hub: member accounts see savings before the organisation's discounts. */
  MEMBER_DISCOUNTS_HIDDEN: 'member-discounts-hidden',
  /** Cost Optimization Hub: the commitment Reserved Instance and Savings Plans recommendations assume. */
  COMMITMENT_CHANGED: 'commitment-changed',
  /** Preferences at the organisation scope: every account without its own applies them. */
  ORGANISATION_WIDE: 'organisation-wide',
  /** Preferences deleted: the next scope up (or the default) applies. */
  PREFERENCES_DELETED: 'preferences-deleted',
  /** Savings estimation mode cannot be deleted: it stays as it is. */
  SAVINGS_MODE_KEPT: 'savings-mode-kept',
  /** From now on `terraform destroy` deletes the preferences (or restores the Hub's defaults). */
  REMOVAL_DELETES_PREFERENCES: 'removal-deletes-preferences',
  /** A preference changed in the console, which the apply restores. */
  PREFERENCE_DRIFT: 'preference-drift',
} as const;
export type RiskCode = (typeof RiskCode)[keyof typeof RiskCode];

export interface RiskNote {
  readonly code: RiskCode;
  readonly text: string;
}

/** The enrollment settings a payload declares. `null` means not applicable to the kind, or not known yet. */
export interface DeclaredState {
  readonly status: string | null;
  readonly includeMemberAccounts: boolean | null;
  readonly removalPolicy: string;
  readonly acknowledgeRecommendationDataDeletion: boolean | null;
  /** Payload fields whose value Terraform will only know during apply. */
  readonly unknownFields: readonly string[];
}

export interface OrganisationCounts {
  /** The data source (and its part, for a connection read: `data.external.X["p1"]`). */
  readonly dataSource: string;
  /** What the read was made for: the construct path of the listing. */
  readonly for: string;
  /** False when Terraform deferred the listing to apply (it waits for the enrollments): counts are null. */
  readonly readAtPlan: boolean;
  readonly accountCount: number | null;
  readonly activeCount: number | null;
  readonly inactiveCount: number | null;
  readonly pendingCount: number | null;
  readonly failedCount: number | null;
}

/** AWS as the plan saw it, from our data sources (read while planning). */
export interface ObservedState {
  /** Where the observation comes from: always a plan-time read (kept for the version 1 document). */
  readonly source: 'data-source';
  /** The data source (and its part, for a connection read: `data.external.X["p0"]`). */
  readonly address: string;
  /** What the read was made for: the logical id of the resource it checks, or a data source's construct path. */
  readonly for: string;
  /** False when Terraform deferred the read to apply time: nothing was observed. */
  readonly readAtPlan: boolean;
  readonly status: string | null;
  readonly statusReason: string | null;
  readonly memberAccountsEnrolled: boolean | null;
  readonly numberOfMemberAccountsOptedIn: number | null;
  readonly lastUpdatedTimestamp: string | null;
  readonly organisation: OrganisationCounts | null;
}

export interface DriftReport {
  readonly check: string;
  readonly status: string;
  readonly messages: readonly string[];
}

export interface ResourceSummary {
  readonly address: string;
  readonly kind: ResourceKind;
  readonly service: string;
  readonly scope: { readonly type: 'organisation' | 'account'; readonly accountId: string | null; readonly text: string };
  readonly terraformActions: readonly string[];
  readonly action: EnrollmentAction;
  readonly before: DeclaredState | null;
  readonly after: DeclaredState | null;
  /** Payload fields whose declared value differs between before and after (connection settings included). */
  readonly changedFields: readonly { readonly field: string; readonly before: string | null; readonly after: string | null }[];
  readonly observed: ObservedState | null;
  readonly drift: DriftReport | null;
  readonly risks: readonly RiskNote[];
}

export interface CheckSummary {
  readonly address: string;
  readonly status: string;
  readonly messages: readonly string[];
  /** The enrollment resource the check guards, when it is one of ours. */
  readonly resource: string | null;
}

/** What applying the plan does to one Automation rule. */
export const RuleChangeAction = {
  CREATE: 'create',
  UPDATE: 'update',
  DELETE: 'delete',
  REPAIR_DRIFT: 'repair-drift',
  STOP_MANAGING: 'stop-managing',
} as const;
export type RuleChangeAction = (typeof RuleChangeAction)[keyof typeof RuleChangeAction];
export const RULE_CHANGE_ACTIONS: readonly RuleChangeAction[] = Object.values(RuleChangeAction);

/** One Automation rule a plan changes (rules are declared as a set per account: see the rule set's row). */
export interface RuleChange {
  /** The rule set's resource. */
  readonly address: string;
  /** The id the set tags its rules with. */
  readonly setId: string;
  readonly scope: string;
  /** The rule's name. */
  readonly rule: string;
  readonly action: RuleChangeAction;
  /** For updates and repairs: what changes, as JSON text (null: not set). */
  readonly fields: readonly { readonly field: string; readonly before: string | null; readonly after: string | null }[];
  /** For repairs: what the plan-time read saw ("missing", "differs in schedule", ...). */
  readonly observed: string | null;
  readonly risks: readonly RiskNote[];
}

/** What applying the plan does to the members associated for Automation. */
export const AssociationChangeAction = {
  ASSOCIATE: 'associate',
  DISASSOCIATE: 'disassociate',
  REPAIR_DRIFT: 'repair-drift',
  STOP_MANAGING: 'stop-managing',
} as const;
export type AssociationChangeAction = (typeof AssociationChangeAction)[keyof typeof AssociationChangeAction];
export const ASSOCIATION_CHANGE_ACTIONS: readonly AssociationChangeAction[] = Object.values(AssociationChangeAction);

/** Member accounts a plan associates with the management account for Automation, or disassociates. */
export interface AssociationChange {
  /** The association's resource. */
  readonly address: string;
  readonly scope: string;
  readonly action: AssociationChangeAction;
  /** The member account ids, or ["all members"]. */
  readonly accounts: readonly string[];
  /** For repairs: what the plan-time read saw. */
  readonly observed: string | null;
  readonly risks: readonly RiskNote[];
}

/** What applying the plan does to one declaration of preferences. */
export const PreferenceChangeAction = {
  CREATE: 'create',
  UPDATE: 'update',
  DELETE: 'delete',
  REPAIR_DRIFT: 'repair-drift',
  STOP_MANAGING: 'stop-managing',
} as const;
export type PreferenceChangeAction = (typeof PreferenceChangeAction)[keyof typeof PreferenceChangeAction];
export const PREFERENCE_CHANGE_ACTIONS: readonly PreferenceChangeAction[] = Object.values(PreferenceChangeAction);

/** One declaration of Compute Optimizer recommendation preferences or Cost Optimization Hub preferences a plan changes. */
export interface PreferenceChange {
  readonly address: string;
  readonly kind: ResourceKind;
  readonly service: string;
  /** What the preferences are for: "Ec2Instance, organisation (ALL_ACCOUNTS)", "Cost Optimization Hub". */
  readonly target: string;
  /** The account the declaration reaches. */
  readonly scope: string;
  readonly action: PreferenceChangeAction;
  /**
   * The preferences (and other payload fields) that change, in wire form (null: not set). For a creation,
   * `before` is what AWS had when the plan read it; for a drift repair, what AWS has now.
   */
  readonly fields: readonly { readonly field: string; readonly before: string | null; readonly after: string | null }[];
  /** For repairs: what the plan-time read saw ("lookBackPeriod is DAYS_14 in AWS, declared DAYS_32"). */
  readonly observed: string | null;
  readonly risks: readonly RiskNote[];
}

export interface StackSummary {
  readonly name: string;
  readonly source: string;
  readonly terraformVersion: string | null;
  readonly formatVersion: string;
  /** Terraform stopped planning on an error: the plan is partial. */
  readonly errored: boolean;
  readonly complete: boolean;
  readonly resources: readonly ResourceSummary[];
  /** Automation rules created, updated, deleted or repaired. */
  readonly ruleChanges: readonly RuleChange[];
  /** Member accounts associated or disassociated for Automation. */
  readonly associationChanges: readonly AssociationChange[];
  /** Preference declarations created, updated, deleted or repaired. */
  readonly preferenceChanges: readonly PreferenceChange[];
  /** Our resources that are not enrollments (rule sets, member associations, preferences), changing or not. */
  readonly settingResources: number;
  /** Failing or erroring checks that guard our resources (drift). */
  readonly driftChecks: readonly CheckSummary[];
  readonly otherFailingChecks: number;
  readonly otherResources: { readonly total: number; readonly changing: number };
  readonly warnings: readonly string[];
}

export interface Totals {
  readonly stacks: number;
  readonly resources: number;
  readonly byAction: Readonly<Record<EnrollmentAction, number>>;
  /** Automation rule changes, by action. */
  readonly rulesByAction: Readonly<Record<RuleChangeAction, number>>;
  /** Association changes, by action. */
  readonly associationsByAction: Readonly<Record<AssociationChangeAction, number>>;
  /** Preference changes, by action. */
  readonly preferencesByAction: Readonly<Record<PreferenceChangeAction, number>>;
  readonly driftWarnings: number;
  readonly otherResources: number;
  readonly otherChanging: number;
}

export interface PlanSummary {
  readonly version: typeof SUMMARY_VERSION;
  readonly stacks: readonly StackSummary[];
  readonly totals: Totals;
}
