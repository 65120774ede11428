// Bundles the adapter into one self-contained file, dist/adapter/adapter.cjs, that runs with plain `node`.
//
// Start-up time is paid on every `terraform plan`, so:
// - ESM builds of the AWS packages are preferred (`module` before `main`) so esbuild can drop every SDK
//   command the adapter does not use;
// - each kind's module is required lazily (see src/adapter/commands.ts), so a run initialises only the
//   SDK client it talks to;
// - the full credential chain and STS (src/adapter/credential-chain.ts: profiles, SSO, AssumeRole, about a
//   third of the code) are bundled separately and embedded as a string literal that is compiled only when a
//   payload needs them. A string costs V8 next to nothing to skip; functions would still be pre-parsed.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const src = (p) => new URL(`../src/adapter/${p}`, import.meta.url).pathname;
if (!existsSync(src('main.ts'))) process.exit(0);
const outfile = new URL('../dist/adapter/adapter.cjs', import.meta.url).pathname;
const { build } = await import('esbuild');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  write: false,
};

const chain = await build({ ...common, entryPoints: [src('credential-chain.ts')] });
const chainCode = chain.outputFiles[0].text;

const embedChain = {
  name: 'embed-credential-chain',
  setup(b) {
    b.onResolve({ filter: /\/credential-chain$/ }, (args) =>
      args.importer.endsWith('credentials.ts') ? { path: 'credential-chain', namespace: 'embedded' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'embedded' }, () => ({
      loader: 'js',
      contents:
        `const m = { exports: {} };\n` +
        `require('node:vm').runInThisContext(${JSON.stringify(`(function (module, exports, require) {${chainCode}\n})`)}, { filename: 'adapter.cjs/credential-chain' })(m, m.exports, require);\n` +
        `module.exports = m.exports;\n`,
    }));
  },
};

const result = await build({ ...common, entryPoints: [src('main.ts')], plugins: [embedChain], metafile: true });
mkdirSync(dirname(outfile), { recursive: true });
const { writeFileSync } = await import('node:fs');
writeFileSync(outfile, result.outputFiles[0].contents);
if (process.env.BUNDLE_VERBOSE) {
  console.error(`adapter bundle: ${(statSync(outfile).size / 1024).toFixed(0)} KiB (credential chain ${(chainCode.length / 1024).toFixed(0)} KiB embedded as a string)`);
}
