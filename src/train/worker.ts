// Entry of one training worker thread: its own sentence trainer and Rng (and its own TF.js backend for the
// full softmax only), the shared weight tables, sampling tables and progress counters. The main thread sends it one share per epoch and gets back
// where the share ended. Errors surface as the Worker's 'error' event, which stops the whole run.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainOptions } from '../options.ts';
import { Rng } from '../util/rng.ts';
import { batchCapacity, type SubwordRows } from './batches.ts';
import { Counters } from './counters.ts';
import { runShare, type ShareOutcome, type ShareTask } from './loop.ts';
import type { SamplingPointers } from './sentence-trainer.ts';
import { createThreadTrainer, startMath } from './setup.ts';
import { type TablesHandle, tablesOver } from './tables.ts';

/** What the main thread passes to a worker at start. */
export interface WorkerInit {
  slot: number;
  options: TrainOptions;
  counts: Float64Array;
  tables: TablesHandle;
  /** The sampling tables in the shared WebAssembly memory (undefined: each thread builds its own, in JS). */
  sampling: SamplingPointers | undefined;
  counters: SharedArrayBuffer;
  control: SharedArrayBuffer;
  totalWords: number;
  rng: [number, number, number, number];
  /** Subword models: every word's input rows (a copy per thread; the WebAssembly trainer reads `sampling`'s). */
  subwords: SubwordRows | undefined;
}

/** Messages from the main thread. */
export type ToWorker = { type: 'run'; task: ShareTask } | { type: 'exit' };

/** Messages to the main thread. */
export type FromWorker = { type: 'ready'; backend: string; warnings: string[] } | { type: 'done'; outcome: ShareOutcome };

if (parentPort !== null && workerData !== null && typeof workerData === 'object' && 'slot' in workerData) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const warnings: string[] = [];
  const tables = tablesOver(init.tables);
  const backend = await startMath(init.options, tables, (m) => warnings.push(m));
  const trainer = await createThreadTrainer(init.options, init.counts, tables, init.sampling, new Rng(init.rng), init.subwords);
  const ctx = {
    trainer,
    batchSize: batchCapacity(init.options, init.options.batchSize),
    counters: new Counters(init.counters),
    slot: init.slot,
    control: new Int32Array(init.control),
    totalWords: init.totalWords,
    alpha: init.options.alpha,
    minAlpha: init.options.minAlpha,
  };
  port.on('message', (message: ToWorker) => {
    if (message.type === 'exit') {
      trainer.dispose();
      port.close();
      return;
    }
    runShare(ctx, message.task).then(
      (outcome) => port.postMessage({ type: 'done', outcome } satisfies FromWorker),
      (error: unknown) => {
        // rethrown outside the promise so it becomes the Worker's 'error' event
        setImmediate(() => {
          throw error;
        });
      },
    );
  });
  port.postMessage({ type: 'ready', backend, warnings } satisfies FromWorker);
}
