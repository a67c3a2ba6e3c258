// PLACEHOLDER: replaced by the module that implements `w2v similarity`.
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import type { CliIo } from '../io.ts';

export function register(program: Command, _io: CliIo): Command {
  return program
    .command('similarity')
    .description('(not implemented yet)')
    .action(() => {
      throw new Word2VecError('E_INVALID_OPTION', 'similarity is not implemented yet');
    });
}
