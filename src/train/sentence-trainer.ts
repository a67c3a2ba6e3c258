// What the training loop drives in each thread: one object that takes a sentence of word ids, subsamples it
// and trains its centre words, a budget of examples at a time, at the learning rate the loop gives.
//
// - ns / hs on shared WebAssembly memory: `WasmSentenceTrainer`. Subsampling, the dynamic window, the negatives
//   (alias table) or the Huffman path, and the SGD of every example run inside sgd.wat in one call per budget;
//   no JS runs per example. The random stream is util/rng.ts's xoshiro128**, carried through the module's state
//   block, so the draws are exactly those of the JS builder.
// - ns / hs without WebAssembly SIMD or shared memory (or W2V_APPLY=js): `BatchedTrainer` over batches.ts's
//   BatchBuilder and logistic-step.ts's plain-JS loop, one batch per call: the same draws in the same order, the
//   same examples and the same update and loss arithmetic.
// - the full softmax: `BatchedTrainer` that fills a batch across sentences and runs the TF.js step when it is
//   full (the dense kernel wants big batches).
// Between calls the state (subsampled sentence, next centre, RNG) is a complete checkpoint of the thread.
import type { TrainOptions } from '../options.ts';
import { Rng } from '../util/rng.ts';
import type { NoiseTable } from '../vocab/noise-table.ts';
import { BatchBuilder, type BuilderState, type SamplingTables } from './batches.ts';
import { sigmoidTables } from './logistic-step.ts';
import { carveShared, type SgdKernels, sgdKernels } from './sgd-wasm.ts';
import type { Step } from './step.ts';
import type { StepResult, Tables, WasmTables } from './types.ts';

/**
 * How training computes the sigmoid of ns / hs (see StepConfig.sigmoid): word2vec.c's table with gensim's skip
 * of |logit| >= 6, measured 13% (sg) to 22% (hs) faster per epoch than the exact sigmoid with the same quality
 * over seeds 1-3 (BENCHMARKS.md 1.2); W2V_SIGMOID=exact trains with the exact one (the bench compares both).
 */
export const SIGMOID: 'exact' | 'table' = process.env.W2V_SIGMOID === 'exact' ? 'exact' : 'table';

/**
 * Private hot rows with several training threads: each WebAssembly trainer keeps its own copy of the
 * most-written output rows and folds it into the shared table (shared += mine - seen, sgd.wat's setHot/syncHot)
 * once `syncExamples` examples have passed since the last fold (checked after each module call, which trains at
 * most one batch) and when its share ends. Both cores writing the same rows cost more than the copy: with two
 * threads the CPU time of the same work rose by ~20-30% on the shared rows. The rows: in ns the most frequent
 * words' (the noise draws follow count^0.75, and every example writes 1 + negative output rows), in hs the inner
 * nodes nearest the root (every Huffman path starts there; the root is the output table's last row). Measured on
 * the text8 head, 2 workers, 3 epochs (BENCHMARKS.md 1.4): 4,096 output rows folded every 32,768 examples took
 * the whole process to 0.82x the wall time of shared rows in sg, 0.92x in CBOW, 0.47x in hs (paired runs), with
 * quality over seeds 1-3 within a standard deviation; private input rows as well gained nothing on top.
 * W2V_HOT_ROWS (output rows; 0 turns it off), W2V_HOT_IN (input rows, the most frequent words') and
 * W2V_HOT_SYNC override the three figures (a value that is not a whole number >= 0 is ignored).
 */
export function hotRows(options: Pick<TrainOptions, 'workers'>): { inRows: number; outRows: number; syncExamples: number } | undefined {
  if (options.workers <= 1) return undefined;
  const env = (name: string, fallback: number): number => {
    const value = Number(process.env[name] ?? Number.NaN);
    return Number.isSafeInteger(value) && value >= 0 ? value : fallback;
  };
  const outRows = env('W2V_HOT_ROWS', 4096);
  const inRows = env('W2V_HOT_IN', 0);
  const syncExamples = env('W2V_HOT_SYNC', 32768);
  return outRows > 0 || inRows > 0 ? { inRows, outRows, syncExamples } : undefined;
}

/** One thread's private copy of consecutive rows of a shared table: byte offsets and float count. */
interface HotArea {
  shared: number;
  mine: number;
  seen: number;
  floats: number;
}

