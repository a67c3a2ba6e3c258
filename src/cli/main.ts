// The `w2v` program: commander with every command registered from cli/commands/. `runCli` is the whole CLI
// as a function (argv in, exit code out, output through the injected io), so tests run it in-process.
import { Command, CommanderError } from 'commander';
import { releaseStdinSpools } from '../corpus/sources.ts';
import { Word2VecError } from '../errors.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, ExitRequest, UsageError } from './exit.ts';
import type { CliIo } from './io.ts';
import { errorJson, withFlagNames } from './messages.ts';
import { VERSION } from './version.ts';

export { EXIT, ExitRequest, UsageError } from './exit.ts';

/** Builds the commander program writing to `io` (exposed for help-text tests). */
export function buildProgram(io: CliIo): Command {
  const program = new Command('w2v')
    .description('Train word vectors on your own corpus (Chinese and English), export, query and evaluate them.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const register of COMMANDS) {
    const command = register(program, io);
    command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    command.showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExitRequest) return error.exitCode;
    if (error instanceof CommanderError) {
      // help and version "errors" are successes; the message was already printed by commander
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Word2VecError) {
      const message = withFlagNames(error.message);
      io.stderr.write(`error: ${message}\n`);
      // --json callers parse stdout: give them the error as a document too
      if (argv.includes('--json')) io.stdout.write(`${JSON.stringify({ error: { ...errorJson(error), message } })}\n`);
      return error instanceof UsageError ? EXIT.usage : EXIT.error;
    }
    // anything else is a bug: show everything we know
    io.stderr.write(`internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  } finally {
    // the command is done with any spooled copy of standard input
    releaseStdinSpools();
  }
}
