import {
  PAYLOAD_SCHEMA,
  PayloadError,
  describePreferenceDifferences,
  encodePayload,
  parsePayload,
  preferenceDifferences,
  preferencesDeclarationProblems,
  samePreferenceValue,
} from '../../src/shared';

const base = { schema: PAYLOAD_SCHEMA, region: 'eu-west-1' } as const;

function errorOf(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadError) return err;
    throw err;
  }
  throw new Error('expected a PayloadError');
}

describe('preference kinds in the payload schema', () => {
  test('recommendation-preferences round-trips; structured values decode to their canonical form', () => {
    const wire = encodePayload({
      ...base,
      kind: 'recommendation-preferences',
      resourceType: 'Ec2Instance',
      scopeName: 'Organization',
      scopeValue: 'ALL_ACCOUNTS',
      lookBackPeriod: 'DAYS_32',
      utilizationPreferences: JSON.stringify([
        { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_10' } },
        { metricName: 'CpuUtilization', metricParameters: { headroom: 'PERCENT_0', threshold: 'P90' } },
      ]),
      preferredResources: JSON.stringify([{ name: 'Ec2InstanceTypes', includeList: ['m5.*', 'c5.large'] }]),
    });
    expect(Object.keys(wire)).toEqual(['schema', 'kind', 'region', 'resourceType', 'scopeName', 'scopeValue', 'lookBackPeriod', 'utilizationPreferences', 'preferredResources']);
    const payload = parsePayload('recommendation-preferences', 'apply', wire);
    expect(payload).toMatchObject({ removalPolicy: 'retain', lookBackPeriod: 'DAYS_32' });
    expect(payload.utilizationPreferences).toEqual([
      { metricName: 'CpuUtilization', metricParameters: { threshold: 'P90', headroom: 'PERCENT_0' } },
      { metricName: 'MemoryUtilization', metricParameters: { headroom: 'PERCENT_10' } },
    ]);
    expect(payload.preferredResources).toEqual([{ name: 'Ec2InstanceTypes', includeList: ['c5.large', 'm5.*'] }]);
  });

  test('structured values are refused with the field and why', () => {
    const at = (fields: Record<string, string>) => errorOf(() => parsePayload('recommendation-preferences', 'apply', { ...base, kind: 'recommendation-preferences', resourceType: 'Ec2Instance', scopeName: 'AccountId', scopeValue: '111111111111', ...fields }));
    expect(at({ utilizationPreferences: '[{"metricName":"MemoryUtilization","metricParameters":{"threshold":"P90"}}]' }).message).toBe(
      '`utilizationPreferences` must be a JSON list of { metricName, metricParameters }: `utilizationPreferences[0].metricParameters.threshold` applies to CpuUtilization only; MemoryUtilization takes a headroom alone',
    );
    expect(at({ externalMetricsPreference: '{"source":"Splunk"}' }).field).toBe('externalMetricsPreference');
    expect(at({ preferredResources: 'not json' }).message).toMatch(/`preferredResources` is not valid JSON/);
    expect(at({ removalPolicy: 'opt-out' }).message).toBe('`removalPolicy` must be "retain" or "delete", got "opt-out"');
  });

  test('cost-optimization-hub-preferences and effective-recommendation-preferences', () => {
    const hub = parsePayload('cost-optimization-hub-preferences', 'apply', { ...base, kind: 'cost-optimization-hub-preferences', preferredCommitmentTerm: 'OneYear' });
    expect(hub).toMatchObject({ preferredCommitmentTerm: 'OneYear', removalPolicy: 'retain' });
    expect(errorOf(() => parsePayload('effective-recommendation-preferences', 'read', { ...base, kind: 'effective-recommendation-preferences' })).message).toBe(
      'missing required field `resourceArn` for kind "effective-recommendation-preferences"',
    );
    expect(errorOf(() => parsePayload('effective-recommendation-preferences', 'apply', { ...base, kind: 'effective-recommendation-preferences' })).message).toMatch(/supports "read", not "apply"/);
  });
});

describe('declarations and differences', () => {
  test('the declaration rules come from the model: scopes per resource type, preferences per resource type and scope', () => {
    expect(preferencesDeclarationProblems({ resourceType: 'EbsVolume', scopeName: 'ResourceArn', scopeValue: 'x', preferences: { lookBackPeriod: 'DAYS_32' } }).map((p) => p.field)).toEqual(['scope', 'scope']);
    expect(preferencesDeclarationProblems({ resourceType: 'Ec2Instance', scopeName: 'AccountId', scopeValue: '111111111111', preferences: { savingsEstimationMode: 'AfterDiscounts' } })).toEqual([]);
    // What only Terraform knows is left for the adapter.
    expect(preferencesDeclarationProblems({ resourceType: undefined, scopeName: 'Organization', scopeValue: undefined, preferences: { lookBackPeriod: 'x' } })).toEqual([]);
  });

  test('only declared fields count; utilisation parameters left out mean the defaults', () => {
    const declared = { lookBackPeriod: 'DAYS_32', utilizationPreferences: '[{"metricName":"CpuUtilization","metricParameters":{"headroom":"PERCENT_30"}}]' };
    const observed = {
      lookBackPeriod: 'DAYS_32',
      utilizationPreferences: '[{"metricName":"CpuUtilization","metricParameters":{"threshold":"P99_5","headroom":"PERCENT_30"}}]',
      inferredWorkloadTypes: 'Inactive',
    };
    expect(preferenceDifferences(['lookBackPeriod', 'utilizationPreferences', 'inferredWorkloadTypes'], declared, observed)).toEqual([]);
    const diffs = preferenceDifferences(['lookBackPeriod', 'utilizationPreferences'], declared, { lookBackPeriod: 'DAYS_93' });
    expect(describePreferenceDifferences(diffs)).toBe('lookBackPeriod is DAYS_93 in AWS, declared DAYS_32; utilizationPreferences is not set in AWS');
    expect(samePreferenceValue('preferredResources', '[{"name":"Ec2InstanceTypes","includeList":["a.x","b.y"]}]', '[{"name":"Ec2InstanceTypes","includeList":["b.y","a.x"],"effectiveIncludeList":["b.y","a.x"],"excludeList":[]}]')).toBe(true);
  });
});
