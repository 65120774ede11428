/**
 * For rewriting the plan review's inline snapshots (`npx jest -c test/plan-review/jest.snapshots.config.js -u`).
 * Prettier is not a dependency, and without it Jest locates `toMatchInlineSnapshot()` calls through source
 * maps, which the project's tsconfig turns off; this config turns them on. Checking snapshots needs neither.
 */
const path = require('node:path');
const base = require('../../jest.config.js');
const tsconfig = require('../../tsconfig.test.json');
const root = path.resolve(__dirname, '..', '..');

module.exports = {
  ...base,
  rootDir: root,
  roots: [path.join(root, 'test', 'plan-review')],
  prettierPath: null,
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          ...require('../../tsconfig.json').compilerOptions,
          ...tsconfig.compilerOptions,
          rootDir: root,
          sourceMap: true,
        },
      },
    ],
  },
};
