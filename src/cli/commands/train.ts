// `w2v train`: builds the vocabulary, trains, checkpoints the model folder after every epoch and on
// SIGINT/SIGTERM, resumes a stopped run (--resume) or continues a finished model on more text (--from).
import { resolve } from 'node:path';
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
import { type TrainHooks, type TrainProgress, Word2Vec } from '../../train/word2vec.ts';
import { addFlags, oneOf, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { learnAutoPhrases } from '../learn-phrases.ts';
import { EXIT, ExitRequest } from '../main.ts';
import { formatCount, ProgressWriter } from '../progress.ts';

/** Registers `w2v train [inputs...] -o DIR` (also `--resume DIR` and `--from DIR`). */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('train')
    .description('train word vectors on text and write a model folder (checkpointed every epoch; resumable)')
    .argument('[inputs...]', 'text files, folders, globs, .gz files, or - for stdin')
    .option('-o, --output <dir>', 'model folder to write (model.json, vocab.tsv, vectors.f32, output.f32, state.json)')
    .option('--export <file>', 'also write the vectors in word2vec format: FILE.bin binary, any other name text')
    .option('-q, --quiet', 'no progress and no summary')
    .option('--progress <mode>', 'progress on stderr: bar, or json (one JSON object per line, about once a second)', oneOf('bar', 'json'), 'bar')
    .option('--resume <dir>', 'continue a stopped run from its checkpoint, with its stored options and inputs')
    .option('--from <dir>', 'train an existing model further on these inputs (same vocabulary; new words are ignored)')
    .option('--force', `allow --loss softmax above 500,000 words`);
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS);
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS);
  command.addHelpText(
    'after',
    `
Notes:
  --loss hs ignores --negative. --workers 1 with a --seed makes a run repeatable bit for bit (same backend).
  Ctrl-C (SIGINT) or SIGTERM finishes the current batch, writes a checkpoint and exits (130/143);
  a second Ctrl-C exits at once. The previous checkpoint stays intact whatever happens.

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
    const progress = new ProgressWriter(io.stderr, { quiet: quiet || json });
    const warn = (message: string): void => {
      progress.done();
      io.stderr.write(`warning: ${message}\n`);
    };
    const explicit = (key: string): boolean => command.getOptionValueSource(key) === 'cli';
    const resumeDir = opts.resume as string | undefined;
    const fromDir = opts.from as string | undefined;
    if (resumeDir !== undefined && fromDir !== undefined) throw usage('--resume and --from cannot be combined');

    let w2v: Word2Vec;
    let output: string;
    let absoluteInputs: string[];
    const buildHooks = { onProgress: (p: TrainProgress) => show(p), onWarning: warn };
    if (resumeDir !== undefined) {
      const ignored = [...Object.keys(TRAIN_FLAGS), ...Object.keys(TOKENIZER_FLAGS)].filter(explicit);
      if (ignored.length > 0) warn(`--resume continues with the stored options; ignoring ${ignored.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
      const model = await readModelFolder(resumeDir, true);
      const stored = Array.isArray(model.meta.inputs) ? (model.meta.inputs as string[]) : [];
      absoluteInputs = inputs.length > 0 ? inputs.map((i) => (i === '-' ? i : resolve(i))) : stored;
      if (absoluteInputs.length === 0) throw new Word2VecError('E_RESUME_MISMATCH', `${resumeDir}: the checkpoint does not record its inputs; pass them: w2v train <inputs...> --resume ${resumeDir}`);
      if (absoluteInputs.includes('-')) throw new Word2VecError('E_RESUME_MISMATCH', 'a run trained on stdin cannot be resumed (the text is gone); train from files to be able to resume');
      const corpus = await openCorpus(absoluteInputs, model.meta.tokenizer, { maxSentenceLength: model.meta.options.maxSentenceLength, stdin: io.stdin });
      w2v = await Word2Vec.resume(model, corpus, buildHooks);
      output = (opts.output as string | undefined) ?? resumeDir;
      if (!quiet) io.stderr.write(`resuming ${resumeDir} at epoch ${model.meta.lossPerEpoch.length + 1}/${model.meta.options.epochs}\n`);
    } else {
      if (inputs.length === 0) throw usage('no inputs: pass text files, folders or - (or --resume DIR)');
      if (opts.output === undefined) throw usage('missing -o, --output <dir>: the model folder to write');
      output = opts.output as string;
      absoluteInputs = inputs.map((i) => (i === '-' ? i : resolve(i)));
      if (fromDir !== undefined) {
        const model = await readModelFolder(fromDir, true);
        const overrides: Partial<TrainOptions> = {};
        const picked = pickOptions(TRAIN_FLAGS, opts) as Record<string, unknown>;
        for (const key of Object.keys(picked)) if (explicit(key)) (overrides as Record<string, unknown>)[key] = picked[key];
        const corpus = await openCorpus(inputs, model.meta.tokenizer, { maxSentenceLength: overrides.maxSentenceLength ?? model.meta.options.maxSentenceLength, stdin: io.stdin });
        w2v = await Word2Vec.continueFrom(model, corpus, overrides, buildHooks);
        const { tokens, vocabTokens } = w2v.encodeStats;
        if (!quiet) {
          progress.done();
          io.stderr.write(`continuing ${fromDir}: ${formatCount(tokens - vocabTokens)} of ${formatCount(tokens)} tokens (${(((tokens - vocabTokens) / Math.max(1, tokens)) * 100).toFixed(1)}%) are not in its vocabulary and are ignored\n`);
        }
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
      progress.done();
      if (!quiet) {
        const o = w2v.options;
        io.stderr.write(
          `vocabulary: ${w2v.vocab.size} words, ${formatCount(w2v.corpus.vocabTokens)} of ${formatCount(w2v.corpus.tokens)} tokens; ` +
            `${o.model} ${o.loss}${o.loss === 'ns' ? ` (${o.negative} negatives)` : ''}, dim ${o.dim}, window ${o.window}, ${o.epochs} epochs, ${o.workers} worker${o.workers === 1 ? '' : 's'}\n`,
        );
      }
      const hooks: TrainHooks = {
        onStart: (backend) => {
          if (!quiet) io.stderr.write(`backend: ${backend}\n`);
        },
        onProgress: show,
        onWarning: warn,
        onCheckpoint: async (model: ModelFolder) => {
          model.meta.inputs = absoluteInputs;
          await writeModelFolder(output, model);
        },
        ...(io.signal === undefined ? {} : { signal: io.signal }),
      };
      const summary = await w2v.train(hooks);
      progress.done();
      if (summary.interrupted) {
        io.stderr.write(`interrupted: checkpoint written to ${output}; continue with: w2v train --resume ${output}\n`);
        throw new ExitRequest(summary.reason === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);
      }
      const exportPath = opts.export as string | undefined;
      if (exportPath !== undefined) await writeVectors(exportPath, w2v.vocab.words, w2v.tables.input, w2v.tables.dim, formatFromExtension(exportPath));
      if (!quiet) {
        const losses = summary.lossPerEpoch.map((l) => l.toFixed(4)).join(' ');
        io.stdout.write(
          `trained ${w2v.vocab.size} words x ${w2v.tables.dim} dims on ${w2v.backend}: ${formatCount(summary.wordsPerSecond)} words/s; loss per epoch ${losses}\n` +
            `wrote ${output}${exportPath === undefined ? '' : ` and ${exportPath}`}\n`,
        );
      }
    } finally {
      w2v.dispose();
    }

    function show(p: TrainProgress): void {
      if (quiet) return;
      if (json) {
        io.stderr.write(`${JSON.stringify({ ...p, loss: Number.isFinite(p.loss) ? p.loss : null })}\n`);
        return;
      }
      if (p.phase !== 'train') {
        progress.update({ label: p.phase === 'vocab' ? 'counting' : 'encoding', fraction: p.progress, fields: {}, etaSeconds: p.etaSeconds });
        return;
      }
      progress.update({
        label: `epoch ${p.epoch}/${p.epochs}`,
        fraction: p.progress,
        fields: {
          'words/s': formatCount(p.wordsPerSecond),
          lr: p.alpha.toFixed(5),
          loss: Number.isFinite(p.loss) ? p.loss.toFixed(4) : '-',
        },
        etaSeconds: p.etaSeconds,
      });
    }
  });
}

// --- internal ---

function usage(message: string): Word2VecError {
  return new Word2VecError('E_INVALID_OPTION', message);
}
