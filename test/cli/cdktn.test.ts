/**
 * The example stack through the real CDK Terrain CLI (cdktn-cli 0.24, which needs Node.js 22.19 or later:
 * this Node.js when it is one, else the Node.js 22 of the toolchain cache), in a new cdktn app that installed
 * the packed library and imports `cdktf-aws-enrollment/cdktn`: the deploy flow of ./deploy-flow.ts.
 */
import * as path from 'node:path';
import { copySharedApp, sharedApp, toolchainBin } from '../support/toolchains';
import { deployFlow } from './deploy-flow';

jest.setTimeout(600_000);

/** cdktn-cli's `engines`: node >= 22.19.0. */
function nodeForCdktn(): string {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 19) ? process.execPath : toolchainBin('node22');
}

deployFlow('cdktn', async (dir) => {
  const node = nodeForCdktn();
  // The run's cdktn app (installed from the packed library and type-checked once, test/package checks it),
  // copied: the flow writes its state and cdktf.out into the project.
  const shared = await sharedApp('cdktn');
  if (shared.typeCheck.code !== 0) throw new Error(`the cdktn app does not compile: ${shared.typeCheck.output}`);
  const app = copySharedApp(shared, path.join(dir, 'app'));
  // Only the CLI needs Node.js 22.19: the app (`node main.js`) and the adapter Terraform starts run on the
  // Node.js under test (`node` on PATH).
  return { cli: [node, toolchainBin('cdktn-cli')], project: app };
});
