// Bundles the adapter into one self-contained file, dist/adapter/adapter.cjs, that runs with plain `node`.
//
// Start-up time is paid on every `terraform plan`, so:
// - ESM builds of the AWS packages are preferred (`module` before `main`) so esbuild can drop every SDK
//   command the adapter does not use;
// - every kind's module is imported statically (src/adapter/kinds/index.ts), so esbuild can drop each SDK
//   command no kind uses; a client is only constructed when a run first talks to its service;
// - the full credential chain and STS (src/adapter/credential-chain.ts: profiles, SSO, AssumeRole, about a
//   third of the code) and the STS and Organizations clients that tell the caller's account role
//   (src/adapter/identity-clients.ts) are bundled separately and embedded compressed, each compiled only
//   when a run needs it (with a V8 code cache of its own). A comment costs V8 next to nothing to skip;
//   functions would still be pre-parsed.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const src = (p) => new URL(`../src/adapter/${p}`, import.meta.url).pathname;
if (!existsSync(src('main.ts'))) process.exit(0);
// `--outfile PATH` lets tests build a private copy instead of racing others over dist/.
const outArg = process.argv.indexOf('--outfile');
const outfile = outArg > 0 ? process.argv[outArg + 1] : new URL('../dist/adapter/adapter.cjs', import.meta.url).pathname;
const { build } = await import('esbuild');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // `--no-minify` keeps names readable for profiling (`node --cpu-prof`).
  minify: !process.argv.includes('--no-minify'),
  legalComments: 'none',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  // The bundle runs through vm.Script (below), which has no dynamic-import hook: turn import() into require().
  supported: { 'dynamic-import': false },
  write: false,
};

// The SDK clients import their whole package.json for its version alone (the User-Agent's client version):
// only that field is bundled.
const slimPackageJson = {
  name: 'slim-sdk-package-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const { version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { loader: 'json', contents: JSON.stringify({ version }) };
    });
  },
};

// The on-demand modules: name -> the adapter module that imports it (the only importer redirected).
const ON_DEMAND = { 'credential-chain': 'credentials.ts', 'identity-clients': 'identity.ts' };
const onDemandCode = {};
for (const name of Object.keys(ON_DEMAND)) {
  onDemandCode[name] = (await build({ ...common, entryPoints: [src(`${name}.ts`)], plugins: [slimPackageJson] })).outputFiles[0].text;
}

