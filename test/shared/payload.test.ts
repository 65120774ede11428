import { encodePayload, parsePayload, parsePayloadText, PayloadError, PAYLOAD_SCHEMA } from '../../src/shared';

const base = { schema: PAYLOAD_SCHEMA, region: "eu-west-1" } as const;

function errorOf(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadError) return err;
    throw err;
  }
  throw new Error('expected a PayloadError');
}

describe('payload schema', () => {
  test('round-trips a typed payload through the all-strings wire form in schema order', () => {
    const wire = encodePayload({
      ...base,
      kind: 'compute-optimizer-enrollment',
      status: 'Active',
      includeMemberAccounts: true,
      timeoutSeconds: 30,
    });
    expect(Object.keys(wire)).toEqual(['schema', 'kind', 'region', 'status', 'timeoutSeconds', 'includeMemberAccounts']);
    expect(wire.includeMemberAccounts).toBe('true');
    // Decoding fills in each absent field's default, so the adapter reads one meaning for "unset".
    expect(parsePayload('compute-optimizer-enrollment', 'apply', wire)).toEqual({
      ...base,
      kind: 'compute-optimizer-enrollment',
      status: 'Active',
      includeMemberAccounts: true,
      timeoutSeconds: 30,
      removalPolicy: 'retain',
      acknowledgeRecommendationDataDeletion: false,
    });
  });

  test('decodes status filters as a de-duplicated list', () => {
    const p = parsePayload('compute-optimizer-organization-statuses', 'read', {
      ...base,
      kind: 'compute-optimizer-organization-statuses',
      statusFilter: 'Active, Pending,Active',
    });
    expect(p.statusFilter).toEqual(['Active', 'Pending']);
  });

  test.each([
    [{ status: 'Pending' }, 'status', /`status` must be "Active" or "Inactive", got "Pending"/],
    [{ status: 'Active', includeMemberAccounts: 'yes' }, 'includeMemberAccounts', /must be "true" or "false", got "yes"/],
    [{ status: 'Active', timeoutSeconds: '1e3' }, 'timeoutSeconds', /whole number from 1 to 86400, got "1e3"/],
    [{ status: 'Active', region: 'us-east-1; rm -rf /' }, 'region', /`region` must be an AWS region/],
    [{ status: 'Active', endpoint: 'file:///etc/passwd' }, 'endpoint', /`endpoint` must be an http\(s\) URL/],
    [{ status: 'Active', accessKeyId: 'AKIA' }, 'accessKeyId', /unknown field `accessKeyId`/],
    [{ status: 'Active', includeMemberAccounts: true }, 'includeMemberAccounts', /must be a string/],
    [{ status: 'Active', roleSessionName: 'session' }, 'roleSessionName', /needs `roleArn`/],
    [{}, 'status', /missing required field `status`/],
  ])('rejects %j naming the field', (fields, field, message) => {
    const err = errorOf(() =>
      parsePayload('compute-optimizer-enrollment', 'apply', { ...base, kind: 'compute-optimizer-enrollment', ...fields }),
    );
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  test('rejects a kind that does not match the command, a verb the kind lacks, and non-objects', () => {
    expect(errorOf(() => parsePayload('automation-enrollment', 'apply', { ...base, kind: 'compute-optimizer-enrollment', status: 'Active' })).field).toBe('kind');
    expect(errorOf(() => parsePayload('compute-optimizer-organization-statuses', 'apply', {})).message).toMatch(/supports "read", not "apply"/);
    expect(errorOf(() => parsePayloadText('automation-enrollment', 'read', '[1]')).message).toMatch(/got an array/);
    expect(errorOf(() => parsePayloadText('automation-enrollment', 'read', '{')).message).toMatch(/not valid JSON/);
  });

  test('treats empty optional values as unset, as Terraform sends them', () => {
    const p = parsePayload('cost-optimization-hub-enrollment-statuses', 'read', {
      ...base,
      kind: 'cost-optimization-hub-enrollment-statuses',
      accountId: '',
      profile: '',
    });
    expect(p).toEqual({ ...base, kind: 'cost-optimization-hub-enrollment-statuses', includeOrganizationInfo: false, pageSize: 100 });
  });
});

describe('required fields given as references', () => {
  // Synthesis validates a payload with a stand-in for a reference (src/constructs/private/validate.ts): an
  // enum's first value, the field's `example`, or a region. Every required string field needs one that its
  // own pattern accepts, or a reference there fails synthesis as "missing".
  const { KINDS } = require('../../src/shared') as typeof import('../../src/shared');
  const required = Object.values(KINDS).flatMap((d) =>
    Object.entries(d.fields as Record<string, import('../../src/shared/fields').FieldDef>)
      .filter(([, def]) => (def.requiredFor ?? []).length > 0 && def.spec.type === 'string')
      .map(([name, def]) => [`${d.kind}.${name}`, def] as const),
  );
  test.each(required)('%s has a stand-in its pattern accepts', (_, def) => {
    const spec = def.spec as Extract<typeof def.spec, { type: 'string' }>;
    expect(spec.pattern.test(spec.example ?? 'us-east-1')).toBe(true);
  });
});
