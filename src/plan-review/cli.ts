/**
 * `cdktf-aws-enrollment plan-summary [PLAN_JSON ...]`: summarises enrollment changes in `terraform show -json`
 * output for a pull-request comment (Markdown) or other tools (`--format json`).
 *
 * Exit codes: 0 summary printed; 2 bad input or usage (one line on stderr); 3 `--fail-on` matched.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { renderMarkdown, GITHUB_COMMENT_LIMIT } from './markdown';
import { PlanInputError, parsePlan } from './plan';
import { ASSOCIATION_CHANGE_ACTIONS, ENROLLMENT_ACTIONS, PREFERENCE_CHANGE_ACTIONS, PlanSummary, RULE_CHANGE_ACTIONS, RiskCode, StackSummary, summarise, summariseStack } from './summary';
import { redactText } from '../shared/redact';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAIL_ON = 3;

/** `--fail-on` words besides the action names and risk codes. */
const FAIL_ON_EXTRA = ['drift', 'any'] as const;
const FAIL_ON_CHANGES: readonly string[] = [
  ...ENROLLMENT_ACTIONS.filter((a) => a !== 'no-change'),
  ...RULE_CHANGE_ACTIONS.map((a) => `rule-${a}`),
  ...ASSOCIATION_CHANGE_ACTIONS.map((a) => `members-${a}`),
  ...PREFERENCE_CHANGE_ACTIONS.map((a) => `preference-${a}`),
  ...FAIL_ON_EXTRA,
];
const FAIL_ON_WORDS: readonly string[] = [...FAIL_ON_CHANGES, ...Object.values(RiskCode)];

export const USAGE = `Usage: cdktf-aws-enrollment plan-summary [options] [PLAN_JSON ...]

Summarises AWS enrollment changes (Compute Optimizer, Compute Optimizer Automation, Cost Optimization Hub)
in the output of \`terraform show -json <planfile>\`, one file per cdktf stack; reads stdin when no file is
given (or for "-").

Options:
  --format markdown|json  Markdown for a pull-request comment (default), or the JSON document
  --fail-on LIST          exit 3 when the plan contains any of these (comma-separated):
                          enroll, opt-out, change-members, repair-drift, change-settings, stop-managing,
                          undetermined, rule-create, rule-update, rule-delete, rule-repair-drift, rule-stop-managing,
                          members-associate, members-disassociate, members-repair-drift, members-stop-managing,
                          preference-create, preference-update, preference-delete, preference-repair-drift,
                          preference-stop-managing, drift (drift reported or repaired), any (any change), or a
                          risk code such as deletion-not-acknowledged, automation-rules-stopped,
                          deletes-ebs-volumes, members-disassociated or paid-feature
  --max-chars N           longest Markdown body (default ${GITHUB_COMMENT_LIMIT}, GitHub's comment limit)
  -h, --help              show this help

Exit codes: 0 summary printed, 2 bad input or usage, 3 --fail-on matched.
See docs/plan-review.md.
`;

export interface Io {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

interface Options {
  format: 'markdown' | 'json';
  failOn: string[];
  maxChars: number;
  files: string[];
  help: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { format: 'markdown', failOn: [], maxChars: GITHUB_COMMENT_LIMIT, files: [], help: false };
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyFiles || arg === '-' || !arg.startsWith('-')) {
      options.files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      options.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value; run with --help for usage`);
      return value;
    };
    switch (name) {
      case '--format': {
        const value = takeValue();
        if (value !== 'markdown' && value !== 'json') throw new UsageError(`--format must be "markdown" or "json", got "${value}"`);
        options.format = value;
        break;
      }
      case '--fail-on': {
        const words = takeValue().split(',').map((w) => w.trim()).filter((w) => w !== '');
        for (const word of words) {
          if (!FAIL_ON_WORDS.includes(word)) {
            throw new UsageError(`--fail-on: unknown value "${word}"; use ${FAIL_ON_CHANGES.join(', ')} or a risk code (see --help)`);
          }
        }
        options.failOn.push(...words);
        break;
      }
      case '--max-chars': {
        const value = takeValue();
        const n = /^[0-9]{1,9}$/.test(value) ? Number(value) : NaN;
        if (!(n >= 2000 && n <= GITHUB_COMMENT_LIMIT)) throw new UsageError(`--max-chars must be a whole number from 2000 to ${GITHUB_COMMENT_LIMIT}, got "${value}"`);
        options.maxChars = n;
        break;
      }
      default:
        throw new UsageError(`unknown option "${name}"; run with --help for usage`);
    }
  }
  return options;
}

const GENERIC_NAMES = new Set(['plan', 'tfplan', 'show', 'terraform', 'plan-json', 'plan_json']);

/** A stack's name from its file: `prod.json` → prod; `cdktf.out/stacks/prod/plan.json` → prod. */
export function stackNameFor(file: string): string {
  if (file === '-') return 'stdin';
  const base = path.basename(file).replace(/\.json$/i, '').replace(/[.-](tf)?plan$/i, '');
  if (base !== '' && !GENERIC_NAMES.has(base.toLowerCase())) return base;
  const dir = path.basename(path.dirname(path.resolve(file)));
  return dir || base || file;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string, io: Io): Promise<string> {
  if (file === '-') return readStream(io.stdin);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new PlanInputError(`cannot read ${file}: ${why}; pass the path of a file written by \`terraform show -json <planfile> > FILE\``);
  }
}

