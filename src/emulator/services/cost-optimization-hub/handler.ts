/**
 * Cost Optimization Hub (2022-07-26) enrollment and preferences: the thin handler layer. It checks input against the model,
 * calls the backend and shapes the answer; the rules live in ./backend.
 */
import { ValidationException } from '../../errors';
import { validateInput, type ServiceDefinition } from '../../framework';
import { CommitmentTerm, Limits, MemberAccountDiscountVisibility, Patterns, PaymentOption, SavingsEstimationMode, Services } from '../../../shared/enums';
import { getPreferences, listHubEnrollment, presentItem, setHubStatus, type ListedItem, STATUSES, updateHubEnrollment, updatePreferences } from './backend';

const PREFERENCE_RULES = {
  savingsEstimationMode: { type: 'string', enum: Object.values(SavingsEstimationMode) },
  memberAccountDiscountVisibility: { type: 'string', enum: Object.values(MemberAccountDiscountVisibility) },
  preferredCommitment: {
    type: 'structure',
    members: { term: { type: 'string', enum: Object.values(CommitmentTerm) }, paymentOption: { type: 'string', enum: Object.values(PaymentOption) } },
  },
} as const;

export const costOptimizationHubService: ServiceDefinition = {
  key: 'costOptimizationHub',
  targetPrefix: Services.costOptimizationHub.targetPrefix,
  signingName: Services.costOptimizationHub.signingName,
  invalid: (v) => new ValidationException(v.message, [{ fieldName: v.fieldName, message: v.message }]),
  adminName: 'cost-optimization-hub',
  checkConsoleChange: (body) => {
    // The model's EnrollmentStatus has no Failed (nor Pending): a console change stays inside it, as AWS does.
    if (!(STATUSES as string[]).includes(body.status)) {
      throw new Error(`status must be one of ${STATUSES.join(', ')} (Cost Optimization Hub has no other status), got ${JSON.stringify(body.status.slice(0, 40))}`);
    }
  },
  consoleChange: (store, _accounts, accountId, body, now) => {
    setHubStatus(store, accountId, body.status, now, body.statusReason);
  },
  admin: (request) => {
    // POST /_emulator/accounts/{id}/cost-optimization-hub/preferences: an UpdatePreferences made in that account's console.
    if (request.path.length !== 1 || request.path[0] !== 'preferences' || request.method !== 'POST') return undefined;
    validateInput(request.body, PREFERENCE_RULES);
    return updatePreferences(request.store, request.accounts, request.accounts.byAccountId(request.accountId)!, request.body);
  },
  paginators: {
    ListEnrollmentStatuses: {
      inputToken: 'nextToken',
      outputToken: 'nextToken',
      limitKey: 'maxResults',
      resultKey: 'items',
      limits: Limits.costOptimizationHubMaxResults,
      defaultLimit: 100,
      present: presentItem,
      key: (i: ListedItem) => i.ordinal,
    },
  },
  operations: {
    ListEnrollmentStatuses: (input, ctx) => {
      validateInput(input, { includeOrganizationInfo: { type: 'boolean' }, accountId: { type: 'string', pattern: Patterns.accountId }, nextToken: { type: 'string' } });
      return listHubEnrollment(ctx.store, ctx.accounts, ctx.caller, input.accountId as string | undefined, input.includeOrganizationInfo === true);
    },
    UpdateEnrollmentStatus: (input, ctx) => {
      validateInput(input, { status: { type: 'string', required: true, enum: STATUSES }, includeMemberAccounts: { type: 'boolean' } });
      return updateHubEnrollment(ctx.store, ctx.accounts, ctx.caller, input.status as string, input.includeMemberAccounts as boolean | undefined, ctx.now);
    },
    GetPreferences: (_input, ctx) => getPreferences(ctx.store, ctx.accounts, ctx.caller),
    UpdatePreferences: (input, ctx) => {
      validateInput(input, PREFERENCE_RULES);
      return updatePreferences(ctx.store, ctx.accounts, ctx.caller, input);
    },
  },
};
