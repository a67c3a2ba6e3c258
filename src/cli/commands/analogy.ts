// `w2v analogy MODEL A B C`: A is to B as C is to ? (3CosAdd or 3CosMul).
import type { Command } from 'commander';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { addLoadFlags, formatNeighbors, type LoadFlags, loadFromFlags, printJson, topNParser } from '../load-model.ts';

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
    .argument('<model>', 'model folder or word2vec text/binary file')
    .argument('<a>')
    .argument('<b>')
    .argument('<c>')
    .option('--method <method>', '3cosadd (vector offset) or 3cosmul (Levy & Goldberg)', oneOf('3cosadd', '3cosmul'), '3cosadd')
    .option('-k, --top-n <n>', 'how many answers', topNParser, 10)
    .option('--restrict <n>', 'search only the N most frequent words', topNParser);
  addLoadFlags(command);
  return command.action(async (modelPath: string, a: string, b: string, c: string, flags: AnalogyFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    const [qa, qb, qc] = [a, b, c].map(model.queryWord) as [string, string, string];
    const results = model.kv.analogy(qa, qb, qc, { method: flags.method, topN: flags.topN, restrictVocab: flags.restrict });
    if (flags.json) printJson(io, { model: modelPath, a: qa, b: qb, c: qc, method: flags.method, results });
    else io.stdout.write(formatNeighbors(results));
  });
}
