// `w2v demo` (what `npm start` runs): trains skip-gram vectors on 红楼梦 (the package's corpora/hongloumeng.txt,
// jieba) into ./models/demo under the current folder, then prints the nearest words of a few characters and
// things. It calls the library (Word2Vec, writeModelFolder, KeyedVectors) as a user's program would.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { type ModelFolder, writeModelFolder } from '../../io/model-folder.ts';
import { resolveTokenizerOptions } from '../../options.ts';
import type { TrainProgress } from '../../train/word2vec.ts';
import { KeyedVectors } from '../../vectors/keyed-vectors.ts';
import { EXIT, ExitRequest } from '../exit.ts';
import { int } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { checkOutputPath } from '../output-path.ts';
import { formatCount, plural, ProgressWriter } from '../progress.ts';
import { formatScore } from '../text-output.ts';

/** The package root: this file is src/cli/commands/demo.ts or dist/cli/commands/demo.js. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the demo writes, relative to the current folder (never inside the package, which may be node_modules). */
export const DEMO_OUTPUT = join('models', 'demo');

/** Words whose neighbours the demo prints (those missing from the vocabulary are skipped). */
export const DEMO_PROBES = ['宝玉', '黛玉', '贾母', '凤姐', '袭人', '银子', '哭'];

/** Registers `w2v demo`. */
export function register(program: Command, io: CliIo): Command {
  return program
    .command('demo')
    .description('train on 红楼梦 (the package\'s corpora/hongloumeng.txt) into ./models/demo and show nearest words (about 15 s on 2 cores)')
    .addOption(new Option('--out <dir>', 'model folder to write').default(DEMO_OUTPUT, './models/demo in the current folder'))
    .addOption(new Option('-o, --output <dir>', 'same as --out').hideHelp())
    .option('--overwrite', 'replace a model folder at --out that the demo did not write')
    .option('--epochs <n>', 'passes over the novel', int(1), 5)
    .option('--workers <n>', 'worker threads (default: number of cores)', int(1))
    .option('-k, --top-n <n>', 'neighbours per probe word', int(1), 10)
    .action(async (opts: { out: string; output?: string; overwrite?: boolean; epochs: number; workers?: number; topN: number }) => {
      const out = opts.output ?? opts.out;
      const corpusPath = join(ROOT, 'corpora', 'hongloumeng.txt');
      if (!existsSync(corpusPath)) throw new Word2VecError('E_INPUT', `${corpusPath}: the demo corpus is missing (it ships in the package's corpora/ folder)`);
      // a model the demo wrote before is the demo's to replace; anything else follows the usual rules
      const ownDemo = await isDemoModel(out);
      await checkOutputPath(out, { kind: 'model', overwrite: opts.overwrite === true || ownDemo });
      io.stdout.write(`w2v demo: skip-gram word vectors of 红楼梦 (${corpusPath})\nmodel folder: ${resolve(out)}\n`);

      const { Word2Vec } = await import('../../train/word2vec.ts');
      const tokenizer = resolveTokenizerOptions({ lang: 'zh' });
      const corpus = await openCorpus([corpusPath], tokenizer, { maxSentenceLength: 10_000, stdin: io.stdin });
      const progress = new ProgressWriter(io.stderr);
      const show = (p: TrainProgress): void => {
        const label = p.phase === 'train' ? `epoch ${p.epoch}/${p.epochs}` : p.phase === 'vocab' ? 'counting' : 'encoding';
        progress.update({ label, fraction: p.progress, fields: p.phase === 'train' ? { 'words/s': formatCount(p.wordsPerSecond) } : {}, etaSeconds: p.etaSeconds });
      };
      // skip-gram suits a small corpus with many rare names; min-count 5 keeps ~9k words
      const w2v = await Word2Vec.build(
        corpus,
        { model: 'sg', dim: 100, window: 5, negative: 5, minCount: 5, epochs: opts.epochs, seed: 1, ...(opts.workers === undefined ? {} : { workers: opts.workers }) },
        { tokenizer, hooks: { onProgress: show } },
      );
      let model: ModelFolder | undefined;
      try {
        progress.clear();
        io.stderr.write(`vocabulary: ${plural(w2v.vocab.size, 'word')}, ${plural(w2v.options.epochs, 'epoch')}, ${plural(w2v.options.workers, 'worker')}\n`);
        const release = io.deferInterrupts?.();
        try {
          const summary = await w2v.train({
            onStart: (backend) => io.stderr.write(`backend: ${backend}\n`),
            onProgress: show,
            checkpointEverySeconds: 30,
            onCheckpoint: async (m) => {
              m.meta.demo = true;
              await writeModelFolder(out, m);
              model = m;
            },
            ...(io.signal === undefined ? {} : { signal: io.signal }),
          });
          progress.done();
          if (summary.interrupted) {
            io.stderr.write(`interrupted: checkpoint written to ${out}\n`);
            throw new ExitRequest(summary.reason === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);
          }
        } finally {
          release?.();
        }
      } finally {
        w2v.dispose();
      }
      if (model === undefined) throw new Error('training ended without a checkpoint');
      const kv = new KeyedVectors(model.words, model.vectors, model.meta.dim, model.counts);
      io.stdout.write(`\nnearest words (cosine) in ${out}:\n`);
      for (const word of DEMO_PROBES) {
        if (!kv.has(word)) continue;
        const near = kv.mostSimilar(word, { topN: opts.topN });
        io.stdout.write(`  ${word}: ${near.map((n) => `${n.word} ${formatScore(n.similarity)}`).join('  ')}\n`);
      }
      io.stdout.write(`\ntry: w2v similar ${out} 宝玉   |   w2v analogy ${out} 宝玉 黛玉 贾母\n`);
    });
}

// --- internal ---

async function isDemoModel(dir: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { demo?: unknown }).demo === true;
  } catch {
    return false;
  }
}
