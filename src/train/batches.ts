// Batch building: pure TypeScript over typed arrays. Turns sentences of word ids into the flat ExampleBatch
// arrays of the step, drawing every random choice (subsampling, window shrink, negatives) from one explicit
// seeded Rng, so one worker with one seed is bit-for-bit repeatable. Batches end only between centre words,
// which makes "sentence + next centre + rng state" a complete checkpoint of the builder.
import type { Loss, Model } from '../options.ts';
import { Rng } from '../util/rng.ts';
import type { ExampleBatch } from './types.ts';

/** Draws noise words (vocab/noise-table.ts satisfies this). */
export interface NoiseSource {
  draw(rng: Rng): number;
}

/** Huffman codes and inner-node paths per word (vocab/huffman.ts satisfies this). */
export interface HuffmanCodes {
  /** [V+1] start of word w's code in `codes`/`points`. */
  codeOffsets: ArrayLike<number>;
  /** 0/1 branch codes, root first. */
  codes: ArrayLike<number>;
  /** Inner-node ids (rows of the hs output table), root first. */
  points: ArrayLike<number>;
  maxCodeLength: number;
}

/** The sampling tables a builder needs; which ones depends on the loss and on `sample`. */
export interface SamplingTables {
  /** Keep-probability per word (vocab/subsample.ts); undefined disables subsampling. */
  keep: Float64Array | undefined;
  noise: NoiseSource | undefined;
  huffman: HuffmanCodes | undefined;
  /** Subword models: each word's input rows (its own, then its n-grams'; subwords/ngrams.ts subwordRows). */
  subwords?: SubwordRows | undefined;
}

/** Word w's input rows are rows[offsets[w] .. offsets[w + 1]). */
export interface SubwordRows {
  offsets: Int32Array;
  rows: Int32Array;
  /** The longest list (a word's own row and its n-grams). */
  maxRows: number;
}

/** The builder settings (a subset of TrainOptions). */
export interface BatchConfig {
  model: Model;
  loss: Loss;
  window: number;
  negative: number;
}

/** A builder's resumable position inside a sentence: the subsampled sentence, the next centre, the RNG. */
export interface BuilderState {
  sentence: number[];
  centre: number;
  rng: [number, number, number, number];
}

/** The most inputs and targets one example of a configuration can have (the batch arrays' strides). */
export function batchWidths(config: BatchConfig, maxCodeLength: number, maxRowsPerWord = 1): { inputWidth: number; targetWidth: number } {
  const inputWidth = (config.model === 'cbow' ? 2 * config.window : 1) * maxRowsPerWord;
  const targetWidth = config.loss === 'ns' ? 1 + config.negative : config.loss === 'hs' ? Math.max(1, maxCodeLength) : 1;
  return { inputWidth, targetWidth };
}

/** The smallest capacity that holds every example of one centre word (skip-gram: 2*window pairs). */
export function batchCapacity(config: BatchConfig, batchSize: number): number {
  return Math.max(batchSize, config.model === 'sg' ? 2 * config.window : 1);
}

/** Fills ExampleBatches from sentences; one per worker, reused for every batch (no allocation per batch). */
export class BatchBuilder {
  readonly batch: ExampleBatch;
  readonly capacity: number;
  rng: Rng;
  private readonly sentence: Int32Array;
  private length = 0;
  private centre = 0;
  private readonly perCentre: number;
  private readonly sg: boolean;
  private readonly loss: Loss;
  private readonly window: number;
  private readonly negative: number;
  private readonly keep: Float64Array | undefined;
  private readonly noise: NoiseSource | undefined;
  private readonly huffman: HuffmanCodes | undefined;
  private readonly subwords: SubwordRows | undefined;

  constructor(config: BatchConfig, batchSize: number, maxSentenceLength: number, tables: SamplingTables, rng: Rng) {
    if (config.loss === 'ns' && tables.noise === undefined) throw new RangeError('negative sampling needs a noise table');
    if (config.loss === 'hs' && tables.huffman === undefined) throw new RangeError('hierarchical softmax needs Huffman codes');
    this.sg = config.model === 'sg';
    this.loss = config.loss;
    this.window = config.window;
    this.negative = config.negative;
    this.keep = tables.keep;
    this.noise = tables.noise;
    this.huffman = tables.huffman;
    this.subwords = tables.subwords;
    this.rng = rng;
    this.capacity = batchCapacity(config, batchSize);
    this.perCentre = this.sg ? 2 * config.window : 1;
    const { inputWidth, targetWidth } = batchWidths(config, tables.huffman?.maxCodeLength ?? 0, tables.subwords?.maxRows ?? 1);
    this.batch = allocateBatch(this.capacity, this.capacity * inputWidth, this.capacity * targetWidth);
    this.sentence = new Int32Array(maxSentenceLength);
  }

  /** True while the current sentence still has centre words to emit. */
  get hasSentence(): boolean {
    return this.centre < this.length;
  }

