/**
 * The example stack (main.ts) through the real cdktf CLI (cdktf-cli 0.21 from the toolchain cache, see
 * scripts/toolchains.js) in a copy of this project: the deploy flow of ./deploy-flow.ts, then an edit of
 * main.ts that `cdktf synth` picks up because cdktf.json's app builds first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyBuiltProject, expectSuccess, plain, toolchainBin } from '../support/toolchains';
import { deployFlow } from './deploy-flow';

jest.setTimeout(600_000);

/**
 * cdktf-cli 0.21 loads node-pty, whose prebuilt binaries end at Node.js 22 (ABI 127): on a newer Node.js the
 * CLI itself cannot start, so it runs on the cached Node.js 22 there. The app and the adapter it starts
 * (`node` on PATH) still run on the Node.js under test.
 */
function nodeForCdktfCli(): string {
  return Number(process.versions.modules) <= 127 ? process.execPath : toolchainBin('node22');
}

const flow = deployFlow('cdktf', (dir) => ({
  cli: [nodeForCdktfCli(), toolchainBin('cdktf-cli')],
  project: copyBuiltProject(path.join(dir, 'project')),
}));

test('cdktf synth after an edit of main.ts rebuilds first, so it never synthesizes the previous build', async () => {
  const main = path.join(flow.project, 'main.ts');
  const anchor = "new TerraformOutput(this, 'compute_optimizer_accounts', {";
  const source = readFileSync(main, 'utf8');
  expect(source).toContain(anchor);
  writeFileSync(main, source.replace(anchor, `new TerraformOutput(this, 'added_after_the_build', { value: 'yes' });\n    ${anchor}`));
  const result = expectSuccess(await flow.cli('synth'));
  expect(plain(result.stdout + result.stderr)).toContain('rebuilt dist/');
  const json = JSON.parse(readFileSync(path.join(flow.stackDir, 'cdk.tf.json'), 'utf8'));
  expect(json.output.added_after_the_build.value).toBe('yes');
});
