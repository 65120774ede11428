// The order jest starts test files in: the longest first, so that the two workers finish together instead
// of one of them running a long file alone at the end. Jest's own order does that from the durations it
// cached on an earlier run of the same paths; a fresh checkout (CI's clean clone) has none, and jest then
// orders by file size, which puts the CLI flows (small files, minutes of work: test/cli/deploy-flow.ts) last.
// Those files get an estimate here (seconds on an idle 2-core machine, relative weights only); the rest keep
// jest's rules: failed last time first, then cached duration, then file size.
'use strict';
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ESTIMATE_S = {
  'test/cli/cdktf.test.ts': 60,
  'test/cli/cdktn.test.ts': 60,
  'test/package/package.test.ts': 50,
  'test/plan-review/plan-summary.test.ts': 45,
  'test/emulator/aws-cli.test.ts': 40,
  'test/emulator/fuzz.test.ts': 30,
  'test/e2e/preferences.test.ts': 30,
  'test/e2e/automation-rules.test.ts': 25,
  'test/adapter/deadlines.test.ts': 25,
  'test/e2e/drift.test.ts': 20,
  'test/e2e/removal.test.ts': 20,
  'test/adapter/automation-rules-wire.test.ts': 20,
  'test/terraform/enrollment.test.ts': 15,
  'test/e2e/plan-fixtures.test.ts': 12,
  'test/plan-review/e2e-fixtures.test.ts': 12,
};
const ROOT = path.resolve(__dirname, '..');

class LongestFirst extends Sequencer {
  sort(tests) {
    const size = (t) => t.context.hasteFS.getSize(t.path) ?? 0;
    for (const t of tests) t.duration = this.time(t);
    // Seconds: the cached duration (ms) when there is one, else the estimate, else a file-size guess that
    // keeps unknown small files behind the known long ones (1 s per 10 kB).
    const weight = (t) => (t.duration != null ? t.duration / 1000 : ESTIMATE_S[path.relative(ROOT, t.path).split(path.sep).join('/')] ?? size(t) / 10_000);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      return weight(b) - weight(a);
    });
  }
}

module.exports = LongestFirst;
