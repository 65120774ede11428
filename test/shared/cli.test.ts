/**
 * The package's command line (`src/cli.ts`): every failure is one line on stderr, whatever the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function capture(argv: string[]): Promise<{ code: number | undefined; stderr: string }> {
  let stderr = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await run(argv);
    return { code: process.exitCode as number | undefined, stderr };
  } finally {
    write.mockRestore();
    process.exitCode = before;
  }
}

test('a failure whose message has line breaks (a state file that is not JSON) is still one line', async () => {
  const state = path.join(dir, 'garbage.json');
  writeFileSync(state, 'garbage\nmore garbage\n');
  const { code, stderr } = await capture(['emulator', '--port', '0', '--state', state]);
  expect(code).toBe(1);
  expect(stderr).toMatch(/^cdktf-aws-enrollment emulator: state file \S+garbage\.json is not valid JSON \(.*\); delete it to start from the initial state\n$/);
  expect(stderr.split('\n')).toHaveLength(2);
});

test('an unknown command is one line and exit 2', async () => {
  expect(await capture(['nope'])).toEqual({ code: 2, stderr: 'cdktf-aws-enrollment: unknown command "nope"; run with --help to list the commands\n' });
});
