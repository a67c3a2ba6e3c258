// The training loop of one thread's share of an epoch, shared by the main thread (--workers 1) and the worker
// threads: take the next job (10,000 words of the ids file) from the queue all threads share, read its
// sentences, hand each to the thread's trainer, and train it a batch (batchSize examples) at a time, each batch
// at the learning rate scheduled at its start; publish progress in a shared Float64Array that the main thread
// polls. A batch may span sentences; a stop lands only between batches.
import type { BuilderState } from './batches.ts';
import type { Counters } from './counters.ts';
import { IdsReader, type Share } from './ids-file.ts';
import { learningRate } from './schedule.ts';
import type { SentenceTrainer } from './sentence-trainer.ts';

/** What a loop needs besides its share. */
export interface LoopContext {
  trainer: SentenceTrainer;
  /**
   * Examples per batch (the learning rate is fixed within a batch); at least one centre word's examples
   * (batches.ts batchCapacity), else a trainer could never start the next centre and the loop would spin.
   */
  batchSize: number;
  /** The shared progress counters; this thread writes slot `slot`. */
  counters: Counters;
  slot: number;
  /**
   * Shared by all threads: [0] != 0 asks every loop to stop after its current batch; [1] is the job queue, the
   * index of the next job not yet taken (Atomics.add), which the main thread sets before each epoch.
   */
  control: Int32Array;
  /** In-vocabulary words over all epochs: the denominator of the schedule. */
  totalWords: number;
  alpha: number;
  minAlpha: number;
  /** Give the event loop a turn this often (the main thread must see signals and print progress). */
  yieldMs?: number;
}

/** A thread's share of an epoch: the epoch's jobs (ids-file byte ranges, in order), the job it was in, the builder state. */
export interface ShareTask {
  path: string;
  jobs: Share[];
  /** Index in `jobs` of the job this thread stopped in (a resumed epoch), or -1: start with the queue's next. */
  job: number;
  /** Byte offset inside that job to start at. */
  position: number;
  builder: BuilderState | undefined;
}

/** The job queue's slot in LoopContext.control. */
export const NEXT_JOB = 1;

/** How a share ended, and where (for checkpoints). */
export interface ShareOutcome {
  stopped: boolean;
  /** The batch loss was NaN or infinite. */
  diverged: boolean;
  /** The job in progress (jobs.length when the queue ran dry and the thread's last job is done) and the byte offset inside it. */
  job: number;
  position: number;
  builder: BuilderState;
}

/** Trains one share until its end, a stop request or divergence. */
export async function runShare(ctx: LoopContext, task: ShareTask): Promise<ShareOutcome> {
  const { trainer, counters, control } = ctx;
  const slot = ctx.slot;
  const jobs = task.jobs;
  const take = (): number => Math.min(jobs.length, Atomics.add(control, NEXT_JOB, 1));
  const resumed = task.job >= 0 && task.job < jobs.length;
  let job = resumed ? task.job : take();
  if (task.builder !== undefined) trainer.setState(task.builder);
  // start from the shared tables as they are now (another thread's rows, or weights the main thread set)
  trainer.publish();
  if (job >= jobs.length) return { stopped: false, diverged: false, job, position: 0, builder: trainer.getState() };
  const reader = new IdsReader(task.path, resumed ? task.position : jobs[job]!.start, jobs[job]!.end);
  const at = (stopped: boolean, diverged: boolean): ShareOutcome => ({ stopped, diverged, job, position: reader.position, builder: trainer.getState() });
  const schedule = (): number => learningRate(ctx.alpha, ctx.minAlpha, counters.totalWords() / ctx.totalWords);
  let lastYield = performance.now();
  let lr = schedule();
  let lossSum = 0;
  let examples = 0;
  /** Publishes the batch so far; false when its loss is not finite (diverged). */
  const commit = (): boolean => {
    if (!Number.isFinite(lossSum)) return false;
    if (examples > 0) counters.addBatch(slot, lossSum, examples, lr);
    lossSum = 0;
    examples = 0;
    return true;
  };
  try {
    for (;;) {
      if (!trainer.hasSentence) {
        let sentence = reader.next();
        // the trainer has trained every centre of the job's last sentence: on to the queue's next job
        while (sentence === undefined) {
          job = take();
          if (job >= jobs.length) break;
          reader.seek(jobs[job]!.start, jobs[job]!.end);
          sentence = reader.next();
        }
        if (sentence === undefined) break;
        counters.addWords(slot, sentence.length);
        trainer.setSentence(sentence);
        if (!trainer.hasSentence) continue;
      }
      const r = trainer.train(lr, ctx.batchSize - examples);
      lossSum += r.lossSum;
      examples += r.examples;
      if (!trainer.hasSentence) continue;
      // an empty batch that cannot take the next centre would spin here for ever (see batchSize)
      if (examples === 0) throw new Error(`a batch of ${ctx.batchSize} examples cannot hold one centre word's examples`);
      // centre words are left: the batch is full
      if (!commit()) return at(true, true);
      lr = schedule();
      // a stop lands between batches, where the trainer state is a complete checkpoint
      if (Atomics.load(control, 0) !== 0) return at(true, false);
      if (ctx.yieldMs !== undefined && performance.now() - lastYield >= ctx.yieldMs) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        if (Atomics.load(control, 0) !== 0) return at(true, false);
      }
    }
    const rest = trainer.flush(lr);
    lossSum += rest.lossSum;
    examples += rest.examples;
    if (!commit()) return at(true, true);
    job = jobs.length;
    return at(false, false);
  } finally {
    // before the main thread reads the tables (checkpoint, next epoch, export)
    trainer.publish();
    reader.close();
  }
}
