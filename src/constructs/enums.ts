/**
 * The enumerations users write in their stacks, as real enums (TypeScript autocompletion and exhaustiveness,
 * and typed values in every jsii language). Their values are AWS's own spellings, defined once in
 * src/shared/enums.ts; the type checks below fail the build if the two ever part.
 */
import type { ComputeOptimizerStatus as WireComputeOptimizerStatus, DeclarableStatus, RemovalPolicy as WireRemovalPolicy } from '../shared';

/** A status you can declare. `Pending` and `Failed` are states AWS reports, not requests. */
export enum EnrollmentStatus {
  /** Enrolled (opted in). */
  ACTIVE = 'Active',
  /** Not enrolled (opted out). */
  INACTIVE = 'Inactive',
}

/** What `terraform destroy` does to AWS. */
export enum RemovalPolicy {
  /** Leave AWS as it is. */
  RETAIN = 'retain',
  /** Opt the account out (see each construct for what that deletes or stops). */
  OPT_OUT = 'opt-out',
}

/** A Compute Optimizer enrollment status as AWS reports it. */
export enum ComputeOptimizerStatus {
  ACTIVE = 'Active',
  INACTIVE = 'Inactive',
  PENDING = 'Pending',
  FAILED = 'Failed',
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameValues: [
  Same<`${EnrollmentStatus}`, DeclarableStatus>,
  Same<`${RemovalPolicy}`, WireRemovalPolicy>,
  Same<`${ComputeOptimizerStatus}`, WireComputeOptimizerStatus>,
] = [true, true, true];
void sameValues;
