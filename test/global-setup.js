// One temporary directory per jest run, shared by its workers (they inherit the variable: jest starts them
// after this runs), for what several test files need and one of them can make for all: see
// test/support/shared-once.ts. Removed by ./global-teardown.js.
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

module.exports = async () => {
  if (!process.env.ENROLLMENT_TEST_RUN_DIR) process.env.ENROLLMENT_TEST_RUN_DIR = mkdtempSync(path.join(tmpdir(), 'enrollment-test-run-'));
};
