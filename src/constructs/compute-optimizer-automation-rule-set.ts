import { createHash } from 'node:crypto';
import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CONNECTION_FIELD_NAMES, MAX_RULES_PER_SET, RULE_SET_ID_PATTERN, encodeRules, show, type RuleDeclaration } from '../shared';
import type { EnrollmentConnection, EnrollmentDefaultsProps } from './connection';
import { DeclaredResource, type DeclaredResourceProps } from './declared-resource';
import { RuleSetRemovalPolicy } from './enums';
import { ValidationError, pathOf } from './errors';
import { resolveConnection } from './private/resolve-connection';
import { declarationsInAccount } from './private/stack-index';
import { knownAtSynthesis } from './private/tokens';
import { isUnresolved } from './private/validate';

export interface ComputeOptimizerAutomationRuleSetProps extends DeclaredResourceProps {
  /**
   * Marks the rules this set manages (the value of their `cdktf-aws-enrollment:rule-set` tag): the set
   * creates, updates and deletes only rules that carry it. Give each stack that manages rules in the same
   * account its own id.
   * @default - the stack's name
   */
  readonly setId?: string;
  /**
   * What `terraform destroy` does to the set's rules: "delete" removes them (they exist only while the stack
   * does), "retain" leaves them in AWS, still running.
   * @default RuleSetRemovalPolicy.DELETE
   */
  readonly removalPolicy?: RuleSetRemovalPolicy;
}

const SETS = new WeakMap<TerraformStack, Map<string, ComputeOptimizerAutomationRuleSet>>();

/** Rules are global to an account (their ARN has no Region): one set per account, whichever Region is called. */
function accountKey(connection: EnrollmentConnection): string {
  return JSON.stringify([connection.profile ?? '', connection.roleArn ?? '', connection.endpoint ?? '']);
}

/**
 * The Compute Optimizer Automation rules a stack manages in one account, reconciled as a set: `apply`
 * creates the declared rules that are missing, updates those that differ and deletes managed rules no longer
 * declared, so removing a `ComputeOptimizerAutomationRule` from the code deletes it. Rules the set did not
 * create (no tag with its id) are never touched.
 *
 * Every `ComputeOptimizerAutomationEnrollment` declares its account's set, so the set outlives its last rule
 * and deleting that rule from the code deletes it in AWS too. Rules declared without an Automation
 * enrollment in the stack create the set themselves; declare the set explicitly (or keep the enrollment) to
 * be able to remove the last rule.
 */
export class ComputeOptimizerAutomationRuleSet extends DeclaredResource {
  /** The set for the account `connection` reaches from `scope`'s stack, declared on first use. */
  public static of(scope: IConstruct, connection: EnrollmentDefaultsProps = {}): ComputeOptimizerAutomationRuleSet {
    const stack = TerraformStack.of(scope);
    const resolved = resolveConnection(scope, connection).connection;
    const key = accountKey(resolved);
    const existing = SETS.get(stack)?.get(key);
    if (existing) return existing;
    const id = `AutomationRules_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    return new ComputeOptimizerAutomationRuleSet(stack, id, { ...resolved, detectDrift: connection.detectDrift });
  }

  /** The id its rules are tagged with. */
  public readonly setId: string;
  private readonly deletesOnDestroy: boolean;
  private readonly rules = new Map<string, { rule: RuleDeclaration; path: string }>();

  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationRuleSetProps = {}) {
    const stack = TerraformStack.of(scope);
    const setId = props.setId ?? stack.node.id;
    if (!isUnresolved(setId) && !RULE_SET_ID_PATTERN.test(setId)) {
      throw new ValidationError(pathOf(scope, id), 'setId', `\`setId\` must be 1-256 characters of letters, digits and _.:/=+@- (it becomes a tag value), got ${show(setId)}`);
    }
    // Known at synthesis: every rule's settings are checked to hold no token (findToken).
    const rules = knownAtSynthesis(Lazy.stringValue({ produce: () => encodeRules([...this.rules.values()].map((r) => r.rule)) }));
    super(scope, id, props, {
      kind: 'automation-rule-set',
      fields: { setId, rules, removalPolicy: props.removalPolicy },
      // The destroy step is only needed once the set holds rules (see _addRule).
      destroys: false,
    });
    this.deletesOnDestroy = props.removalPolicy !== RuleSetRemovalPolicy.RETAIN;
    this.setId = setId;
    const connection = Object.fromEntries(CONNECTION_FIELD_NAMES.map((n) => [n, this.payload[n]]));
    let sets = SETS.get(stack);
    if (!sets) SETS.set(stack, (sets = new Map()));
    const key = accountKey(connection);
    const other = sets.get(key);
    if (other) {
      throw new ValidationError(
        this.node.path,
        'connection',
        `${other.node.path} already manages the Automation rules of this account in this stack; declare one rule set per account`,
      );
    }
    sets.set(key, this);
    // Opting out of Automation stops every rule: Active rules with Automation declared Inactive contradict.
    this.node.addValidation({
      validate: () => {
        const active = [...this.rules.values()].filter((r) => r.rule.status === 'Active');
        if (active.length === 0) return [];
        const off = declarationsInAccount(stack, 'automation-enrollment', this.payload).filter((e) => e.payload.status === 'Inactive');
        return off.map(
          (e) =>
            `${this.node.path}: rule "${active[0].rule.name}" (${active[0].path}) is Active, but ${e.node.path} declares Automation "Inactive", which stops every rule; declare Automation Active, or the rules Inactive`,
        );
      },
    });
  }

  /** Adds a validated rule (called by `ComputeOptimizerAutomationRule`). @internal */
  public _addRule(rule: RuleDeclaration, path: string): void {
    const same = this.rules.get(rule.name);
    if (same) {
      throw new ValidationError(path, 'name', `\`name\` "${rule.name}" is already declared by ${same.path}; rule names are unique in an account`);
    }
    if (this.rules.size >= MAX_RULES_PER_SET) {
      throw new ValidationError(path, 'name', `${this.node.path} already holds ${MAX_RULES_PER_SET} rules, the most one set carries; manage more rules from another stack (with its own setId)`);
    }
    this.rules.set(rule.name, { rule, path });
    // A set without rules has nothing to delete on destroy; removing its last rule from the code removes the
    // step with it, and the set's own apply deletes the rule.
    if (this.deletesOnDestroy) this.addRemoval();
  }

  /** The names of the rules declared in the set, sorted. */
  public get ruleNames(): string[] {
    return [...this.rules.keys()].sort();
  }
}
