// The training loop over one share of the ids file, shared by the main thread (--workers 1) and the worker
// threads: read a sentence, let the builder fill batches, run each batch through the step at the scheduled
// learning rate, and publish progress in a shared Float64Array that the main thread polls.
import type { BatchBuilder, BuilderState } from './batches.ts';
import type { Counters } from './counters.ts';
import { IdsReader, type Share } from './ids-file.ts';
import { learningRate } from './schedule.ts';
import type { Step } from './step.ts';
import type { Tables } from './types.ts';

/** What a loop needs besides its share. */
export interface LoopContext {
  step: Pick<Step, 'run'>;
  tables: Tables;
  builder: BatchBuilder;
  /** The shared progress counters; this thread writes slot `slot`. */
  counters: Counters;
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

/** A thread's share of an epoch: its jobs (ids-file byte ranges, in order), where to start, the builder state there. */
export interface ShareTask {
  path: string;
  jobs: Share[];
  /** Index in `jobs` of the job to start in. */
  job: number;
  /** Byte offset inside that job to start at. */
  position: number;
  builder: BuilderState | undefined;
}

/** How a share ended, and where (for checkpoints). */
export interface ShareOutcome {
  stopped: boolean;
  /** The batch loss was NaN or infinite. */
  diverged: boolean;
  /** The job in progress (jobs.length when the share is done) and the byte offset inside it. */
  job: number;
  position: number;
  builder: BuilderState;
}

/** Trains one share until its end, a stop request or divergence. */
export async function runShare(ctx: LoopContext, task: ShareTask): Promise<ShareOutcome> {
  const { step, tables, builder, counters, control } = ctx;
  const slot = ctx.slot;
  const jobs = task.jobs;
  let job = task.job;
  if (task.builder !== undefined) builder.setState(task.builder);
  builder.clear();
  if (job >= jobs.length) return { stopped: false, diverged: false, job, position: 0, builder: builder.getState() };
  const reader = new IdsReader(task.path, task.position, jobs[job]!.end);
  const at = (stopped: boolean, diverged: boolean): ShareOutcome => ({ stopped, diverged, job, position: reader.position, builder: builder.getState() });
  let lastYield = performance.now();
  const runBatch = (): boolean => {
    const lr = learningRate(ctx.alpha, ctx.minAlpha, counters.totalWords() / ctx.totalWords);
    const result = step.run(builder.batch, tables, lr);
    builder.clear();
    if (!Number.isFinite(result.lossSum)) return false;
    counters.addBatch(slot, result.lossSum, result.examples, lr);
    return true;
  };
  try {
    for (;;) {
      if (!builder.hasSentence) {
        let sentence = reader.next();
        // the builder has emitted every example of the job's last sentence: on to the next job
        while (sentence === undefined && job + 1 < jobs.length) {
          job++;
          reader.seek(jobs[job]!.start, jobs[job]!.end);
          sentence = reader.next();
        }
        if (sentence === undefined) break;
        counters.addWords(slot, sentence.length);
        builder.setSentence(sentence);
      }
      if (builder.fill()) {
        if (!runBatch()) return at(true, true);
        // a stop lands between batches, where the builder state is a complete checkpoint
        if (Atomics.load(control, 0) !== 0) return at(true, false);
        if (ctx.yieldMs !== undefined && performance.now() - lastYield >= ctx.yieldMs) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
          if (Atomics.load(control, 0) !== 0) return at(true, false);
        }
      }
    }
    if (builder.batch.size > 0 && !runBatch()) return at(true, true);
    job = jobs.length;
    return at(false, false);
  } finally {
    reader.close();
  }
}
