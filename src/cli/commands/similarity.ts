// `w2v similarity MODEL W1 W2`: cosine similarity of two words.
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { composedField, noteWords, oneWordEach } from '../query-words.ts';
import { formatScore } from '../text-output.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';

/** Registers `w2v similarity`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('similarity')
    .description('cosine similarity of two words')
    .argument('<model>', 'model folder or vector file')
    .argument('<w1>')
    .argument('<w2>');
  addLoadFlags(command);
  return command.action(async (modelPath: string, w1: string, w2: string, flags: LoadFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    const [a, b] = oneWordEach(model, [w1, w2]);
    noteWords(io, [w1, w2], [a, b], 'words', model.kv);
    const similarity = model.kv.similarity(a, b);
    if (flags.json) printJson(io, { model: modelPath, w1: a, w2: b, ...composedField(model.kv, [a, b]), similarity });
    else io.stdout.write(`${formatScore(similarity)}\n`);
  });
}
