/**
 * The package root is the public API: constructs, their props, the enums users write and EnrollmentDefaults.
 * Internals (the wire codec, the emulator, the plan review) live behind subpaths that say what they are.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as root from '../../src';

const ROOT = path.resolve(__dirname, '..', '..');

test('the root exports only constructs, their base classes, enums and EnrollmentDefaults (and the adapter-path context key)', () => {
  expect(Object.keys(root).sort()).toEqual(
    [
      'ADAPTER_PATH_CONTEXT',
      'AssociationRemovalPolicy',
      'AutomationRuleStatus',
      'AutomationRuleType',
      'ComparisonOperator',
      'ComputeOptimizerAutomationMemberAccounts',
      'ComputeOptimizerAutomationOrganizationAccounts',
      'ComputeOptimizerAutomationRule',
      'ComputeOptimizerAutomationRuleSet',
      'RecommendedActionType',
      'RuleApplyOrder',
      'RuleSetRemovalPolicy',
      'ComputeOptimizerAutomationEnrollment',
      'ComputeOptimizerAutomationEnrollmentConfiguration',
      'ComputeOptimizerEnrollment',
      'ComputeOptimizerEnrollmentStatus',
      'ComputeOptimizerOrganizationEnrollmentStatuses',
      'ComputeOptimizerStatus',
      'CostOptimizationHubEnrollment',
      'CostOptimizationHubEnrollmentStatuses',
      'DeclaredResource',
      'EnrollmentDefaults',
      'EnrollmentRead',
      'EnrollmentResource',
      'EnrollmentStatus',
      'OrganizationOptimizationEnrollment',
      'RemovalPolicy',
      // Preferences: the constructs, the data source and their enums.
      'ComputeOptimizerRecommendationPreferences',
      'CostOptimizationHubPreferences',
      'ComputeOptimizerEffectiveRecommendationPreferences',
      'RecommendationPreferenceResourceType',
      'RecommendationPreferenceScopeName',
      'EnhancedInfrastructureMetrics',
      'InferredWorkloadTypesPreference',
      'ExternalMetricsSource',
      'LookBackPeriodPreference',
      'CustomizableMetricName',
      'CustomizableMetricThreshold',
      'CustomizableMetricHeadroom',
      'PreferredResourceName',
      'SavingsEstimationMode',
      'MemberAccountDiscountVisibility',
      'CommitmentTerm',
      'PaymentOption',
      'PreferencesRemovalPolicy',
    ].sort(),
  );
});

test('the enums carry AWS spellings', () => {
  expect(Object.values(root.EnrollmentStatus)).toEqual(['Active', 'Inactive']);
  expect(Object.values(root.RemovalPolicy)).toEqual(['retain', 'opt-out']);
});

test('every subpath the package exports exists in the source tree', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const [subpath, target] of Object.entries<any>(manifest.exports)) {
    if (typeof target === 'string') continue;
    // dist/cdktn is the library's own compiled source with `cdktf` imported as `cdktn` (scripts/build.js).
    const source = path.join(ROOT, target.default.replace(/^\.\/dist\/cdktn\//, './dist/src/').replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
    expect({ subpath, exists: require('fs').existsSync(source) }).toEqual({ subpath, exists: true });
  }
});
