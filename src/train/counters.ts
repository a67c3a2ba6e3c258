// The progress counters every training thread publishes and the main thread reads: per thread, in-vocabulary
// words read over the whole run (the learning-rate schedule's numerator), this epoch's loss sum and example
// count, and the last learning rate. Float64 in one SharedArrayBuffer, so reads need no messages; each thread
// writes only its own slot, and a sum over slots is what the schedule and progress reports use.

/** The counters of one thread slot. */
export interface SlotCounters {
  words: number;
  lossSum: number;
  examples: number;
  alpha: number;
}

const WIDTH = 4;
const WORDS = 0;
const LOSS = 1;
const EXAMPLES = 2;
const ALPHA = 3;

/** Shared progress counters for `slots` threads. */
export class Counters {
  readonly slots: number;
  private readonly f: Float64Array;

  /** New zeroed counters, or a view of a buffer another thread created (`new Counters(buffer)`). */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    const buffer = typeof slotsOrBuffer === 'number' ? new SharedArrayBuffer(slotsOrBuffer * WIDTH * 8) : slotsOrBuffer;
    this.f = new Float64Array(buffer);
    this.slots = this.f.length / WIDTH;
  }

  /** The buffer to hand to worker threads. */
  get buffer(): SharedArrayBuffer {
    return this.f.buffer as SharedArrayBuffer;
  }

  /** Words read by all threads (the schedule's numerator). */
  totalWords(): number {
    return this.sum(WORDS);
  }

  /** This epoch's loss sum and examples over all threads. */
  epochLoss(): { lossSum: number; examples: number } {
    return { lossSum: this.sum(LOSS), examples: this.sum(EXAMPLES) };
  }

  /** Mean example loss of the epoch so far (NaN before the first batch). */
  meanLoss(): number {
    const { lossSum, examples } = this.epochLoss();
    return examples > 0 ? lossSum / examples : Number.NaN;
  }

  get(slot: number): SlotCounters {
    const b = slot * WIDTH;
    const f = this.f;
    return { words: f[b + WORDS]!, lossSum: f[b + LOSS]!, examples: f[b + EXAMPLES]!, alpha: f[b + ALPHA]! };
  }

  set(slot: number, values: SlotCounters): void {
    const b = slot * WIDTH;
    const f = this.f;
    f[b + WORDS] = values.words;
    f[b + LOSS] = values.lossSum;
    f[b + EXAMPLES] = values.examples;
    f[b + ALPHA] = values.alpha;
  }

  /** A thread read a sentence of `words` in-vocabulary words. */
  addWords(slot: number, words: number): void {
    this.f[slot * WIDTH + WORDS] += words;
  }

  /** A thread trained a batch at `alpha`. */
  addBatch(slot: number, lossSum: number, examples: number, alpha: number): void {
    const b = slot * WIDTH;
    this.f[b + LOSS] += lossSum;
    this.f[b + EXAMPLES] += examples;
    this.f[b + ALPHA] = alpha;
  }

  /** Zeroes every slot's epoch loss (a new epoch). */
  resetEpoch(): void {
    for (let s = 0; s < this.slots; s++) {
      this.f[s * WIDTH + LOSS] = 0;
      this.f[s * WIDTH + EXAMPLES] = 0;
    }
  }

  private sum(field: number): number {
    let total = 0;
    for (let i = field; i < this.f.length; i += WIDTH) total += this.f[i]!;
    return total;
  }
}
