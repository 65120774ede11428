import { TerraformStack } from 'cdktf';
import { PayloadError, ResourceKind } from '../../shared';
import { EnrollmentResource } from './enrollment-resource';

const linked = new WeakMap<EnrollmentResource, Set<EnrollmentResource>>();

/**
 * Automation only works while Compute Optimizer is active, so every Automation enrollment waits for every
 * Compute Optimizer enrollment of its stack (and, on destroy, is removed first). Called by both constructs,
 * so the declaration order in user code does not matter.
 */
export function linkAutomationToComputeOptimizer(declared: EnrollmentResource): void {
  const stack = TerraformStack.of(declared);
  const enrollments = stack.node.findAll().filter((c): c is EnrollmentResource => c instanceof EnrollmentResource);
  const computeOptimizer = enrollments.filter((e) => e.payload.kind === ResourceKind.COMPUTE_OPTIMIZER_ENROLLMENT);
  const automation = enrollments.filter((e) => e.payload.kind === ResourceKind.AUTOMATION_ENROLLMENT);
  for (const auto of automation) {
    for (const co of computeOptimizer) {
      const done = linked.get(auto) ?? new Set<EnrollmentResource>();
      if (done.has(co)) continue;
      if (auto.payload.status === 'Active' && co.payload.status === 'Inactive') {
        throw new PayloadError(
          'status',
          `\`status\` "Active" on Compute Optimizer Automation (${auto.node.path}) needs Compute Optimizer to be Active, but ${co.node.path} declares "Inactive"; declare both Active, or Automation Inactive`,
        );
      }
      auto.addDependency(co);
      done.add(co);
      linked.set(auto, done);
    }
  }
}
