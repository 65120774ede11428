// The build, in one place: `npm run build`, `prepare` (npm ci, npm pack, installs from git) and cdktf.json's
// app (scripts/app.js, with --if-stale) all run it.
//
//   1. tsc: main.ts and src/ into dist/ (the library is dist/src);
//   2. jsii: the constructs' entry (src/index.ts and what it imports, tsconfig.jsii.json) compiled again into
//      the same files, with jsii's runtime type information, and the assembly `.jsii` that jsii-pacmak turns
//      into the Python, Java, .NET and Go packages (docs/jsii.md). The CLI, emulator and plan review stay
//      tsc's output: they are not part of the assembly;
//   3. scripts/bundle.mjs: the adapter Terraform runs, dist/adapter/adapter.cjs;
//   4. the CDK Terrain entry, dist/cdktn: the library's compiled files with the module `cdktf` imported as
//      `cdktn` (package.json exports it as `cdktf-aws-enrollment/cdktn`; docs/toolchains.md says why).
//
// Usage: node scripts/build.js [--if-stale]   (--if-stale: only the steps whose inputs are newer than their
// outputs run; when none is, the check takes about 10 ms)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const LIBRARY = path.join(DIST, 'src');
const CDKTN_ENTRY = path.join(DIST, 'cdktn');

/**
 * The build's steps with what each reads and writes (one file of each output): with --if-stale a step runs
 * when an input is newer than its output, so an edit of main.ts recompiles without bundling the adapter again.
 */
const COMMON_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.js'];
const STEPS = {
  tsc: { inputs: ['main.ts', 'src'], outputs: ['dist/main.js', 'dist/src/index.js'] },
  // Also stale whenever tsc ran: tsc rewrites the files jsii emits (see build()); dist/src/index.js, which jsii
  // writes before the assembly, tells when tsc ran outside the build. README.md is in the assembly.
  jsii: { inputs: ['src/index.ts', 'src/constructs', 'src/shared', 'tsconfig.jsii.json', 'README.md', 'dist/src/index.js'], outputs: ['.jsii'] },
  bundle: { inputs: ['src/adapter', 'src/shared', 'scripts/bundle.mjs'], outputs: ['dist/adapter/adapter.cjs'] },
  // Made from tsc's output: stale whenever tsc ran after it.
  cdktn: { inputs: ['dist/src'], outputs: ['dist/cdktn/index.js'] },
};

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** True when every output of `step` exists and is newer than every input. */
function isStepFresh(step) {
  const { inputs, outputs } = STEPS[step];
  const built = Math.min(...outputs.map((f) => (fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).mtimeMs : 0)));
  return built > 0 && [...COMMON_INPUTS, ...inputs].every((f) => newestMtime(path.join(ROOT, f)) <= built);
}

/** True when no step has anything to do. */
function isFresh() {
  return Object.keys(STEPS).every(isStepFresh);
}

class BuildError extends Error {}

/** Runs a build step with Node; its output goes to stderr (stdout may be a synthesizer's). */
function step(what, args, env = {}) {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 2, 2], env: { ...process.env, ...env } });
  if (run.error) throw new BuildError(`${what} could not start: ${run.error.message}`);
  if (run.status !== 0) throw new BuildError(`${what} failed (exit ${run.status ?? run.signal}); its errors are above`);
}

// ---------------------------------------------------------------------------------------------------
// The CDK Terrain entry
// ---------------------------------------------------------------------------------------------------

