// Removes the run's shared directory (./global-setup.js) unless E2E_KEEP=1.
'use strict';
const { rmSync } = require('node:fs');

module.exports = async () => {
  const dir = process.env.ENROLLMENT_TEST_RUN_DIR;
  if (!dir) return;
  if (process.env.E2E_KEEP === '1') process.stderr.write(`jest: kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
};