// An embedded module asks the loader (the `__embedded` parameter of the wrapper below) for its exports: the
// loader reads its source from a comment section, outside the code V8 compiles and caches with the bundle.
const embeddedStub = (name) => `module.exports = __embedded.load(${JSON.stringify(name)});\n`;
// The SDK clients import the default credential chain for when no credentials are given. The adapter always
// gives them (./credentials.ts), so the import is pointed at the same on-demand chain instead of bundling it.
const DEFAULT_PROVIDER_STUB = `let chain;
exports.defaultProvider = (init) => (props) => (chain ??= require('embedded:credential-chain').fromNodeProviderChain(init))(props);
`;
// @smithy/node-http-handler imports node:https at load time; an http:// endpoint (the emulator) never uses
// it, and https+tls are the largest builtins the adapter would load. This stand-in loads it on first use.
// Before that, `Agent` is a placeholder class that only answers the handler's `instanceof` check;
// src/adapter/clients.ts always passes its own httpsAgent, so the handler never constructs one.
const LAZY_HTTPS = `let https;
class NotLoadedAgent {}
export const node_https = {
  get Agent() { return https ? https.Agent : NotLoadedAgent; },
  get request() { return (https ??= require('node:https')).request; },
};
`;
const lazyHttps = {
  name: 'lazy-node-https',
  setup(b) {
    b.onResolve({ filter: /^\.\/node-https(\.js)?$/ }, (args) =>
      args.importer.includes('@smithy/node-http-handler') ? { path: 'node-https', namespace: 'lazy-https' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-https' }, () => ({ loader: 'js', contents: LAZY_HTTPS }));
  },
};

// Two more start-up costs that buy nothing here: the shared-config reader imports node:fs/promises (which
// pulls in readline and file watchers) although a run with explicit settings reads no config file, and the
// SDK's UUID helper probes the global `crypto`, which makes Node load Web Crypto. node:crypto is loaded for
// signing anyway and its randomUUID gives the same RFC 4122 version-4 ids.
const LAZY_FS_PROMISES = `export const readFile = (...args) => require('node:fs/promises').readFile(...args);\n`;
const NODE_UUID = `export function bindV4() { const { randomUUID } = require('node:crypto'); return () => randomUUID(); }\n`;
const leanBuiltins = {
  name: 'lean-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?fs\/promises$/ }, (args) =>
      /@smithy[\\/]core[\\/].*shared-ini-file-loader/.test(args.importer) ? { path: 'fs-promises', namespace: 'lean-builtins' } : undefined,
    );
    b.onResolve({ filter: /^\.\/uuid\/v4(\.js)?$/ }, (args) =>
      /@smithy[\\/]core[\\/].*serde/.test(args.importer) ? { path: 'uuid-v4', namespace: 'lean-builtins' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lean-builtins' }, (args) => ({ loader: 'js', contents: args.path === 'fs-promises' ? LAZY_FS_PROMISES : NODE_UUID }));
  },
};

const embedOnDemand = {
  name: 'embed-on-demand',
  setup(b) {
    for (const [name, importer] of Object.entries(ON_DEMAND)) {
      b.onResolve({ filter: new RegExp(`/${name}$`) }, (args) => (args.importer.endsWith(importer) ? { path: name, namespace: 'embedded' } : undefined));
    }
    b.onResolve({ filter: /^embedded:credential-chain$/ }, () => ({ path: 'credential-chain', namespace: 'embedded' }));
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: 'default-provider', namespace: 'embedded' }));
    b.onLoad({ filter: /.*/, namespace: 'embedded' }, (args) => ({
      loader: 'js',
      contents: args.path === 'default-provider' ? DEFAULT_PROVIDER_STUB : embeddedStub(args.path),
    }));
  },
};

const result = await build({ ...common, entryPoints: [src('main.ts')], plugins: [embedOnDemand, lazyHttps, leanBuiltins, slimPackageJson], metafile: true });
const code = result.outputFiles[0].text;

