/**
 * Try the library without an AWS account: this app enrolls the emulator's built-in organisation.
 *
 *   npm run build && npm run emulator                  # terminal 1: the emulator on http://127.0.0.1:4566
 *   node examples/local-emulator/main.js               # terminal 2: synthesizes cdktf.out/stacks/local-emulator
 *   cd cdktf.out/stacks/local-emulator
 *   export AWS_ACCESS_KEY_ID=EMULATORMANAGEMENT01 AWS_SECRET_ACCESS_KEY=emulator-management-secret
 *   terraform init && terraform apply                  # enrolls; a second `terraform plan` says "No changes"
 *   curl -s http://127.0.0.1:4566/_emulator/state      # every account is Active
 *   terraform destroy                                  # removalPolicy "opt-out": the management account back to Inactive
 *   #   (its members stay enrolled: only each member's own credentials can opt it out)
 *   # Applying again right away fails on Automation: AWS refuses to re-enroll for 24 hours after an opt-out.
 *   # The emulator's clock can skip ahead: curl -XPOST localhost:4566/_emulator/clock -H 'content-type: application/json' -d '{"advanceSeconds":86401}'
 *
 * Drift detection is off because it needs the hashicorp/external provider at `terraform init`; with network
 * access, remove `detectDrift: false` and the plan also shows (and apply repairs) changes made behind its back,
 * e.g. `curl -XPOST localhost:4566/_emulator/accounts/111111111111/compute-optimizer -H 'content-type: application/json' -d '{"status":"Inactive"}'`
 * (the admin API takes only application/json, so that no web page can post to it).
 */
'use strict';
const { App, LocalBackend, TerraformStack } = require('cdktf');
const { EnrollmentDefaults, OrganizationOptimizationEnrollment } = require('../../dist/src');

function declareLocalEmulatorStack(scope, id = 'local-emulator', endpoint = 'http://127.0.0.1:4566') {
  const stack = new TerraformStack(scope, id);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  EnrollmentDefaults.set(stack, { region: 'us-east-1', endpoint, detectDrift: false });
  new OrganizationOptimizationEnrollment(stack, 'Organization', {
    includeMemberAccounts: true,
    // Throw-away emulator state: destroying the stack opts everything out again.
    removalPolicy: 'opt-out',
    acknowledgeRecommendationDataDeletion: true,
  });
  return stack;
}

module.exports = { declareLocalEmulatorStack };

if (require.main === module) {
  const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
  declareLocalEmulatorStack(app);
  app.synth();
  process.stdout.write(`synthesized ${app.outdir}/stacks/local-emulator\n`);
}
