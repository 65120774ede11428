/** Untrusted input: every payload is validated before any AWS call, and the offending field is named. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, payloadFieldNames, RESOURCE_KINDS } from '../../src/shared';
import { emulator, payload, run, type TestEmulator } from './helpers';

const CO = 'compute-optimizer-enrollment';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const totalCalls = async () => Object.values((await emu.state()).calls as Record<string, number>).reduce((a, b) => a + b, 0);

test.each([
  ['malformed JSON on stdin', 'read', CO, '{"schema": ', /the payload is not valid JSON/],
  ['a JSON array', 'read', CO, '[]', /the payload must be a JSON object of strings, got an array/],
  ['a non-string value', 'read', CO, JSON.stringify({ ...payload(CO, 'http://127.0.0.1:1'), region: 1 }), /`region` must be a string \(all payload values are strings\), got number/],
  ['a nested object', 'read', CO, JSON.stringify({ ...payload(CO, 'http://127.0.0.1:1'), profile: { a: 1 } }), /`profile` must be a string/],
  ['an unknown field', 'read', CO, JSON.stringify({ ...payload(CO, 'http://127.0.0.1:1'), accessKey: 'AKIA...' }), /unknown field `accessKey` for kind "compute-optimizer-enrollment"/],
  ['a missing region', 'read', CO, JSON.stringify({ schema: 'cdktf-aws-enrollment/v1', kind: CO }), /missing required field `region`/],
  ['a missing status on apply', 'apply', CO, JSON.stringify(payload(CO, 'http://127.0.0.1:1')), /missing required field `status`/],
  ['Pending as a declared status', 'apply', CO, JSON.stringify(payload(CO, 'http://127.0.0.1:1', { status: 'Pending' })), /`status` must be "Active" or "Inactive", got "Pending"/],
  ['a kind that does not match the command', 'read', CO, JSON.stringify(payload('automation-enrollment', 'http://127.0.0.1:1')), /`kind` is "automation-enrollment" but the adapter was asked for "compute-optimizer-enrollment"/],
  ['a wrong schema marker', 'read', CO, JSON.stringify({ ...payload(CO, 'http://127.0.0.1:1'), schema: 'v0' }), /`schema` must be "cdktf-aws-enrollment\/v1"/],
  ['apply of a read-only kind', 'apply', 'compute-optimizer-organization-statuses', '{}', /supports "read", not "apply"/],
  ['an out-of-range timeout', 'apply', CO, JSON.stringify(payload(CO, 'http://127.0.0.1:1', { status: 'Active', timeoutSeconds: '0' })), /`timeoutSeconds` must be a whole number from 1 to 86400/],
])('%s exits 2 with one line naming the problem', async (_name, verb, kind, text, expected) => {
  const r = await run(verb, kind, text);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(expected);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('unknown kind, unknown verb and a missing payload are usage errors (exit 2)', async () => {
  expect((await run('read', 'nope', '{}')).stderr).toMatch(/unknown kind "nope"; use one of compute-optimizer-enrollment/);
  expect((await run('read', 'nope', '{}')).code).toBe(2);
  const verb = await run('plan', CO, '{}');
  expect(verb.code).toBe(2);
  expect(verb.stderr).toMatch(/unknown verb "plan"/);
});

test('shell metacharacters in every string field are rejected as data, never run, and never reach AWS', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'adapter-meta-'));
  const mark = join(dir, 'pwned');
  const evil = `x$(touch ${mark})\`touch ${mark}\`;touch ${mark}|touch ${mark}&>${mark}'"\n*?[]{}~`;
  // A valid value for every field a verb requires, so only the field under test is wrong.
  const SAMPLES: Record<string, string> = { status: 'Active', setId: 'prod' };
  for (const kind of RESOURCE_KINDS) {
    const verb = KINDS[kind].verbs.includes('apply' as never) ? 'apply' : 'read';
    for (const field of payloadFieldNames(kind)) {
      if (field === 'schema' || field === 'kind') continue;
      const required = Object.entries(KINDS[kind].fields as Record<string, { requiredFor?: readonly string[] }>).filter(([, d]) => d.requiredFor?.includes(verb));
      const base: Record<string, string> = payload(kind, emu.url, Object.fromEntries(required.map(([name]) => [name, SAMPLES[name]])));
      if (field === 'roleSessionName' || field === 'externalId') base.roleArn = 'arn:aws:iam::111111111111:role/Deploy';
      const r = await run(verb, kind, { ...base, [field]: evil });
      expect({ kind, field, code: r.code }).toEqual({ kind, field, code: 2 });
      expect(r.stderr).toContain(`\`${field}\``);
    }
  }
  expect(existsSync(mark)).toBe(false);
  expect(await totalCalls()).toBe(0);
});

test('characters a field allows reach the credential chain verbatim, as plain data', async () => {
  const profile = 'ci+deploy@org:team/a.b-c';
  const r = await run('read', CO, payload(CO, emu.url, { profile }), { env: { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`profile "${profile}"`);
});
