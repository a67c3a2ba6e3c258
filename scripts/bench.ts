// The side-by-side benchmark against gensim 4.2 and fastText 0.9.2: trains our engine through the built CLI,
// gensim and fastText (-minn 0 -maxn 0: plain word2vec) on the same corpus with the same settings, one after
// the other in one run, then scores every vector file with gensim's own evaluators (questions-words restricted
// to the 30,000 most frequent words, WordSim-353 Spearman).
//
// Usage: npm run bench -- [--quick] [--modes sg,cbow,hs] [--workers 1,2] [--epochs 5] [--seeds 1,2,3]
//                         [--engines ours,gensim,fasttext] [--corpus <file|.zip>]
//   --quick     1 epoch (a smoke run)
//   --modes     sg = skip-gram + negative sampling, cbow = CBOW + negative sampling, hs = skip-gram +
//               hierarchical softmax (gensim hs=1, negative=0; fastText -loss hs)
//   --workers   worker/thread counts to run (words/s scaling); quality is reported for every run
//   --seeds     seeds to train each configuration with (default 1); with several, a quality table compares
//               the means and standard deviations over seeds (one run's WS-353 Spearman varies by ~0.01).
//               (fastText gets -seed too; with several threads its runs also differ by thread timing)
//   --subwords  fastText's model: ours with --subwords against fastText with -minn 3 -maxn 6 (no gensim)
//   --keep      keep the temp folder (vectors, models, logs) and print its path
//   --profile-only  only the profile of one worker (where the time goes), no training runs
//   W2V_APPLY=js npm run bench ...  trains with the plain-JS step instead of the SIMD WebAssembly one
//   W2V_SIGMOID=exact npm run bench ...  trains with the exact sigmoid instead of the table (with the |logit| >= 6 skip)
// Every run is timed whole under /usr/bin/time -v: wall seconds and words/s including the vocabulary scan,
// CPU seconds (user + system: steadier than wall time on a shared machine), peak RSS; training-only words/s
// come from each engine's own timing (model.json, gensim's train() call, fastText's words/sec/thread x threads).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTrainOptions } from '../src/options.ts';
import { createThreadTrainer, shareSampling } from '../src/train/setup.ts';
import { createTables } from '../src/train/tables.ts';
import { Rng } from '../src/util/rng.ts';
import { SHARED } from './shared-dir.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const QUESTIONS = `${SHARED}/data/eval/en/questions-words.txt`;
const WORDSIM = `${SHARED}/data/eval/en/wordsim353.tsv`;

type Engine = 'ours' | 'gensim' | 'fasttext';
const ENGINES: readonly Engine[] = ['ours', 'gensim', 'fasttext'];

interface Args {
  engines: Engine[];
  quick: boolean;
  modes: string[];
  workers: number[];
  epochs: number;
  corpus: string;
  keep: boolean;
  profileOnly: boolean;
  seeds: number[];
  subwords: boolean;
}