// The file Terraform runs is a small loader around the bundle: it compiles the bundle with V8's code cache,
// kept per user (see below), so later runs skip parsing and compiling most of it. Node 20 has no built-in
// module compile cache (node >= 22.1 has module.enableCompileCache), hence this loader.
// - The cache key is a hash of the bundle plus the Node.js version and architecture; V8 also rejects a cache
//   that does not match the source, and the loader then simply compiles and rewrites it.
// - The cache lives in a per-user directory created with mode 0700 ($XDG_CACHE_HOME or ~/.cache), never in a
//   shared temporary directory. CDKTF_AWS_ENROLLMENT_CODE_CACHE=off disables it; any error disables it too.
const { createHash } = await import('node:crypto');
const key = createHash('sha256').update(code).digest('hex').slice(0, 16);
// The on-demand modules are rarely needed, so they are stored compressed: less for every start to read and skip.
const { brotliCompressSync, constants: zlibConstants } = await import('node:zlib');
const packed = Object.fromEntries(
  Object.entries(onDemandCode).map(([name, text]) => [
    name,
    brotliCompressSync(Buffer.from(`(function (module, exports, require) {${text}\n})`), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64'),
  ]),
);
// Every payload rides in a block comment, as the body of a function that is never called: V8 skips a comment
// almost for free, whereas a string literal of the same size is scanned, copied and hashed on every start. The
// loader gets each payload back from that function's source text (Function.prototype.toString): V8 answers
// with a slice of the file's source, which Node.js has already read, so nothing is read, decoded or copied
// again. A payload is cut at each "*/" (which would end its comment) and joined back on load.
const sections = { code: `(function (exports, require, module, __filename, __dirname, __embedded) {${code}\n})`, ...packed };
// (A build without --minify keeps esbuild's /* @__PURE__ */ notes, so it is joined back; that is expected.)
for (const [name, text] of Object.entries(sections)) {
  const at = text.indexOf('*/');
  if (at >= 0 && common.minify) {
    console.warn(
      `adapter bundle: the ${name} part holds "*/" (${JSON.stringify(text.slice(Math.max(0, at - 60), at + 10))}), so the loader joins its pieces back at every start (a copy of the code); write \`x{0,}\` for \`x*\` before a regex's closing slash`,
    );
  }
}
// Function declarations, so that they exist (hoisted) when the loader at the top runs.
const declarations = [];
const table = Object.entries(sections).map(([name, text]) => {
  const names = text.split('*/').map((segment) => {
    const fn = `p${declarations.length}`;
    declarations.push(`function ${fn}() {/*${segment}*/}`);
    return fn;
  });
  return `${JSON.stringify(name)}: [${names.join(', ')}]`;
});
const loader = `"use strict";
(function () {
  const fs = require("node:fs"), path = require("node:path"), vm = require("node:vm");
  // Each part's functions (declared below): their source text, less "function pN() {/*" and "*/}".
  const parts = { ${table.join(', ')} };
  const section = (name) => {
    const segments = parts[name].map((f) => { const s = f.toString(); return s.slice(s.indexOf("{") + 3, s.length - 3); });
    return segments.length === 1 ? segments[0] : segments.join("*/");
  };
  const env = process.env;
  let dir;
  if (env.CDKTF_AWS_ENROLLMENT_CODE_CACHE !== "off") {
    try {
      const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, ".cache") : "");
      if (base && path.isAbsolute(base)) dir = path.join(base, "cdktf-aws-enrollment");
    } catch (e) { dir = undefined; }
  }
  // Compiles one part of this file with the part's own V8 code cache, written at exit when it was missing or
  // rejected (after the run, so it also holds the functions the run compiled lazily).
  const compile = (source, part, filename) => {
    let file, cachedData;
    if (dir) {
      file = path.join(dir, "adapter-${key}-" + part + "-" + process.version + "-" + process.arch + ".v8cache");
      try { cachedData = fs.readFileSync(file); } catch (e) {
        try { fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); } catch (e2) { file = undefined; }
      }
    }
    const script = new vm.Script(source, { filename, cachedData });
    if (file && (!cachedData || script.cachedDataRejected)) {
      process.once("exit", () => {
        try {
          const tmp = file + "." + process.pid + ".tmp";
          fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(tmp, file);
          // Caches of other builds may belong to other projects still in use: drop only those unused for a week.
          const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
          for (const old of fs.readdirSync(dir)) {
            const other = path.join(dir, old);
            if (/^adapter-[0-9a-f]{16}-.*\\.v8cache$/.test(old) && !old.startsWith("adapter-${key}-") && fs.statSync(other).atimeMs < weekAgo) fs.rmSync(other, { force: true });
          }
        } catch (e) {}
      });
    }
    return script;
  };
  // An on-demand module, on its first require: decompressed from its section and compiled.
  const load = (name) => {
    const source = require("node:zlib").brotliDecompressSync(Buffer.from(section(name), "base64")).toString("utf8");
    const m = { exports: {} };
    compile(source, name, __filename + "/" + name).runInThisContext()(m, m.exports, require);
    return m.exports;
  };
  compile(section("code"), "code", __filename).runInThisContext()(exports, require, module, __filename, __dirname, { load });
})();
// The payloads: the bundle, then the on-demand modules (compressed, base64).
${declarations.join('\n')}
`;
mkdirSync(dirname(outfile), { recursive: true });
const { writeFileSync, renameSync } = await import('node:fs');
// Atomic: Terraform runs (and tests) may be spawning the previous build right now.
writeFileSync(`${outfile}.${process.pid}.tmp`, loader);
renameSync(`${outfile}.${process.pid}.tmp`, outfile);
if (process.env.BUNDLE_VERBOSE) {
  const parts = Object.keys(packed).map((name) => `${name}: ${(onDemandCode[name].length / 1024).toFixed(0)} KiB, stored as ${(packed[name].length / 1024).toFixed(0)} KiB of compressed base64`);
  console.error(`adapter bundle: ${(statSync(outfile).size / 1024).toFixed(0)} KiB (${parts.join('; ')})`);
}
