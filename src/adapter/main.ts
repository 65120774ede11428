/**
 * Bundle entry (dist/adapter/adapter.cjs): what Terraform runs as `node adapter.cjs <verb> <kind> ...`.
 * The only file that calls process.exit: once the result is written there is nothing left to wait for,
 * and exiting at once spares idle keep-alive sockets from holding the plan up.
 */
import { main } from './cli';

// Exit only once stdout has drained: a large listing is more than a pipe buffer, and process.exit would
// cut it short. An empty write's callback runs after every earlier write has been flushed.
const exitAfterFlush = (code: number) => process.stdout.write('', () => process.exit(code));

// Terraform interrupts a provisioner with SIGINT (Ctrl-C) or SIGTERM. Say what that means for AWS in one line.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(
      `cdktf-aws-enrollment adapter: interrupted (${signal}); a change already sent to AWS keeps going: re-run apply to wait for it\n`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

main(process.argv.slice(2)).then(
  exitAfterFlush,
  (err: unknown) => {
    process.stderr.write(`cdktf-aws-enrollment adapter: ${err instanceof Error ? err.message : String(err)}\n`);
    exitAfterFlush(1);
  },
);
