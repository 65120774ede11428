/**
 * `cdktf-aws-enrollment <command>`: the one entry point that parses argv and exits. Each command module is
 * loaded only when used, so `adapter` does not pay for the emulator or the plan review.
 */
import { redactText } from './shared/redact';

const USAGE = `Usage: cdktf-aws-enrollment <command> [options]

Commands:
  emulator       run the local AWS enrollment emulator (see: emulator --help)
  adapter        the program Terraform runs to read and change enrollment (see: adapter --help)
  plan-summary   summarise enrollment changes in \`terraform show -json\` output (see: plan-summary --help)

Options:
  -h, --help     show this help
  --version      print the version
`;

type CommandMain = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => CommandMain> = {
  emulator: () => require('./emulator/cli').main,
  adapter: () => require('./adapter/cli').main,
  'plan-summary': () => require('./plan-review/cli').main,
};

/** Errors are one line (V8's JSON.parse errors quote the input, with its line breaks) and show no URL credentials. */
function oneLine(text: string): string {
  return redactText(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/** Runs a command; resolves once it has finished and `process.exitCode` is set. */
export function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    process.exitCode = command === undefined ? 2 : 0;
    return Promise.resolve();
  }
  if (command === '--version') {
    process.stdout.write(`${require('../../package.json').version}\n`);
    return Promise.resolve();
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`cdktf-aws-enrollment: unknown command "${command}"; run with --help to list the commands\n`);
    process.exitCode = 2;
    return Promise.resolve();
  }
  return Promise.resolve()
    .then(() => load()(rest))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        process.stderr.write(`cdktf-aws-enrollment ${command}: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
        process.exitCode = 1;
      },
    );
}
