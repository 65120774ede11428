/**
 * The wire forms of a stored Automation rule: each operation's response shape has its own members (the model's
 * GetAutomationRuleResponse, CreateAutomationRuleResponse, UpdateAutomationRuleResponse, AutomationRule).
 */
import { epochSeconds, type JsonObject } from '../../framework';
import type { StoredAutomationRule } from '../../state';
import { automationRuleArn } from '../../../shared';

function common(owner: string, rule: StoredAutomationRule): JsonObject {
  return {
    ruleArn: automationRuleArn(owner, rule.ruleId),
    ruleId: rule.ruleId,
    name: rule.name,
    description: rule.description,
    ruleType: rule.ruleType,
    ruleRevision: rule.ruleRevision,
  };
}

const configuration = (rule: StoredAutomationRule): JsonObject => ({
  organizationConfiguration: rule.organizationConfiguration,
  priority: rule.priority,
  recommendedActionTypes: rule.recommendedActionTypes,
});

/** GetAutomationRuleResponse. */
export function presentRule(owner: string, rule: StoredAutomationRule): JsonObject {
  return {
    ...common(owner, rule),
    accountId: owner,
    ...configuration(rule),
    criteria: rule.criteria,
    schedule: rule.schedule,
    status: rule.status,
    tags: rule.tags,
    createdTimestamp: epochSeconds(rule.created),
    lastUpdatedTimestamp: epochSeconds(rule.lastUpdated),
  };
}

/** CreateAutomationRuleResponse (no accountId, no lastUpdatedTimestamp). */
export function presentCreated(owner: string, rule: StoredAutomationRule): JsonObject {
  return { ...common(owner, rule), ...configuration(rule), criteria: rule.criteria, schedule: rule.schedule, status: rule.status, tags: rule.tags, createdTimestamp: epochSeconds(rule.created) };
}

/** UpdateAutomationRuleResponse (no accountId, no tags). */
export function presentUpdated(owner: string, rule: StoredAutomationRule): JsonObject {
  return {
    ...common(owner, rule),
    ...configuration(rule),
    criteria: rule.criteria,
    schedule: rule.schedule,
    status: rule.status,
    createdTimestamp: epochSeconds(rule.created),
    lastUpdatedTimestamp: epochSeconds(rule.lastUpdated),
  };
}

/** An `AutomationRule` list item (no criteria, no tags). */
export function presentListed({ owner, rule }: { owner: string; rule: StoredAutomationRule }): JsonObject {
  return {
    ...common(owner, rule),
    accountId: owner,
    ...configuration(rule),
    schedule: rule.schedule,
    status: rule.status,
    createdTimestamp: epochSeconds(rule.created),
    lastUpdatedTimestamp: epochSeconds(rule.lastUpdated),
  };
}
