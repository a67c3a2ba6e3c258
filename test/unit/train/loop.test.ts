// The threads of an epoch take their jobs from one queue: whoever is free takes the next job, every sentence is
// trained exactly once, and a stopped epoch resumes from the jobs in progress and the queue's next job.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuilderState } from '../../../src/train/batches.ts';
import { Counters } from '../../../src/train/counters.ts';
import { cutJobs, encodeIds } from '../../../src/train/ids-file.ts';
import { type LoopContext, NEXT_JOB, runShare, type ShareTask } from '../../../src/train/loop.ts';
import type { SentenceTrainer } from '../../../src/train/sentence-trainer.ts';
import { NO_JOB, nextJobOf, type TrainState } from '../../../src/train/state.ts';
import { Vocab } from '../../../src/vocab/vocab.ts';
import { tmpDir } from '../../helpers/cli.ts';

/** A trainer that records the first id of each sentence it is given (one example per word, no math). */
class RecordingTrainer implements SentenceTrainer {
  readonly seen: number[] = [];
  private left = 0;
  /** Called after each sentence is set (a test's stop request). */
  onSentence: (() => void) | undefined;
  get hasSentence(): boolean {
    return this.left > 0;
  }
  setSentence(ids: Int32Array): void {
    this.seen.push(ids[0]!);
    this.left = ids.length;
    this.onSentence?.();
  }
  train(_lr: number, budget: number): { lossSum: number; examples: number } {
    const n = Math.min(this.left, budget);
    this.left -= n;
    return { lossSum: n, examples: n };
  }
  flush(): { lossSum: number; examples: number } {
    return { lossSum: 0, examples: 0 };
  }
  publish(): void {}
  getState(): BuilderState {
    return { sentence: [], centre: 0, rng: [1, 2, 3, 4] };
  }
  setState(): void {}
  dispose(): void {}
}

/** 400 sentences of 60 words, sentence s starting with id s % 400 (the vocabulary has 400 words): ~3 jobs of 10,000 words. */
async function corpus(): Promise<{ path: string; jobs: ReturnType<typeof cutJobs> }> {
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const vocab = new Vocab(words, words.map(() => 1));
  const list = Array.from({ length: 400 }, (_, s) => Array.from({ length: 60 }, (_, i) => `w${(s + i) % 400}`));
  async function* sentences(): AsyncIterable<string[]> {
    yield* list;
  }
  const path = join(await tmpDir(), 'ids.bin');
  const file = await encodeIds(sentences(), vocab, path, 10_000);
  return { path, jobs: cutJobs(file, 2) };
}

function context(trainer: SentenceTrainer, control: Int32Array, counters: Counters, slot: number): LoopContext {
  return { trainer, batchSize: 100, counters, slot, control, totalWords: 24_000, alpha: 0.025, minAlpha: 0.0001 };
}

const fresh = (path: string, jobs: ShareTask['jobs']): ShareTask => ({ path, jobs, job: -1, position: 0, builder: undefined });

