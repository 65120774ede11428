// cdktf.json's app (run by `cdktf synth|diff|deploy|destroy` and by `npm start`): builds when a source changed
// since the last build (a few milliseconds when nothing did), then runs the example stack, dist/main.js, in
// this process. Build output goes to stderr, so it never mixes with what the synthesizer reads.
'use strict';
const { build, BuildError } = require('./build');

try {
  if (build({ ifStale: true })) process.stderr.write('app: sources changed since the last build; rebuilt dist/\n');
} catch (err) {
  process.stderr.write(`app: ${err instanceof BuildError ? err.message : err.stack}; fix it and synthesize again\n`);
  process.exit(1);
}
require('../dist/main.js');
