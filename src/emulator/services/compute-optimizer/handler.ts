/**
 * Compute Optimizer (2019-11-01) enrollment: the thin handler layer. It checks input against the model,
 * calls the backend and shapes the answer; the rules live in ./backend. Recommendation preferences come from
 * ./preference-handlers.
 */
import { InvalidParameterValueException } from '../../errors';
import { validateInput, type OperationContext, type ServiceDefinition } from '../../framework';
import { EnrollmentFilterName, Limits, Services, type ComputeOptimizerStatus } from '../../../shared/enums';
import { preferenceAdmin, preferenceOperations, preferencePaginators, preferenceView } from './preference-handlers';
import { getEnrollment, listOrganizationEnrollment, presentMember, type ListedMember, setComputeOptimizerStatus, settleComputeOptimizer, STATUSES, updateEnrollment } from './backend';

const STATUS_RULE = { type: 'string', enum: STATUSES } as const;

export const computeOptimizerService: ServiceDefinition = {
  key: 'computeOptimizer',
  targetPrefix: Services.computeOptimizer.targetPrefix,
  signingName: Services.computeOptimizer.signingName,
  invalid: (v) => new InvalidParameterValueException(v.message),
  settle: settleComputeOptimizer,
  adminName: 'compute-optimizer',
  checkConsoleChange: (body) => {
    if (!(STATUSES as string[]).includes(body.status)) throw new Error(`status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(body.status.slice(0, 40))}`);
  },
  consoleChange: (store, _accounts, accountId, body, now) => {
    setComputeOptimizerStatus(store, accountId, body.status as ComputeOptimizerStatus, now, body.statusReason);
  },
  admin: preferenceAdmin,
  view: preferenceView,
  paginators: {
    GetEnrollmentStatusesForOrganization: {
      inputToken: 'nextToken',
      outputToken: 'nextToken',
      limitKey: 'maxResults',
      resultKey: 'accountEnrollmentStatuses',
      limits: Limits.computeOptimizerOrganizationMaxResults,
      defaultLimit: 100,
      present: presentMember,
      key: (m: ListedMember) => m.ordinal,
    },
    ...preferencePaginators,
  },
  operations: {
    GetEnrollmentStatus: (_input, ctx: OperationContext) => getEnrollment(ctx.store, ctx.accounts, ctx.caller),
    UpdateEnrollmentStatus: (input, ctx) => {
      validateInput(input, { status: { ...STATUS_RULE, required: true }, includeMemberAccounts: { type: 'boolean' } });
      return updateEnrollment(ctx.store, ctx.accounts, ctx.caller, input.status as string, input.includeMemberAccounts === true, ctx.now);
    },
    GetEnrollmentStatusesForOrganization: (input, ctx) => {
      validateInput(input, {
        filters: {
          type: 'list',
          member: { type: 'structure', members: { name: { type: 'string', enum: Object.values(EnrollmentFilterName) }, values: { type: 'list', member: { type: 'string' } } } },
        },
        nextToken: { type: 'string' },
        maxResults: { type: 'integer', ...Limits.computeOptimizerOrganizationMaxResults },
      });
      const filters = (input.filters as Array<{ name?: string; values?: string[] }> | undefined) ?? [];
      return { accountEnrollmentStatuses: listOrganizationEnrollment(ctx.store, ctx.accounts, ctx.caller, filters) };
    },
    ...preferenceOperations,
  },
};
