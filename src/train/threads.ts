// Runs shares of an epoch either in the main thread (one worker: simple and bit-for-bit repeatable) or on a
// pool of worker threads that share the tables (Hogwild). A worker's crash rejects the epoch at once and
// stops the others: the run fails with that error instead of hanging.
import type { Worker } from 'node:worker_threads';
import { Word2VecError } from '../errors.ts';
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import { spawnWorker } from '../util/spawn-worker.ts';
import { batchCapacity, type SubwordRows } from './batches.ts';
import { Counters } from './counters.ts';
import { type LoopContext, runShare, type ShareOutcome, type ShareTask } from './loop.ts';
import { createThreadTrainer, shareSampling, startMath } from './setup.ts';
import { tablesHandle } from './tables.ts';
import type { Tables } from './types.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker.ts';

/** Trains the shares of one epoch, one share per thread. */
export interface Executor {
  readonly backend: string;
  readonly counters: Counters;
  /** [0] the stop request, [1] the job queue (loop.ts LoopContext.control). */
  readonly control: Int32Array;
  runShares(tasks: readonly ShareTask[]): Promise<ShareOutcome[]>;
  close(): Promise<void>;
}

/** What both executors need to start. */
export interface ExecutorInit {
  options: TrainOptions;
  counts: Float64Array;
  tables: Tables;
  totalWords: number;
  /** One independent stream per thread. */
  rngs: Rng[];
  /** Subword models: every word's input rows. */
  subwords?: SubwordRows | undefined;
  onWarning?: ((message: string) => void) | undefined;
}

/** Starts the executor for `options.workers` threads (1: the main thread). */
export async function startExecutor(init: ExecutorInit): Promise<Executor> {
  return init.options.workers === 1 ? await startLocal(init) : await startPool(init);
}

// --- internal ---

async function startLocal(init: ExecutorInit): Promise<Executor> {
  const backend = await startMath(init.options, init.tables, (m) => init.onWarning?.(m));
  const counters = new Counters(1);
  const control = new Int32Array(new SharedArrayBuffer(8));
  const sampling = shareSampling(init.options, init.counts, init.tables, undefined, init.subwords);
  const trainer = await createThreadTrainer(init.options, init.counts, init.tables, sampling, init.rngs[0]!, init.subwords);
  const ctx: LoopContext = {
    trainer,
    batchSize: batchCapacity(init.options, init.options.batchSize),
    counters,
    slot: 0,
    control,
    totalWords: init.totalWords,
    alpha: init.options.alpha,
    minAlpha: init.options.minAlpha,
    yieldMs: 50,
  };
  return {
    backend,
    counters,
    control,
    runShares: async (tasks) => [await runShare(ctx, tasks[0]!)],
    close: async () => trainer.dispose(),
  };
}

async function startPool(init: ExecutorInit): Promise<Executor> {
  const n = init.options.workers;
  const counters = new Counters(n);
  const controlBuffer = new SharedArrayBuffer(8);
  const control = new Int32Array(controlBuffer);
  const workers: Worker[] = [];
  // every pending promise of the pool, so one worker's failure rejects whatever the caller awaits
  let failure: Error | undefined;
  const waiters = new Set<(error: Error) => void>();
  const fail = (error: Error): void => {
    if (failure !== undefined) return;
    failure = error;
    Atomics.store(control, 0, 1);
    for (const reject of waiters) reject(error);
    waiters.clear();
    for (const w of workers) void w.terminate();
  };
  const sampling = shareSampling(init.options, init.counts, init.tables, undefined, init.subwords);
  const inbox: FromWorker[][] = [];
  const listeners: (((m: FromWorker) => void) | undefined)[] = [];
  const nextMessage = (slot: number): Promise<FromWorker> =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      const queued = inbox[slot]!.shift();
      if (queued !== undefined) return resolve(queued);
      const onError = (error: Error): void => reject(error);
      waiters.add(onError);
      listeners[slot] = (m) => {
        waiters.delete(onError);
        listeners[slot] = undefined;
        resolve(m);
      };
    });
  for (let slot = 0; slot < n; slot++) {
    inbox.push([]);
    listeners.push(undefined);
    const data: WorkerInit = {
      slot,
      options: init.options,
      counts: init.counts,
      tables: tablesHandle(init.tables),
      sampling,
      counters: counters.buffer,
      control: controlBuffer,
      totalWords: init.totalWords,
      rng: init.rngs[slot]!.getState(),
      subwords: init.subwords,
    };
    const worker = spawnWorker(import.meta.url, 'worker', data);
    worker.on('message', (m: FromWorker) => {
      const listener = listeners[slot];
      if (listener !== undefined) listener(m);
      else inbox[slot]!.push(m);
    });
    worker.on('error', (error) => fail(new Word2VecError('E_WORKER', `training worker ${slot + 1} failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Word2VecError('E_WORKER', `training worker ${slot + 1} exited with code ${code}`));
    });
    workers.push(worker);
  }
  const ready = await Promise.all(workers.map((_, slot) => nextMessage(slot)));
  let backend = 'cpu';
  for (const m of ready) {
    if (m.type !== 'ready') throw new Error('worker protocol: expected ready');
    backend = m.backend;
  }
  for (const warning of new Set(ready.flatMap((m) => (m.type === 'ready' ? m.warnings : [])))) init.onWarning?.(warning);
  return {
    backend,
    counters,
    control,
    runShares: async (tasks) => {
      const done = tasks.map((task, slot) => {
        const promise = nextMessage(slot);
        workers[slot]!.postMessage({ type: 'run', task } satisfies ToWorker);
        return promise;
      });
      const answers = await Promise.all(done);
      return answers.map((m) => {
        if (m.type !== 'done') throw new Error('worker protocol: expected done');
        return m.outcome;
      });
    },
    close: async () => {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              if (failure !== undefined) void w.terminate();
              else w.postMessage({ type: 'exit' } satisfies ToWorker);
            }),
        ),
      );
    },
  };
}
