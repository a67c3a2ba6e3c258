// The side-by-side benchmark against gensim 4.2 (DESIGN §5): trains our engine through the built CLI and
// gensim on the same corpus with the same settings, then scores both vector files with gensim's own
// evaluators (questions-words restricted to the 30,000 most frequent words, WordSim-353 Spearman).
//
// Usage: npm run bench -- [--quick] [--modes sg,cbow,hs] [--workers 1,2] [--epochs 5] [--corpus <file|.zip>]
//   --quick     1 epoch (a smoke run)
//   --modes     sg = skip-gram + negative sampling, cbow = CBOW + negative sampling, hs = skip-gram +
//               hierarchical softmax (gensim hs=1, negative=0)
//   --workers   worker/thread counts to run (words/s scaling); quality is reported for every run
//   --seeds     seeds to train each configuration with (default 1); with several, a quality table compares
//               the means and standard deviations over seeds (one run's WS-353 Spearman varies by ~0.01)
//   --keep      keep the temp folder (vectors, models, logs) and print its path
//   --profile-only  only the profile of one worker (where the time goes), no training runs
//   W2V_APPLY=js npm run bench ...  trains with the plain-JS apply loops instead of the SIMD WebAssembly ones
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTrainOptions } from '../src/options.ts';
import { createThreadTrainer } from '../src/train/setup.ts';
import { createTables } from '../src/train/tables.ts';
import { Rng } from '../src/util/rng.ts';
import { SHARED } from './shared-dir.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const QUESTIONS = `${SHARED}/data/eval/en/questions-words.txt`;
const WORDSIM = `${SHARED}/data/eval/en/wordsim353.tsv`;

interface Args {
  quick: boolean;
  modes: string[];
  workers: number[];
  epochs: number;
  corpus: string;
  keep: boolean;
  profileOnly: boolean;
  seeds: number[];
}

interface RunResult {
  engine: 'ours' | 'gensim';
  mode: string;
  workers: number;
  seed: number;
  wallSeconds: number;
  trainSeconds: number;
  wordsPerSecond: number;
  peakRssMb: number;
  vectors: string;
  analogy?: number;
  spearman?: number;
  extra?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    modes: ['sg', 'cbow', 'hs'],
    workers: [1, 2],
    epochs: 5,
    corpus: `${SHARED}/corpora/text8_head12500000.zip`,
    keep: false,
    profileOnly: false,
    seeds: [1],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--profile-only') args.profileOnly = true;
    else if (a === '--seeds') args.seeds = next().split(',').map(Number);
    else if (a === '--modes') args.modes = next().split(',');
    else if (a === '--workers') args.workers = next().split(',').map(Number);
    else if (a === '--epochs') args.epochs = Number(next());
    else if (a === '--corpus') args.corpus = resolve(next());
    else throw new Error(`unknown argument ${a} (see the usage at the top of scripts/bench.ts)`);
  }
  if (args.quick) args.epochs = 1;
  for (const m of args.modes) if (!['sg', 'cbow', 'hs'].includes(m)) throw new Error(`unknown mode ${m}`);
  return args;
}

