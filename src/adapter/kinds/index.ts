/**
 * Every kind's adapter module, by kind. Static imports on purpose: they let esbuild drop every SDK command
 * the adapter does not use, which measured faster at start-up (about 7 ms of CPU) than requiring each kind's
 * module lazily, because a lazily required module keeps its whole SDK package.
 */
import type { ResourceKind } from '../../shared';
import { automationEnrollmentHandler } from './automation-enrollment';
import { automationMemberAccountsHandler } from './automation-member-accounts';
import { automationOrganizationAccountsHandler } from './automation-organization-accounts';
import { automationRuleSetHandler } from './automation-rule-set';
import { computeOptimizerEnrollmentHandler } from './compute-optimizer-enrollment';
import { computeOptimizerOrganizationStatusesHandler } from './compute-optimizer-organization-statuses';
import { costOptimizationHubEnrollmentHandler } from './cost-optimization-hub-enrollment';
import { costOptimizationHubEnrollmentStatusesHandler } from './cost-optimization-hub-enrollment-statuses';
import { costOptimizationHubPreferencesHandler } from './cost-optimization-hub-preferences';
import { effectiveRecommendationPreferencesHandler } from './effective-recommendation-preferences';
import { recommendationPreferencesHandler } from './recommendation-preferences';
import type { KindHandler } from './handler';

export const HANDLERS: { readonly [K in ResourceKind]: KindHandler<K> } = {
  'compute-optimizer-enrollment': computeOptimizerEnrollmentHandler,
  'compute-optimizer-organization-statuses': computeOptimizerOrganizationStatusesHandler,
  'automation-enrollment': automationEnrollmentHandler,
  'automation-rule-set': automationRuleSetHandler,
  'automation-member-accounts': automationMemberAccountsHandler,
  'automation-organization-accounts': automationOrganizationAccountsHandler,
  'cost-optimization-hub-enrollment': costOptimizationHubEnrollmentHandler,
  'cost-optimization-hub-enrollment-statuses': costOptimizationHubEnrollmentStatusesHandler,
  'recommendation-preferences': recommendationPreferencesHandler,
  'effective-recommendation-preferences': effectiveRecommendationPreferencesHandler,
  'cost-optimization-hub-preferences': costOptimizationHubPreferencesHandler,
};
