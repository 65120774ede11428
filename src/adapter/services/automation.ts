/**
 * Compute Optimizer Automation calls, through our own client (../automation-client.ts) until AWS publishes
 * an SDK client: the one place to change when @aws-sdk/client-compute-optimizer-automation exists.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_Operations_Compute_Optimizer_Automation.html
 */
import type { DeclarableStatus } from '../../shared';
import {
  ComputeOptimizerAutomationClient,
  CreateAutomationRuleCommand,
  DeleteAutomationRuleCommand,
  GetAutomationRuleCommand,
  GetEnrollmentConfigurationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAutomationRuleCommand,
  UpdateEnrollmentConfigurationCommand,
  AssociateAccountsCommand,
  DisassociateAccountsCommand,
  paginateListAccounts,
  paginateListAutomationRules,
  type AccountInfo,
  type AutomationRule,
  type CreateAutomationRuleRequest,
  type GetAutomationRuleResponse,
  type GetEnrollmentConfigurationResponse,
  type Tag,
  type UpdateAutomationRuleRequest,
  type UpdateAutomationRuleResponse,
  type UpdateEnrollmentConfigurationResponse,
} from '../automation-commands';
import { call, type RunContext } from '../context';
import { AwsFailure, type CallContext } from '../errors';

const client = (ctx: RunContext) => ctx.clients.client('automation', (config) => new ComputeOptimizerAutomationClient(config));

/** What Automation reports while Compute Optimizer itself is not Active (OptInRequiredException). */
export const NOT_OPTED_IN_REASON = 'Compute Optimizer is not Active for this account, so Automation is not available';

export interface EnrollmentConfiguration extends GetEnrollmentConfigurationResponse {
  /** Set when Automation answered OptInRequiredException: Compute Optimizer is not Active. */
  optInRequired?: AwsFailure;
}

/**
 * The account's Automation enrollment. Plans must be able to read it before Compute Optimizer is enrolled
 * (both may be planned in the same run): Automation is then simply not enrolled.
 */
export async function getEnrollmentConfiguration(ctx: RunContext): Promise<EnrollmentConfiguration> {
  try {
    return await call(ctx, 'automation', 'GetEnrollmentConfiguration', () => client(ctx).send(new GetEnrollmentConfigurationCommand({})));
  } catch (err) {
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) {
      return { status: 'Inactive', statusReason: NOT_OPTED_IN_REASON, optInRequired: err };
    }
    throw err;
  }
}

export function updateEnrollmentConfiguration(
  ctx: RunContext,
  status: DeclarableStatus,
  clientToken: string,
  extra?: Partial<CallContext>,
): Promise<UpdateEnrollmentConfigurationResponse> {
  return call(ctx, 'automation', 'UpdateEnrollmentConfiguration', () => client(ctx).send(new UpdateEnrollmentConfigurationCommand({ status, clientToken })), extra);
}

/** Every rule the account can see, at the operation's maximum page size. */
export function listAutomationRules(ctx: RunContext): Promise<AutomationRule[]> {
  return call(ctx, 'automation', 'ListAutomationRules', async () => {
    const rules: AutomationRule[] = [];
    for await (const page of paginateListAutomationRules({ client: client(ctx), pageSize: 100 })) rules.push(...(page.automationRules ?? []));
    return rules;
  });
}

export function getAutomationRule(ctx: RunContext, ruleArn: string): Promise<GetAutomationRuleResponse> {
  return call(ctx, 'automation', 'GetAutomationRule', () => client(ctx).send(new GetAutomationRuleCommand({ ruleArn })));
}

export function createAutomationRule(ctx: RunContext, input: CreateAutomationRuleRequest): Promise<{ ruleArn?: string; ruleRevision?: number }> {
  return call(ctx, 'automation', 'CreateAutomationRule', () => client(ctx).send(new CreateAutomationRuleCommand(input)));
}

export function updateAutomationRule(ctx: RunContext, input: UpdateAutomationRuleRequest): Promise<UpdateAutomationRuleResponse> {
  return call(ctx, 'automation', 'UpdateAutomationRule', () => client(ctx).send(new UpdateAutomationRuleCommand(input)));
}

export async function deleteAutomationRule(ctx: RunContext, ruleArn: string, ruleRevision: number): Promise<void> {
  await call(ctx, 'automation', 'DeleteAutomationRule', () => client(ctx).send(new DeleteAutomationRuleCommand({ ruleArn, ruleRevision })));
}

export async function tagResource(ctx: RunContext, resourceArn: string, ruleRevision: number, tags: Tag[]): Promise<void> {
  await call(ctx, 'automation', 'TagResource', () => client(ctx).send(new TagResourceCommand({ resourceArn, ruleRevision, tags })));
}

export async function untagResource(ctx: RunContext, resourceArn: string, ruleRevision: number, tagKeys: string[]): Promise<void> {
  await call(ctx, 'automation', 'UntagResource', () => client(ctx).send(new UntagResourceCommand({ resourceArn, ruleRevision, tagKeys })));
}

/** Every member account Automation lists (management account only). */
export function listAccounts(ctx: RunContext): Promise<AccountInfo[]> {
  return call(ctx, 'automation', 'ListAccounts', async () => {
    const accounts: AccountInfo[] = [];
    for await (const page of paginateListAccounts({ client: client(ctx), pageSize: 1000 })) accounts.push(...(page.accounts ?? []));
    return accounts;
  });
}

export function associateAccounts(ctx: RunContext, accountIds: string[]): Promise<{ accountIds?: string[]; errors?: string[] }> {
  return call(ctx, 'automation', 'AssociateAccounts', () => client(ctx).send(new AssociateAccountsCommand({ accountIds })));
}

export function disassociateAccounts(ctx: RunContext, accountIds: string[]): Promise<{ accountIds?: string[]; errors?: string[] }> {
  return call(ctx, 'automation', 'DisassociateAccounts', () => client(ctx).send(new DisassociateAccountsCommand({ accountIds })));
}
