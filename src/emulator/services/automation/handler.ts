/**
 * Compute Optimizer Automation (2025-09-22) enrollment and account association: the thin handler layer. It checks input against the model,
 * calls the backend and shapes the answer; the rules live in ./backend. Automation rules come from ./rule-handlers.
 */
import { InvalidParameterValueException } from '../../errors';
import { validateInput, type JsonObject, type OperationContext, type ServiceDefinition } from '../../framework';
import { Limits, Patterns, Services, type AutomationEnrollmentStatus } from '../../../shared/enums';
import { associate, disassociate, getConfiguration, listAccounts, presentAccount, type ListedAccount, MAX_ACCOUNT_IDS, requireComputeOptimizer, requireManagement, setAutomationStatus, STATUSES, updateConfiguration } from './backend';
import { withClientToken } from './idempotency';
import { ruleAdmin, ruleOperations, rulePaginators, ruleView } from './rule-handlers';
import { setEveryRuleStatus } from './rules';

const CLIENT_TOKEN = { type: 'string' } as const; // pattern checked by withClientToken, with its own message
const ACCOUNT_IDS = { type: 'list', required: true, min: 1, max: MAX_ACCOUNT_IDS, member: { type: 'string', pattern: Patterns.accountId } } as const;

function gated(handler: (input: JsonObject, ctx: OperationContext) => JsonObject, management = false) {
  return (input: JsonObject, ctx: OperationContext): JsonObject => {
    if (management) requireManagement(ctx.caller);
    requireComputeOptimizer(ctx.store, ctx.caller);
    return handler(input, ctx);
  };
}

export const automationService: ServiceDefinition = {
  key: 'automation',
  targetPrefix: Services.automation.targetPrefix,
  signingName: Services.automation.signingName,
  invalid: (v) => new InvalidParameterValueException(v.message),
  adminName: 'automation',
  checkConsoleChange: (body) => {
    if (!(STATUSES as string[]).includes(body.status)) throw new Error(`status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(body.status.slice(0, 40))}`);
    if (body.rules !== undefined && body.rules !== 'running' && body.rules !== 'stopped') throw new Error('rules must be "running" or "stopped"');
  },
  consoleChange: (store, _accounts, accountId, body, now) => {
    setAutomationStatus(store, accountId, body.status as AutomationEnrollmentStatus, now, body.statusReason);
    // "running" enables every rule in the console, "stopped" disables every rule.
    if (body.rules !== undefined) setEveryRuleStatus(store, accountId, body.rules === 'running' ? 'Active' : 'Inactive', now);
  },
  admin: ruleAdmin,
  view: ruleView,
  paginators: {
    ListAccounts: {
      inputToken: 'nextToken',
      outputToken: 'nextToken',
      limitKey: 'maxResults',
      resultKey: 'accounts',
      limits: Limits.automationListAccountsMaxResults,
      defaultLimit: 100,
      present: presentAccount,
      key: (a: ListedAccount) => a.ordinal,
    },
    ...rulePaginators,
  },
  operations: {
    GetEnrollmentConfiguration: gated((_input, ctx) => getConfiguration(ctx.store, ctx.caller)),
    UpdateEnrollmentConfiguration: gated((input, ctx) => {
      validateInput(input, { status: { type: 'string', required: true, enum: STATUSES }, clientToken: CLIENT_TOKEN });
      return withClientToken(input, ctx, () => updateConfiguration(ctx.store, ctx.caller, input.status as string, ctx.now));
    }),
    ListAccounts: gated((input, ctx) => {
      validateInput(input, { nextToken: { type: 'string', pattern: Patterns.automationNextToken } });
      return { accounts: listAccounts(ctx.store, ctx.accounts) };
    }, true),
    AssociateAccounts: gated((input, ctx) => {
      validateInput(input, { accountIds: ACCOUNT_IDS, clientToken: CLIENT_TOKEN });
      return withClientToken(input, ctx, () => associate(ctx.store, ctx.accounts, input.accountIds as string[], ctx.now));
    }, true),
    DisassociateAccounts: gated((input, ctx) => {
      validateInput(input, { accountIds: ACCOUNT_IDS, clientToken: CLIENT_TOKEN });
      return withClientToken(input, ctx, () => disassociate(ctx.store, ctx.accounts, input.accountIds as string[], ctx.now));
    }, true),
    ...Object.fromEntries(Object.entries(ruleOperations).map(([name, handler]) => [name, gated(handler)])),
  },
};
