// `cdktf synth` without cdktf-cli: runs cdktf.json's `app` the way the CLI does (CDKTF_OUTDIR and the
// context in the environment, no shell), checks the manifest, drops stacks that no longer exist, and says
// where the Terraform JSON is. Usage: node scripts/synth.mjs [--output dir]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const invokedFrom = process.cwd();
const configPath = path.join(root, 'cdktf.json');
const config = JSON.parse(readFileSync(configPath, 'utf8'));

const args = process.argv.slice(2);
const outputFlag = args.indexOf('--output');
// --output is relative to where you are; cdktf.json's "output" to the project, as with the CLI.
const outdir =
  outputFlag >= 0 && args[outputFlag + 1] ? path.resolve(invokedFrom, args[outputFlag + 1]) : path.resolve(root, config.output ?? 'cdktf.out');

function fail(message) {
  process.stderr.write(`synth: ${message}\n`);
  process.exit(1);
}

// The app command is a plain argv list ("node dist/main.js"); split it without a shell.
const argv = String(config.app ?? '').trim().split(/\s+/).filter(Boolean);
if (argv.length === 0) fail('cdktf.json has no "app" command; set it, e.g. "node dist/main.js"');
if (argv[0] === 'node') argv[0] = process.execPath;
const entry = argv[1] && path.resolve(root, argv[1]);
if (entry && entry.endsWith('.js') && !existsSync(entry)) fail(`${argv[1]} does not exist; run \`npm run build\` first`);

const stacksDir = path.join(outdir, 'stacks');
const before = existsSync(stacksDir) ? readdirSync(stacksDir) : [];

// Context already in the environment (e.g. a CI job's overrides) is kept, as the app itself would read it.
function inheritedContext() {
  try {
    return process.env.CDKTF_CONTEXT_JSON ? JSON.parse(process.env.CDKTF_CONTEXT_JSON) : {};
  } catch {
    fail('CDKTF_CONTEXT_JSON is not valid JSON');
  }
}

const appEnv = {
  CDKTF_OUTDIR: outdir,
  CDKTF_CONTEXT_JSON: JSON.stringify({ ...(config.context ?? {}), ...inheritedContext(), cdktfJsonPath: configPath, cdktfRelativeModules: [] }),
};
const started = process.hrtime.bigint();
// Terraform variables belong to plan/apply time, never to synthesis (the CLI drops them too).
for (const key of Object.keys(process.env)) if (key.startsWith('TF_VAR_')) delete process.env[key];

if (argv.length === 2 && argv[0] === process.execPath && /\.c?js$/.test(argv[1]) && !process.env.CDKTF_SYNTH_SUBPROCESS) {
  // `node <app>.js`: run the app in this process, saving a second Node start-up; same environment, same
  // working directory, same output. Other app commands (ts-node, python, ...) run as a child process.
  Object.assign(process.env, appEnv);
  process.chdir(root);
  try {
    try {
      createRequire(import.meta.url)(entry); // CommonJS apps load fastest through require
    } catch (err) {
      if (err?.code !== 'ERR_REQUIRE_ESM') throw err;
      await import(pathToFileURL(entry).href);
    }
  } catch (err) {
    fail(`${config.app} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
} else {
  const run = spawnSync(argv[0], argv.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...appEnv } });
  if (run.error) fail(`could not run ${config.app}: ${run.error.message}`);
  if (run.status !== 0) fail(`${config.app} exited with ${run.status ?? run.signal}; its error is above`);
}

const manifestPath = path.join(outdir, 'manifest.json');
if (!existsSync(manifestPath)) fail(`the app did not write ${manifestPath}; make sure it calls app.synth()`);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const stacks = Object.values(manifest.stacks ?? {});
if (stacks.length === 0) fail('no stacks were synthesized');
const names = new Set(stacks.map((s) => s.name));
for (const old of before) if (!names.has(old)) rmSync(path.join(stacksDir, old), { recursive: true, force: true });

const ms = Number(process.hrtime.bigint() - started) / 1e6;
const rel = (p) => path.relative(invokedFrom, p) || '.';
process.stdout.write(`Synthesized ${stacks.length} stack(s) in ${(ms / 1000).toFixed(2)} s into ${rel(outdir)}:\n`);
for (const stack of stacks) {
  process.stdout.write(`  ${stack.name}: ${rel(path.join(outdir, stack.synthesizedStackPath))}\n`);
  process.stdout.write(`    plan it with: terraform -chdir=${rel(path.join(outdir, stack.workingDirectory))} init && terraform -chdir=${rel(path.join(outdir, stack.workingDirectory))} plan\n`);
}
// Exit once stdout has drained instead of waiting for the event loop to empty: after a synthesis V8 still
// runs a collection pass that nothing here needs (≈15 ms for main.ts).
process.stdout.write('', () => process.exit(0));
