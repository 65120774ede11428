import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { ADAPTER_PATH_CONTEXT } from '../../src';

/** A stand-in adapter file: synthesis copies it into the stack, it never runs. */
export const FIXTURE_ADAPTER = path.join(__dirname, 'fixtures', 'adapter.cjs');

export function testApp(context: Record<string, unknown> = {}): App {
  return Testing.app({ context: { [ADAPTER_PATH_CONTEXT]: FIXTURE_ADAPTER, ...context } });
}

/** Builds a stack with `declare` and returns its Terraform JSON, parsed. */
export function synthJson(declare: (stack: TerraformStack) => void): any {
  const stack = new TerraformStack(testApp(), 'test');
  declare(stack);
  return JSON.parse(Testing.synth(stack, true));
}

/**
 * The enrollment resources, without the removal companions that `removalPolicy: "opt-out"` adds and without
 * the Automation rule set every Automation enrollment declares (and the members' association an organisation
 * rollout declares).
 */
export function enrollmentResources(json: any): any[] {
  return Object.values(json.resource?.terraform_data ?? {}).filter(
    (r: any) => r.triggers_replace?.role !== 'removal' && r.input?.kind !== 'automation-rule-set' && r.input?.kind !== 'automation-member-accounts',
  );
}

/** The removal companions (`triggers_replace = { role = "removal" }`). */
export function removalResources(json: any): Record<string, any> {
  return Object.fromEntries(Object.entries(json.resource?.terraform_data ?? {}).filter(([, r]: [string, any]) => r.triggers_replace?.role === 'removal'));
}

export function onlyResource(json: any): any {
  const all = enrollmentResources(json);
  expect(all).toHaveLength(1);
  return all[0];
}

export function warningsOf(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
}
