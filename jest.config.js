/**
 * Two projects: every suite on the cdktf core, and the construct and Terraform suites again on CDK Terrain
 * (`cdktn`), with `cdktf` resolved to the cdktn package the way the `cdktf-aws-enrollment/cdktn` entry
 * imports it. `npx jest <paths> --selectProjects cdktf` runs one (paths first: the flag takes every word
 * after it as a project name). Tests are transpiled only (fast); `npm test` type-checks src and test first.
 */
const base = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
};

/**
 * `npm run test:matrix` runs every suite on the first Node.js line and sets ENROLLMENT_TEST_NODE_LEG=repeat
 * for the others, which leave out what does not depend on the Node.js version and is already proven on the
 * first line (docs/toolchains.md, "What each Node.js line runs"): the cdktn project's Terraform and e2e
 * suites (the core only changes the synthesized JSON, which the golden snapshots and the construct suites
 * compare on every line; Terraform runs the same adapter as in the cdktf project's e2e suites) and the plan
 * review's generated-plan suite (plan-summary.test.ts: sixteen real plans whose making is the e2e suites'
 * work on every line, summarised by JSON-in, text-out code).
 */
const REPEAT_LEG = process.env.ENROLLMENT_TEST_NODE_LEG === 'repeat';

module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  // One directory per run for what test files share (test/support/shared-once.ts: real plan fixtures).
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // Longest files first, also on a clean clone without jest's cached durations.
  testSequencer: '<rootDir>/test/sequencer.js',
  projects: [
    {
      ...base,
      displayName: 'cdktf',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', ...(REPEAT_LEG ? ['/test/plan-review/plan-summary\\.test\\.ts$'] : [])],
      globals: { ENROLLMENT_TEST_CORE: 'cdktf' },
    },
    {
      ...base,
      displayName: 'cdktn',
      roots: REPEAT_LEG ? ['<rootDir>/test/constructs'] : ['<rootDir>/test/constructs', '<rootDir>/test/terraform', '<rootDir>/test/e2e'],
      // Core-independent: the provider stand-in on hand-written configurations, fixtures for the plan review
      // (the drift scenario they replay runs on cdktn in drift.test.ts), and the account shapes and the member
      // account's stack (what differs is the account the adapter runs as; the same constructs' synthesis runs
      // on cdktn in drift.test.ts).
      testPathIgnorePatterns: [
        '/node_modules/',
        '/test/e2e/external-provider\\.test\\.ts$',
        '/test/e2e/plan-fixtures\\.test\\.ts$',
        '/test/e2e/account-shapes\\.test\\.ts$',
        '/test/e2e/member-account\\.test\\.ts$',
      ],
      moduleNameMapper: { '^cdktf$': 'cdktn', '^cdktf/(.*)$': 'cdktn/$1' },
      globals: { ENROLLMENT_TEST_CORE: 'cdktn' },
    },
  ],
};
