/**
 * Bundle entry (dist/adapter/adapter.cjs): what Terraform runs as `node adapter.cjs <verb> <kind> ...`.
 * The only file that calls process.exit: once the result is written there is nothing left to wait for,
 * and exiting at once spares idle keep-alive sockets from holding the plan up.
 */
import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`cdktf-aws-enrollment adapter: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
