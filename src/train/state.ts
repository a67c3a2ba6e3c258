// The trainer's checkpoint state (state.json in a model folder): which epoch, the job queue's next job, and for
// each thread the job in progress, the byte offset inside it, the batch builder's position and RNG, and its
// counters, so a resumed run continues exactly where the interrupted one stopped.
import { Word2VecError } from '../errors.ts';
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import type { BuilderState } from './batches.ts';
import type { IdsFile, Share } from './ids-file.ts';

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
  /**
   * Index of the epoch's next job not yet taken by any thread (ids-file.ts cutJobs; 0 between epochs).
   * Absent in checkpoints written before the threads shared one queue (see nextJobOf).
   */
  nextJob?: number;
  /** Training seconds already spent on the epoch in progress. */
  epochSeconds: number;
}

/** One thread's place in the run. */
export interface WorkerState {
  /** The job (ids-file byte range, ids-file.ts cutJobs) in progress; empty (start = end) when none is. */
  share: Share;
  position: number;
  builder: BuilderState;
  /** In-vocabulary words this thread has read over the whole run (the schedule's numerator). */
  words: number;
  lossSum: number;
  examples: number;
}

/** No job in progress. */
export const NO_JOB: Share = { start: 0, end: 0 };

/** Index of `share` among the jobs, or -1 for none (a checkpoint names the job in progress by its byte range). */
export function jobIndex(jobs: readonly Share[], share: Share): number {
  if (share.end <= share.start) return -1;
  const i = jobs.findIndex((j) => j.start === share.start && j.end === share.end);
  if (i < 0) {
    throw new Word2VecError('E_RESUME_MISMATCH', `the checkpoint's position (bytes ${share.start}-${share.end} of the ids) is not one of this version's 10,000-word jobs; retrain from text`);
  }
  return i;
}

/**
 * The queue's next job for a resumed epoch. Checkpoints written before the shared queue lack it: with one thread
 * (which took every job in order) it is the job after the one in progress; with several, the threads had fixed
 * deals of jobs, whose untrained rest this version cannot tell.
 */
export function nextJobOf(state: TrainState, jobs: readonly Share[]): number {
  if (!state.midEpoch) return 0;
  if (state.nextJob !== undefined) {
    if (!Number.isInteger(state.nextJob) || state.nextJob < 0 || state.nextJob > jobs.length) {
      throw new Word2VecError('E_BAD_MODEL', `state.json: nextJob ${state.nextJob} is not a job of this corpus (0-${jobs.length}); the checkpoint is damaged: train further with --from, or retrain`);
    }
    return state.nextJob;
  }
  if (state.workers.length === 1) return jobIndex(jobs, state.workers[0]!.share) + 1;
  throw new Word2VecError('E_RESUME_MISMATCH', `the checkpoint was written part-way through an epoch by an earlier version with ${state.workers.length} workers, which dealt the jobs differently; resume it with that version, or retrain`);
}

/** The state before the first epoch: no thread in a job, each with its own RNG stream. */
export function freshState(ids: IdsFile, options: TrainOptions, rng: Rng): TrainState {
  return {
    version: 1,
    epoch: 0,
    midEpoch: false,
    idsInts: ids.ints,
    nextJob: 0,
    epochSeconds: 0,
    workers: Array.from({ length: options.workers }, (_, i) => ({
      share: NO_JOB,
      position: 0,
      builder: { sentence: [], centre: 0, rng: rng.fork(i).getState() },
      words: 0,
      lossSum: 0,
      examples: 0,
    })),
  };
}
