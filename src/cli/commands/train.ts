// `w2v train`: builds the vocabulary, trains, checkpoints the model folder (after the last epoch, every
// --checkpoint-every seconds at epoch ends, and on SIGINT/SIGTERM), resumes a stopped run (--resume) or
// continues a finished model on more text (--from).
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { formatFromExtension, writeVectors } from '../../io/formats/index.ts';
import { type ModelFolder, readModelFolder, writeModelFolder } from '../../io/model-folder.ts';
import {
  DEFAULT_TOKENIZER_OPTIONS,
  DEFAULT_TRAIN_OPTIONS,
  resolveTokenizerOptions,
  type TokenizerOptions,
  type TrainOptions,
} from '../../options.ts';
import type { TrainHooks, TrainProgress, Word2Vec } from '../../train/word2vec.ts';
import { EXIT, ExitRequest, UsageError } from '../exit.ts';
import { addFlags, int, oneOf, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { checkFreeSpace, checkOutputPath } from '../output-path.ts';
import { formatBytes, formatCount, plural, ProgressWriter } from '../progress.ts';
import { learnAutoPhrases } from '../learn-phrases.ts';

/** Registers `w2v train [inputs...] -o DIR` (also `--resume DIR` and `--from DIR`). */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('train')
    .description('train word vectors on text and write a model folder (checkpointed as it trains; resumable)')
    .argument('[inputs...]', 'text files, folders, globs, .gz files, or - for stdin')
    .option('-o, --output <dir>', 'model folder to write (model.json, vocab.tsv, vectors.f32, output.f32, state.json)')
    .option('--export <file>', 'also write the vectors in word2vec format: FILE.bin binary, any other name text')
    .option('-q, --quiet', 'no progress and no summary')
    .option('--progress <mode>', 'progress on stderr: bar, or json (one JSON object per line, about once a second)', oneOf('bar', 'json'), 'bar')
    .option('--progress-interval <ms>', 'milliseconds between progress reports while training', int(10), 1000)
    .option('--checkpoint-every <seconds>', 'write the checkpoint at the end of an epoch once this many seconds have passed since the last (0: every epoch)', int(0), 30)
    .option('--resume <dir>', 'continue a stopped run from its checkpoint, with its stored options and inputs')
    .option('--from <dir>', 'train an existing model further on these inputs (same vocabulary; new words are ignored)')
    .option('--force', `allow --loss softmax above 500,000 words`)
    .option('--overwrite', 'replace the model folder at -o (and the --export file) if they exist; w2v never replaces what it did not write');
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS);
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS);
  command.addHelpText(
    'after',
    `
Notes:
  --loss hs ignores --negative. --workers 1 with a --seed makes a run repeatable bit for bit (same backend).
  The model folder is written after the last epoch and, while training, at the end of an epoch once
  --checkpoint-every seconds (default 30) have passed since the last write: a crash loses at most the work
  since that write (those seconds and the epoch in progress).
  Ctrl-C (SIGINT) or SIGTERM during the epochs finishes the current batch, writes a checkpoint and exits
  (130/143); before the epochs (counting, encoding) it exits at once, as does a second Ctrl-C. The previous
  checkpoint stays intact whatever happens.
  -o must be a new path, an empty folder, or (with --overwrite) a model folder written by w2v.

Examples:
  w2v train corpora/hongloumeng.txt -o models/hlm --model sg --epochs 5
  w2v train --tokenized text8 -o models/text8 --export models/text8/vectors.bin
  w2v train --tokenized text8 -o models/text8-phrases --phrases auto     # new_york as one token
  w2v train --resume models/hlm
  w2v train --from models/hlm more-chapters.txt -o models/hlm2 --epochs 2`,
  );
  return command.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const quiet = opts.quiet === true;
    const json = opts.progress === 'json';
    const overwrite = opts.overwrite === true;
    const progress = new ProgressWriter(io.stderr, { quiet: quiet || json });
    const event = (value: Record<string, unknown>): void => {
      if (json && !quiet) io.stderr.write(`${JSON.stringify(value)}\n`);
    };
    const note = (text: string, value: Record<string, unknown>): void => {
      if (quiet) return;
      if (json) event(value);
      else io.stderr.write(text);
    };
    const warn = (message: string): void => {
      progress.done();
      if (json) io.stderr.write(`${JSON.stringify({ phase: 'warning', message })}\n`);
      else io.stderr.write(`warning: ${message}\n`);
    };
    const explicit = (key: string): boolean => command.getOptionValueSource(key) === 'cli';
    const resumeDir = opts.resume as string | undefined;
    const fromDir = opts.from as string | undefined;
    const exportPath = opts.export as string | undefined;
    if (resumeDir !== undefined && fromDir !== undefined) throw new UsageError('--resume and --from cannot be combined');
    if (resumeDir === undefined) {
      if (inputs.length === 0) throw new UsageError('no inputs: pass text files, folders or - (or --resume DIR)');
      if (opts.output === undefined) throw new UsageError('missing -o, --output <dir>: the model folder to write');
    }
    const output = (opts.output as string | undefined) ?? resumeDir!;
    // the output paths are checked before a byte of the corpus is read; resuming writes into its own folder
    if (resumeDir === undefined || resolve(output) !== resolve(resumeDir)) await checkOutputPath(output, { kind: 'model', overwrite });
    if (exportPath !== undefined) await checkOutputPath(exportPath, { kind: 'file', overwrite, flag: '--export' });

    const { Word2Vec, tableBytes } = await import('../../train/word2vec.ts'); // loads the trainer: not for --help
    let w2v: Word2Vec;
    let absoluteInputs: string[];
    // one bar per phase: a new phase clears the previous phase's line rather than leaving it frozen
    let phase: string | undefined;
    let lastLoss = Number.NaN;
    const buildHooks = { onProgress: (p: TrainProgress) => show(p), onWarning: warn };
    if (resumeDir !== undefined) {
      const ignored = [...Object.keys(TRAIN_FLAGS), ...Object.keys(TOKENIZER_FLAGS)].filter(explicit);
      if (ignored.length > 0) warn(`--resume continues with the stored options; ignoring ${ignored.map(flagOf).join(', ')}`);
      const model = await readModelFolder(resumeDir, true, 'resume');
      const stored = Array.isArray(model.meta.inputs) ? (model.meta.inputs as string[]) : [];
      absoluteInputs = inputs.length > 0 ? inputs.map((i) => (i === '-' ? i : resolve(i))) : stored;
      if (absoluteInputs.length === 0) throw new Word2VecError('E_RESUME_MISMATCH', `${resumeDir}: the checkpoint does not record its inputs; pass them: w2v train <inputs...> --resume ${resumeDir}`);
      if (absoluteInputs.includes('-')) throw new Word2VecError('E_RESUME_MISMATCH', 'a run trained on stdin cannot be resumed (the text is gone); train from files to be able to resume');
      const corpus = await openCorpus(absoluteInputs, model.meta.tokenizer, { maxSentenceLength: model.meta.options.maxSentenceLength, stdin: io.stdin });
      w2v = await Word2Vec.resume(model, corpus, buildHooks);
      note(`resuming ${resumeDir} at epoch ${model.meta.lossPerEpoch.length + 1}/${model.meta.options.epochs}\n`, { phase: 'resume', model: resumeDir, epoch: model.meta.lossPerEpoch.length + 1, epochs: model.meta.options.epochs });
    } else {
      absoluteInputs = inputs.map((i) => (i === '-' ? i : resolve(i)));
      if (fromDir !== undefined) {
        const model = await readModelFolder(fromDir, true, 'continue');
        // the model's own options carry over (sg stays sg); only flags given on this command line change them
        const overrides: Partial<TrainOptions> = {};
        const picked = pickOptions(TRAIN_FLAGS, opts) as Record<string, unknown>;
        for (const key of Object.keys(picked)) if (explicit(key)) (overrides as Record<string, unknown>)[key] = picked[key];
        // machine settings are this machine's, not the trainer's of the model
        for (const key of MACHINE_OPTIONS) if (!explicit(key)) (overrides as Record<string, unknown>)[key] = DEFAULT_TRAIN_OPTIONS[key];
        const corpus = await openCorpus(inputs, model.meta.tokenizer, { maxSentenceLength: overrides.maxSentenceLength ?? model.meta.options.maxSentenceLength, stdin: io.stdin });
        w2v = await Word2Vec.continueFrom(model, corpus, overrides, buildHooks);
        const { tokens, vocabTokens } = w2v.encodeStats;
        endPhase();
        const share = (((tokens - vocabTokens) / Math.max(1, tokens)) * 100).toFixed(1);
        note(`continuing ${fromDir}: ${formatCount(tokens - vocabTokens)} of ${formatCount(tokens)} tokens (${share}%) are not in its vocabulary and are ignored\n`, {
          phase: 'continue',
          model: fromDir,
          tokens,
          ignoredTokens: tokens - vocabTokens,
        });
      } else {
        let tokenizer: TokenizerOptions = resolveTokenizerOptions(pickOptions(TOKENIZER_FLAGS, opts));
        const options = pickOptions(TRAIN_FLAGS, opts);
        const auto = tokenizer.phrases === 'auto';
        let corpus = await openCorpus(inputs, auto ? { ...tokenizer, phrases: undefined } : tokenizer, { maxSentenceLength: options.maxSentenceLength ?? DEFAULT_TRAIN_OPTIONS.maxSentenceLength, stdin: io.stdin });
        if (auto) {
          const learned = await learnAutoPhrases(corpus, tokenizer, io, progress);
          ({ corpus, tokenizer } = learned);
          if (!quiet) io.stderr.write(`phrases: learned ${learned.table.size} (gensim's defaults; \`w2v phrases\` sets others), applied from here on\n`);
        }
        w2v = await Word2Vec.build(corpus, options, { tokenizer, force: opts.force === true, hooks: buildHooks });
      }
    }

    try {
      endPhase();
      const o = w2v.options;
      // now the sizes are known: the folder is written beside the old one (then swapped), so twice its size
      const weightBytes = tableBytes(o, w2v.vocab.size);
      const modelBytes = weightBytes + (o.subwords ? w2v.vocab.size * o.dim * 4 : 0) + w2v.vocab.size * 24;
      await checkFreeSpace(dirname(resolve(output)), 2 * modelBytes, output);
      note(
        `vocabulary: ${plural(w2v.vocab.size, 'word')}, ${formatCount(w2v.corpus.vocabTokens)} of ${formatCount(w2v.corpus.tokens)} tokens; ` +
          `${o.model} ${o.loss}${o.loss === 'ns' ? ` (${o.negative} negatives)` : ''}, dim ${o.dim}, window ${o.window}, ${plural(o.epochs, 'epoch')}, ${plural(o.workers, 'worker')}\n` +
          (o.subwords ? `subwords: character n-grams of ${o.minn}-${o.maxn} in ${formatCount(o.bucket)} buckets; the weight tables take ${formatMegabytes(weightBytes)}\n` : '') +
          `encoded corpus: ${formatMegabytes(w2v.idsFile.bytes)} in ${dirname(w2v.idsFile.path)} (removed when training ends)\n`,
        {
          phase: 'vocabulary',
          words: w2v.vocab.size,
          tokens: w2v.corpus.tokens,
          vocabTokens: w2v.corpus.vocabTokens,
          idsFile: w2v.idsFile.path,
          idsBytes: w2v.idsFile.bytes,
          weightBytes,
          options: o,
        },
      );
      const hooks: TrainHooks = {
        onStart: (backend) => note(`backend: ${backend}\n`, { phase: 'start', backend }),
        onProgress: show,
        onWarning: warn,
        progressIntervalMs: opts.progressInterval as number,
        checkpointEverySeconds: opts.checkpointEvery as number,
        onCheckpoint: async (model: ModelFolder) => {
          model.meta.inputs = absoluteInputs;
          await writeModelFolder(output, model);
          const state = model.state as { midEpoch?: boolean } | undefined;
          if (state?.midEpoch === true) event({ phase: 'checkpoint', epoch: model.meta.lossPerEpoch.length + 1, epochs: o.epochs, checkpoint: output });
        },
        onEpoch: (e) => event({ phase: 'epoch', epoch: e.epoch, epochs: o.epochs, loss: e.loss, seconds: e.seconds, ...(e.checkpointed ? { checkpoint: output } : {}) }),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
      };
      // while training runs, the first Ctrl-C writes a checkpoint instead of exiting at once
      const release = io.deferInterrupts?.();
      let summary: Awaited<ReturnType<Word2Vec['train']>>;
      try {
        summary = await w2v.train(hooks);
      } finally {
        release?.();
      }
      progress.done();
      if (summary.interrupted) {
        const code = summary.reason === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
        event({ phase: 'done', interrupted: true, signal: summary.reason, exitCode: code, epochsDone: summary.epochsDone, lossPerEpoch: summary.lossPerEpoch, model: output });
        io.stderr.write(json ? '' : `interrupted: checkpoint written to ${output}; continue with: w2v train --resume ${output}\n`);
        throw new ExitRequest(code);
      }
      if (exportPath !== undefined) await writeVectors(exportPath, w2v.vocab.words, w2v.wordVectors(), w2v.tables.dim, formatFromExtension(exportPath));
      event({
        phase: 'done',
        interrupted: false,
        words: w2v.vocab.size,
        dim: w2v.tables.dim,
        backend: w2v.backend,
        wordsPerSecond: summary.wordsPerSecond,
        lossPerEpoch: summary.lossPerEpoch,
        model: output,
        ...(exportPath === undefined ? {} : { export: exportPath }),
      });
      if (!quiet) {
        const losses = summary.lossPerEpoch.map((l) => l.toFixed(4)).join(' ');
        io.stdout.write(
          `trained ${plural(w2v.vocab.size, 'word')} x ${w2v.tables.dim} dims on ${w2v.backend}: ${formatCount(summary.wordsPerSecond)} words/s; loss per epoch ${losses}\n` +
            `wrote ${output}${exportPath === undefined ? '' : ` and ${exportPath}`}\n`,
        );
      }
    } finally {
      w2v.dispose();
    }

    function endPhase(): void {
      progress.clear();
      phase = undefined;
    }

    function show(p: TrainProgress): void {
      if (quiet) return;
      if (p.phase === 'train' && Number.isFinite(p.loss)) lastLoss = p.loss;
      if (json) {
        // NaN is not JSON: a report without a measured loss (before the first batch, at an epoch boundary) omits it
        const { loss, etaSeconds, ...rest } = p;
        io.stderr.write(`${JSON.stringify({ ...rest, ...(Number.isFinite(loss) ? { loss } : {}), ...(etaSeconds === undefined ? {} : { etaSeconds }) })}\n`);
        return;
      }
      if (phase !== undefined && phase !== p.phase) progress.clear();
      phase = p.phase;
      if (p.phase !== 'train') {
        // one bar per pass over the text: the scan reads, tokenizes and counts (and spools the ids); encoding
        // (resume, --from, a pruned scan) reads and tokenizes again
        const fields: Record<string, string> = {};
        if (p.bytes !== undefined) fields.read = p.totalBytes === undefined ? formatBytes(p.bytes) : `${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}`;
        if (p.bytesPerSecond !== undefined) fields.at = `${formatBytes(Math.round(p.bytesPerSecond))}/s`;
        fields['words/s'] = formatCount(p.wordsPerSecond);
        progress.update({ label: p.phase === 'vocab' ? 'reading' : 'encoding', fraction: p.progress, fields, etaSeconds: p.etaSeconds });
        return;
      }
      // the bar shows the current epoch; `total` is the share of the whole run
      const epochFraction = Math.min(1, Math.max(0, p.progress * p.epochs - (p.epoch - 1)));
      progress.update({
        label: `epoch ${p.epoch}/${p.epochs}`,
        fraction: epochFraction,
        fields: {
          total: `${(p.progress * 100).toFixed(1)}%`,
          'words/s': formatCount(p.wordsPerSecond),
          lr: p.alpha.toFixed(5),
          ...(Number.isFinite(lastLoss) ? { loss: lastLoss.toFixed(4) } : {}),
        },
        etaSeconds: p.etaSeconds,
      });
    }
  });
}

// --- internal ---

/** Options that describe the machine rather than the model: `--from` does not carry them over. */
const MACHINE_OPTIONS = ['workers', 'backend', 'batchSize'] as const;

function flagOf(key: string): string {
  const flag = (TRAIN_FLAGS as Record<string, { flags: string } | null>)[key] ?? (TOKENIZER_FLAGS as Record<string, { flags: string } | null>)[key];
  return flag?.flags.match(/--[a-z0-9-]+/)?.[0] ?? `--${key}`;
}

function formatMegabytes(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(0)} kB` : `${(bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0)} MB`;
}
