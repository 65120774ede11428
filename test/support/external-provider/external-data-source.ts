/**
 * The `external` data source of hashicorp/external (2.3.x), re-implemented for tests: same schema, same
 * program protocol, same diagnostics (summaries and detail layout), so a plan that works here works with the
 * real provider and a failure reads the same.
 *
 * Protocol: `program[0]` is looked up like Go's exec.LookPath and run with the remaining items as argv (no
 * shell); the query, minus null values, is written to stdin as a JSON object; stdout must be a JSON object
 * whose values are strings. A non-zero exit or malformed output fails the read on the `program` attribute.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { TfValue, UNKNOWN } from './values';

export const DATA_SOURCE_TYPE = 'external';

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute?: { steps: Array<{ attribute_name: string }> };
}

const onAttribute = (name: string, summary: string, detail: string): Diagnostic => ({
  severity: 'ERROR',
  summary,
  detail,
  attribute: { steps: [{ attribute_name: name }] },
});

const typeJson = (t: unknown): Buffer => Buffer.from(JSON.stringify(t));

/** The data source schema as Terraform receives it (GetProviderSchema). */
export function externalSchema() {
  return {
    version: 0,
    block: {
      version: 0,
      description:
        'The `external` data source allows an external program implementing a specific protocol to act as a data source, ' +
        'exposing arbitrary data for use elsewhere in the Terraform configuration.',
      description_kind: 'PLAIN',
      attributes: [
        {
          name: 'id',
          type: typeJson('string'),
          computed: true,
          description: 'The id of the data source. This will always be set to `-`',
          description_kind: 'PLAIN',
        },
        {
          name: 'program',
          type: typeJson(['list', 'string']),
          required: true,
          description:
            'A list of strings, whose first element is the program to run and whose subsequent elements are optional ' +
            'command line arguments to the program. Terraform does not execute the program through a shell.',
          description_kind: 'PLAIN',
        },
        {
          name: 'query',
          type: typeJson(['map', 'string']),
          optional: true,
          description: 'A map of string values to pass to the external program as the query arguments.',
          description_kind: 'PLAIN',
        },
        {
          name: 'result',
          type: typeJson(['map', 'string']),
          computed: true,
          description: 'A map of string values returned from the external program.',
          description_kind: 'PLAIN',
        },
        {
          name: 'working_dir',
          type: typeJson('string'),
          optional: true,
          description: 'Working directory of the program. If not supplied, the program will run in the current directory.',
          description_kind: 'PLAIN',
        },
      ],
    },
  };
}

type Config = Record<string, TfValue>;

/** ValidateDataResourceConfig: the listvalidator.SizeAtLeast(1) check on `program`; unknowns are skipped. */
export function validateExternalConfig(config: TfValue): Diagnostic[] {
  if (config === null || config === UNKNOWN || typeof config !== 'object' || Array.isArray(config)) return [];
  const program = (config as Config).program;
  if (Array.isArray(program) && program.length < 1) {
    return [
      onAttribute('program', 'Invalid Attribute Value', `Attribute program list must contain at least 1 elements, got: ${program.length}`),
    ];
  }
  return [];
}

/** Where the program runs: the real provider inherits Terraform's environment and working directory. */
export interface ProgramContext {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Kills a program that runs longer than this (the real provider has no limit; tests must not hang). */
  timeoutMs: number;
}

class LookPathError extends Error {
  constructor(message: string, readonly notFoundInPath = false) {
    super(message);
  }
}

function isExecutableFile(file: string): string | undefined {
  try {
    const st = statSync(file);
    if (st.isDirectory()) return 'is a directory';
    accessSync(file, constants.X_OK);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return `stat ${file}: no such file or directory`;
    if (e.code === 'EACCES') return 'permission denied';
    return e.message;
  }
}

/** Go's exec.LookPath semantics (names with a slash are used as given; others are searched in PATH). */
function lookPath(file: string, ctx: ProgramContext): string {
  if (file.includes('/')) {
    const problem = isExecutableFile(path.resolve(ctx.cwd, file));
    if (problem) throw new LookPathError(`exec: "${file}": ${problem}`);
    return file;
  }
  for (const dir of (ctx.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir === '' ? '.' : dir, file);
    if (!isExecutableFile(path.resolve(ctx.cwd, candidate))) return candidate;
  }
  throw new LookPathError(`exec: "${file}": executable file not found in $PATH`, true);
}

const SIGNAL_TEXT: Record<string, string> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGPIPE: 'broken pipe',
  SIGHUP: 'hangup',
};

interface RunOutcome {
  stdout: string;
  stderr: string;
  /** Go's *exec.ExitError text ("exit status 1", "signal: killed") or a start failure; undefined on success. */
  failure?: string;
}

function runProgram(argv: string[], stdin: string, dir: string, ctx: ProgramContext, running: Set<() => void>): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: dir,
      env: ctx.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const kill = () => child.kill('SIGKILL');
    running.add(kill);
    const timer = setTimeout(kill, ctx.timeoutMs);
    let startError: string | undefined;
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined); // a program that never reads stdin must not crash the server
    child.on('error', (e: NodeJS.ErrnoException) => {
      startError = `fork/exec ${argv[0]}: ${e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'no such file or directory' : e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(kill);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      let failure: string | undefined = startError;
      if (!failure && signal) failure = `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
      else if (!failure && code !== 0) failure = `exit status ${code}`;
      resolve({ stdout, stderr, failure });
    });
    child.stdin.end(stdin);
  });
}