interface RunResult {
  engine: Engine;
  mode: string;
  workers: number;
  seed: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Raw corpus words x epochs / wall seconds of the whole process (vocabulary scan included). */
  wholeWordsPerSecond: number;
  trainSeconds: number;
  /** Training-only words/s as the engine times it. */
  wordsPerSecond: number;
  peakRssMb: number;
  vectors: string;
  analogy?: number;
  spearman?: number;
  extra?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    engines: [...ENGINES],
    quick: false,
    modes: ['sg', 'cbow', 'hs'],
    workers: [1, 2],
    epochs: 5,
    corpus: `${SHARED}/corpora/text8_head12500000.zip`,
    keep: false,
    profileOnly: false,
    seeds: [1],
    subwords: false,
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
    else if (a === '--subwords') args.subwords = true;
    else if (a === '--seeds') args.seeds = next().split(',').map(Number);
    else if (a === '--modes') args.modes = next().split(',');
    else if (a === '--engines') args.engines = next().split(',') as Engine[];
    else if (a === '--workers') args.workers = next().split(',').map(Number);
    else if (a === '--epochs') args.epochs = Number(next());
    else if (a === '--corpus') args.corpus = resolve(next());
    else throw new Error(`unknown argument ${a} (see the usage at the top of scripts/bench.ts)`);
  }
  if (args.quick) args.epochs = 1;
  if (args.subwords) {
    // fastText's model against fastText itself (gensim's FastText is a third implementation of the same)
    args.engines = args.engines.filter((e) => e !== 'gensim');
    SUBWORDS = true;
  }
  for (const m of args.modes) if (!['sg', 'cbow', 'hs'].includes(m)) throw new Error(`unknown mode ${m}`);
  for (const e of args.engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}`);
  return args;
}

/** Runs a command under /usr/bin/time -v; returns its output, wall and CPU seconds and peak RSS in MB. */
async function timed(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string; wall: number; cpu: number; rssMb: number }> {
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
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpu = user && system ? Number(user[1]) + Number(system[1]) : Number.NaN;
  return { stdout, stderr, wall, cpu, rssMb: m ? Number(m[1]) / 1024 : Number.NaN };
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

/** --subwords: ours with --subwords and fastText with its default n-grams (-minn 3 -maxn 6, 2M buckets). */
let SUBWORDS = false;

async function runOurs(corpus: string, dir: string, mode: string, workers: number, epochs: number, seed: number): Promise<RunResult> {
  const model = join(dir, `ours-${mode}-${workers}-s${seed}`);
  const vectors = `${model}.bin`;
  const flags = ['--model', mode === 'cbow' ? 'cbow' : 'sg', '--loss', mode === 'hs' ? 'hs' : 'ns', ...(SUBWORDS ? ['--subwords'] : [])];
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
  return {
    engine: 'ours',
    mode,
    workers,
    seed,
    wallSeconds: r.wall,
    cpuSeconds: r.cpu,
    wholeWordsPerSecond: (meta.corpus.tokens * epochs) / r.wall,
    trainSeconds,
    wordsPerSecond: (meta.corpus.tokens * epochs) / trainSeconds,
    peakRssMb: r.rssMb,
    vectors,
    extra: `math on ${meta.backend}, loss/epoch ${meta.lossPerEpoch.map((x) => x.toFixed(4)).join(' ')}`,
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
    cpuSeconds: r.cpu,
    wholeWordsPerSecond: (info.words * epochs) / r.wall,
    trainSeconds: info.trainSeconds,
    wordsPerSecond: (info.words * epochs) / info.trainSeconds,
    peakRssMb: r.rssMb,
    vectors,
    extra: `vocab ${info.vocab}`,
  };
}

/** fastText 0.9.2 with subwords off (-minn 0 -maxn 0), i.e. plain word2vec, at our settings (--subwords: on). */
async function runFastText(corpus: string, dir: string, mode: string, workers: number, epochs: number, seed: number): Promise<RunResult> {
  const out = join(dir, `fasttext-${mode}-${workers}-s${seed}`);
  const ngrams = SUBWORDS ? ['-minn', '3', '-maxn', '6'] : ['-minn', '0', '-maxn', '0'];
  const args = [mode === 'cbow' ? 'cbow' : 'skipgram', '-input', corpus, '-output', out, ...ngrams, '-dim', '100', '-ws', '5', '-neg', '5'];
  args.push('-loss', mode === 'hs' ? 'hs' : 'ns', '-t', '1e-3', '-minCount', '5', '-lr', '0.025', '-thread', String(workers), '-epoch', String(epochs), '-seed', String(seed));
  const r = await timed('fasttext', args, dir);
  // its progress line, last value: "Progress: 100.0% words/sec/thread: N lr: ... avg.loss: ... ETA: ..."
  const rates = [...r.stderr.matchAll(/words\/sec\/thread:\s+(\d+)/g)].map((m) => Number(m[1]));
  const perThread = rates.at(-1) ?? Number.NaN;
  const words = Number(/Number of words:\s+(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const read = /Read (\d+)M words/.exec(r.stderr);
  const tokens = await corpusTokens(corpus);
  const vectors = join(dir, `fasttext-${mode}-${workers}-s${seed}-vectors.bin`);
  await rm(`${out}.bin`, { force: true }); // fastText's own model file (~vocab x dim x 8 bytes), not needed
  await timed(PYTHON, ['-c', VEC_TO_BIN, `${out}.vec`, vectors], dir);
  return {
    engine: 'fasttext',
    mode,
    workers,
    seed,
    wallSeconds: r.wall,
    cpuSeconds: r.cpu,
    wholeWordsPerSecond: (tokens * epochs) / r.wall,
    trainSeconds: (tokens * epochs) / (perThread * workers),
    wordsPerSecond: perThread * workers,
    peakRssMb: r.rssMb,
    vectors,
    extra: `vocab ${words}, read ${read?.[1] ?? '?'}M words`,
  };
}

/** Text .vec to word2vec binary, so every engine's vectors are scored by the same loader. */
const VEC_TO_BIN = `import sys, logging
logging.disable(logging.CRITICAL)
from gensim.models import KeyedVectors
KeyedVectors.load_word2vec_format(sys.argv[1], binary=False).save_word2vec_format(sys.argv[2], binary=True)`;

let tokenCount: number | undefined;
/** Whitespace tokens of the corpus (fastText's and gensim's word count before min-count). */
async function corpusTokens(corpus: string): Promise<number> {
  if (tokenCount === undefined) tokenCount = (await readFile(corpus, 'utf8')).split(/\s+/).filter((w) => w.length > 0).length;
  return tokenCount;
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

/** Quality and speed over seeds: mean ± sample standard deviation per engine, and our gap to each peer's mean. */
function seedSummary(results: RunResult[], args: Args): string {
  const lines = [
    `\n### Means over seeds ${args.seeds.join(', ')} (± standard deviation)\n`,
    '| mode | workers | engine | analogy (30k) | WS-353 Spearman | whole-process words/s | training words/s | peak RSS MB |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const mode of args.modes) {
    for (const w of args.workers) {
      const stats = (e: Engine) => {
        const rs = results.filter((r) => r.engine === e && r.mode === mode && r.workers === w);
        const m = (g: (r: RunResult) => number) => meanSd(rs.map(g));
        return {
          n: rs.length,
          a: m((r) => (r.analogy ?? Number.NaN) * 100),
          s: m((r) => r.spearman ?? Number.NaN),
          whole: m((r) => r.wholeWordsPerSecond),
          wps: m((r) => r.wordsPerSecond),
          rss: m((r) => r.peakRssMb),
        };
      };
      const o = stats('ours');
      for (const e of args.engines) {
        const x = stats(e);
        if (x.n === 0) continue;
        lines.push(
          `| ${mode} | ${w} | ${e} | ${f(x.a.mean, 2)}% ± ${f(x.a.sd, 2)} | ${f(x.s.mean, 4)} ± ${f(x.s.sd, 4)} | ${Math.round(x.whole.mean)} | ${Math.round(x.wps.mean)} | ${f(x.rss.mean, 0)} |`,
        );
      }
      for (const e of args.engines.filter((x) => x !== 'ours')) {
        const p = stats(e);
        if (p.n === 0 || o.n === 0) continue;
        lines.push(
          `| ${mode} | ${w} | ours vs ${e} | ${f(o.a.mean - p.a.mean, 2)} pts | ${f(o.s.mean - p.s.mean, 4)} | ${f(o.whole.mean / p.whole.mean, 2)}x | ${f(o.wps.mean / p.wps.mean, 2)}x | ${f(o.rss.mean / p.rss.mean, 2)}x |`,
        );
      }
    }
  }
  return lines.join('\n');
}

