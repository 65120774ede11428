/**
 * No message shows a URL's credentials. A password is planted in every place a message can echo an
 * endpoint or a value, on every path (adapter, constructs, emulator, plan review, the top-level CLI), and
 * every piece of output is searched for it; each path must also show that it printed the URL, redacted.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ComputeOptimizerEnrollment, EnrollmentStatus } from '../../src';
import { startEmulator } from '../../src/emulator';
import { redactText, redactUrl } from '../../src/shared/redact';
import { captureProxy } from '../adapter/capture';
import { emulator, payload, run } from '../adapter/helpers';
import { runCli } from '../plan-review/helpers';
import { PAYLOAD_SCHEMA } from '../../src/shared';
import { httpText, rawRequest } from '../emulator/raw-http';

const SECRET = 'Planted-Secret-7e1f';
const URL_WITH_SECRET = `http://admin:${SECRET}@127.0.0.1:9`;
const ROOT = path.resolve(__dirname, '../..');

/** Everything a path printed must be free of the password and must show the URL redacted. */
function expectRedacted(where: string, output: string): void {
  expect({ where, leaks: output.includes(SECRET) }).toEqual({ where, leaks: false });
  expect({ where, redacted: /\*\*\*@/.test(output) }).toEqual({ where, redacted: true });
}

describe('redactUrl / redactText', () => {
  test.each([
    ['http://user:pass@host:4566/x', 'http://***@host:4566/x'],
    ['https://token@example.com', 'https://***@example.com'],
    ['see http://a:b@h and https://c:d@i/p?x=1', 'see http://***@h and https://***@i/p?x=1'],
    ['https://h/x?X-Amz-Signature=abc&other=1&X-Amz-Security-Token=t', 'https://h/x?X-Amz-Signature=***&other=1&X-Amz-Security-Token=***'],
    ['https://h/?password=hunter2&api_key=k', 'https://h/?password=***&api_key=***'],
    ['http://127.0.0.1:4566', 'http://127.0.0.1:4566'],
    ['user@example.com wrote', 'user@example.com wrote'],
  ])('%s', (input, shown) => {
    expect(redactText(input)).toBe(shown);
    expect(redactUrl(input)).toBe(shown);
  });
});

describe('every message path', () => {
  test('adapter: a payload endpoint with credentials is refused without showing them', async () => {
    const r = await run('read', 'compute-optimizer-enrollment', payload('compute-optimizer-enrollment', URL_WITH_SECRET));
    expect(r.code).toBe(2);
    expectRedacted('adapter payload error', r.stdout + r.stderr);
  });

  test('adapter: what AWS (or a proxy) says is redacted too', async () => {
    const emu = await emulator();
    const proxy = await captureProxy(emu.url);
    try {
      proxy.respond = () => ({ status: 400, headers: { 'x-amzn-errortype': 'ValidationException' }, body: JSON.stringify({ __type: 'ValidationException', message: `proxy ${URL_WITH_SECRET} refused the call` }) });
      const r = await run('apply', 'cost-optimization-hub-enrollment', payload('cost-optimization-hub-enrollment', proxy.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '1' } });
      expect(r.code).toBe(1);
      expectRedacted('adapter AWS error', r.stdout + r.stderr);
    } finally {
      await proxy.close();
      await emu.close();
    }
  });

  test('constructs: a bad endpoint is named without its password', () => {
    const stack = new TerraformStack(new App(), 'redaction');
    let message = '';
    try {
      new ComputeOptimizerEnrollment(stack, 'Enrollment', { status: EnrollmentStatus.ACTIVE, region: 'eu-west-1', endpoint: URL_WITH_SECRET });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/endpoint/);
    expectRedacted('construct validation', message);
  });

  test('emulator: values it echoes (Host, target, admin input) are redacted', async () => {
    const emu = await startEmulator({ quiet: true });
    try {
      const host = await rawRequest(emu.url, httpText('POST', '/', [['Host', `admin:${SECRET}@evil.example`], ['Content-Length', '2']], '{}'));
      const target = await rawRequest(emu.url, httpText('POST', '/', [['Host', new URL(emu.url).host], ['X-Amz-Target', `${URL_WITH_SECRET}.Op`], ['Content-Length', '2']], '{}'));
      const adminBody = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [URL_WITH_SECRET]: 1 }) });
      const adminText = await adminBody.text();
      expect([host.status, adminBody.status]).toEqual([403, 400]);
      expectRedacted('emulator Host refusal', host.body);
      expect(target.body).not.toContain(SECRET);
      expectRedacted('emulator admin error', adminText);
    } finally {
      await emu.close();
    }
  });

  test('emulator and top-level CLI: a start-up error names the file without its credentials', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdktf-aws-enrollment.js'), 'emulator', '--port', '0', '--accounts', URL_WITH_SECRET], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expectRedacted('emulator start-up', r.stdout + r.stderr);
  });

  test('plan review: a plan that carries the URL shows it redacted, in Markdown, JSON and errors', async () => {
    const wire = { schema: PAYLOAD_SCHEMA, kind: 'compute-optimizer-enrollment', region: 'eu-west-1', endpoint: URL_WITH_SECRET, status: 'Active' };
    const plan = {
      format_version: '1.2',
      terraform_version: '1.11.4',
      complete: true,
      errored: false,
      checks: [],
      resource_changes: [{ address: 'terraform_data.co', mode: 'managed', type: 'terraform_data', name: 'co', change: { actions: ['create'], before: null, after: { input: wire }, after_unknown: {} } }],
      prior_state: {
        values: {
          root_module: {
            resources: [
              {
                address: 'data.external.co',
                mode: 'data',
                type: 'external',
                name: 'co',
                values: { query: { ...wire, status: undefined }, result: { status: 'Inactive', statusReason: `the proxy ${URL_WITH_SECRET} answered for AWS` } },
              },
            ],
          },
        },
      },
    };
    const markdown = await runCli(['-'], JSON.stringify(plan));
    expect(markdown.code).toBe(0);
    expectRedacted('plan review markdown', markdown.stdout + markdown.stderr);
    const json = await runCli(['--format', 'json', '-'], JSON.stringify(plan));
    expectRedacted('plan review JSON', json.stdout + json.stderr);
    const broken = await runCli(['-'], `{"format_version": "1.2", "note": "${URL_WITH_SECRET}", `);
    expect(broken.code).toBe(2);
    expect(broken.stderr).not.toContain(SECRET);
  });
});
