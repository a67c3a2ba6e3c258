// The trainer: owns the options, vocabulary, both weight tables, the encoded corpus and the schedule/RNG
// state, i.e. everything needed to continue training; `toKeyedVectors()` hands the vectors to the query side. Pipeline: buildVocab pass -> encoding pass
// to an ids file -> epochs over the ids on one or more threads -> model folder (checkpoints at epoch ends and on a stop).
// The query side (vectors/) never imports this module.
import { rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { Corpus } from '../corpus/corpus.ts';
import { Word2VecError } from '../errors.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFolder, type ModelMeta } from '../io/model-folder.ts';
import {
  DEFAULT_TOKENIZER_OPTIONS,
  resolveTrainOptions,
  type TokenizerOptions,
  type TrainOptions,
} from '../options.ts';
import { collectGarbage } from '../util/collect-garbage.ts';
import { Rng } from '../util/rng.ts';
import { buildVocabWithIds } from '../vocab/build-vocab.ts';
import { Vocab } from '../vocab/vocab.ts';
import { KeyedVectors } from '../vectors/keyed-vectors.ts';
import { composeVocabulary, SubwordVectors } from '../vectors/subwords.ts';
import { cutJobs, type EncodeStats, encodeChunks, encodeIds, type IdsFile, remapSpool, removeStaleIdsFiles, type Share, TypeIdSpool, tempIdsPath } from './ids-file.ts';
import { NEXT_JOB, type ShareTask } from './loop.ts';
import { learningRate } from './schedule.ts';
import { subwordRowsOf } from './setup.ts';
import { freshState, jobIndex, NO_JOB, nextJobOf, type TrainState } from './state.ts';
import { createTables, firstNonFinite, outputRows, tablesFrom } from './tables.ts';
import { type Executor, startExecutor } from './threads.ts';
import type { Tables } from './types.ts';

/** Vocabularies above this make full softmax slow: a warning. */
export const SOFTMAX_WARN_VOCAB = 50_000;
/** Vocabularies above this make full softmax impractical: refused unless forced. */
export const SOFTMAX_MAX_VOCAB = 500_000;

/** A progress report; `phase` says which pass is running. */
export interface TrainProgress {
  phase: 'vocab' | 'encode' | 'train';
  /** 1-based epoch (train phase), else 0. */
  epoch: number;
  epochs: number;
  /** Fraction of the phase done (train: of all epochs), 0..1. */
  progress: number;
  /** Learning rate of the latest batch. */
  alpha: number;
  /** Running mean loss of the current epoch (before its first batch the previous epoch's; NaN before any). */
  loss: number;
  /** Raw corpus words per second in this session. */
  wordsPerSecond: number;
  /** Seconds left in this phase, when it can be estimated. */
  etaSeconds: number | undefined;
  /** Passes over the text (vocab, encode): input bytes read so far, of totalBytes when known, and their rate. */
  bytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
}

/** Callbacks of a training run; the library never prints. */
export interface TrainHooks {
  onProgress?: (progress: TrainProgress) => void;
  onWarning?: (message: string) => void;
  /**
   * Called with the complete model (tables, state) to persist (await it): after the last epoch, when stopped,
   * and after an epoch once `checkpointEverySeconds` have passed since the last one.
   */
  onCheckpoint?: (model: ModelFolder) => Promise<void>;
  /**
   * Seconds of training between checkpoints at epoch ends (default 0: after every epoch). Each checkpoint writes
   * both tables whole; with short epochs that pause is a few percent of the run (BENCHMARKS.md section 1.5).
   */
  checkpointEverySeconds?: number;
  /** Called after each epoch (after its checkpoint, if one was due). */
  onEpoch?: (epoch: EpochReport) => void;
  /** Aborting finishes the current batch, checkpoints and returns with `interrupted: true`. */
  signal?: AbortSignal;
  /** Called once the threads are up, with the backend they run on. */
  onStart?: (backend: string) => void;
  /** Milliseconds between progress reports (default 1000). */
  progressIntervalMs?: number;
}

/** One finished epoch. */
export interface EpochReport {
  /** 1-based. */
  epoch: number;
  loss: number;
  seconds: number;
  /** A checkpoint was written after it. */
  checkpointed: boolean;
}

/** What a finished (or interrupted) `train()` reports. */
export interface TrainSummary {
  interrupted: boolean;
  /** The abort reason when interrupted (the CLI passes 'SIGINT' / 'SIGTERM'). */
  reason: unknown;
  epochsDone: number;
  lossPerEpoch: number[];
  wordsPerSecond: number;
  backend: string;
}

/** Extra settings of `Word2Vec.build`. */
export interface BuildSettings {
  /** Tokenizer settings recorded in model.json; default: the corpus's own (openCorpus), else the defaults. */
  tokenizer?: TokenizerOptions;
  /** Allow full softmax above SOFTMAX_MAX_VOCAB words. */
  force?: boolean;
  hooks?: Pick<TrainHooks, 'onProgress' | 'onWarning'>;
}

/** The word2vec trainer: build (vocab + encoding + weights), train with checkpoints, export. */
export class Word2Vec {
  readonly options: Readonly<TrainOptions>;
  readonly tokenizer: Readonly<TokenizerOptions>;
  readonly vocab: Vocab;
  readonly tables: Tables;
  /** Corpus statistics stored in model.json. */
  readonly corpus: ModelMeta['corpus'];
  lossPerEpoch: number[];
  timings: ModelMeta['timings'];
  backend: string;
  private state: TrainState;
  private ids: IdsFile | undefined;
  /** The epoch's jobs, in order (cut once per ids file), which the threads take from one queue. */
  private readonly jobs: Share[];
  private readonly extraMeta: Record<string, unknown>;

  private constructor(init: {
    options: Readonly<TrainOptions>;
    tokenizer: Readonly<TokenizerOptions>;
    vocab: Vocab;
    tables: Tables;
    corpus: ModelMeta['corpus'];
    ids: IdsFile;
    state: TrainState;
    lossPerEpoch: number[];
    timings: ModelMeta['timings'];
    backend: string;
    extraMeta: Record<string, unknown>;
  }) {
    this.options = init.options;
    this.tokenizer = init.tokenizer;
    this.vocab = init.vocab;
    this.tables = init.tables;
    this.corpus = init.corpus;
    this.ids = init.ids;
    this.state = init.state;
    this.jobs = cutJobs(init.ids, init.state.workers.length);
    this.lossPerEpoch = init.lossPerEpoch;
    this.timings = init.timings;
    this.backend = init.backend;
    this.extraMeta = init.extraMeta;
  }

  /**
   * Builds the vocabulary from `corpus`, encodes the corpus to a temp ids file and initialises the weights.
   * @example
   * const w2v = await Word2Vec.build(corpus, { model: 'sg', epochs: 5, workers: 1, seed: 7 });
   * try { await w2v.train(); } finally { w2v.dispose(); }
   */
  static async build(corpus: Corpus, overrides: Partial<TrainOptions> = {}, settings: BuildSettings = {}): Promise<Word2Vec> {
    const options = resolveTrainOptions(overrides);
    const hooks = settings.hooks ?? {};
    const started = performance.now();
    const onProgress = hooks.onProgress;
    // the scan writes every token's type id to a spool, so the ids file comes from it instead of a second
    // tokenizing pass (jieba is slow); pruning (more than maxTypes types) makes the spool ambiguous: then encode
    removeStaleIdsFiles();
    const spool = new TypeIdSpool(`${tempIdsPath()}.scan`);
    let built: Awaited<ReturnType<typeof buildVocabWithIds>>;
    try {
      // tokenized on `workers` threads (the same vocabulary and spool as one thread); one worker: on this one
      built = await buildVocabWithIds(
        corpus,
        options,
        {
          ...(hooks.onWarning === undefined ? {} : { onWarning: hooks.onWarning }),
          ...(onProgress === undefined
            ? {}
            : {
                progressIntervalMs: 1000,
                onProgress: (p) => onProgress(textPassReport('vocab', options, started, p.bytes, p.totalBytes, p.tokens)),
              }),
        },
        spool,
        options.workers,
      );
      checkVocab(built.vocab, options, settings.force === true, hooks.onWarning);
    } catch (error) {
      spool.remove();
      throw error;
    }
    const { vocab, remap } = built;
    const vocabSeconds = (performance.now() - started) / 1000;
    // the scan's dead strings, and the young generation it grew, go before the tables and worker threads arrive
    // (see util/collect-garbage.ts)
    await collectGarbage();
    let ids: IdsFile;
    if (remap !== undefined) {
      ids = remapSpool(spool, remap, tempIdsPath(), options.maxSentenceLength);
    } else {
      spool.remove();
      ids = await encodeCorpus(corpus, vocab, options, hooks.onProgress);
    }
    const rng = new Rng(options.seed);
    let tables: Tables;
    try {
      checkMemory(options, vocab.size);
      tables = createTables(vocab.size, options.dim, options.loss, rng, options.subwords ? options.bucket : 0);
    } catch (error) {
      rmSync(ids.path, { force: true });
      throw error;
    }
    return new Word2Vec({
      options,
      tokenizer: settings.tokenizer ?? corpus.tokenizerOptions ?? DEFAULT_TOKENIZER_OPTIONS,
      vocab,
      tables,
      corpus: await corpusInfo(corpus, ids),
      ids,
      state: freshState(ids, options, rng),
      lossPerEpoch: [],
      timings: { epochSeconds: [], vocabSeconds, totalSeconds: 0 },
      backend: 'none',
      extraMeta: {},
    });
  }

  /** Reopens a checkpoint (model folder with output.f32 and state.json) to continue the same run on the same corpus. */
  static async resume(model: ModelFolder, corpus: Corpus, hooks: Pick<TrainHooks, 'onProgress' | 'onWarning'> = {}): Promise<Word2Vec> {
    const meta = model.meta;
    const state = model.state as TrainState | undefined;
    if (state === undefined || state.version !== 1 || model.output === undefined) {
      throw new Word2VecError('E_BAD_MODEL', 'this model folder has no state.json/output.f32, so it cannot be resumed; use --from to train it further on more text');
    }
    const options = resolveTrainOptions(meta.options);
    if (state.epoch >= options.epochs) {
      throw new Word2VecError('E_RESUME_MISMATCH', `training of this model already finished (${options.epochs} epochs); use --from with more epochs to train it further`);
    }
    const bytes = await corpus.totalBytes();
    const fingerprint = await corpus.fingerprint();
    if (bytes !== meta.corpus.bytes || fingerprint !== meta.corpus.fingerprint) {
      throw new Word2VecError(
        'E_RESUME_MISMATCH',
        `the inputs (${corpus.description}, ${bytes ?? '?'} bytes) are not the corpus this run was training on (${meta.corpus.description}, ${meta.corpus.bytes ?? '?'} bytes); resume needs the same files unchanged`,
      );
    }
    const vocab = new Vocab(model.words, model.counts);
    removeStaleIdsFiles();
    const ids = await encodeCorpus(corpus, vocab, options, hooks.onProgress);
    if (ids.ints !== state.idsInts) {
      rmSync(ids.path, { force: true });
      throw new Word2VecError('E_RESUME_MISMATCH', `the inputs encode to ${ids.ints} ids but the checkpoint expected ${state.idsInts}; were the tokenizer settings or files changed?`);
    }
    checkOutput(model, options);
    return new Word2Vec({
      options,
      tokenizer: meta.tokenizer,
      vocab,
      tables: tablesFrom(vocab.size, meta.dim, inputOf(model), model.output),
      corpus: meta.corpus,
      ids,
      state,
      lossPerEpoch: [...meta.lossPerEpoch],
      timings: { ...meta.timings, epochSeconds: [...meta.timings.epochSeconds] },
      backend: meta.backend,
      extraMeta: {},
    });
  }

  /**
   * Continues training a finished model on (more) text with the same vocabulary: words outside it are
   * ignored. `overrides` may change the schedule (epochs, alpha, ...) but not dim or loss.
   */
  static async continueFrom(
    model: ModelFolder,
    corpus: Corpus,
    overrides: Partial<TrainOptions> = {},
    hooks: Pick<TrainHooks, 'onProgress' | 'onWarning'> = {},
  ): Promise<Word2Vec> {
    const meta = model.meta;
    if (model.output === undefined) {
      throw new Word2VecError('E_BAD_MODEL', 'this model has no output.f32 (output weights), so it cannot be trained further; retrain from text');
    }
    for (const key of ['dim', 'loss', 'subwords', 'minn', 'maxn', 'bucket'] as const) {
      if (overrides[key] !== undefined && overrides[key] !== meta.options[key]) {
        throw new Word2VecError('E_INVALID_OPTION', `\`${key}\` cannot change when continuing a model (it was trained with ${meta.options[key]})`);
      }
    }
    const options = resolveTrainOptions({ ...meta.options, ...overrides });
    checkOutput(model, options);
    const vocab = new Vocab(model.words, model.counts);
    removeStaleIdsFiles();
    const ids = await encodeCorpus(corpus, vocab, options, hooks.onProgress);
    if (ids.stats.vocabTokens === 0) {
      rmSync(ids.path, { force: true });
      throw new Word2VecError('E_EMPTY_CORPUS', `none of the ${ids.stats.tokens} tokens of ${corpus.description} is in the model's vocabulary`);
    }
    const rng = new Rng(options.seed);
    return new Word2Vec({
      options,
      tokenizer: meta.tokenizer,
      vocab,
      tables: tablesFrom(vocab.size, meta.dim, inputOf(model), model.output),
      corpus: await corpusInfo(corpus, ids),
      ids,
      state: freshState(ids, options, rng),
      lossPerEpoch: [],
      timings: { epochSeconds: [], vocabSeconds: 0, totalSeconds: 0 },
      backend: meta.backend,
      extraMeta: { continuedFrom: { corpus: meta.corpus, lossPerEpoch: meta.lossPerEpoch } },
    });
  }

  /** The encoded corpus on disk (in the temp folder; removed by dispose()): its path and size in bytes. */
  get idsFile(): { path: string; bytes: number } {
    if (this.ids === undefined) throw new Error('Word2Vec was disposed');
    return { path: this.ids.path, bytes: this.ids.ints * 4 };
  }

  /** Statistics of the encoding pass (tokens read, in vocabulary, sentences). */
  get encodeStats(): IdsFile['stats'] {
    if (this.ids === undefined) throw new Error('Word2Vec was disposed');
    return this.ids.stats;
  }

  /** Runs the remaining epochs; resolves when done or, after an abort, once the checkpoint is written. */
  async train(hooks: TrainHooks = {}): Promise<TrainSummary> {
    const ids = this.ids;
    if (ids === undefined) throw new Error('Word2Vec was disposed');
    const options = this.options;
    const state = this.state;
    const threads = state.workers.length;
    const totalWords = Math.max(1, this.corpus.vocabTokens * options.epochs);
    const jobs = this.jobs;
    const executor: Executor = await startExecutor({
      options,
      counts: this.vocab.counts,
      tables: this.tables,
      totalWords,
      rngs: state.workers.map((w) => new Rng(w.builder.rng)),
      subwords: subwordRowsOf(options, this.vocab.words),
      onWarning: hooks.onWarning,
    });
    this.backend = executor.backend;
    hooks.onStart?.(executor.backend);
    const { counters, control } = executor;
    for (const [i, w] of state.workers.entries()) {
      counters.set(i, { words: w.words, lossSum: state.midEpoch ? w.lossSum : 0, examples: state.midEpoch ? w.examples : 0, alpha: options.alpha });
    }
    const onAbort = (): void => {
      Atomics.store(control, 0, 1);
    };
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted === true) onAbort();
    const sessionStart = performance.now();
    const every = hooks.checkpointEverySeconds ?? 0;
    const everyMs = Number.isFinite(every) && every > 0 ? every * 1000 : 0;
    let lastCheckpoint = sessionStart;
    const wordsAtStart = counters.totalWords();
    const rawPerVocabWord = this.corpus.vocabTokens > 0 ? this.corpus.tokens / this.corpus.vocabTokens : 1;
    const report = (): void => {
      const words = counters.totalWords();
      const seconds = (performance.now() - sessionStart) / 1000;
      const sessionWords = words - wordsAtStart;
      hooks.onProgress?.(
        progressReport('train', options, {
          epoch: Math.min(options.epochs, state.epoch + 1),
          progress: Math.min(1, words / totalWords),
          alpha: learningRate(options.alpha, options.minAlpha, words / totalWords),
          loss: Number.isFinite(counters.meanLoss()) ? counters.meanLoss() : (this.lossPerEpoch.at(-1) ?? Number.NaN),
          wordsPerSecond: seconds > 0 ? (sessionWords * rawPerVocabWord) / seconds : 0,
          seconds: sessionWords > 0 ? (totalWords * seconds) / sessionWords : undefined,
        }),
      );
    };
    const timer = hooks.onProgress === undefined ? undefined : setInterval(report, hooks.progressIntervalMs ?? 1000);
    try {
      while (state.epoch < options.epochs) {
        const epochStart = performance.now();
        const tasks: ShareTask[] = state.workers.map((w) => ({
          path: ids.path,
          jobs,
          job: state.midEpoch ? jobIndex(jobs, w.share) : -1,
          position: state.midEpoch ? w.position : 0,
          builder: w.builder,
        }));
        Atomics.store(control, NEXT_JOB, nextJobOf(state, jobs));
        const outcomes = await executor.runShares(tasks);
        const seconds = state.epochSeconds + (performance.now() - epochStart) / 1000;
        const diverged = outcomes.some((o) => o.diverged);
        const meanLoss = counters.meanLoss();
        const stopped = outcomes.some((o) => o.stopped);
        const due = stopped || state.epoch + 1 >= options.epochs || hooks.signal?.aborted === true || performance.now() - lastCheckpoint >= everyMs;
        // with the sigmoid table a saturated logit stops its own update, so a far too large rate ends in finite
        // weights and an absurd loss rather than in NaN: more than 100x an untrained model's loss is divergence too;
        // the tables are scanned before each checkpoint, so none holds a non-finite weight
        const untrained = untrainedLoss(options, this.vocab.size);
        const nonFinite = due && this.hasNonFiniteWeight();
        if (diverged || nonFinite || meanLoss > 100 * untrained) {
          const what = diverged ? 'NaN' : meanLoss > 100 * untrained ? `${meanLoss.toPrecision(3)} per example, an untrained model's is ${untrained.toFixed(2)}` : 'finite but weights non-finite';
          throw new Word2VecError('E_DIVERGED', `training diverged at epoch ${state.epoch + 1} (loss ${what}); lower --alpha (now ${options.alpha})`);
        }
        for (let i = 0; i < threads; i++) {
          const w = state.workers[i]!;
          const o = outcomes[i]!;
          w.share = jobs[o.job] ?? NO_JOB;
          w.position = o.job < jobs.length ? o.position : 0;
          w.builder = outcomes[i]!.builder;
          const c = counters.get(i);
          w.words = c.words;
          w.lossSum = c.lossSum;
          w.examples = c.examples;
        }
        if (stopped) {
          state.midEpoch = true;
          state.nextJob = Math.min(jobs.length, Atomics.load(control, NEXT_JOB));
          state.epochSeconds = seconds;
          this.timings.totalSeconds += (performance.now() - epochStart) / 1000;
          await hooks.onCheckpoint?.(this.toModelFolder());
          return this.summary(true, hooks.signal?.reason);
        }
        const { lossSum, examples } = counters.epochLoss();
        this.lossPerEpoch.push(examples > 0 ? lossSum / examples : 0);
        // the epoch's last report, with its own number and loss, before the counters move on
        report();
        this.timings.epochSeconds.push(seconds);
        this.timings.totalSeconds += (performance.now() - epochStart) / 1000;
        state.epoch += 1;
        state.midEpoch = false;
        state.epochSeconds = 0;
        state.nextJob = 0;
        for (let i = 0; i < threads; i++) {
          const w = state.workers[i]!;
          w.share = NO_JOB;
          w.position = 0;
          w.lossSum = 0;
          w.examples = 0;
        }
        counters.resetEpoch();
        if (due) {
          await hooks.onCheckpoint?.(this.toModelFolder());
          lastCheckpoint = performance.now();
        }
        hooks.onEpoch?.({ epoch: state.epoch, loss: this.lossPerEpoch.at(-1)!, seconds, checkpointed: due });
        if (hooks.signal?.aborted === true && state.epoch < options.epochs) {
          if (!due) {
            // aborted from onProgress or onEpoch, after this epoch's checkpoint was judged not due: write it now
            if (this.hasNonFiniteWeight()) {
              throw new Word2VecError('E_DIVERGED', `training diverged by epoch ${state.epoch} (finite loss but weights non-finite); lower --alpha (now ${options.alpha})`);
            }
            await hooks.onCheckpoint?.(this.toModelFolder());
          }
          return this.summary(true, hooks.signal.reason);
        }
      }
      return this.summary(false, undefined);
    } finally {
      if (timer !== undefined) clearInterval(timer);
      hooks.signal?.removeEventListener('abort', onAbort);
      await executor.close();
    }
  }

  /** The model folder contents: model.json metadata, vocabulary, both tables and the trainer state. */
  toModelFolder(): ModelFolder {
    const meta: ModelMeta = {
      ...this.extraMeta,
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      vocabSize: this.vocab.size,
      dim: this.tables.dim,
      options: { ...this.options },
      tokenizer: { ...this.tokenizer },
      backend: this.backend,
      corpus: this.corpus,
      lossPerEpoch: [...this.lossPerEpoch],
      timings: { ...this.timings, epochSeconds: [...this.timings.epochSeconds] },
      wordsPerSecond: this.wordsPerSecond(),
      createdAt: new Date().toISOString(),
    };
    const model: ModelFolder = {
      meta,
      words: this.vocab.words,
      counts: this.vocab.counts,
      vectors: this.inputParts().words,
      output: this.tables.output,
      state: structuredClone(this.state),
    };
    if (this.options.subwords) {
      const { words, ngrams } = this.inputParts();
      model.inputWords = words;
      model.ngrams = ngrams;
      model.vectors = this.wordVectors();
    }
    return model;
  }

  /**
   * The trained word vectors for queries (a copy: the result does not depend on the trainer). A subword model's
   * vectors are each word's row and n-gram rows averaged, and words outside the vocabulary get vectors too.
   */
  toKeyedVectors(): KeyedVectors {
    const { words, counts } = this.vocab;
    const dim = this.tables.dim;
    if (!this.options.subwords) return new KeyedVectors(words, this.tables.input.slice(), dim, counts);
    const { minn, maxn, bucket } = this.options;
    return new KeyedVectors(words, this.wordVectors(), dim, counts, new SubwordVectors({ minn, maxn, bucket }, dim, this.inputParts().ngrams.slice()));
  }

  /**
   * The vocabulary's word vectors, vocabSize x dim: a view of the input table, or in a subword model each word's
   * row and n-gram rows averaged (a new array).
   */
  wordVectors(): Float32Array {
    const { words, ngrams } = this.inputParts();
    return this.options.subwords ? composeVocabulary(this.vocab.words, words, ngrams, this.options, this.tables.dim) : words;
  }

  /** Removes the temp ids file; the object must not train afterwards. */
  dispose(): void {
    if (this.ids !== undefined) rmSync(this.ids.path, { force: true });
    this.ids = undefined;
  }

  // --- internal ---

  /** The input table's word rows and (subword models) n-gram rows, as views. */
  /** A NaN or infinite weight in either table (scanned before every checkpoint is written). */
  private hasNonFiniteWeight(): boolean {
    return firstNonFinite(this.tables.input) >= 0 || firstNonFinite(this.tables.output) >= 0;
  }

  private inputParts(): { words: Float32Array; ngrams: Float32Array } {
    const split = this.vocab.size * this.tables.dim;
    return { words: this.tables.input.subarray(0, split), ngrams: this.tables.input.subarray(split) };
  }

  private wordsPerSecond(): number {
    const seconds = this.timings.epochSeconds.reduce((a, b) => a + b, 0);
    return seconds > 0 ? (this.corpus.tokens * this.timings.epochSeconds.length) / seconds : 0;
  }

  private summary(interrupted: boolean, reason: unknown): TrainSummary {
    return {
      interrupted,
      reason,
      epochsDone: this.state.epoch,
      lossPerEpoch: [...this.lossPerEpoch],
      wordsPerSecond: this.wordsPerSecond(),
      backend: this.backend,
    };
  }
}

