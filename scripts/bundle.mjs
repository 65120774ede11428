// Bundles the adapter into one self-contained file (dist/adapter/adapter.cjs) once it exists.
import { existsSync } from 'node:fs';
if (!existsSync(new URL('../src/adapter/main.ts', import.meta.url))) process.exit(0);
const { build } = await import('esbuild');
await build({
  entryPoints: [new URL('../src/adapter/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/adapter/adapter.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
