#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
if (!existsSync(cli)) {
  // A checkout that was never built (npm ci builds through `prepare`, unless scripts are disabled).
  process.stderr.write(`cdktf-aws-enrollment: not built yet (${path.relative(process.cwd(), cli) || cli} is missing); run \`npm run build\` in ${path.dirname(__dirname)}\n`);
  process.exit(1);
}
require(cli).run(process.argv.slice(2));