/** One thread's trainer (see the top of this file). */
export interface SentenceTrainer {
  /** True while the current sentence still has centre words to train. */
  readonly hasSentence: boolean;
  /** Starts a sentence of in-vocabulary ids (subsampling it). */
  setSentence(ids: Int32Array): void;
  /**
   * Trains centre words of the current sentence until it ends or the next centre could make more than `budget`
   * examples; returns the loss and examples trained (a softmax trainer returns 0 until its batch is full).
   */
  train(lr: number, budget: number): StepResult;
  /** Trains what is pending (the softmax trainer's partial batch). */
  flush(lr: number): StepResult;
  /** Writes what the thread holds privately back to the shared tables (called when a share ends or stops). */
  publish(): void;
  getState(): BuilderState;
  setState(state: BuilderState): void;
  dispose(): void;
}

/** Where the shared sampling tables sit in the WebAssembly memory (byte offsets; 0 = absent). */
export interface SamplingPointers {
  keep: number;
  noiseSize: number;
  noiseProb: number;
  noiseAlias: number;
  codeOffsets: number;
  codes: number;
  points: number;
  maxCodeLength: number;
  /** word2vec.c's sigmoid table and a softplus table beside it (1000 float64 each), or 0: exact sigmoid. */
  sigmoidTable: number;
  /** Subword models: each word's input rows (SubwordRows.offsets and .rows), or 0. */
  subwordOffsets: number;
  subwordRows: number;
  /** The longest list of input rows of one word (1 without subwords). */
  maxRowsPerWord: number;
}

/**
 * Copies the sampling tables into `wasm`'s memory once, for every thread to read (undefined when the memory
 * cannot grow: the threads then use the JS trainer).
 */
export function placeSampling(wasm: WasmTables, sampling: SamplingTables, sigmoid: 'exact' | 'table' = SIGMOID): SamplingPointers | undefined {
  const parts: { bytes: Uint8Array; key: keyof SamplingPointers }[] = [];
  const add = (key: keyof SamplingPointers, array: ArrayBufferView): void => {
    parts.push({ key, bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });
  };
  if (sampling.keep !== undefined) add('keep', sampling.keep);
  const noise = sampling.noise as NoiseTable | undefined;
  if (noise !== undefined) {
    add('noiseProb', noise.prob);
    add('noiseAlias', noise.alias);
  }
  const huffman = sampling.huffman;
  if (huffman !== undefined) {
    add('codeOffsets', Int32Array.from(huffman.codeOffsets));
    add('codes', Uint8Array.from(huffman.codes));
    add('points', Int32Array.from(huffman.points));
  }
  if (sigmoid === 'table') add('sigmoidTable', sigmoidTables());
  const subwords = sampling.subwords;
  if (subwords !== undefined) {
    add('subwordOffsets', subwords.offsets);
    add('subwordRows', subwords.rows);
  }
  const pointers: SamplingPointers = {
    keep: 0,
    noiseSize: noise?.size ?? 0,
    noiseProb: 0,
    noiseAlias: 0,
    codeOffsets: 0,
    codes: 0,
    points: 0,
    maxCodeLength: huffman?.maxCodeLength ?? 0,
    sigmoidTable: 0,
    subwordOffsets: 0,
    subwordRows: 0,
    maxRowsPerWord: subwords?.maxRows ?? 1,
  };
  if (parts.length === 0) return pointers;
  const offsets = carveShared(
    wasm.memory,
    parts.map((p) => Math.max(1, p.bytes.length)),
  );
  if (offsets === undefined) return undefined;
  const memory = new Uint8Array(wasm.memory.buffer);
  parts.forEach((p, i) => {
    memory.set(p.bytes, offsets[i]!);
    pointers[p.key] = offsets[i]!;
  });
  return pointers;
}

/** The SIMD WebAssembly trainer for ns / hs, or undefined when this thread cannot instantiate the module. */
export function createWasmTrainer(options: TrainOptions, tables: Tables, sampling: SamplingPointers, rng: Rng): SentenceTrainer | undefined {
  if (tables.wasm === undefined || options.loss === 'softmax') return undefined;
  const kernels = sgdKernels(tables.wasm.memory);
  if (kernels === undefined) return undefined;
  return WasmSentenceTrainer.create(kernels, options, tables, tables.wasm, sampling, rng);
}

/** A trainer over a batch builder and a batch step (the JS fallback of ns / hs, and the full softmax). */
export function createBatchedTrainer(options: TrainOptions, sampling: SamplingTables, step: Step, tables: Tables, rng: Rng): SentenceTrainer {
  const builder = new BatchBuilder(options, options.batchSize, options.maxSentenceLength, sampling, rng);
  return new BatchedTrainer(builder, step, tables, options.loss !== 'softmax');
}

// --- internal ---

