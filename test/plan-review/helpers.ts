import { Readable } from 'node:stream';
import { main } from '../../src/plan-review/cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `plan-summary` in-process with captured output; `stdin` is piped when given (a TTY otherwise). */
export async function runCli(argv: string[], stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = Object.assign(Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), { isTTY: stdin === undefined });
  const code = await main(argv, {
    stdin: input,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}
