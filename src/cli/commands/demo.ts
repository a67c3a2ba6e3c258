// `w2v demo` (what `npm start` runs): trains skip-gram vectors on 红楼梦 (corpora/hongloumeng.txt, jieba)
// into models/demo under the package root, then prints the nearest words of a few characters and things.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { readModelFolder } from '../../io/model-folder.ts';
import { KeyedVectors } from '../../vectors/keyed-vectors.ts';
import { int } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { EXIT, ExitRequest, runCli } from '../main.ts';

/** The package root: this file is src/cli/commands/demo.ts or dist/cli/commands/demo.js. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Words whose neighbours the demo prints (those missing from the vocabulary are skipped). */
export const DEMO_PROBES = ['宝玉', '黛玉', '贾母', '凤姐', '袭人', '银子', '哭'];

/** Registers `w2v demo`. */
export function register(program: Command, io: CliIo): Command {
  return program
    .command('demo')
    .description('train on 红楼梦 (corpora/hongloumeng.txt) into models/demo and show nearest words (about 15 s on 2 cores)')
    .addOption(new Option('-o, --output <dir>', 'model folder to write').default(join(ROOT, 'models', 'demo'), 'models/demo in the package folder'))
    .option('--epochs <n>', 'passes over the novel', int(1), 5)
    .option('--workers <n>', 'worker threads (default: number of cores)', int(1))
    .option('-k, --top-n <n>', 'neighbours per probe word', int(1), 10)
    .action(async (opts: { output: string; epochs: number; workers?: number; topN: number }) => {
      const corpus = join(ROOT, 'corpora', 'hongloumeng.txt');
      if (!existsSync(corpus)) throw new Word2VecError('E_INPUT', `${corpus}: the demo corpus is missing (it ships in the package's corpora/ folder)`);
      io.stdout.write(`w2v demo: skip-gram word vectors of 红楼梦 (${corpus})\n`);
      // skip-gram suits a small corpus with many rare names; min-count 5 keeps ~9k words
      const argv = ['train', corpus, '-o', opts.output, '--lang', 'zh', '--model', 'sg', '--dim', '100', '--window', '5'];
      argv.push('--negative', '5', '--min-count', '5', '--epochs', String(opts.epochs), '--seed', '1');
      if (opts.workers !== undefined) argv.push('--workers', String(opts.workers));
      const code = await runCli(argv, io);
      if (code !== EXIT.ok) throw new ExitRequest(code);
      const model = await readModelFolder(opts.output);
      const kv = new KeyedVectors(model.words, model.vectors, model.meta.dim, model.counts);
      io.stdout.write(`\nnearest words (cosine) in ${opts.output}:\n`);
      for (const word of DEMO_PROBES) {
        if (!kv.has(word)) continue;
        const near = kv.mostSimilar(word, { topN: opts.topN });
        io.stdout.write(`  ${word}: ${near.map((n) => `${n.word} ${n.similarity.toFixed(2)}`).join('  ')}\n`);
      }
      io.stdout.write(`\ntry: w2v similar ${opts.output} 宝玉   |   w2v analogy ${opts.output} 宝玉 黛玉 贾母\n`);
    });
}