/** Which `--fail-on` words the summary matches, with where (for the one-line explanation). */
export function failOnMatches(summary: PlanSummary, words: readonly string[]): string[] {
  const hits: string[] = [];
  for (const stack of summary.stacks) {
    for (const r of stack.resources) {
      for (const word of words) {
        const matched =
          r.action === word ||
          (word === 'any' && r.action !== 'no-change') ||
          (word === 'drift' && (r.action === 'repair-drift' || r.drift !== null)) ||
          r.risks.some((n) => n.code === word);
        if (matched) hits.push(`${word} (${stack.name}: ${r.address})`);
      }
    }
    for (const change of stack.ruleChanges) {
      for (const word of words) {
        const matched =
          word === `rule-${change.action}` || word === 'any' || (word === 'drift' && change.action === 'repair-drift') || change.risks.some((n) => n.code === word);
        if (matched) hits.push(`${word} (${stack.name}: rule ${change.rule})`);
      }
    }
    for (const change of stack.associationChanges) {
      for (const word of words) {
        const matched =
          word === `members-${change.action}` || word === 'any' || (word === 'drift' && change.action === 'repair-drift') || change.risks.some((n) => n.code === word);
        if (matched) hits.push(`${word} (${stack.name}: members ${change.accounts.join(', ')})`);
      }
    }
    for (const change of stack.preferenceChanges) {
      for (const word of words) {
        const matched =
          word === `preference-${change.action}` || word === 'any' || (word === 'drift' && change.action === 'repair-drift') || change.risks.some((n) => n.code === word);
        if (matched) hits.push(`${word} (${stack.name}: preferences ${change.target})`);
      }
    }
    if (words.includes('drift')) {
      for (const check of stack.driftChecks) {
        const covered =
          stack.resources.some((r) => r.address === check.resource) ||
          stack.ruleChanges.some((c) => c.address === check.resource) ||
          stack.associationChanges.some((c) => c.address === check.resource) ||
          stack.preferenceChanges.some((c) => c.address === check.resource);
        if (!covered) hits.push(`drift (${stack.name}: ${check.address})`);
      }
    }
  }
  return [...new Set(hits)];
}

function uniqueNames(files: readonly string[]): string[] {
  const names = files.map(stackNameFor);
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? (files[i] === '-' ? 'stdin' : files[i]) : n));
}

export async function main(argv: string[], given: Io = process): Promise<number> {
  // Nothing this command writes shows a URL's credentials, whatever the plan holds.
  const io: Io = { ...given, stdout: { write: (t: string) => given.stdout.write(redactText(t)) }, stderr: { write: (t: string) => given.stderr.write(redactText(t)) } };
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`plan-summary: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw err;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const files = options.files.length > 0 ? options.files : ['-'];
  if (options.files.length === 0 && io.stdin.isTTY) {
    io.stderr.write('plan-summary: no input: pass PLAN_JSON files or pipe `terraform show -json <planfile>` into stdin; run with --help for usage\n');
    return EXIT_BAD_INPUT;
  }
  if (files.filter((f) => f === '-').length > 1) {
    io.stderr.write('plan-summary: stdin ("-") can be read only once; pass the other plans as files\n');
    return EXIT_BAD_INPUT;
  }

  const names = uniqueNames(files);
  const stacks: StackSummary[] = [];
  try {
    for (let i = 0; i < files.length; i++) {
      const source = files[i] === '-' ? 'stdin' : files[i];
      const plan = parsePlan(source, await readInput(files[i], io));
      stacks.push(summariseStack(names[i], source, plan));
    }
  } catch (err) {
    if (err instanceof PlanInputError) {
      io.stderr.write(`plan-summary: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw err;
  }

  if (stacks.every((s) => s.resources.length === 0 && s.settingResources === 0)) {
    const others = stacks.reduce((n, s) => n + s.otherResources.total, 0);
    const what = stacks.length === 1 ? stacks[0].source : `any of the ${stacks.length} plans`;
    io.stderr.write(
      `plan-summary: no enrollment resources in ${what} (${others} other resource${others === 1 ? '' : 's'}); plan a cdktf stack that uses the cdktf-aws-enrollment constructs\n`,
    );
    return EXIT_BAD_INPUT;
  }

  const summary = summarise(stacks);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderMarkdown(summary, { maxChars: options.maxChars }));

  const hits = failOnMatches(summary, options.failOn);
  if (hits.length > 0) {
    const shown = hits.slice(0, 10).join(', ') + (hits.length > 10 ? `, and ${hits.length - 10} more` : '');
    io.stderr.write(`plan-summary: --fail-on matched ${shown}; this plan needs an explicit approval\n`);
    return EXIT_FAIL_ON;
  }
  return EXIT_OK;
}