describe('the job queue', () => {
  it('hands the next job to whichever thread is free: one that runs alone takes them all, each sentence once', async () => {
    const { path, jobs } = await corpus();
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    const control = new Int32Array(2);
    const counters = new Counters(2);
    const a = new RecordingTrainer();
    const b = new RecordingTrainer();
    // thread a runs its whole share before b starts (b was busy): a fixed deal would leave b half the jobs
    const outA = await runShare(context(a, control, counters, 0), fresh(path, jobs));
    const outB = await runShare(context(b, control, counters, 1), fresh(path, jobs));
    expect(a.seen).toEqual(Array.from({ length: 400 }, (_, s) => s));
    expect(b.seen).toEqual([]);
    expect([outA.stopped, outA.job, outB.stopped, outB.job]).toEqual([false, jobs.length, false, jobs.length]);
    expect(counters.totalWords()).toBe(24_000);
  });

  it('two threads taking turns train every sentence exactly once, in jobs of consecutive sentences', async () => {
    const { path, jobs } = await corpus();
    const control = new Int32Array(2);
    const counters = new Counters(2);
    const a = new RecordingTrainer();
    const b = new RecordingTrainer();
    // both loops run on this thread: each yields to the event loop between batches, so they interleave
    const yieldMs = 0;
    await Promise.all([
      runShare({ ...context(a, control, counters, 0), yieldMs }, fresh(path, jobs)),
      runShare({ ...context(b, control, counters, 1), yieldMs }, fresh(path, jobs)),
    ]);
    expect(a.seen.length).toBeGreaterThan(0);
    expect(b.seen.length).toBeGreaterThan(0);
    expect([...a.seen, ...b.seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, s) => s));
    expect(Atomics.load(control, NEXT_JOB)).toBeGreaterThanOrEqual(jobs.length);
  });

  it('a stopped epoch resumes from the job in progress and the queue, training what is left exactly once', async () => {
    const { path, jobs } = await corpus();
    const control = new Int32Array(2);
    const counters = new Counters(1);
    const first = new RecordingTrainer();
    // stop after 200 sentences: a batch boundary inside the second job
    first.onSentence = () => {
      if (first.seen.length === 200) Atomics.store(control, 0, 1);
    };
    const stopped = await runShare(context(first, control, counters, 0), fresh(path, jobs));
    expect(stopped.stopped).toBe(true);
    expect(stopped.job).toBeGreaterThan(0);
    expect(stopped.job).toBeLessThan(jobs.length);
    const next = Atomics.load(control, NEXT_JOB);
    expect(next).toBe(stopped.job + 1);
    // a new run: fresh control, the queue set from the checkpoint
    const again = new Int32Array(2);
    Atomics.store(again, NEXT_JOB, next);
    const second = new RecordingTrainer();
    const done = await runShare(context(second, again, counters, 0), { path, jobs, job: stopped.job, position: stopped.position, builder: stopped.builder });
    expect(done.stopped).toBe(false);
    expect([...first.seen, ...second.seen]).toEqual(Array.from({ length: 400 }, (_, s) => s));
  });
});

describe('the queue in a checkpoint', () => {
  const jobs = [
    { start: 0, end: 40 },
    { start: 40, end: 80 },
    { start: 80, end: 120 },
  ];
  const worker = (share: { start: number; end: number }): TrainState['workers'][number] => ({ share, position: share.start, builder: { sentence: [], centre: 0, rng: [1, 2, 3, 4] }, words: 0, lossSum: 0, examples: 0 });
  const state = (midEpoch: boolean, shares: { start: number; end: number }[], nextJob?: number): TrainState => ({
    version: 1,
    epoch: 0,
    midEpoch,
    idsInts: 30,
    workers: shares.map(worker),
    epochSeconds: 0,
    ...(nextJob === undefined ? {} : { nextJob }),
  });

  it('starts an epoch at job 0 and a stopped one at the saved next job', () => {
    expect(nextJobOf(state(false, [NO_JOB, NO_JOB], 2), jobs)).toBe(0);
    expect(nextJobOf(state(true, [jobs[1]!, NO_JOB], 3), jobs)).toBe(3);
  });

  it('refuses a damaged next job with the way out', () => {
    for (const bad of [-1, 4, 1.5]) expect(() => nextJobOf(state(true, [jobs[1]!, NO_JOB], bad), jobs)).toThrow(/nextJob .* is not a job of this corpus.*retrain/);
  });

  it('reads checkpoints written before the queue: one worker exactly, several refused with the way out', () => {
    expect(nextJobOf(state(true, [jobs[1]!]), jobs)).toBe(2);
    expect(() => nextJobOf(state(true, [jobs[0]!, jobs[1]!]), jobs)).toThrow(/earlier version with 2 workers.*retrain/);
  });
});