function table(results: RunResult[], args: Args, seed: number): string {
  const { modes, workers } = args;
  const lines: string[] = [];
  const find = (e: Engine, mode: string, w: number): RunResult | undefined =>
    results.find((r) => r.engine === e && r.mode === mode && r.workers === w && r.seed === seed);
  for (const mode of modes) {
    lines.push(`\n### ${mode}${MODE_TITLE[mode]}, seed ${seed}\n`);
    lines.push('| engine | workers | wall s | CPU s | whole words/s | train s | train words/s | peak RSS MB | analogy (30k) | WS-353 Spearman |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of workers) {
      const ours = find('ours', mode, w);
      for (const e of args.engines) {
        const r = find(e, mode, w);
        if (!r) continue;
        lines.push(
          `| ${r.engine} | ${w} | ${f(r.wallSeconds, 1)} | ${f(r.cpuSeconds, 1)} | ${Math.round(r.wholeWordsPerSecond)} | ${f(r.trainSeconds, 1)} | ${Math.round(r.wordsPerSecond)} | ${f(r.peakRssMb, 0)} | ${f(r.analogy && r.analogy * 100, 2)}% | ${f(r.spearman, 4)} |`,
        );
      }
      for (const e of args.engines.filter((x) => x !== 'ours')) {
        const p = find(e, mode, w);
        if (!ours || !p) continue;
        const d = (x: number | undefined, y: number | undefined, k: number): number | undefined => (x === undefined || y === undefined ? undefined : (x - y) * k);
        lines.push(
          `| ours/${e} | ${w} | ${f(ours.wallSeconds / p.wallSeconds, 2)} | ${f(ours.cpuSeconds / p.cpuSeconds, 2)} | ${f(ours.wholeWordsPerSecond / p.wholeWordsPerSecond, 2)}x | ${f(ours.trainSeconds / p.trainSeconds, 2)} | ${f(ours.wordsPerSecond / p.wordsPerSecond, 2)}x | ${f(ours.peakRssMb / p.peakRssMb, 2)}x | ${f(d(ours.analogy, p.analogy, 100), 2)} pts | ${f(d(ours.spearman, p.spearman, 1), 4)} |`,
        );
      }
    }
    if (workers.length > 1) {
      const lo = Math.min(...workers);
      const hi = Math.max(...workers);
      for (const e of args.engines) {
        const a = find(e, mode, lo);
        const b = find(e, mode, hi);
        if (a && b) lines.push(`\n${e}: ${lo} -> ${hi} workers scales training words/s by ${f(b.wordsPerSecond / a.wordsPerSecond, 2)}x, whole-process by ${f(b.wholeWordsPerSecond / a.wholeWordsPerSecond, 2)}x`);
      }
    }
    for (const r of results.filter((x) => x.mode === mode && x.engine === 'ours' && x.seed === seed)) lines.push(`\nours, ${r.workers} worker(s): ${r.extra}`);
  }
  return lines.join('\n');
}

