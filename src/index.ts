/**
 * cdktf-aws-enrollment: the constructs, their props, the enums users write and `EnrollmentDefaults`.
 *
 * Everything else has a subpath that says what it is: `cdktf-aws-enrollment/emulator` (the local AWS
 * emulator), `cdktf-aws-enrollment/plan-review` (the plan summary as a library), `cdktf-aws-enrollment/schema`
 * (the adapter's payload codec and the kind descriptors, for tools that read our plans).
 */
export * from './constructs';
