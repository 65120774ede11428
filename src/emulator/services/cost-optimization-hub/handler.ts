/**
 * Cost Optimization Hub (2022-07-26) enrollment and preferences: the thin handler layer. It checks input against the model,
 * calls the backend and shapes the answer; the rules live in ./backend.
 */
import { ValidationException } from '../../errors';
import { validateInput, type JsonObject, type ServiceDefinition } from '../../framework';
import { CommitmentTerm, Limits, MemberAccountDiscountVisibility, Patterns, PaymentOption, SavingsEstimationMode, Services } from '../../../shared/enums';
import { listHubEnrollment, setHubStatus, STATUSES, updateHubEnrollment, updatePreferences } from './backend';

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
  consoleChange: (store, _accounts, accountId, body, now) => {
    // The API knows only Active and Inactive, but the admin API may set Failed to test error handling.
    if (![...STATUSES, 'Failed'].includes(body.status)) throw new Error(`status must be one of ${[...STATUSES, 'Failed'].join(', ')}, got "${body.status}"`);
    setHubStatus(store, accountId, body.status, now, body.statusReason);
  },
  paginators: {
    ListEnrollmentStatuses: {
      inputToken: 'nextToken',
      outputToken: 'nextToken',
      limitKey: 'maxResults',
      resultKey: 'items',
      limits: Limits.costOptimizationHubMaxResults,
      defaultLimit: 100,
    },
  },
  operations: {
    ListEnrollmentStatuses: (input, ctx) => {
      validateInput(input, { includeOrganizationInfo: { type: 'boolean' }, accountId: { type: 'string', pattern: Patterns.accountId }, nextToken: { type: 'string' } });
      return listHubEnrollment(ctx.store, ctx.accounts, ctx.caller, input.accountId as string | undefined, input.includeOrganizationInfo === true);
    },
    UpdateEnrollmentStatus: (input, ctx) => {
      validateInput(input, { status: { type: 'string', required: true, enum: STATUSES }, includeMemberAccounts: { type: 'boolean' } });
      return updateHubEnrollment(ctx.store, ctx.accounts, ctx.caller, input.status as string, input.includeMemberAccounts === true, ctx.now);
    },
    GetPreferences: (_input, ctx) => structuredClone(ctx.store.account(ctx.caller.accountId).costOptimizationHub.preferences) as unknown as JsonObject,
    UpdatePreferences: (input, ctx) => {
      validateInput(input, PREFERENCE_RULES);
      return structuredClone(updatePreferences(ctx.store, ctx.caller, input)) as unknown as JsonObject;
    },
  },
};