const JSON_START = /^[\s]*[{["\-0-9tfn]/;

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Parses program output like Go's json.Unmarshal into map[string]string, with Go-like error texts. */
export function parseProgramOutput(stdout: string): { result?: Record<string, string>; error?: string } {
  const trimmed = stdout.trim();
  if (trimmed === '') return { error: 'unexpected end of JSON input' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (e) {
    const message = (e as Error).message;
    if (!JSON_START.test(stdout)) return { error: `invalid character '${trimmed[0]}' looking for beginning of value` };
    const after = /after JSON at position (\d+)/.exec(message);
    if (after) return { error: `invalid character '${stdout[Number(after[1])]}' after top-level value` };
    if (/end of JSON input/i.test(message)) return { error: 'unexpected end of JSON input' };
    return { error: message };
  }
  // Go leaves the map empty for a JSON null at the top level and stores "" for null members.
  if (parsed === null) return { result: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: `json: cannot unmarshal ${jsonKind(parsed)} into Go value of type map[string]string` };
  }
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v === null) result[k] = '';
    else if (typeof v === 'string') result[k] = v;
    else return { error: `json: cannot unmarshal ${jsonKind(v)} into Go value of type string` };
  }
  return { result };
}

/** Shells the real provider falls back to when the program is not found (it then runs `$SHELL -i -c`). */
const FALLBACK_SHELLS = ['bash', 'fish', 'zsh', 'ksh', 'ash', 'sh', 'dash'];

/** ReadDataSource for `external`: runs the program and returns the new state or diagnostics. */
export async function readExternal(
  config: Config,
  ctx: ProgramContext,
  running: Set<() => void>,
): Promise<{ state?: Config; diagnostics: Diagnostic[] }> {
  const rawProgram = Array.isArray(config.program) ? config.program : [];
  const program = rawProgram.filter((p): p is string => typeof p === 'string' && p !== '');
  if (program.length === 0) {
    return {
      diagnostics: [
        onAttribute(
          'program',
          'External Program Missing',
          'The data source was configured without a program to execute. Verify the configuration contains at least one non-empty value.',
        ),
      ],
    };
  }

  const query: Record<string, string> = {};
  const rawQuery = config.query;
  if (rawQuery && typeof rawQuery === 'object' && !Array.isArray(rawQuery)) {
    // Go's json.Marshal of a map sorts keys; keep that so programs see byte-identical input.
    for (const key of Object.keys(rawQuery).sort()) {
      const v = (rawQuery as Config)[key];
      if (typeof v === 'string') query[key] = v;
    }
  }

  let argv = program;
  let resolved: string;
  try {
    resolved = lookPath(program[0], ctx);
  } catch (err) {
    const shell = ctx.env.SHELL ?? '';
    // Only a name missing from PATH falls back to the shell (Go's exec.ErrNotFound), never a path.
    const fallback = (err as LookPathError).notFoundInPath ? FALLBACK_SHELLS.find((s) => shell.endsWith(`/${s}`)) : undefined;
    if (!fallback) {
      return {
        diagnostics: [
          onAttribute(
            'program',
            'External Program Lookup Failed',
            'The data source received an unexpected error while attempting to find the program.\n\n' +
              'The program must be accessible according to the platform where Terraform is running.\n\n' +
              "On Unix-based platforms, programs are searched for in the directories of the '$PATH' environment variable; " +
              "a program relative to the configuration should include 'path.module', for example \"${path.module}/my-program\".\n\n" +
              'The program must also be executable (on Unix-based platforms, the executable bit must be set).\n' +
              `\nPlatform: ${process.platform}\nProgram: ${rawProgram[0] as string}\nError: ${(err as Error).message}`,
          ),
        ],
      };
    }
    argv = [shell, '-i', '-c', '--', program.join(' ')];
    resolved = shell;
  }

  const dir = typeof config.working_dir === 'string' && config.working_dir !== '' ? path.resolve(ctx.cwd, config.working_dir) : ctx.cwd;
  const run = await runProgram([resolved, ...argv.slice(1)], JSON.stringify(query), dir, ctx, running);

  if (run.failure) {
    const detail =
      run.stderr.length > 0
        ? 'The data source received an unexpected error while attempting to execute the program.' +
          `\n\nProgram: ${resolved}\nError Message: ${run.stderr}\nState: ${run.failure}`
        : 'The data source received an unexpected error while attempting to execute the program.\n\n' +
          'The program was executed, however it returned no additional error messaging.' +
          `\n\nProgram: ${resolved}\nState: ${run.failure}`;
    return { diagnostics: [onAttribute('program', 'External Program Execution Failed', detail)] };
  }

  const parsed = parseProgramOutput(run.stdout);
  if (parsed.error !== undefined) {
    return {
      diagnostics: [
        onAttribute(
          'program',
          'Unexpected External Program Results',
          'The data source received unexpected results after executing the program.\n\n' +
            'Program output must be a JSON encoded map of string keys and string values.\n\n' +
            "If the error is unclear, the output can be viewed by enabling Terraform's logging at TRACE level. " +
            'Terraform documentation on logging: https://www.terraform.io/internals/debugging\n' +
            `\nProgram: ${resolved}\nResult Error: ${parsed.error}`,
        ),
      ],
    };
  }

  return {
    state: {
      program: config.program ?? null,
      working_dir: config.working_dir ?? null,
      query: config.query ?? null,
      result: parsed.result!,
      id: '-',
    },
    diagnostics: [],
  };
}