  /** Starts a sentence (ids in the vocabulary), dropping frequent words by their keep-probability. */
  setSentence(ids: ArrayLike<number>): void {
    const keep = this.keep;
    const n = Math.min(ids.length, this.sentence.length);
    let length = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      // one draw per occurrence, only for words that can be dropped (word2vec.c draws for every word; the
      // kept set follows the same law, and skipping the draw for rare words saves most of the calls)
      if (keep !== undefined && keep[id]! < 1 && keep[id]! < this.rng.nextFloat()) continue;
      this.sentence[length++] = id;
    }
    this.length = length;
    this.centre = 0;
  }

  /**
   * Adds the current sentence's examples until it is done (returns false) or the batch cannot hold the next
   * centre word's examples within `limit` examples (returns true: run the batch, `clear()`, and call again).
   */
  fill(limit = this.capacity): boolean {
    const batch = this.batch;
    const { inputEnds, inputs, targetEnds } = batch;
    const sentence = this.sentence;
    const window = this.window;
    const rng = this.rng;
    let size = batch.size;
    let inAt = inputEnds[size]!;
    while (this.centre < this.length) {
      if (size + this.perCentre > limit) {
        batch.size = size;
        return true;
      }
      const i = this.centre++;
      // word2vec.c: b = rand % window, effective window window - b (so 1..window)
      const reach = window - (rng.nextUint32() % window);
      const from = Math.max(0, i - reach);
      const to = Math.min(this.length - 1, i + reach);
      const word = sentence[i]!;
      const sub = this.subwords;
      if (this.sg) {
        for (let j = from; j <= to; j++) {
          if (j === i) continue;
          if (sub === undefined) inputs[inAt++] = sentence[j]!;
          else inAt = copyRows(sub, sentence[j]!, inputs, inAt);
          inputEnds[++size] = inAt;
          targetEnds[size] = this.writeTargets(targetEnds[size - 1]!, word);
        }
      } else {
        // a one-word sentence has no context: nothing to predict from (word2vec.c: cw == 0)
        if (to === from) continue;
        for (let j = from; j <= to; j++) {
          if (j === i) continue;
          if (sub === undefined) inputs[inAt++] = sentence[j]!;
          else inAt = copyRows(sub, sentence[j]!, inputs, inAt);
        }
        inputEnds[++size] = inAt;
        targetEnds[size] = this.writeTargets(targetEnds[size - 1]!, word);
      }
    }
    batch.size = size;
    return false;
  }

  /** Empties the batch (after the step has run it). */
  clear(): void {
    this.batch.size = 0;
  }

  /** The builder's position, valid between batches (for checkpoints). */
  getState(): BuilderState {
    return {
      sentence: this.centre < this.length ? Array.from(this.sentence.subarray(0, this.length)) : [],
      centre: this.centre < this.length ? this.centre : 0,
      rng: this.rng.getState(),
    };
  }

  /** Restores a position saved by `getState` (the sentence is already subsampled). */
  setState(state: BuilderState): void {
    this.rng = new Rng(state.rng);
    this.sentence.set(state.sentence);
    this.length = state.sentence.length;
    this.centre = state.centre;
  }

  // --- internal ---

  /** Writes `word`'s targets and labels from offset `at`; returns the offset after them. */
  private writeTargets(from: number, word: number): number {
    const { targets, labels } = this.batch;
    let at = from;
    if (this.loss === 'ns') {
      targets[at] = word;
      labels[at++] = 1;
      const noise = this.noise!;
      const rng = this.rng;
      for (let k = 0; k < this.negative; k++) {
        const drawn = noise.draw(rng);
        // word2vec.c: a noise word equal to the target is skipped, not redrawn
        if (drawn === word) continue;
        targets[at] = drawn;
        labels[at++] = 0;
      }
    } else if (this.loss === 'hs') {
      const h = this.huffman!;
      const end = h.codeOffsets[word + 1]!;
      for (let c = h.codeOffsets[word]!; c < end; c++) {
        targets[at] = h.points[c]!;
        // word2vec.c: g = (1 - code - f) * alpha, so the label of a node is 1 - code
        labels[at++] = 1 - h.codes[c]!;
      }
    } else {
      targets[at] = word;
      labels[at++] = 1;
    }
    return at;
  }
}

/** Appends word `w`'s input rows (its own and its n-grams') at `at`; returns the offset after them. */
function copyRows(sub: SubwordRows, w: number, inputs: Int32Array, from: number): number {
  const start = sub.offsets[w]!;
  const rows = sub.rows.subarray(start, sub.offsets[w + 1]!);
  inputs.set(rows, from);
  return from + rows.length;
}

/** Empty batch arrays for `capacity` examples with room for `inputs` input ids and `targets` targets. */
export function allocateBatch(capacity: number, inputs: number, targets: number): ExampleBatch {
  return {
    size: 0,
    inputEnds: new Int32Array(capacity + 1),
    inputs: new Int32Array(inputs),
    targetEnds: new Int32Array(capacity + 1),
    targets: new Int32Array(targets),
    labels: new Uint8Array(targets),
  };
}
