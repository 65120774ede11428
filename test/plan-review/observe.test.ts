/**
 * The plan review's view of a stack's read of several connections: each part paired with its own
 * connection, and a part Terraform could not fill in (a value known only during apply is missing from the
 * plan's query) left out alone, not with the whole read.
 */
import { collectDataReads } from '../../src/plan-review/observe';
import { PAYLOAD_SCHEMA } from '../../src/shared';

function planWith(query: Record<string, string>, result: Record<string, string>): any {
  return {
    format_version: '1.2',
    resource_changes: [],
    prior_state: { values: { root_module: { resources: [{ address: 'data.external.EnrollmentRead_1', mode: 'data', type: 'external', name: 'EnrollmentRead_1', values: { query, result } }] } } },
  };
}

const QUERY = {
  schema: PAYLOAD_SCHEMA,
  kind: 'connection-read',
  'c0.region': 'us-east-1',
  'c1.region': 'us-east-1',
  'c1.profile': 'member-1',
  'p0.kind': 'compute-optimizer-enrollment',
  'p0.for': 'A_CO',
  'p0.connection': 'c0',
  'p1.kind': 'compute-optimizer-enrollment',
  'p1.for': 'B_CO',
  'p1.connection': 'c1',
  'p2.kind': 'effective-recommendation-preferences',
  'p2.for': 'stack/effective',
  'p2.connection': 'c1',
};
const RESULT = { 'p0.status': 'Active', 'p1.status': 'Inactive' };

test('each part of a read of several connections is paired with its own connection and its own keys', () => {
  const reads = collectDataReads(planWith({ ...QUERY, 'p2.resourceArn': 'arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0' }, RESULT));
  expect(reads.map((r) => [r.address, r.for, r.result?.status])).toEqual([
    ['data.external.EnrollmentRead_1["p0"]', 'A_CO', 'Active'],
    ['data.external.EnrollmentRead_1["p1"]', 'B_CO', 'Inactive'],
    ['data.external.EnrollmentRead_1["p2"]', 'stack/effective', undefined],
  ]);
  expect(reads[0].key).not.toBe(reads[1].key);
});

test('a part whose value the plan does not hold is left out, and the other parts are kept', () => {
  const reads = collectDataReads(planWith(QUERY, RESULT));
  expect(reads.map((r) => [r.for, r.result?.status])).toEqual([
    ['A_CO', 'Active'],
    ['B_CO', 'Inactive'],
  ]);
});