// Module specifiers only: `require("cdktf")` in JavaScript; `from "cdktf"`, `import("cdktf")` and
// `import "cdktf"` in declarations; subpaths (`cdktf/lib/...`) alike. Strings such as "@cdktf/warn" or
// "cdktf-aws-enrollment" never match, and cdktn keeps cdktf's own symbols and metadata keys.
const JS_SPECIFIER = /\brequire\("cdktf(\/[^"]*)?"\)/g;
const DTS_SPECIFIER = /(\bfrom\s+|\bimport\(\s*|\bimport\s+)(["'])cdktf(\/[^"']*)?\2/g;
const JS_RELATIVE = /\brequire\("(\.\.?\/[^"]+)"\)/g;
const DTS_RELATIVE = /(?:\bfrom\s+|\bimport\(\s*|\bimport\s+)["'](\.\.?\/[^"']+)["']/g;

/** `./x` from `dir`, as tsc emits it: x.js, or x/index.js. Returns the path without extension. */
function resolveModule(dir, specifier) {
  const base = path.resolve(dir, specifier);
  if (fs.existsSync(`${base}.js`)) return base;
  if (fs.existsSync(path.join(base, 'index.js'))) return path.join(base, 'index');
  throw new BuildError(`the CDK Terrain entry: ${specifier} (imported from ${path.relative(ROOT, dir)}) is not a compiled module`);
}

/**
 * Copies every module the library's index reaches (through JavaScript requires and type imports) from
 * dist/src to dist/cdktn, with the `cdktf` specifier rewritten. Deterministic: the same dist/src gives the
 * same bytes, and nothing else in the file changes.
 */
function writeCdktnEntry() {
  fs.rmSync(CDKTN_ENTRY, { recursive: true, force: true });
  const seen = new Set();
  const queue = [path.join(LIBRARY, 'index')];
  let rewritten = 0;
  while (queue.length > 0) {
    const module = queue.shift();
    if (seen.has(module)) continue;
    seen.add(module);
    for (const [ext, specifier, relative] of [
      ['.js', JS_SPECIFIER, JS_RELATIVE],
      ['.d.ts', DTS_SPECIFIER, DTS_RELATIVE],
    ]) {
      const file = module + ext;
      if (!fs.existsSync(file)) {
        if (ext === '.js') throw new BuildError(`the CDK Terrain entry: ${path.relative(ROOT, file)} is missing`);
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(relative)) queue.push(resolveModule(path.dirname(file), m[1]));
      const out = ext === '.js' ? text.replace(specifier, (_, sub = '') => `require("cdktn${sub}")`) : text.replace(specifier, (_, lead, q, sub = '') => `${lead}${q}cdktn${sub}${q}`);
      if (out !== text) rewritten++;
      const target = path.join(CDKTN_ENTRY, path.relative(LIBRARY, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, out);
    }
  }
  // The library imports cdktf in many modules; none rewritten means tsc changed how it emits imports.
  if (rewritten === 0) throw new BuildError('the CDK Terrain entry: no `cdktf` import was found to rewrite in dist/src; check how tsc emits imports');
  const left = [...seen].flatMap((m) => ['.js', '.d.ts'].map((ext) => path.join(CDKTN_ENTRY, path.relative(LIBRARY, m + ext)))).filter((f) => fs.existsSync(f) && /["']cdktf(\/[^"']*)?["']/.test(fs.readFileSync(f, 'utf8')));
  if (left.length > 0) throw new BuildError(`the CDK Terrain entry: ${left.map((f) => path.relative(ROOT, f)).join(', ')} still name the module "cdktf"`);
  return seen.size;
}

// ---------------------------------------------------------------------------------------------------
// The jsii assembly
// ---------------------------------------------------------------------------------------------------

/**
 * jsii lists every peer dependency in the assembly, so each generated package (PyPI, Maven, NuGet, Go) would
 * require CDK Terrain as well as cdktf. The constructs import `cdktf` only; `cdktn` is the optional peer of
 * the TypeScript-only `./cdktn` entry. An optional peer no type of the assembly references is dropped from
 * its dependencies, the way @jsii/spec's replaceAssembly marks a modified assembly (fingerprint of stars).
 * Returns the names dropped.
 */
function narrowAssemblyPeers() {
  const spec = require(require.resolve('@jsii/spec', { paths: [path.dirname(require.resolve('jsii/package.json', { paths: [ROOT] }))] }));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const assembly = spec.loadAssemblyFromFile(path.join(ROOT, '.jsii'), false);
  const types = JSON.stringify(assembly.types ?? {});
  const dropped = [];
  for (const [name, meta] of Object.entries(manifest.peerDependenciesMeta ?? {})) {
    if (!meta.optional || !assembly.dependencies?.[name]) continue;
    if (types.includes(`"${name}.`)) continue; // a type of the assembly names one of its types: a real dependency
    delete assembly.dependencies[name];
    if (assembly.dependencyClosure) delete assembly.dependencyClosure[name];
    dropped.push(name);
  }
  if (dropped.length > 0) spec.replaceAssembly(assembly, ROOT);
  return dropped;
}

// ---------------------------------------------------------------------------------------------------

const LOCK = path.join(ROOT, '.build.lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * One build at a time per checkout: two synthesizers (or test workers) that find the outputs stale at once
 * would otherwise write the same files together. The second waits, then finds the outputs current.
 */
function withLock(fn) {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(LOCK).mtimeMs;
      } catch {
        continue;
      }
      // A build takes seconds; a lock this old belongs to one that was killed.
      if (age > 5 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() - started > 10 * 60_000) throw new BuildError(`another build has held ${LOCK} for 10 minutes; remove it if no build is running`);
      else sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The whole build, or nothing when `ifStale` and the outputs are current. Returns whether it built. */
function build({ ifStale = false } = {}) {
  if (ifStale && isFresh()) return false;
  return withLock(() => {
    const stale = (name) => !ifStale || !isStepFresh(name);
    let built = false;
    let compiled = false;
    if (stale('tsc')) {
      step('tsc', [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', path.join(ROOT, 'tsconfig.json')]);
      built = compiled = true;
    }
    if (compiled || stale('jsii')) {
      // Warnings fail the build, but one: jsii wants the constructs devDependency at the lowest version the
      // peer range allows (10.4.2), and CDK Terrain needs 10.6 or newer, so we test on 10.7. jsii prints a
      // banner about Node 20's end of life on every run; the package supports Node 20 (engines), so it is
      // silenced too.
      step('jsii (tsconfig.jsii.json)', [require.resolve('jsii/bin/jsii', { paths: [ROOT] }), '--fail-on-warnings', '--silence-warnings=metadata/missing-dev-dependency'], {
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
      });
      narrowAssemblyPeers();
      built = true;
    }
    if (stale('bundle')) {
      step('the adapter bundle (scripts/bundle.mjs)', [path.join(ROOT, 'scripts', 'bundle.mjs')]);
      built = true;
    }
    if (stale('cdktn')) {
      writeCdktnEntry();
      built = true;
    }
    return built;
  });
}

module.exports = { build, isFresh, writeCdktnEntry, narrowAssemblyPeers, BuildError };

if (require.main === module) {
  try {
    build({ ifStale: process.argv.includes('--if-stale') });
  } catch (err) {
    process.stderr.write(`build: ${err instanceof BuildError ? err.message : err.stack}\n`);
    process.exit(1);
  }
}