/** Runs a command under /usr/bin/time -v; returns its output, wall seconds and peak RSS in MB. */
async function timed(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string; wall: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${stderr.slice(-3000)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { stdout, stderr, wall, rssMb: m ? Number(m[1]) / 1024 : Number.NaN };
}

async function prepareCorpus(path: string, dir: string): Promise<string> {
  if (!path.endsWith('.zip')) return path;
  const out = join(dir, 'corpus');
  await mkdir(out, { recursive: true });
  await timed('unzip', ['-o', '-q', path, '-d', out], dir);
  const files = await readdir(out);
  if (files.length !== 1) throw new Error(`${path} should hold one corpus file, holds ${files.join(', ')}`);
  return join(out, files[0]!);
}

async function runOurs(corpus: string, dir: string, mode: string, workers: number, epochs: number, seed: number): Promise<RunResult> {
  const model = join(dir, `ours-${mode}-${workers}-s${seed}`);
  const vectors = `${model}.bin`;
  const flags = ['--model', mode === 'cbow' ? 'cbow' : 'sg', '--loss', mode === 'hs' ? 'hs' : 'ns'];
  const r = await timed(
    process.execPath,
    [join(ROOT, 'dist/cli/bin.js'), 'train', corpus, '--tokenized', '-o', model, '--export', vectors, ...flags, '--workers', String(workers), '--epochs', String(epochs), '--seed', String(seed)],
    dir,
  );
  const meta = JSON.parse(await readFile(join(model, 'model.json'), 'utf8')) as {
    timings: { epochSeconds: number[] };
    corpus: { tokens: number };
    backend: string;
    lossPerEpoch: number[];
    [key: string]: unknown;
  };
  if (!existsSync(vectors)) throw new Error(`w2v train did not write ${vectors}`);
  const trainSeconds = meta.timings.epochSeconds.reduce((a, b) => a + b, 0);
  const profile = meta.profile ?? meta.stepTimings;
  return {
    engine: 'ours',
    mode,
    workers,
    seed,
    wallSeconds: r.wall,
    trainSeconds,
    wordsPerSecond: (meta.corpus.tokens * epochs) / trainSeconds,
    peakRssMb: r.rssMb,
    vectors,
    extra: `backend ${meta.backend}, loss/epoch ${meta.lossPerEpoch.map((x) => x.toFixed(4)).join(' ')}${profile === undefined ? '' : `, profile ${JSON.stringify(profile)}`}`,
  };
}

async function runGensim(corpus: string, dir: string, mode: string, workers: number, epochs: number, seed: number): Promise<RunResult> {
  const vectors = join(dir, `gensim-${mode}-${workers}-s${seed}.bin`);
  const r = await timed(PYTHON, [join(ROOT, 'scripts/bench-gensim.py'), corpus, vectors, mode, String(workers), String(epochs), String(seed)], dir);
  const info = JSON.parse(r.stdout.trim().split('\n').pop()!) as { words: number; trainSeconds: number; vocab: number };
  return {
    engine: 'gensim',
    mode,
    workers,
    seed,
    wallSeconds: r.wall,
    trainSeconds: info.trainSeconds,
    wordsPerSecond: (info.words * epochs) / info.trainSeconds,
    peakRssMb: r.rssMb,
    vectors,
    extra: `vocab ${info.vocab}`,
  };
}

async function evaluate(results: RunResult[], dir: string): Promise<void> {
  const r = await timed(PYTHON, [join(ROOT, 'scripts/bench-eval.py'), QUESTIONS, WORDSIM, ...results.map((x) => x.vectors)], dir);
  const scores = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; analogy: number; spearman: number });
  for (const x of results) {
    const s = scores.find((y) => y.file === x.vectors);
    if (s) {
      x.analogy = s.analogy;
      x.spearman = s.spearman;
    }
  }
}

const f = (x: number | undefined, digits: number): string => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));

const MODE_TITLE: Record<string, string> = { hs: ' (skip-gram, hs=1, negative=0)', sg: ' (skip-gram, negative=5)', cbow: ' (CBOW mean, negative=5)' };

const meanSd = (xs: number[]): { mean: number; sd: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
};

/** Quality over seeds: mean ± sample standard deviation per engine, and the gap of the means. */
function seedSummary(results: RunResult[], modes: string[], workers: number[], seeds: number[]): string {
  const lines = [
    `\n### Quality over seeds ${seeds.join(', ')} (mean ± standard deviation)\n`,
    '| mode | workers | engine | analogy (30k) | WS-353 Spearman | words/s |',
    '|---|---:|---|---:|---:|---:|',
  ];
  for (const mode of modes) {
    for (const w of workers) {
      const stats = (e: string) => {
        const rs = results.filter((r) => r.engine === e && r.mode === mode && r.workers === w);
        return { a: meanSd(rs.map((r) => (r.analogy ?? Number.NaN) * 100)), s: meanSd(rs.map((r) => r.spearman ?? Number.NaN)), wps: meanSd(rs.map((r) => r.wordsPerSecond)) };
      };
      const o = stats('ours');
      const g = stats('gensim');
      for (const [name, x] of [['ours', o], ['gensim', g]] as const) {
        lines.push(`| ${mode} | ${w} | ${name} | ${f(x.a.mean, 2)}% ± ${f(x.a.sd, 2)} | ${f(x.s.mean, 4)} ± ${f(x.s.sd, 4)} | ${Math.round(x.wps.mean)} |`);
      }
      lines.push(`| ${mode} | ${w} | ours - gensim | ${f(o.a.mean - g.a.mean, 2)} pts | ${f(o.s.mean - g.s.mean, 4)} | ${f(o.wps.mean / g.wps.mean, 3)}x |`);
    }
  }
  return lines.join('\n');
}