// --- internal ---

/**
 * One progress report of `phase`. `seconds` is the phase's estimated total duration (elapsed / fraction done),
 * from which the time left follows; epoch, alpha and loss default to "not training yet".
 */
function progressReport(
  phase: TrainProgress['phase'],
  options: TrainOptions,
  p: { progress: number; seconds: number | undefined; epoch?: number; alpha?: number; loss?: number; wordsPerSecond?: number },
): TrainProgress {
  return {
    phase,
    epoch: p.epoch ?? 0,
    epochs: options.epochs,
    progress: p.progress,
    alpha: p.alpha ?? options.alpha,
    loss: p.loss ?? Number.NaN,
    wordsPerSecond: p.wordsPerSecond ?? 0,
    etaSeconds: p.seconds === undefined ? undefined : p.seconds * (1 - p.progress),
  };
}

/**
 * The mean example loss of a model that has learned nothing (output rows zero, every logit 0): ln 2 per
 * binary target (ns: the word and its negatives; hs: about log2(V) + 1 nodes), ln V for the full softmax.
 */
function untrainedLoss(options: TrainOptions, vocabSize: number): number {
  if (options.loss === 'softmax') return Math.log(Math.max(2, vocabSize));
  const targets = options.loss === 'ns' ? 1 + options.negative : Math.log2(Math.max(2, vocabSize)) + 1;
  return targets * Math.LN2;
}