/** Byte offsets of the fields of sgd.wat's state block. */
const CFG = {
  sentence: 0,
  length: 4,
  centre: 8,
  rng: 12,
  inTab: 16,
  outTab: 20,
  dim: 24,
  neu: 28,
  hidden: 32,
  flags: 36,
  window: 40,
  negative: 44,
  noiseSize: 48,
  noiseProb: 52,
  noiseAlias: 56,
  codeOffsets: 60,
  codes: 64,
  points: 68,
  keep: 72,
  scratchIn: 76,
  scratchTargets: 80,
  scratchLabels: 84,
  examples: 88,
  sigmoidTable: 92,
  subwordOffsets: 96,
  subwordRows: 100,
  bytes: 104,
} as const;

class WasmSentenceTrainer implements SentenceTrainer {
  private constructor(
    private readonly kernels: SgdKernels,
    private readonly cfgPtr: number,
    /** The state block as i32s (index = byte offset / 4). */
    private readonly cfg: Int32Array,
    private readonly rngState: Uint32Array,
    private readonly sentence: Int32Array,
    /** The thread's private rows (empty with one thread, and in modes without them: see hotRows). */
    private readonly hot: readonly HotArea[],
    /** Examples between folds of the private rows into the shared tables. */
    private readonly syncExamples: number,
  ) {}

  /** Examples trained since the private rows were last folded into the shared tables. */
  private sinceSync = 0;

  static create(kernels: SgdKernels, options: TrainOptions, tables: Tables, wasm: WasmTables, sampling: SamplingPointers, rng: Rng): WasmSentenceTrainer | undefined {
    const rowBytes = tables.dim * 4;
    const maxTargets = options.loss === 'hs' ? Math.max(1, sampling.maxCodeLength) : 1 + options.negative;
    const ptrs = carveShared(wasm.memory, [CFG.bytes, 16, options.maxSentenceLength * 4, 2 * options.window * sampling.maxRowsPerWord * 4, maxTargets * 4, maxTargets, rowBytes, rowBytes]);
    if (ptrs === undefined) return undefined;
    const [cfgPtr, rngPtr, sentencePtr, scratchIn, scratchTargets, scratchLabels, neu, hidden] = ptrs as [number, number, number, number, number, number, number, number];
    const buffer = wasm.memory.buffer;
    const cfg = new Int32Array(buffer, cfgPtr, CFG.bytes / 4);
    const set = (field: number, value: number): void => {
      cfg[field / 4] = value;
    };
    set(CFG.sentence, sentencePtr);
    set(CFG.rng, rngPtr);
    set(CFG.inTab, wasm.inputPtr);
    set(CFG.outTab, wasm.outputPtr);
    set(CFG.dim, tables.dim);
    set(CFG.neu, neu);
    set(CFG.hidden, hidden);
    set(CFG.flags, (options.model === 'cbow' ? 1 : 0) | (options.cbowMean ? 2 : 0) | (options.loss === 'hs' ? 4 : 0));
    set(CFG.window, options.window);
    set(CFG.negative, options.negative);
    set(CFG.noiseSize, sampling.noiseSize);
    set(CFG.noiseProb, sampling.noiseProb);
    set(CFG.noiseAlias, sampling.noiseAlias);
    set(CFG.codeOffsets, sampling.codeOffsets);
    set(CFG.codes, sampling.codes);
    set(CFG.points, sampling.points);
    set(CFG.keep, sampling.keep);
    set(CFG.scratchIn, scratchIn);
    set(CFG.scratchTargets, scratchTargets);
    set(CFG.scratchLabels, scratchLabels);
    set(CFG.sigmoidTable, sampling.sigmoidTable);
    set(CFG.subwordOffsets, sampling.subwordOffsets);
    set(CFG.subwordRows, sampling.subwordRows);
    const policy = hotRows(options);
    const hot = policy === undefined ? [] : privateRows(kernels, tables, wasm, policy.inRows, policy.outRows, options.loss === 'hs');
    if (hot === undefined) return undefined;
    const trainer = new WasmSentenceTrainer(kernels, cfgPtr, cfg, new Uint32Array(wasm.memory.buffer, rngPtr, 4), new Int32Array(wasm.memory.buffer, sentencePtr, options.maxSentenceLength), hot, policy?.syncExamples ?? 0);
    trainer.rngState.set(rng.getState());
    return trainer;
  }

  get hasSentence(): boolean {
    return this.cfg[CFG.centre / 4]! < this.cfg[CFG.length / 4]!;
  }

  setSentence(ids: Int32Array): void {
    const n = Math.min(ids.length, this.sentence.length);
    this.sentence.set(n === ids.length ? ids : ids.subarray(0, n));
    this.kernels.subsample(this.cfgPtr, n);
  }

