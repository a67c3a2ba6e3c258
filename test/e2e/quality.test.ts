// Quality, in the manner of gensim's model_sanity: train with a fixed seed on the small real Lee corpus
// (corpora/lee_background.cor, 300 news texts, 1,829 words at min-count 5) and assert neighbour ranks. The
// cases and their bounds, with how each was calibrated, are in quality-cases.ts; scripts/calibrate-quality.ts
// re-runs the calibration. W2V_BULK_SEEDS=20 also trains every case on seeds 1-20 and requires all to pass
// (gensim's BULK_TEST_REPS; several minutes, most of it the full-softmax case).
import { describe, expect, it } from 'vitest';
import { QUALITY_CASES, type QualityCase, type Trained, trainCase } from './quality-cases.ts';
import { tmpDir } from '../helpers/cli.ts';

const BULK_SEEDS = Number(process.env.W2V_BULK_SEEDS ?? 0);

/** What fails in one trained model: each rank above its bound, a loss that did not fall, a failed run. */
function failures(c: QualityCase, trained: Trained): string[] {
  if (!trained.ok) return [`the run failed (exit ${trained.run.code}): ${trained.run.stderr.trim()}`];
  const { kv, loss } = trained;
  const out = c.bounds.map((p) => ({ p, rank: kv.rank(p.a, p.b) })).filter(({ p, rank }) => rank > p.max).map(({ p, rank }) => `${p.a}->${p.b} rank ${rank} > ${p.max}`);
  if (!(loss.at(-1)! < loss[0]!)) out.push(`loss did not fall: ${loss.join(' ')}`);
  return out;
}

describe('training quality on the Lee corpus', () => {
  it.each(QUALITY_CASES.map((c) => [c.name, c] as const))('%s puts related words near each other (seed 1)', async (_name, c) => {
    const trained = await trainCase(c, 1, await tmpDir());
    expect(failures(c, trained)).toEqual([]);
    // a model that learned nothing ranks a word uniformly among the other 1,828, so it passes a bound of
    // `max` with probability max/1828: keep every bound below 3% of that (the calibration measures it too)
    const size = trained.ok ? trained.kv.size : 0;
    for (const p of c.bounds) expect(p.max / (size - 1), `${p.a}->${p.b} <= ${p.max} is passed by chance too often`).toBeLessThan(0.03);
  });
});

describe.runIf(BULK_SEEDS > 0)(`training quality on seeds 1-${BULK_SEEDS} (W2V_BULK_SEEDS)`, () => {
  it.each(QUALITY_CASES.map((c) => [c.name, c] as const))('%s passes on every seed', { timeout: BULK_SEEDS * 120_000 }, async (_name, c) => {
    const dir = await tmpDir();
    const failed: string[] = [];
    for (let seed = 1; seed <= BULK_SEEDS; seed++) for (const f of failures(c, await trainCase(c, seed, dir))) failed.push(`seed ${seed}: ${f}`);
    expect(failed).toEqual([]);
  });
});
