// PLACEHOLDER: replaced by the module that implements `w2v doesnt-match`.
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import type { CliIo } from '../io.ts';

export function register(program: Command, _io: CliIo): Command {
  return program
    .command('doesnt-match')
    .description('(not implemented yet)')
    .action(() => {
      throw new Word2VecError('E_INVALID_OPTION', 'doesnt-match is not implemented yet');
    });
}
