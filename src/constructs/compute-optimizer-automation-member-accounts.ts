import { Construct } from 'constructs';
import { DeclaredResource, type DeclaredResourceProps } from './declared-resource';
import { AssociationRemovalPolicy } from './enums';
import { ValidationError, pathOf } from './errors';
import { isUnresolved } from './private/validate';
import { Patterns, show } from '../shared';

export interface ComputeOptimizerAutomationMemberAccountsProps extends DeclaredResourceProps {
  /**
   * The member accounts associated with the management account for Automation (12-digit ids): exactly these;
   * other associated members are disassociated.
   * @default - every member account Automation lists (members enrolled in Compute Optimizer); none is ever disassociated
   */
  readonly accountIds?: string[];
  /**
   * What `terraform destroy` does: "retain" leaves the members associated (the organisation's rules keep
   * applying to them); "disassociate" disassociates them (the rules stop applying to them).
   * @default AssociationRemovalPolicy.RETAIN
   */
  readonly removalPolicy?: AssociationRemovalPolicy;
  /**
   * How long apply waits for declared members that Automation does not list yet (Compute Optimizer still
   * enrolling them), in seconds (1 to 86400).
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/**
 * The member accounts that take part in the organisation's Compute Optimizer Automation: associated with the
 * management account (declare it there), so the organisation's Automation rules may act on their resources.
 * Association sets a member's organisation rule mode to `AnyAllowed` and enables Automation for it if
 * needed; disassociation sets it back to `NoneAllowed`. A member disassociated in the console is drift, shown
 * in the plan and repaired by apply. Applied after the account's Compute Optimizer and Automation enrollments.
 *
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_AssociateAccounts.html
 * @throws ValidationError when an account id is not 12 digits or is listed twice.
 */
export class ComputeOptimizerAutomationMemberAccounts extends DeclaredResource {
  constructor(scope: Construct, id: string, props: ComputeOptimizerAutomationMemberAccountsProps = {}) {
    const ids = props.accountIds;
    if (ids !== undefined && !isUnresolved(ids)) {
      for (const accountId of ids) {
        if (!isUnresolved(accountId) && !Patterns.accountId.test(accountId)) {
          throw new ValidationError(pathOf(scope, id), 'accountIds', `\`accountIds\` entries must be 12-digit account ids, got ${show(accountId)}`);
        }
      }
      if (new Set(ids).size !== ids.length) throw new ValidationError(pathOf(scope, id), 'accountIds', '`accountIds` lists the same account twice');
      if (ids.some((i) => isUnresolved(i))) {
        throw new ValidationError(pathOf(scope, id), 'accountIds', '`accountIds` entries are only known to Terraform: the members must be known at synth time, where the association compares them with AWS');
      }
    }
    super(scope, id, props, {
      kind: 'automation-member-accounts',
      fields: {
        allMembers: ids === undefined ? true : undefined,
        accountIds: ids === undefined ? undefined : JSON.stringify([...ids].sort()),
        removalPolicy: props.removalPolicy,
        timeoutSeconds: props.timeoutSeconds,
      },
      destroys: props.removalPolicy === AssociationRemovalPolicy.DISASSOCIATE,
    });
  }
}