  train(lr: number, budget: number): StepResult {
    let lossSum: number;
    try {
      lossSum = this.kernels.trainSentence(this.cfgPtr, lr, budget);
    } catch (error) {
      // the module's exp/log turn an infinite or NaN argument into an integer exponent and trap: the run has
      // diverged, which a NaN loss reports (the trainer then stops with its divergence error)
      if (error instanceof Error && error.name === 'RuntimeError') return { lossSum: Number.NaN, examples: 1 };
      throw error;
    }
    const examples = this.cfg[CFG.examples / 4]!;
    if (this.hot.length > 0) {
      this.sinceSync += examples;
      if (this.sinceSync >= this.syncExamples) this.publish();
    }
    return { lossSum, examples };
  }

  flush(): StepResult {
    return { lossSum: 0, examples: 0 };
  }

  publish(): void {
    for (const a of this.hot) this.kernels.syncHot(a.shared, a.mine, a.seen, a.floats);
    this.sinceSync = 0;
  }

  getState(): BuilderState {
    const length = this.cfg[CFG.length / 4]!;
    const centre = this.cfg[CFG.centre / 4]!;
    const open = centre < length;
    const [a, b, c, d] = this.rngState;
    return { sentence: open ? Array.from(this.sentence.subarray(0, length)) : [], centre: open ? centre : 0, rng: [a!, b!, c!, d!] };
  }

  setState(state: BuilderState): void {
    this.rngState.set(new Rng(state.rng).getState());
    this.sentence.set(state.sentence);
    this.cfg[CFG.length / 4] = state.sentence.length;
    this.cfg[CFG.centre / 4] = state.centre;
  }

  dispose(): void {}
}

class BatchedTrainer implements SentenceTrainer {
  constructor(
    private readonly builder: BatchBuilder,
    private readonly step: Step,
    private readonly tables: Tables,
    /** Run each call's examples at once (ns / hs), or only full batches (softmax). */
    private readonly perCall: boolean,
  ) {}

  get hasSentence(): boolean {
    return this.builder.hasSentence;
  }

  setSentence(ids: Int32Array): void {
    this.builder.setSentence(ids);
  }

  train(lr: number, budget: number): StepResult {
    if (this.perCall) {
      this.builder.fill(Math.min(budget, this.builder.capacity));
      return this.run(lr);
    }
    return this.builder.fill() ? this.run(lr) : { lossSum: 0, examples: 0 };
  }

  flush(lr: number): StepResult {
    return this.run(lr);
  }

  publish(): void {}

  getState(): BuilderState {
    return this.builder.getState();
  }

  setState(state: BuilderState): void {
    this.builder.setState(state);
    this.builder.clear();
  }

  dispose(): void {
    this.step.dispose();
  }

  private run(lr: number): StepResult {
    const batch = this.builder.batch;
    if (batch.size === 0) return { lossSum: 0, examples: 0 };
    const result = this.step.run(batch, this.tables, lr);
    this.builder.clear();
    return result;
  }
}

/**
 * Carves this thread's copies of the hot rows: the first `inRows` rows of the input table (ids are sorted by
 * frequency) and `outRows` of the output table, in hs its last rows (the inner nodes nearest the root; the root
 * is the last), in ns its first (the most frequent words); fills them from the shared tables and points the
 * module at them. Undefined when the memory is full.
 */
function privateRows(kernels: SgdKernels, tables: Tables, wasm: WasmTables, inRows: number, outRows: number, hs: boolean): HotArea[] | undefined {
  const rowBytes = tables.dim * 4;
  const inN = Math.min(inRows, tables.vocabSize);
  const outN = Math.min(outRows, wasm.outputRows);
  const outLo = hs ? wasm.outputRows - outN : 0;
  const ptrs = carveShared(wasm.memory, [inN * rowBytes, inN * rowBytes, outN * rowBytes, outN * rowBytes]);
  if (ptrs === undefined) return undefined;
  const [inMine, inSeen, outMine, outSeen] = ptrs as [number, number, number, number];
  const areas: HotArea[] = [
    { shared: wasm.inputPtr, mine: inMine, seen: inSeen, floats: inN * tables.dim },
    { shared: wasm.outputPtr + outLo * rowBytes, mine: outMine, seen: outSeen, floats: outN * tables.dim },
  ].filter((a) => a.floats > 0);
  const bytes = new Uint8Array(wasm.memory.buffer);
  for (const a of areas) {
    bytes.copyWithin(a.mine, a.shared, a.shared + a.floats * 4);
    bytes.copyWithin(a.seen, a.shared, a.shared + a.floats * 4);
  }
  kernels.setHot(0, inN, inMine, outLo, outN, outMine);
  return areas;
}
