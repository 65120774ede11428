import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { DEFAULT_ACCOUNTS, startEmulator } from '../../src/emulator';
import { main } from '../../src/emulator/cli';
import { computeOptimizer, expectAwsError, admin } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-accounts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accounts', () => {
  test('the default organisation has the documented ids and keys', () => {
    expect(DEFAULT_ACCOUNTS.management).toMatchObject({ accountId: '111111111111', accessKeyId: 'EMULATORMANAGEMENT01', secretAccessKey: 'emulator-management-secret' });
    expect(DEFAULT_ACCOUNTS.members.map((m) => [m.accountId, m.accessKeyId, m.secretAccessKey])).toEqual([
      ['222222222222', 'EMULATORMEMBER000002', 'emulator-member-2-secret'],
      ['333333333333', 'EMULATORMEMBER000003', 'emulator-member-3-secret'],
      ['444444444444', 'EMULATORMEMBER000004', 'emulator-member-4-secret'],
    ]);
    expect(DEFAULT_ACCOUNTS.standalone).toEqual([expect.objectContaining({ accountId: '555555555555', accessKeyId: 'EMULATORSTANDALONE05', secretAccessKey: 'emulator-standalone-secret' })]);
  });

  test('an accounts object replaces the default organisation; default keys are then unknown', async () => {
    const mine = { accountId: '700000000001', accessKeyId: 'MYKEY', secretAccessKey: 'my-secret' };
    const emu = await startEmulator({ quiet: true, accounts: { management: mine } });
    try {
      expect((await computeOptimizer(emu.url, mine).send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
      await expectAwsError(computeOptimizer(emu.url, DEFAULT_ACCOUNTS.management).send(new GetEnrollmentStatusCommand({})), 'UnrecognizedClientException', 400);
      expect(Object.keys((await admin(emu.url, 'GET', 'state')).accounts)).toEqual(['700000000001']);
    } finally {
      await emu.close();
    }
  });

  test.each([
    ['not JSON', '{', /not valid JSON|cannot read/],
    ['no management', '{"members": []}', /management/],
    ['bad account id', '{"management": {"accountId": "12", "accessKeyId": "K", "secretAccessKey": "S"}}', /12 digits/],
    [
      'duplicate key',
      '{"management": {"accountId": "100000000001", "accessKeyId": "K", "secretAccessKey": "S"}, "members": [{"accountId": "100000000002", "accessKeyId": "K", "secretAccessKey": "T"}]}',
      /used twice/,
    ],
  ])('a bad accounts file (%s) is refused with a reason', async (_name, text, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, text);
    await expect(startEmulator({ quiet: true, accounts: file })).rejects.toThrow(message);
  });

  test('a corrupt state file is refused, not overwritten', async () => {
    const file = path.join(dir, 'corrupt-state.json');
    writeFileSync(file, 'garbage');
    await expect(startEmulator({ quiet: true, statePath: file })).rejects.toThrow(/not valid JSON/);
  });
});

describe('emulator CLI arguments', () => {
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  beforeEach(() => {
    out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    out.mockRestore();
    err.mockRestore();
  });

  test('--help prints usage with the default credentials', async () => {
    expect(await main(['--help'])).toBe(0);
    const text = out.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toMatch(/--member-delay-ms/);
    expect(text).toMatch(/EMULATORMANAGEMENT01/);
  });

  test.each([[['--port', 'x']], [['--port']], [['--bogus']], [['--port', '70000']]])('bad arguments %j exit 2 with one line', async (argv) => {
    expect(await main(argv)).toBe(2);
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text.trim().split('\n')).toHaveLength(1);
  });
});

test('a port in use is reported with what to do', async () => {
  const first = await startEmulator({ quiet: true });
  try {
    const port = Number(new URL(first.url).port);
    await expect(startEmulator({ quiet: true, port })).rejects.toThrow(/port is in use; choose another with --port/);
  } finally {
    await first.close();
  }
});