function checkVocab(vocab: Vocab, options: TrainOptions, force: boolean, onWarning: ((m: string) => void) | undefined): void {
  if (vocab.size === 0) {
    throw new Word2VecError('E_EMPTY_VOCAB', `no word occurs at least --min-count ${options.minCount} times; lower --min-count or give more text`);
  }
  if (options.loss === 'softmax' && vocab.size > SOFTMAX_MAX_VOCAB && !force) {
    throw new Word2VecError(
      'E_INVALID_OPTION',
      `--loss softmax over ${vocab.size} words would compute a ${vocab.size}-wide softmax per example; use --loss ns or hs, raise --min-count, set --max-vocab, or pass --force`,
    );
  }
  if (options.loss === 'softmax' && vocab.size > SOFTMAX_WARN_VOCAB) {
    onWarning?.(`--loss softmax over ${vocab.size} words is slow (every example touches every word); --loss ns or hs scale better`);
  }
}

/** A model folder's whole input table: the words' rows, then (subword models) the n-gram rows. */
function inputOf(model: ModelFolder): Float32Array {
  if (model.meta.options.subwords !== true) return model.vectors;
  const { inputWords, ngrams } = model;
  if (inputWords === undefined || ngrams === undefined) throw new Word2VecError('E_BAD_MODEL', 'this subword model folder lacks input.f32 or ngrams.f32, so it cannot be trained further; retrain from text');
  const input = new Float32Array(inputWords.length + ngrams.length);
  input.set(inputWords);
  input.set(ngrams, inputWords.length);
  return input;
}

