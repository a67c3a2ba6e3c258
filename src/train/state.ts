// The trainer's checkpoint state (state.json in a model folder): which epoch, and for each thread the job in
// progress, the byte offset inside it, the batch builder's position and RNG, and its counters, so a resumed
// run continues exactly where the interrupted one stopped.
import { Word2VecError } from '../errors.ts';
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import type { BuilderState } from './batches.ts';
import { dealJobs, type IdsFile, type Share } from './ids-file.ts';

/** Trainer state saved in state.json so `resume` continues exactly where a run stopped. */
export interface TrainState {
  version: 1;
  /** The epoch in progress or next to run (0-based); equals options.epochs when training is complete. */
  epoch: number;
  /** True when the epoch stopped part-way: `workers` hold positions inside their current jobs. */
  midEpoch: boolean;
  /** int32s in the ids file, to check a re-encoded corpus against. */
  idsInts: number;
  workers: WorkerState[];
  /** Training seconds already spent on the epoch in progress. */
  epochSeconds: number;
}

/** One thread's place in the run. */
export interface WorkerState {
  /** The job (ids-file byte range, dealt by ids-file.ts dealJobs) in progress or next to train. */
  share: Share;
  position: number;
  builder: BuilderState;
  /** In-vocabulary words this thread has read over the whole run (the schedule's numerator). */
  words: number;
  lossSum: number;
  examples: number;
}

/** Index of `share` among a thread's jobs (a checkpoint names the job in progress by its byte range). */
export function jobIndex(jobs: readonly Share[], share: Share): number {
  const i = jobs.findIndex((j) => j.start === share.start && j.end === share.end);
  if (i < 0 && jobs.length > 0) {
    throw new Word2VecError('E_RESUME_MISMATCH', `the checkpoint's position (bytes ${share.start}-${share.end} of the ids) is not one of this version's 10,000-word jobs; retrain from text`);
  }
  return Math.max(0, i);
}

/** The state before the first epoch: every thread at the start of its first job, with its own RNG stream. */
export function freshState(ids: IdsFile, options: TrainOptions, rng: Rng): TrainState {
  const shares = dealJobs(ids, options.workers).map((jobs) => jobs[0] ?? { start: 0, end: 0 });
  return {
    version: 1,
    epoch: 0,
    midEpoch: false,
    idsInts: ids.ints,
    epochSeconds: 0,
    workers: shares.map((share, i) => ({
      share,
      position: share.start,
      builder: { sentence: [], centre: 0, rng: rng.fork(i).getState() },
      words: 0,
      lossSum: 0,
      examples: 0,
    })),
  };
}
