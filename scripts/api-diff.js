// The public API guard: jsii-diff compares the build's assembly (.jsii, written by scripts/build.js) with the
// released API recorded in api/baseline, and fails on any change that would break a user in any language
// (a removed type or member, a narrowed parameter, a new required prop, an enum member gone...).
//
//   node scripts/api-diff.js            compare; exit 1 on a breaking change, listing each with its key
//   node scripts/api-diff.js --update   record the build's API as the baseline (do it when releasing)
//
// Every API is `experimental` while the package is 0.x, and jsii-diff only fails on stable ones by default:
// `--error-on all` makes every breaking change fail. A break made on purpose goes into
// api/allowed-breaking-changes.txt, one key (as printed) a line, in the same pull request; --update clears it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BASELINE = path.join(ROOT, 'api', 'baseline');
const ALLOWED = path.join(ROOT, 'api', 'allowed-breaking-changes.txt');
const ALLOWED_HEADER = '# Breaking API changes made on purpose since api/baseline, one jsii-diff key a line (scripts/api-diff.js).\n';

function update() {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
  fs.mkdirSync(BASELINE, { recursive: true });
  fs.copyFileSync(path.join(ROOT, '.jsii'), path.join(BASELINE, '.jsii'));
  // jsii-diff loads a baseline like a package: it needs a manifest that names the jsii dependencies.
  const manifest = {
    name: assembly.name,
    version: assembly.version,
    private: true,
    description: 'The released public API that scripts/api-diff.js compares the build with',
    jsii: {},
    peerDependencies: assembly.dependencies ?? {},
  };
  fs.writeFileSync(path.join(BASELINE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(ALLOWED, ALLOWED_HEADER);
  process.stderr.write(`api-diff: api/baseline now records ${assembly.name}@${assembly.version} (${Object.keys(assembly.types ?? {}).length} types)\n`);
}

/** Runs jsii-diff between two module directories; returns its exit status and output. */
function diff(original = BASELINE, updated = ROOT) {
  const bin = require.resolve('jsii-diff/bin/jsii-diff', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [bin, original, updated, '--error-on', 'all', '--keys', '--ignore-file', ALLOWED], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

module.exports = { diff, BASELINE };

if (require.main === module) {
  if (process.argv.includes('--update')) {
    update();
  } else {
    if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
      process.stderr.write('api-diff: .jsii is missing: run `npm run build` first\n');
      process.exit(1);
    }
    const { status, output } = diff();
    if (output) process.stderr.write(`${output}\n`);
    if (status !== 0) {
      process.stderr.write('api-diff: the public API changed in a way that breaks users (above); restore it, or add each key to api/allowed-breaking-changes.txt if the break is intended\n');
      process.exit(1);
    }
  }
}
