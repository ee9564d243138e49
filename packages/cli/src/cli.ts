import { Command, CommanderError } from 'commander';
import type { Redactor } from '@connector/core';
import { CliError, formatError } from './cli-error';
import type { CliIo } from './cli-io';
import { registerBackupCommand } from './commands/backup.command';
import { registerConfigCommand } from './commands/config.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerDlqCommand } from './commands/dlq.command';
import { registerImportCommand } from './commands/import.command';
import { registerLogCommand } from './commands/log.command';
import { registerPluginsCommand } from './commands/plugins.command';
import { registerServeCommand } from './commands/serve.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerSyncCommand } from './commands/sync.command';
import { registerTurnUpCommand } from './commands/turnup.command';

/** What every command gets: the io, and a place to leave its exit code and the secrets to hide. */
export class CommandContext {
  /** The code `run` resolves with when the command returns normally. */
  exitCode = 0;
  /** Secrets known to the command (turn-up keys): an error printed later is redacted with it. */
  redactor?: Redactor;
  verbose = false;

  constructor(readonly io: CliIo) {}

  /** Writes to stdout (results). */
  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Writes to stderr (progress, notes, warnings). */
  note(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

const VERSION = '0.1.0';

/** The width help text wraps at: the terminal's columns, else 80 (commander's own default). */
function helpWidth(output: CliIo['stdout']): number {
  return output.isTTY && output.columns ? Math.max(40, output.columns) : 80;
}

/**
 * Builds the `connector` command with every subcommand. Output goes through `context.io`, so tests
 * build it over captured streams; commander's own messages (help, usage errors) go there too.
 */
export function buildProgram(context: CommandContext): Command {
  const program = new Command('connector')
    .description(
      'Connector: the synchronization hub of fitness clubs (serve, turn-up checks, import, two-way sync, log, dead letters, plugins, simulators, demo).',
    )
    .version(VERSION, '-V, --version')
    .option('--verbose', "print stack traces and the hub's JSON log lines")
    .showHelpAfterError('(run with --help for usage)')
    // Wrap descriptions even on a narrow terminal (commander keeps a line whole below 40 free columns).
    // The list of commands leaves out `[options]` (each command's own help lists them): the term column
    // stays narrow enough for the descriptions to fit 50 columns.
    .configureHelp({
      minWidthToWrap: 12,
      subcommandTerm: (cmd) => [cmd.name(), ...cmd.registeredArguments.map((arg) => (arg.required ? `<${arg.name()}>` : `[${arg.name()}]`))].join(' '),
    })
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      // Help and usage errors wrap at the terminal's width (the tables do too); piped, at 80 columns.
      getOutHelpWidth: () => helpWidth(context.io.stdout),
      getErrHelpWidth: () => helpWidth(context.io.stderr),
    })
    .exitOverride();
  program.hook('preAction', (_this, action) => {
    context.verbose = !!action.optsWithGlobals().verbose;
  });
  registerServeCommand(program, context);
  registerTurnUpCommand(program, context);
  registerImportCommand(program, context);
  registerSyncCommand(program, context);
  registerLogCommand(program, context);
  registerDlqCommand(program, context);
  registerPluginsCommand(program, context);
  registerConfigCommand(program, context);
  registerBackupCommand(program, context);
  registerSimulateCommand(program, context);
  registerDemoCommand(program, context);
  // Subcommands inherit the output and the exit override, so a usage error never exits the process.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput());
    for (const sub of command.commands) sub.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}

/**
 * Runs the `connector` command line (`argv` without node and the script) and resolves with its exit
 * code: 0 when it worked, 1 when it failed, 2 for a usage error. It never calls `process.exit` and never
 * throws, so tests run commands in-process and look at what they printed.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const context = new CommandContext(io);
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(formatError(error, { verbose: context.verbose, redactor: context.redactor }));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