/**
 * Refuses a model whose weight tables would not fit: the n-gram table of a subword model dominates (fastText's
 * default 2,000,000 buckets x 100 dims is 800 MB). The limit is the machine's memory and, for the WebAssembly
 * trainer, the 4 GiB of a wasm32 memory.
 */
export function checkMemory(options: TrainOptions, vocabSize: number): void {
  const bytes = tableBytes(options, vocabSize);
  const limit = Math.min(totalmem() * 0.8, 4 * 1024 ** 3 - 64 * 1024 ** 2);
  if (bytes <= limit) return;
  const gb = (x: number): string => `${(x / 1024 ** 3).toFixed(1)} GB`;
  const fix = options.subwords ? 'lower --bucket (e.g. 500000) or --dim' : 'lower --dim, raise --min-count or set --max-vocab';
  throw new Word2VecError('E_TOO_BIG', `the weight tables need ${gb(bytes)} (${vocabSize} words${options.subwords ? ` + ${options.bucket} n-gram buckets` : ''} x ${options.dim} dims), more than the ${gb(limit)} training can hold here; ${fix}`);
}

/** Bytes of both weight tables of a run. */
export function tableBytes(options: TrainOptions, vocabSize: number): number {
  const inputRows = vocabSize + (options.subwords ? options.bucket : 0);
  return (inputRows + outputRows(vocabSize, options.loss)) * options.dim * 4;
}

