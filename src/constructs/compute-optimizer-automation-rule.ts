import { Construct } from 'constructs';
import { ruleProblems, type RuleDeclaration } from '../shared';
import { ComputeOptimizerAutomationRuleSet } from './compute-optimizer-automation-rule-set';
import type { EnrollmentConnection } from './connection';
import { AutomationRuleStatus, AutomationRuleType, ComparisonOperator, RecommendedActionType, RuleApplyOrder } from './enums';
import { ValidationError, pathOf } from './errors';
import { warn } from './private/checks';
import { findToken } from './private/tokens';

/** A condition on a text attribute (Region, resource ARN, EBS volume type, restart needed). */
export interface AutomationRuleStringCondition {
  /** A String operator. */
  readonly comparison: ComparisonOperator;
  /** 1-20 values; the condition holds when any of them matches. */
  readonly values: string[];
}

/** A condition on a number (EBS volume size in GiB, estimated monthly savings, look-back period in days). */
export interface AutomationRuleNumberCondition {
  /** A Numeric operator. */
  readonly comparison: ComparisonOperator;
  /** 1-20 values (whole numbers for sizes and periods). */
  readonly values: number[];
}

/** A condition on a resource tag. */
export interface AutomationRuleTagCondition {
  /** A String operator. */
  readonly comparison: ComparisonOperator;
  /** The tag key compared. */
  readonly key: string;
  /** 1-20 values. */
  readonly values: string[];
}

/** Which recommended actions a rule applies to; every criterion given must hold. */
export interface AutomationRuleCriteria {
  /** @default - any Region */
  readonly region?: AutomationRuleStringCondition[];
  /** @default - any resource */
  readonly resourceArn?: AutomationRuleStringCondition[];
  /** @default - any volume type */
  readonly ebsVolumeType?: AutomationRuleStringCondition[];
  /** @default - any size */
  readonly ebsVolumeSizeInGib?: AutomationRuleNumberCondition[];
  /** @default - any savings */
  readonly estimatedMonthlySavings?: AutomationRuleNumberCondition[];
  /** @default - any tags */
  readonly resourceTag?: AutomationRuleTagCondition[];
  /** @default - any look-back period */
  readonly lookBackPeriodInDays?: AutomationRuleNumberCondition[];
  /** @default - whether or not a restart is needed */
  readonly restartNeeded?: AutomationRuleStringCondition[];
}

/** When a rule runs: at most once a day, at a fixed minute and hour. */
export interface AutomationRuleSchedule {
  /** A cron expression with a fixed minute and hour, such as "cron(30 2 * * ? *)" (daily at 02:30). */
  readonly scheduleExpression: string;
  /**
   * The IANA time zone of the expression.
   * @default - AWS's default (UTC)
   */
  readonly scheduleExpressionTimezone?: string;
  /**
   * How long after the scheduled time the rule may start actions, in minutes (60-1440).
   * @default - AWS's default
   */
  readonly executionWindowInMinutes?: number;
}

/** Which member accounts an organisation rule applies to. */
export interface AutomationRuleOrganizationConfiguration {
  /** The member accounts (1-50 12-digit ids, each associated with the management account for Automation). */
  readonly accountIds: string[];
  /**
   * Whether the rule applies before or after the member accounts' own rules.
   * @default - AWS's default (after account rules)
   */
  readonly ruleApplyOrder?: RuleApplyOrder;
}

export interface ComputeOptimizerAutomationRuleProps extends EnrollmentConnection {
  /** The rule's name, unique in the account: 1-128 letters, digits, _ and -. */
  readonly name: string;
  /**
   * An account rule, or an organisation rule (management account only).
   * @default AutomationRuleType.ACCOUNT_RULE
   */
  readonly ruleType?: AutomationRuleType;
  /** What the rule does to the resources it matches. */
  readonly recommendedActionTypes: RecommendedActionType[];
  /**
   * Which recommended actions it applies to.
   * @default - every recommended action of its types
   */
  readonly criteria?: AutomationRuleCriteria;
  /** When it runs. */
  readonly schedule: AutomationRuleSchedule;
  /** Whether it runs at all. */
  readonly status: AutomationRuleStatus;
  /**
   * A decimal number from 0 to 1, as a string ("0.5"): of two rules that match one action, the lower value wins.
   * @default - AWS's default for a new rule
   */
  readonly priority?: string;
  /**
   * What the rule is for (letters, digits, spaces and _-@.).
   * @default - none
   */
  readonly description?: string;
  /**
   * The member accounts of an organisation rule (required with `ruleType` OrganizationRule).
   * @default - none (an account rule)
   */
  readonly organizationConfiguration?: AutomationRuleOrganizationConfiguration;
  /**
   * Tags of the rule.
   * @default - none (besides the set's own tag)
   */
  readonly tags?: { [key: string]: string };
  /**
   * The rule set it belongs to.
   * @default - the set of its account in the stack (see `ComputeOptimizerAutomationRuleSet.of`)
   */
  readonly ruleSet?: ComputeOptimizerAutomationRuleSet;
}

/** The prop names users write, in the order messages list them. */
const RULE_PROPS = ['name', 'ruleType', 'description', 'priority', 'recommendedActionTypes', 'criteria', 'schedule', 'status', 'organizationConfiguration', 'tags'] as const;

/**
 * A Compute Optimizer Automation rule: what Automation does to a fleet, on a schedule. The rule is part of its
 * account's `ComputeOptimizerAutomationRuleSet`, which creates, updates and deletes it; a console edit shows
 * as drift in the plan and apply restores the declaration. Rules apply after the account's Automation
 * enrollment and the member associations declared in the stack (an organisation rule needs its members
 * associated).
 *
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_CreateAutomationRule.html
 * @throws ValidationError (naming the construct, the property, the value and what is allowed) for any value
 *   the Automation model refuses, and for values only Terraform knows (rules must be known at synth time).
 */
export class ComputeOptimizerAutomationRule extends Construct {
  /** The rule's name. */
  public readonly name: string;
  /** The set that manages it. */
  public readonly ruleSet: ComputeOptimizerAutomationRuleSet;

  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationRuleProps) {
    const path = pathOf(scope, id);
    const declared: Record<string, unknown> = { ...props, ruleType: props.ruleType ?? AutomationRuleType.ACCOUNT_RULE, criteria: props.criteria ?? {}, tags: props.tags ?? {} };
    const rule = Object.fromEntries(RULE_PROPS.filter((k) => declared[k] !== undefined).map((k) => [k, declared[k]]));
    const token = findToken(rule, '');
    if (token) {
      throw new ValidationError(path, token.split(/[.[]/)[0], `\`${token}\` is only known to Terraform: a rule's settings must be known at synth time, where its set compares them with AWS`);
    }
    const problems = ruleProblems(rule);
    if (problems.length > 0) throw new ValidationError(path, problems[0].field.split(/[.[]/)[0], problems[0].message);
    super(scope, id);
    this.name = props.name;
    this.ruleSet = props.ruleSet ?? ComputeOptimizerAutomationRuleSet.of(this, props);
    this.ruleSet._addRule(rule as unknown as RuleDeclaration, this.node.path);
    if (props.status === AutomationRuleStatus.ACTIVE && props.recommendedActionTypes.includes(RecommendedActionType.SNAPSHOT_AND_DELETE_UNATTACHED_EBS_VOLUME)) {
      warn(this, `rule "${props.name}" is Active and snapshots then deletes unattached EBS volumes that match its criteria, on its schedule`);
    }
  }
}
