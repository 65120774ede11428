import { TerraformStack, Testing } from 'cdktf';
import { declareStandaloneAccountStack } from '../../examples/standalone-account/main';
import { enrollmentResources, removalResources, testApp } from './helpers';

describe('examples', () => {
  test('standalone-account synthesizes with a role per account and the Hub after Compute Optimizer', () => {
    const stack = declareStandaloneAccountStack(testApp(), 'standalone', '123456789012');
    const json = JSON.parse(Testing.synth(stack, true));
    const resources = Object.entries(json.resource.terraform_data) as [string, any][];
    const [coName, co] = resources.find(([, r]) => r.input.kind === 'compute-optimizer-enrollment')!;
    const [, hub] = resources.find(([, r]) => r.input.kind === 'cost-optimization-hub-enrollment')!;
    expect(co.input.roleArn).toBe('arn:aws:iam::123456789012:role/OptimizationEnrollment');
    expect(hub.depends_on).toEqual([`terraform_data.${coName}`]);
    expect(Object.keys(json.output)).toEqual(['compute_optimizer_last_updated', 'compute_optimizer_status'].sort());
  });

  test('local-emulator (plain JavaScript on the build) points every enrollment at the emulator', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { declareLocalEmulatorStack } = require('../../examples/local-emulator/main.js');
    const stack: TerraformStack = declareLocalEmulatorStack(testApp(), 'local', 'http://127.0.0.1:4566');
    const json = JSON.parse(Testing.synth(stack, true));
    const inputs = enrollmentResources(json).map((r: any) => r.input);
    expect(inputs).toHaveLength(3);
    // removalPolicy "opt-out": each enrollment has a removal companion that carries the destroy step, and so
    // has the members' association (it disassociates them first).
    expect(Object.keys(removalResources(json))).toHaveLength(4);
    for (const input of inputs) expect(input).toMatchObject({ endpoint: 'http://127.0.0.1:4566', removalPolicy: 'opt-out' });
    expect(json.data).toBeUndefined();
  });
});
