// The training loop over one share of the ids file, shared by the main thread (--workers 1) and the worker
// threads: read a sentence, let the builder fill batches, run each batch through the step at the scheduled
// learning rate, and publish progress in a shared Float64Array that the main thread polls.
import type { BatchBuilder, BuilderState } from './batches.ts';
import { IdsReader } from './ids-file.ts';
import { learningRate } from './schedule.ts';
import type { Step } from './step.ts';
import type { Tables } from './types.ts';

/** Float64 counters per worker slot: words read (whole run), this epoch's loss sum and examples, the last lr. */
export const COUNTER_WIDTH = 4;
export const C_WORDS = 0;
export const C_LOSS = 1;
export const C_EXAMPLES = 2;
export const C_ALPHA = 3;

/** What a loop needs besides its share. */
export interface LoopContext {
  step: Pick<Step, 'run'>;
  tables: Tables;
  builder: BatchBuilder;
  /** [workers * COUNTER_WIDTH] shared progress counters. */
  counters: Float64Array;
  slot: number;
  /** [0] != 0 asks every loop to stop after its current batch. */
  control: Int32Array;
  /** In-vocabulary words over all epochs: the denominator of the schedule. */
  totalWords: number;
  alpha: number;
  minAlpha: number;
  /** Give the event loop a turn this often (the main thread must see signals and print progress). */
  yieldMs?: number;
}

/** Where a share starts: its byte range, the resume position inside it, and the builder state there. */
export interface ShareTask {
  path: string;
  start: number;
  end: number;
  position: number;
  builder: BuilderState | undefined;
}

/** How a share ended, and where (for checkpoints). */
export interface ShareOutcome {
  stopped: boolean;
  /** The batch loss was NaN or infinite. */
  diverged: boolean;
  position: number;
  builder: BuilderState;
}

/** Trains one share until its end, a stop request or divergence. */
export async function runShare(ctx: LoopContext, task: ShareTask): Promise<ShareOutcome> {
  const { step, tables, builder, counters, control } = ctx;
  const base = ctx.slot * COUNTER_WIDTH;
  const slots = counters.length / COUNTER_WIDTH;
  const reader = new IdsReader(task.path, task.position, task.end);
  if (task.builder !== undefined) builder.setState(task.builder);
  builder.clear();
  let lastYield = performance.now();
  const runBatch = (): boolean => {
    let words = 0;
    for (let s = 0; s < slots; s++) words += counters[s * COUNTER_WIDTH + C_WORDS]!;
    const lr = learningRate(ctx.alpha, ctx.minAlpha, words / ctx.totalWords);
    const result = step.run(builder.batch, tables, lr);
    builder.clear();
    counters[base + C_ALPHA] = lr;
    if (!Number.isFinite(result.lossSum)) return false;
    counters[base + C_LOSS] += result.lossSum;
    counters[base + C_EXAMPLES] += result.examples;
    return true;
  };
  try {
    for (;;) {
      if (!builder.hasSentence) {
        const sentence = reader.next();
        if (sentence === undefined) break;
        counters[base + C_WORDS] += sentence.length;
        builder.setSentence(sentence);
      }
      if (builder.fill()) {
        if (!runBatch()) return { stopped: true, diverged: true, position: reader.position, builder: builder.getState() };
        // a stop lands between batches, where the builder state is a complete checkpoint
        if (Atomics.load(control, 0) !== 0) return { stopped: true, diverged: false, position: reader.position, builder: builder.getState() };
        if (ctx.yieldMs !== undefined && performance.now() - lastYield >= ctx.yieldMs) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
          if (Atomics.load(control, 0) !== 0) return { stopped: true, diverged: false, position: reader.position, builder: builder.getState() };
        }
      }
    }
    if (builder.batch.size > 0 && !runBatch()) return { stopped: true, diverged: true, position: reader.position, builder: builder.getState() };
    return { stopped: false, diverged: false, position: task.end, builder: builder.getState() };
  } finally {
    reader.close();
  }
}
