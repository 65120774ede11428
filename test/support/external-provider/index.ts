/** Test support: a stand-in for the hashicorp/external provider, served over Terraform's plugin protocol 6. */
export { startExternalProvider } from './server';
export type { ExternalProvider, ExternalProviderOptions } from './server';
export { parseProgramOutput } from './external-data-source';
export { terraformEnv, terraformRunner, useRegistryProvider } from './terraform';
export type { TerraformResult, TerraformRunner } from './terraform';
export { changes, checkResults, expectPlanCode, partsAtPlan, plan, plannedActions, readCarrying, readsAtPlan } from './plans';
export type { ChangeSummary, CheckSummary, PlanOutcome } from './plans';