function table(results: RunResult[], modes: string[], workers: number[], seed: number): string {
  const lines: string[] = [];
  for (const mode of modes) {
    lines.push(`\n### ${mode}${MODE_TITLE[mode]}, seed ${seed}\n`);
    lines.push('| engine | workers | wall s | train s | words/s | peak RSS MB | analogy (30k) | WS-353 Spearman |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of workers) {
      const ours = results.find((r) => r.engine === 'ours' && r.mode === mode && r.workers === w && r.seed === seed);
      const gensim = results.find((r) => r.engine === 'gensim' && r.mode === mode && r.workers === w && r.seed === seed);
      for (const r of [ours, gensim]) {
        if (r) {
          lines.push(
            `| ${r.engine} | ${w} | ${f(r.wallSeconds, 1)} | ${f(r.trainSeconds, 1)} | ${Math.round(r.wordsPerSecond)} | ${f(r.peakRssMb, 0)} | ${f(r.analogy && r.analogy * 100, 2)}% | ${f(r.spearman, 4)} |`,
          );
        }
      }
      if (ours && gensim) {
        lines.push(
          `| ours/gensim | ${w} | ${f(ours.wallSeconds / gensim.wallSeconds, 2)} | ${f(ours.trainSeconds / gensim.trainSeconds, 2)} | ${f(ours.wordsPerSecond / gensim.wordsPerSecond, 3)} | ${f(ours.peakRssMb / gensim.peakRssMb, 2)} | ${f(ours.analogy !== undefined && gensim.analogy !== undefined ? (ours.analogy - gensim.analogy) * 100 : undefined, 2)} pts | ${f(ours.spearman !== undefined && gensim.spearman !== undefined ? ours.spearman - gensim.spearman : undefined, 4)} |`,
        );
      }
    }
    const byW = (e: string, w: number): RunResult | undefined => results.find((r) => r.engine === e && r.mode === mode && r.workers === w && r.seed === seed);
    if (workers.length > 1) {
      const lo = Math.min(...workers);
      const hi = Math.max(...workers);
      for (const e of ['ours', 'gensim']) {
        const a = byW(e, lo);
        const b = byW(e, hi);
        if (a && b) lines.push(`\n${e}: ${lo} -> ${hi} workers scales words/s by ${f(b.wordsPerSecond / a.wordsPerSecond, 2)}x`);
      }
    }
    for (const r of results.filter((x) => x.mode === mode && x.engine === 'ours' && x.seed === seed)) lines.push(`\nours, ${r.workers} worker(s): ${r.extra}`);
  }
  return lines.join('\n');
}

/**
 * Where one worker's time goes: the trainer's own batch builder and step on the main thread over the first
 * `words` words of the corpus (1 epoch share, same options as the CLI run), split into batch building and the
 * step's gather / TF.js kernel / apply phases.
 */