/**
 * Where one worker's time goes: the thread's own sentence trainer on the main thread over the first `words`
 * words of the corpus (1 epoch share, same options as the CLI run), split into subsampling (setSentence) and
 * training (one WebAssembly call per batch: windows, negatives or Huffman paths, and the SGD of every example).
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
  const countArray = Float64Array.from(vocab, ([, c]) => c);
  const backend = tables.wasm !== undefined ? 'SIMD WebAssembly' : 'plain JS';
  const trainer = await createThreadTrainer(options, countArray, tables, shareSampling(options, countArray, tables), rng);
  let sampleMs = 0;
  let trainMs = 0;
  let examples = 0;
  const t0 = performance.now();
  for (let s = 0; s < ids.length; s += 10_000) {
    const t = performance.now();
    trainer.setSentence(ids.subarray(s, s + 10_000));
    sampleMs += performance.now() - t;
    while (trainer.hasSentence) {
      const t1 = performance.now();
      examples += trainer.train(options.alpha, options.batchSize).examples;
      trainMs += performance.now() - t1;
    }
  }
  const total = performance.now() - t0;
  trainer.dispose();
  const pct = (x: number): string => `${((100 * x) / total).toFixed(0)}%`;
  return `${mode}, 1 worker, ${backend}, first ${words} corpus words: ${(total / 1000).toFixed(1)} s = subsampling ${pct(sampleMs)}, training ${pct(trainMs)} (one call per batch of ${options.batchSize}); ${examples} examples, ${((examples / total) * 1000).toFixed(0)} examples/s`;
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
          // one engine after the other for the same configuration, so they see the same machine load
          for (const e of args.engines) {
            log(`[bench] ${e.padEnd(8)} ${mode} workers=${w} epochs=${args.epochs} seed=${seed} ...`);
            const run = e === 'ours' ? runOurs : e === 'gensim' ? runGensim : runFastText;
            results.push(await run(corpus, dir, mode, w, args.epochs, seed));
            const r = results.at(-1)!;
            log(`[bench]   wall ${f(r.wallSeconds, 1)} s, CPU ${f(r.cpuSeconds, 1)} s, training ${f(r.trainSeconds, 1)} s, peak RSS ${f(r.peakRssMb, 0)} MB`);
          }
        }
      }
    }
    if (results.length > 0) {
      log('[bench] evaluating with gensim ...');
      await evaluate(results, dir);
    }
    const profiles: string[] = [];
    if (!args.subwords) {
      log('[bench] profiling one worker ...');
      for (const mode of args.modes) profiles.push(`- ${await profile(corpus, mode, args.quick ? 200_000 : 500_000)}`);
    }
    const header = [
      `## w2v${args.subwords ? ' --subwords' : ''} vs ${args.engines.filter((e) => e !== 'ours').join(' and ')}${args.subwords ? ' (-minn 3 -maxn 6)' : ''} on ${args.corpus.split('/').pop()}, ${args.epochs} epoch(s), dim 100, window 5, sample 1e-3, min-count 5`,
      `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; analogy = gensim evaluate_word_analogies(restrict_vocab=30000), WS-353 = evaluate_word_pairs Spearman; whole words/s = raw corpus words x epochs / wall seconds of the whole process (vocabulary scan included); train words/s = the same over each engine's own training time`,
    ];
    const tables = args.seeds.map((seed) => table(results, args, seed));
    if (args.seeds.length > 1) tables.push(seedSummary(results, args));
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
