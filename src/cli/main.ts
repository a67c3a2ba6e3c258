// The `w2v` program: commander with every command registered from cli/commands/. `runCli` is the whole CLI
// as a function (argv in, exit code out, output through the injected io), so tests run it in-process.
import { Command, CommanderError } from 'commander';
import { Word2VecError } from '../errors.ts';
import { COMMANDS } from './commands/index.ts';
import type { CliIo } from './io.ts';

/** Exit codes: 0 ok, 1 a Word2VecError (bad input, options, ...), 2 usage error, 130/143 interrupted. */
export const EXIT = Object.freeze({ ok: 0, error: 1, usage: 2, sigint: 130, sigterm: 143 });

/** Thrown by a command to end with a specific exit code after it has printed what it had to. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

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
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.error;
    }
    // anything else is a bug: show everything we know
    io.stderr.write(`internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

const VERSION = '0.1.0';
