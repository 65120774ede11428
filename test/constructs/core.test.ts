/**
 * The construct and Terraform suites run once per core (jest.config.js: the cdktf project, and the cdktn
 * project that resolves `cdktf` to CDK Terrain as the `cdktf-aws-enrollment/cdktn` entry does). This proves
 * the second run is not the first one again.
 */
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { ComputeOptimizerEnrollment, EnrollmentStatus } from '../../src';
import { testApp } from './helpers';

declare const ENROLLMENT_TEST_CORE: 'cdktf' | 'cdktn';

test('the core this project names is the one the tests and the library load', () => {
  expect(['cdktf', 'cdktn']).toContain(ENROLLMENT_TEST_CORE);
  expect(require('cdktf/package.json').name).toBe(ENROLLMENT_TEST_CORE);
  expect(require.resolve('cdktf')).toContain(path.join('node_modules', ENROLLMENT_TEST_CORE, 'lib'));
  // The library's constructs are elements of that core's stacks (one module instance, not two copies).
  const stack = new TerraformStack(testApp(), 'core');
  const enrollment = new ComputeOptimizerEnrollment(stack, 'co', { region: 'us-east-1', status: EnrollmentStatus.ACTIVE, detectDrift: false });
  expect(TerraformStack.of(enrollment)).toBe(stack);
  expect(App.of(stack)).toBeInstanceOf(App);
  expect(JSON.parse(Testing.synth(stack)).resource.terraform_data).toBeDefined();
});
