// Exit codes and the two ways a command ends with one on purpose. A module of its own so that commands and
// the program that holds them (main.ts) both import it, and no command imports main.ts.
import { Word2VecError } from '../errors.ts';

/** Exit codes: 0 ok, 1 a Word2VecError (bad input, options, ...), 2 usage error, 130/143 interrupted. */
export const EXIT = Object.freeze({ ok: 0, error: 1, usage: 2, sigint: 130, sigterm: 143 });

/** Thrown by a command to end with a specific exit code after it has printed what it had to. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** A mistake in how the command was called (missing argument, contradictory flags): `error:` and exit 2. */
export class UsageError extends Word2VecError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('E_INVALID_OPTION', message);
  }
}
