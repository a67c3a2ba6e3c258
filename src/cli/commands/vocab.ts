// `w2v vocab`: counts the corpus the way training will and writes vocab.tsv (word<TAB>count, most frequent
// first), with a progress line on stderr and a summary of what min-count / max-vocab kept.
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../../io/atomic.ts';
import { vocabTsv } from '../../io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS, resolveTokenizerOptions, resolveTrainOptions, resolveVocabOptions } from '../../options.ts';
import { buildVocab } from '../../vocab/build-vocab.ts';
import { addFlags, int, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { checkOutputPath, textToFileCommand } from '../output-path.ts';
import { formatBytes, formatCount, formatInt, ProgressWriter } from '../progress.ts';

/** Registers `w2v vocab <inputs...> [-o vocab.tsv]`. */
export function register(program: Command, io: CliIo): Command {
  const command = textToFileCommand(program, 'vocab', 'count words and write the vocabulary (word<TAB>count, most frequent first)', 'vocab.tsv')
    .option('-q, --quiet', 'no progress line and no summary')
    .addOption(new Option('--workers <n>', 'tokenizing threads (inputs of 4 MB or more; the same vocabulary as one)').argParser(int(1)).default(0, 'number of cores'));
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS, ['minCount', 'maxVocab', 'maxTypes', 'maxSentenceLength']);
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS);
  command.addHelpText(
    'after',
    `
Examples:
  w2v vocab corpora/hongloumeng.txt -o hlm-vocab.tsv
  w2v vocab --tokenized --min-count 5 text8 -o text8-vocab.tsv
  w2v vocab --max-vocab 30000 books/ | head -20`,
  );
  return command.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const output = opts.output as string | undefined;
    if (output !== undefined) await checkOutputPath(output, { kind: 'file', overwrite: opts.overwrite === true });
    const tokenizer = resolveTokenizerOptions(pickOptions(TOKENIZER_FLAGS, opts));
    const train = pickOptions(TRAIN_FLAGS, opts);
    const vocabOptions = resolveVocabOptions(train);
    const quiet = opts.quiet === true;
    const corpus = await openCorpus(inputs, tokenizer, {
      maxSentenceLength: train.maxSentenceLength ?? DEFAULT_TRAIN_OPTIONS.maxSentenceLength,
      stdin: io.stdin,
    });
    const progress = new ProgressWriter(io.stderr, { quiet });
    const started = performance.now();
    const { vocab, stats } = await buildVocab(corpus, vocabOptions, {
      onProgress: ({ bytes, totalBytes, tokens }) => {
        const seconds = (performance.now() - started) / 1000;
        const fraction = totalBytes === undefined || totalBytes === 0 ? undefined : bytes / totalBytes;
        progress.update({
          label: 'counting',
          fraction,
          fields: {
            read: totalBytes === undefined ? formatBytes(bytes) : `${formatBytes(bytes)}/${formatBytes(totalBytes)}`,
            tokens: formatCount(tokens),
            'tokens/s': formatCount(seconds > 0 ? tokens / seconds : 0),
          },
          etaSeconds: fraction !== undefined && fraction > 0 ? (seconds * (1 - fraction)) / fraction : undefined,
        });
      },
      onWarning: (message) => {
        progress.done();
        io.stderr.write(`warning: ${message}\n`);
      },
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    }, resolveTrainOptions({ workers: opts.workers as number }).workers);
    progress.clear();
    const tsv = vocabTsv(vocab.words, vocab.counts);
    if (output === undefined) io.stdout.write(tsv);
    else await writeFileAtomic(output, tsv);
    if (!quiet) {
      const seconds = (performance.now() - started) / 1000;
      const limit = vocabOptions.maxVocab > 0 ? `, max-vocab ${vocabOptions.maxVocab}` : '';
      const summary =
        `${formatInt(stats.totalTokens)} tokens, ${stats.pruned > 0 ? 'at most ' : ''}${formatInt(stats.totalTypes)} distinct words; ` +
        `kept ${formatInt(stats.keptTypes)} words (min-count ${vocabOptions.minCount}${limit}) covering ${(stats.coverage * 100).toFixed(2)}% of tokens` +
        (stats.pruned > 0 ? `; ${formatInt(stats.pruned)} rare-word counts pruned while counting` : '') +
        ` (${seconds.toFixed(1)} s)` +
        (output === undefined ? '' : `; wrote ${output}`);
      // the vocabulary itself owns stdout when no -o is given
      (output === undefined ? io.stderr : io.stdout).write(`${summary}\n`);
    }
  });
}