async function profile(corpus: string, mode: string, words: number): Promise<string> {
  const text = (await readFile(corpus, 'utf8')).split(/\s+/).filter((w) => w.length > 0);
  const counts = new Map<string, number>();
  for (const w of text) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = [...counts.entries()].filter(([, c]) => c >= 5).sort((a, b) => b[1] - a[1]);
  const index = new Map(vocab.map(([w], i) => [w, i]));
  const ids = Int32Array.from(text.slice(0, words).map((w) => index.get(w) ?? -1).filter((i) => i >= 0));
  const options = resolveTrainOptions({ model: mode === 'cbow' ? 'cbow' : 'sg', loss: mode === 'hs' ? 'hs' : 'ns', workers: 1, backend: 'auto' });
  const rng = new Rng(1);
  const tables = createTables(vocab.length, options.dim, options.loss, rng);
  const backend = tables.wasm !== undefined ? 'SIMD WebAssembly' : 'plain JS';
  const { builder, step } = await createThreadTrainer(options, Float64Array.from(vocab, ([, c]) => c), options.dim, rng);
  let buildMs = 0;
  let stepMs = 0;
  let examples = 0;
  const t0 = performance.now();
  for (let s = 0; s < ids.length; s += 10_000) {
    const t = performance.now();
    builder.setSentence(ids.subarray(s, s + 10_000));
    buildMs += performance.now() - t;
    while (builder.hasSentence) {
      const t1 = performance.now();
      const full = builder.fill();
      buildMs += performance.now() - t1;
      if (full) {
        const t2 = performance.now();
        examples += step.run(builder.batch, tables, options.alpha).examples;
        stepMs += performance.now() - t2;
        builder.clear();
      }
    }
  }
  if (builder.batch.size > 0) step.run(builder.batch, tables, options.alpha);
  const total = performance.now() - t0;
  step.dispose();
  const pct = (x: number): string => `${((100 * x) / total).toFixed(0)}%`;
  return `${mode}, 1 worker, ${backend}, first ${words} corpus words: ${(total / 1000).toFixed(1)} s = batch building ${pct(buildMs)}, training step ${pct(stepMs)} (one call per batch); ${examples} examples, ${((examples / total) * 1000).toFixed(0)} examples/s`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist/cli/bin.js'))) throw new Error('dist/cli/bin.js is missing: run npm run build first (npm run bench does)');
  const dir = await mkdtemp(join(tmpdir(), 'w2v-bench-'));
  const log = (s: string): boolean => process.stderr.write(`${s}\n`);
  try {
    const corpus = await prepareCorpus(args.corpus, dir);
    const results: RunResult[] = [];
    if (args.profileOnly) args.workers = [];
    for (const mode of args.modes) {
      for (const w of args.workers) {
        for (const seed of args.seeds) {
          log(`[bench] ours   ${mode} workers=${w} epochs=${args.epochs} seed=${seed} ...`);
          results.push(await runOurs(corpus, dir, mode, w, args.epochs, seed));
          log(`[bench]   ${f(results.at(-1)!.trainSeconds, 1)} s training`);
          log(`[bench] gensim ${mode} workers=${w} epochs=${args.epochs} seed=${seed} ...`);
          results.push(await runGensim(corpus, dir, mode, w, args.epochs, seed));
          log(`[bench]   ${f(results.at(-1)!.trainSeconds, 1)} s training`);
        }
      }
    }
    if (results.length > 0) {
      log('[bench] evaluating with gensim ...');
      await evaluate(results, dir);
    }
    log('[bench] profiling one worker ...');
    const profiles: string[] = [];
    for (const mode of args.modes) profiles.push(`- ${await profile(corpus, mode, args.quick ? 200_000 : 500_000)}`);
    const header = [
      `## w2v vs gensim 4.2 on ${args.corpus.split('/').pop()}, ${args.epochs} epoch(s), dim 100, window 5, sample 1e-3, min-count 5`,
      `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; analogy = gensim evaluate_word_analogies(restrict_vocab=30000), WS-353 = evaluate_word_pairs Spearman; words/s = raw corpus words x epochs / training seconds (vocab scan excluded for both)`,
    ];
    const tables = args.seeds.map((seed) => table(results, args.modes, args.workers, seed));
    if (args.seeds.length > 1) tables.push(seedSummary(results, args.modes, args.workers, args.seeds));
    process.stdout.write(`${header.join('\n')}\n${tables.join('\n')}\n\n### Profile: where our time goes\n\n${profiles.join('\n')}\n`);
  } finally {
    if (args.keep) log(`[bench] kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
