// `w2v analogy MODEL A B C`: A is to B as C is to ? (3CosAdd or 3CosMul).
import type { Command } from 'commander';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { composedField, noteWords, oneWordEach } from '../query-words.ts';
import { topNParser } from '../flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';
import { formatNeighbors } from '../text-output.ts';

interface AnalogyFlags extends LoadFlags {
  topN: number;
  method: '3cosadd' | '3cosmul';
  restrict?: number;
}

/** Registers `w2v analogy`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('analogy')
    .description('A is to B as C is to ? (e.g. man king woman -> queen; 男人 国王 女人 -> 女王)')
    .argument('<model>', 'model folder or vector file')
    .argument('<a>')
    .argument('<b>')
    .argument('<c>')
    .option('--method <method>', '3cosadd (vector offset) or 3cosmul (Levy & Goldberg)', oneOf('3cosadd', '3cosmul'), '3cosadd')
    .option('-k, --top-n <n>', 'how many answers', topNParser, 10)
    .option('--restrict <n>', 'search only the N most frequent words', topNParser);
  addLoadFlags(command);
  return command.action(async (modelPath: string, a: string, b: string, c: string, flags: AnalogyFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    const [qa, qb, qc] = oneWordEach(model, [a, b, c]) as [string, string, string];
    noteWords(io, [a, b, c], [qa, qb, qc], 'words', model.kv);
    const results = model.kv.analogy(qa, qb, qc, { method: flags.method, topN: flags.topN, restrictVocab: flags.restrict });
    if (flags.json) printJson(io, { model: modelPath, a: qa, b: qb, c: qc, method: flags.method, ...composedField(model.kv, [qa, qb, qc]), results });
    else io.stdout.write(formatNeighbors(results));
  });
}
