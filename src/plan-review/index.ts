/**
 * `cdktf-aws-enrollment/plan-review`: the plan summary as a library, for tools that post or gate on it
 * (the `plan-summary` command is its CLI). See docs/plan-review.md.
 */
export { renderMarkdown, GITHUB_COMMENT_LIMIT } from './markdown';
export * from './model';
export { PlanInputError, parsePlan, type TerraformPlan } from './plan';
export { summarise, summariseStack } from './summary';