function checkOutput(model: ModelFolder, options: TrainOptions): void {
  const expected = outputRows(model.meta.vocabSize, options.loss) * model.meta.dim;
  if (model.output === undefined || model.output.length !== expected) {
    throw new Word2VecError('E_BAD_MODEL', `output.f32 has ${model.output?.length ?? 0} floats, expected ${expected} for --loss ${options.loss}; the folder is damaged`);
  }
}

/**
 * Encodes the corpus from its text (resume, --from, and after a pruned scan), on `workers` tokenizing threads
 * when the corpus offers them: the same file either way.
 */
async function encodeCorpus(
  corpus: Corpus,
  vocab: Vocab,
  options: TrainOptions,
  onProgress: ((p: TrainProgress) => void) | undefined,
): Promise<IdsFile> {
  const total = await corpus.totalBytes();
  let last = performance.now();
  const started = last;
  const report = (stats: EncodeStats, bytes: number): void => {
    if (onProgress === undefined) return;
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    onProgress(textPassReport('encode', options, started, bytes, total, stats.tokens));
  };
  const chunks = options.workers > 1 ? corpus.tokenChunks?.(options.workers) : undefined;
  if (chunks !== undefined) return await encodeChunks(chunks, vocab, tempIdsPath(), options.maxSentenceLength, report);
  return await encodeIds(corpus, vocab, tempIdsPath(), options.maxSentenceLength, (stats) => report(stats, corpus.bytesRead));
}

/** A progress report of a pass over the text: share of the bytes read, bytes and words per second, ETA. */
function textPassReport(phase: 'vocab' | 'encode', options: TrainOptions, started: number, bytes: number, totalBytes: number | undefined, tokens: number): TrainProgress {
  const progress = totalBytes !== undefined && totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
  const seconds = (performance.now() - started) / 1000;
  return {
    ...progressReport(phase, options, { progress, wordsPerSecond: seconds > 0 ? tokens / seconds : 0, seconds: progress > 0 ? seconds / progress : undefined }),
    bytes,
    ...(totalBytes === undefined ? {} : { totalBytes }),
    bytesPerSecond: seconds > 0 ? bytes / seconds : 0,
  };
}

async function corpusInfo(corpus: Corpus, ids: IdsFile): Promise<ModelMeta['corpus']> {
  return {
    description: corpus.description,
    bytes: await corpus.totalBytes(),
    fingerprint: await corpus.fingerprint(),
    tokens: ids.stats.tokens,
    vocabTokens: ids.stats.vocabTokens,
  };
}
