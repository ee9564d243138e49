import { run } from './cli';
import { processIo } from './cli-io';

// The `connector` command. `npm run connector -- <args>` and `npx connector <args>` land here.
run(process.argv.slice(2), processIo()).then(
  (code) => {
    // Exit explicitly: a one-shot command must not linger on a keep-alive socket or a retry timer.
    process.exit(code);
  },
  (error: unknown) => {
    // run() never rejects; this is the last guard, still without a stack trace.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
