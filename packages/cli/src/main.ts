import { missingNodeFlags, relaunchWithFlags } from './launch/node-flags';

// The `connector` command (the bin runs the compiled file; `npm run connector -- <args>` the source).
// The CLI itself is loaded only once we know this process runs it, so a relaunch costs no extra loading.
const argv = process.argv.slice(2);
const missing = missingNodeFlags(argv, process.execArgv, process.env.NODE_OPTIONS);
if (missing.length > 0) relaunchWithFlags(missing, process.argv[1], argv);
else startCli();

function startCli(): void {
  const { run } = require('./cli') as typeof import('./cli');
  const { processIo } = require('./cli-io') as typeof import('./cli-io');
  run(argv, processIo()).then(
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
}
