// Calibrates the rank bounds of test/e2e/quality.test.ts: trains each case on seeds 1..N (through the CLI,
// as the test does) and prints, per word pair, the ranks seen, how many seeds pass the bound, and how often a
// random model (input vectors left at their initialisation, which is also what an update that only moves the
// output weights leaves behind) passes it.
// Usage: npx tsx scripts/calibrate-quality.ts [--seeds 20] [--case "cbow ns"] [--args="--alpha 0.05"]
// CPU-heavy (one training run per case and seed, ~2 s each); the same check runs in the test suite with
// W2V_BULK_SEEDS=20 npx vitest run --config test/vitest.config.ts test/e2e/quality.test.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KeyedVectors } from '../src/vectors/keyed-vectors.ts';
import { QUALITY_CASES, type QualityCase, trainCase } from '../test/e2e/quality-cases.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '20' }, case: { type: 'string' }, args: { type: 'string' } } });
const seeds = Number(values.seeds);
const extra = values.args === undefined ? [] : values.args.split(/\s+/).filter((s) => s !== '');
const cases = QUALITY_CASES.filter((c) => values.case === undefined || c.name.includes(values.case));
const dir = await mkdtemp(join(tmpdir(), 'w2v-calibrate-'));
try {
  for (const base of cases) {
    const c: QualityCase = { ...base, args: [...base.args, ...extra] };
    const ranks: number[][] = c.bounds.map(() => []);
    let failedRuns = 0;
    let allPass = 0;
    let words: readonly string[] = [];
    let dim = 0;
    const started = performance.now();
    for (let seed = 1; seed <= seeds; seed++) {
      const trained = await trainCase(c, seed, dir);
      if (!trained.ok) {
        failedRuns++;
        process.stdout.write(`  seed ${seed}: run failed (exit ${trained.run.code}): ${trained.run.stderr.trim().split('\n')[0]}\n`);
        continue;
      }
      words = trained.kv.words;
      dim = trained.kv.dim;
      const r = c.bounds.map((p) => trained.kv.rank(p.a, p.b));
      for (const [i, x] of r.entries()) ranks[i]!.push(x);
      const lossFell = trained.loss.at(-1)! < trained.loss[0]!;
      const pass = lossFell && r.every((x, i) => x <= c.bounds[i]!.max);
      if (pass) allPass++;
      process.stdout.write(`  seed ${seed}: ranks ${r.join(' ')}, loss ${trained.loss[0]!.toFixed(3)} -> ${trained.loss.at(-1)!.toFixed(3)}${pass ? '' : '  FAILS'}\n`);
    }
    const secs = ((performance.now() - started) / 1000 / seeds).toFixed(1);
    process.stdout.write(`${c.name} [${c.args.join(' ')}]: ${allPass}/${seeds} seeds pass every bound, ${failedRuns} runs failed, ${secs} s/run\n`);
    const random = words.length > 0 ? randomPassRates(c, words, dim, 2000) : undefined;
    c.bounds.forEach((p, i) => {
      const seen = [...ranks[i]!].sort((x, y) => x - y);
      const pass = seen.filter((x) => x <= p.max).length;
      const median = seen[Math.floor(seen.length / 2)];
      const worst = seen.at(-1);
      const chance = random === undefined ? '' : `, random model passes ${(100 * random.each[i]!).toFixed(1)}%`;
      process.stdout.write(`  ${p.a}->${p.b} <= ${p.max}: ranks ${seen[0]}..${worst} (median ${median}), ${pass}/${seen.length} pass${chance}\n`);
      process.stdout.write(`    ${seen.join(' ')}\n`);
    });
    if (random !== undefined) process.stdout.write(`  random model passes every bound: ${(100 * random.all).toFixed(2)}% of 2000 draws\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** How often vectors drawn as the trainer initialises them (uniform in [-1/dim, 1/dim)) pass each bound. */
function randomPassRates(c: QualityCase, words: readonly string[], dim: number, draws: number): { each: number[]; all: number } {
  const each = c.bounds.map(() => 0);
  let all = 0;
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let k = 0; k < draws; k++) {
    const m = new Float32Array(words.length * dim);
    for (let j = 0; j < m.length; j++) m[j] = (2 * next() - 1) / dim;
    const kv = new KeyedVectors(words, m, dim);
    let every = true;
    c.bounds.forEach((p, i) => {
      if (kv.rank(p.a, p.b) <= p.max) each[i]!++;
      else every = false;
    });
    if (every) all++;
  }
  return { each: each.map((x) => x / draws), all: all / draws };
}
