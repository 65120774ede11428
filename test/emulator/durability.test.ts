/**
 * Durability: the emulator runs as its own process (the built CLI), acknowledges writes, is killed with
 * SIGKILL, and a new process on the same state file must return every acknowledged change.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetEnrollmentStatusCommand, UpdateEnrollmentStatusCommand } from '@aws-sdk/client-compute-optimizer';
import { GetPreferencesCommand, UpdatePreferencesCommand } from '@aws-sdk/client-cost-optimization-hub';
import { admin, automation, computeOptimizer, costOptimizationHub, MANAGEMENT, MEMBERS, STANDALONE } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/cdktf-aws-enrollment.js');
const BUILT = path.join(ROOT, 'dist/src/emulator/index.js');

let dir: string;
const children: ChildProcess[] = [];

/** Starts the CLI and resolves with its URL (the first stdout line). */
function launch(statePath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--state', statePath, '--member-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not print its URL within 15 s; stderr: ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, url: line.trim() });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before printing its URL; stderr: ${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

beforeAll(() => {
  if (!existsSync(BUILT)) {
    throw new Error(`dist/src/emulator is missing: the durability test runs the built CLI; run "npx tsc -p tsconfig.json" (or npm run build) first`);
  }
  const newestSource = Math.max(...readdirSync(path.join(ROOT, 'src/emulator'), { recursive: true }).map((f) => statSync(path.join(ROOT, 'src/emulator', String(f))).mtimeMs));
  if (statSync(BUILT).mtimeMs < newestSource - 1000) {
    process.stderr.write('durability.test: dist/src/emulator is older than src/emulator; run "npx tsc -p tsconfig.json" to test the current code\n');
  }
  dir = mkdtempSync(path.join(tmpdir(), 'emulator-durability-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('acknowledged changes survive kill -9 and the state file is never corrupt', async () => {
  const statePath = path.join(dir, 'state.json');
  const first = await launch(statePath);

  await computeOptimizer(first.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  await computeOptimizer(first.url, MEMBERS[2]).send(new UpdateEnrollmentStatusCommand({ status: 'Inactive' }));
  const au = await automation(first.url, 'UpdateEnrollmentConfiguration', { status: 'Active', clientToken: 'durable-1' });
  expect(au.status).toBe(200);
  await costOptimizationHub(first.url, STANDALONE).send(new UpdatePreferencesCommand({ savingsEstimationMode: 'AfterDiscounts' }));
  await admin(first.url, 'POST', 'clock', { advanceSeconds: 3600 });
  // Many concurrent writes from several accounts, all acknowledged before the kill.
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      costOptimizationHub(first.url, [MANAGEMENT, ...MEMBERS][i % 4]).send(new UpdatePreferencesCommand({ preferredCommitment: { paymentOption: 'PartialUpfront' } })),
    ),
  );

  first.child.kill('SIGKILL');
  await exited(first.child);
  expect(() => JSON.parse(readFileSync(statePath, 'utf8'))).not.toThrow();

  const second = await launch(statePath);
  expect((await computeOptimizer(second.url).send(new GetEnrollmentStatusCommand({})))).toMatchObject({ status: 'Active', numberOfMemberAccountsOptedIn: 2 });
  expect((await computeOptimizer(second.url, MEMBERS[2]).send(new GetEnrollmentStatusCommand({}))).status).toBe('Inactive');
  expect((await automation(second.url, 'GetEnrollmentConfiguration', {})).body.status).toBe('Active');
  // The idempotency record survived too: the same token with other parameters is still a mismatch.
  expect((await automation(second.url, 'UpdateEnrollmentConfiguration', { status: 'Inactive', clientToken: 'durable-1' })).status).toBe(409);
  expect((await costOptimizationHub(second.url, STANDALONE).send(new GetPreferencesCommand({}))).savingsEstimationMode).toBe('AfterDiscounts');
  for (const a of [MANAGEMENT, ...MEMBERS]) {
    expect((await costOptimizationHub(second.url, a).send(new GetPreferencesCommand({}))).preferredCommitment?.paymentOption).toBe('PartialUpfront');
  }
  const state = await admin(second.url, 'GET', 'state');
  expect(state.clockOffsetSeconds).toBe(3600);
  expect(state.accounts[MEMBERS[2].accountId].computeOptimizer.recommendationData).toBe('deleted');

  // A member enrollment still Pending when the process dies completes after the restart.
  await admin(second.url, 'POST', 'config', { memberEnrollmentDelayMs: 3_600_000 });
  await computeOptimizer(second.url).send(new UpdateEnrollmentStatusCommand({ status: 'Active', includeMemberAccounts: true }));
  expect((await computeOptimizer(second.url, MEMBERS[2]).send(new GetEnrollmentStatusCommand({}))).status).toBe('Pending');
  second.child.kill('SIGKILL');
  await exited(second.child);

  const third = await launch(statePath);
  expect((await computeOptimizer(third.url, MEMBERS[2]).send(new GetEnrollmentStatusCommand({}))).status).toBe('Pending');
  await admin(third.url, 'POST', 'clock', { advanceSeconds: 3601 });
  expect((await computeOptimizer(third.url, MEMBERS[2]).send(new GetEnrollmentStatusCommand({}))).status).toBe('Active');
  expect((await computeOptimizer(third.url).send(new GetEnrollmentStatusCommand({})))).toMatchObject({ status: 'Active', memberAccountsEnrolled: true });

  third.child.kill('SIGTERM');
  expect(await exited(third.child)).toBe(0);
});

test('a state file with a damaged clock is refused with what to do, never used or overwritten', async () => {
  const { startEmulator } = await import('../../src/emulator');
  const { writeFileSync } = await import('node:fs');
  const file = path.join(dir, 'damaged-clock.json');
  const damaged = JSON.stringify({ format: 'cdktf-aws-enrollment-emulator/v1', clockOffsetMs: null, memberEnrollmentDelayMs: 0, accounts: {}, idempotency: {} });
  writeFileSync(file, damaged);
  await expect(startEmulator({ port: 0, statePath: file, quiet: true })).rejects.toThrow(/damaged-clock\.json is damaged .*delete it/);
  expect(readFileSync(file, 'utf8')).toBe(damaged);
});
