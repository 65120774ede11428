/**
 * The Compute Optimizer Automation rules a stack manages in one account, reconciled as one set (see
 * ../automation-rule-set.ts for why and how).
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_CreateAutomationRule.html
 */
import { RULE_SET_ID_PATTERN, decodeRules } from '../automation-rule-set';
import type { FieldDef } from '../fields';
import type { KindDescriptor } from './descriptor';

/** What `terraform destroy` does to the set's rules. */
export const RuleSetRemovalPolicy = { DELETE: 'delete', RETAIN: 'retain' } as const;
export type RuleSetRemovalPolicy = (typeof RuleSetRemovalPolicy)[keyof typeof RuleSetRemovalPolicy];

export const automationRuleSet = {
  kind: 'automation-rule-set',
  service: 'automation',
  title: 'Compute Optimizer Automation rules',
  verbs: ['read', 'apply', 'destroy'],
  fields: {
    /** Marks the rules the set manages (the value of their `cdktf-aws-enrollment:rule-set` tag). */
    setId: {
      requiredFor: ['read', 'apply', 'destroy'],
      spec: { type: 'string', pattern: RULE_SET_ID_PATTERN, maxLength: 256, describe: '1-256 characters of letters, digits and _.:/=+@-' },
    },
    /** The declared rules, canonical (encodeRules); absent means none. */
    rules: {
      default: '[]',
      spec: { type: 'json', maxLength: 60_000, describe: 'a JSON list of rule declarations', decode: decodeRules },
    },
    /** "delete" removes the set's rules on `terraform destroy`; "retain" leaves them in AWS. */
    removalPolicy: { default: RuleSetRemovalPolicy.DELETE, spec: { type: 'enum', values: Object.values(RuleSetRemovalPolicy) } },
  } satisfies Record<string, FieldDef>,
  result: {
    /** The managed rules AWS reports, canonical, with each one's `ruleArn`. */
    rules: 'json',
    ruleCount: 'number',
    /** Whether AWS matches the declared rules the read carries. */
    inSync: 'boolean',
    /** What differs, in words ("" when in sync). */
    summary: 'string',
  },
  write: {
    reapplyOn: ['rules'],
    readFields: ['setId', 'rules'],
    agree: ['rules'],
    drift: { inSync: 'inSync', summary: 'summary' },
    // Rules are Automation's configuration: applied after the account's Automation enrollment, and after
    // the member associations an organisation rule needs (AWS refuses one for a member not associated yet).
    after: [{ kind: 'automation-enrollment' }, { kind: 'automation-member-accounts' }],
  },
} as const satisfies KindDescriptor;
