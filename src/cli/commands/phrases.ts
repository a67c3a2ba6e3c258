// `w2v phrases`: learns bigram phrases (gensim 4.2 Phrases semantics) and writes phrases.tsv, which
// `tokenize`, `vocab` and `train` apply with --phrases FILE.
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic.ts';
import { DEFAULT_PHRASE_OPTIONS, DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS, type PhraseOptions, resolvePhraseOptions, resolveTokenizerOptions, type TokenizerOptions } from '../../options.ts';
import { phrasesTsv } from '../../phrases/index.ts';
import { addFlags, PHRASE_FLAGS, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { describePasses, learnWithProgress } from '../learn-phrases.ts';
import { checkOutputPath } from '../output-path.ts';
import { formatInt, ProgressWriter } from '../progress.ts';

/** Registers `w2v phrases <inputs...> [-o phrases.tsv]`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('phrases')
    .description('learn phrases (new_york) as gensim Phrases does and write phrase<TAB>count<TAB>score, most frequent first')
    .argument('<inputs...>', 'text files, folders, globs ("data/**/*.txt"), .gz files, or - for stdin')
    .option('-o, --output <file>', 'write phrases.tsv to FILE (atomically) instead of stdout')
    .option('--overwrite', 'replace the output file if it exists')
    .option('-q, --quiet', 'no progress line and no summary');
  addFlags(command, PHRASE_FLAGS, DEFAULT_PHRASE_OPTIONS);
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS, ['maxSentenceLength']);
  const tokenizerKeys = (Object.keys(TOKENIZER_FLAGS) as (keyof TokenizerOptions)[]).filter((k) => k !== 'phrases');
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS, tokenizerKeys);
  command.addHelpText(
    'after',
    `
Apply the table with --phrases FILE in tokenize, vocab and train (train --phrases auto learns it first).

Examples:
  w2v phrases --tokenized text8 -o phrases.tsv
  w2v phrases --tokenized --scoring npmi --threshold 0.5 --connector-words english text8 -o phrases.tsv
  w2v phrases --passes 2 books/ -o phrases.tsv          # trigrams: new_york_city
  w2v train --phrases phrases.tsv --tokenized text8 -o models/text8-phrases`,
  );
  return command.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const output = opts.output as string | undefined;
    if (output !== undefined) await checkOutputPath(output, { kind: 'file', overwrite: opts.overwrite === true });
    const tokenizer = resolveTokenizerOptions(pickOptions(TOKENIZER_FLAGS, opts));
    const options: Readonly<PhraseOptions> = resolvePhraseOptions(pickOptions(PHRASE_FLAGS, opts));
    const quiet = opts.quiet === true;
    const corpus = await openCorpus(inputs, tokenizer, {
      maxSentenceLength: (opts.maxSentenceLength as number | undefined) ?? DEFAULT_TRAIN_OPTIONS.maxSentenceLength,
      stdin: io.stdin,
    });
    const started = performance.now();
    const progress = new ProgressWriter(io.stderr, { quiet });
    const { table, stats } = await learnWithProgress(corpus, tokenizer, options, io, progress);
    progress.done();
    const tsv = phrasesTsv(table);
    if (output === undefined) io.stdout.write(tsv);
    else await writeFileAtomic(output, tsv);
    if (!quiet) {
      const seconds = (performance.now() - started) / 1000;
      const summary =
        `${formatInt(stats[0]?.words ?? 0)} tokens; ${describePasses(stats)}; ${formatInt(table.size)} phrases in all ` +
        `(${options.scoring} scoring, threshold ${options.threshold}, min-count ${options.minCount}) (${seconds.toFixed(1)} s)` +
        (output === undefined ? '' : `; wrote ${output}`);
      (output === undefined ? io.stderr : io.stdout).write(`${summary}\n`);
    }
  });
}

