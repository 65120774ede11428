#!/usr/bin/env node
'use strict';
require('../dist/src/cli.js').run(process.argv.slice(2));
