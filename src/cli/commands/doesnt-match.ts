// `w2v doesnt-match MODEL W...`: the word furthest from the mean of the others (gensim doesnt_match).
import type { Command } from 'commander';
import { UsageError } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { argumentWords, composedField, noteWords } from '../query-words.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';

/** Registers `w2v doesnt-match`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('doesnt-match')
    .description("the word that doesn't go with the others (e.g. breakfast cereal dinner lunch -> cereal)")
    .argument('<model>', 'model folder or vector file')
    .argument('<words...>', 'two or more words');
  addLoadFlags(command);
  return command.action(async (modelPath: string, words: string[], flags: LoadFlags) => {
    if (words.length < 2) throw new UsageError('doesnt-match needs at least two words');
    const model = await loadFromFlags(modelPath, flags);
    const query = argumentWords(model, words);
    noteWords(io, words, query, 'words', model.kv);
    if (query.length < 2) throw new UsageError(`doesnt-match needs at least two words; the model reads ${words.join(' ')} as ${query.join(' ')}`);
    const word = model.kv.doesntMatch(query);
    if (flags.json) printJson(io, { model: modelPath, words: query, ...composedField(model.kv, query), doesntMatch: word });
    else io.stdout.write(`${word}\n`);
  });
}
