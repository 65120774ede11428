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

export function onlyResource(json: any): any {
  const all = Object.values(json.resource?.terraform_data ?? {});
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
