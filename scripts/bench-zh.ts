// The Chinese side of the benchmark against gensim 4.2: a 红楼梦 model's nearest words and CA8 coverage.
// Tokenizes the corpus once with the built CLI (`w2v tokenize`), then trains our engine (`w2v train
// --tokenized`) and gensim (LineSentence) on that SAME token file with the same settings, and scores both
// word2vec .bin files with gensim's own evaluators: CA8 analogies (coverage = questions whose 4 words are all in
// the vocabulary; accuracy on those), wordsim-240 and COS960 Spearman with their OOV share, and the 10 nearest
// words of probe words.
//
// Usage: npm run build && npx tsx scripts/bench-zh.ts [--corpus corpora/hongloumeng.txt] [--modes sg,cbow]
//          [--workers 2] [--epochs 5] [--probes 宝玉,黛玉,...] [--keep]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED } from './shared-dir.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const EVAL_DIR = `${SHARED}/data/eval/zh`;
const CLI = join(ROOT, 'dist/cli/bin.js');

interface Args {
  corpus: string;
  modes: string[];
  workers: number;
  epochs: number;
  probes: string[];
  keep: boolean;
}

interface Scores {
  vocab: number;
  neighbours: Record<string, [string, number][] | null>;
  ca8: Record<string, { questions: number; covered: number; evaluated: number; correct: number; accuracy: number }>;
  pairs: Record<string, { spearman: number | null; oovPercent: number }>;
}

interface Run {
  engine: 'ours' | 'gensim';
  mode: string;
  wallSeconds: number;
  trainSeconds: number;
  wordsPerSecond: number;
  peakRssMb: number;
  vocab: number;
  vectors: string;
  scores?: Scores;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    corpus: join(ROOT, 'corpora/hongloumeng.txt'),
    modes: ['sg', 'cbow'],
    workers: 2,
    epochs: 5,
    probes: ['宝玉', '黛玉', '贾母', '王熙凤', '凤姐', '银子', '丫头'],
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--corpus') args.corpus = resolve(next());
    else if (a === '--modes') args.modes = next().split(',');
    else if (a === '--workers') args.workers = Number(next());
    else if (a === '--epochs') args.epochs = Number(next());
    else if (a === '--probes') args.probes = next().split(',');
    else if (a === '--keep') args.keep = true;
    else throw new Error(`unknown argument ${a} (see the usage at the top of scripts/bench-zh.ts)`);
  }
  for (const m of args.modes) if (m !== 'sg' && m !== 'cbow') throw new Error(`unknown mode ${m} (sg or cbow)`);
  return args;
}

/** Runs a command under /usr/bin/time -v; returns its stdout, wall seconds and peak RSS in MB. */
async function timed(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; wall: number; rssMb: number }> {
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
  return { stdout, wall, rssMb: m ? Number(m[1]) / 1024 : Number.NaN };
}

const SETTINGS = ['--dim', '100', '--window', '5', '--negative', '5', '--sample', '1e-3', '--min-count', '5'];

async function runOurs(tokens: string, dir: string, mode: string, a: Args): Promise<Run> {
  const model = join(dir, `ours-${mode}`);
  const vectors = `${model}.bin`;
  const r = await timed(
    process.execPath,
    [CLI, 'train', tokens, '--tokenized', '-q', '-o', model, '--export', vectors, '--model', mode, '--loss', 'ns', ...SETTINGS, '--epochs', String(a.epochs), '--workers', String(a.workers), '--seed', '1'],
    dir,
  );
  const meta = JSON.parse(await readFile(join(model, 'model.json'), 'utf8')) as {
    timings: { epochSeconds: number[] };
    corpus: { tokens: number };
    vocabSize?: number;
  };
  const vocabLines = (await readFile(join(model, 'vocab.tsv'), 'utf8')).split('\n').filter((l) => l !== '').length;
  const trainSeconds = meta.timings.epochSeconds.reduce((x, y) => x + y, 0);
  return {
    engine: 'ours',
    mode,
    wallSeconds: r.wall,
    trainSeconds,
    wordsPerSecond: (meta.corpus.tokens * a.epochs) / trainSeconds,
    peakRssMb: r.rssMb,
    vocab: vocabLines,
    vectors,
  };
}

async function runGensim(tokens: string, dir: string, mode: string, a: Args): Promise<Run> {
  const vectors = join(dir, `gensim-${mode}.bin`);
  const r = await timed(PYTHON, [join(ROOT, 'scripts/bench-zh.py'), 'train', tokens, vectors, mode, String(a.workers), String(a.epochs)], dir);
  const info = JSON.parse(r.stdout.trim().split('\n').pop()!) as { words: number; trainSeconds: number; vocab: number };
  return {
    engine: 'gensim',
    mode,
    wallSeconds: r.wall,
    trainSeconds: info.trainSeconds,
    wordsPerSecond: (info.words * a.epochs) / info.trainSeconds,
    peakRssMb: r.rssMb,
    vocab: info.vocab,
    vectors,
  };
}

const f = (x: number | null | undefined, digits: number): string => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(digits));

function report(runs: Run[], a: Args, tokenizeSeconds: number, tokens: number): string {
  const out: string[] = [];
  out.push(`corpus ${a.corpus}: ${tokens.toLocaleString('en-US')} tokens after \`w2v tokenize\` (${f(tokenizeSeconds, 1)} s wall, default jieba tokenizer)`);
  out.push(`settings: dim 100, window 5, negative 5, sample 1e-3, min-count 5, ${a.epochs} epochs, ${a.workers} workers, seed 1; ${cpus().length} cores`);
  for (const mode of a.modes) {
    const pair = (['ours', 'gensim'] as const).map((e) => runs.find((r) => r.engine === e && r.mode === mode)!);
    out.push(`\n### ${mode === 'sg' ? 'skip-gram' : 'CBOW (mean)'}, negative sampling\n`);
    out.push('| engine | vocab | wall s | train s | words/s | peak RSS MB | CA8 morph. coverage | CA8 morph. acc. | CA8 sem. coverage | CA8 sem. acc. | wordsim-240 ρ (OOV) | COS960 ρ (OOV) |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of pair) {
      const s = r.scores;
      const ca = (name: string): string => {
        const c = s?.ca8[name];
        return c === undefined ? '- | -' : `${f((c.covered / c.questions) * 100, 1)}% (${c.covered}/${c.questions}) | ${f(c.accuracy * 100, 1)}% (${c.correct}/${c.evaluated})`;
      };
      const p = (name: string): string => {
        const x = s?.pairs[name];
        return x === undefined ? '-' : `${f(x.spearman, 3)} (${f(x.oovPercent, 0)}%)`;
      };
      out.push(`| ${r.engine} | ${r.vocab} | ${f(r.wallSeconds, 1)} | ${f(r.trainSeconds, 1)} | ${Math.round(r.wordsPerSecond).toLocaleString('en-US')} | ${f(r.peakRssMb, 0)} | ${ca('morphological')} | ${ca('semantic')} | ${p('wordsim-240')} | ${p('COS960')} |`);
    }
    out.push('\nNearest 10 words (cosine):\n');
    out.push('| probe | ours | gensim |');
    out.push('|---|---|---|');
    for (const probe of a.probes) {
      const cell = (r: Run): string => {
        const n = r.scores?.neighbours[probe];
        return n === undefined || n === null ? '(not in vocabulary)' : n.map(([w, c]) => `${w} ${f(c, 2)}`).join(', ');
      };
      out.push(`| ${probe} | ${cell(pair[0]!)} | ${cell(pair[1]!)} |`);
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'w2v-bench-zh-'));
  try {
    const tokens = join(dir, 'tokens.txt');
    process.stderr.write(`tokenizing ${a.corpus} ...\n`);
    const t = await timed(process.execPath, [CLI, 'tokenize', a.corpus, '-o', tokens], dir);
    const tokenCount = (await readFile(tokens, 'utf8')).split(/\s+/).filter((x) => x !== '').length;
    const runs: Run[] = [];
    for (const mode of a.modes) {
      for (const engine of ['ours', 'gensim'] as const) {
        process.stderr.write(`training ${engine} ${mode} ...\n`);
        const r = engine === 'ours' ? await runOurs(tokens, dir, mode, a) : await runGensim(tokens, dir, mode, a);
        process.stderr.write(`  ${f(r.wallSeconds, 1)} s wall, ${Math.round(r.wordsPerSecond)} words/s, vocab ${r.vocab}\n`);
        runs.push(r);
      }
    }
    process.stderr.write('evaluating ...\n');
    const e = await timed(PYTHON, [join(ROOT, 'scripts/bench-zh.py'), 'eval', EVAL_DIR, a.probes.join(','), ...runs.map((r) => r.vectors)], dir);
    for (const line of e.stdout.trim().split('\n')) {
      const s = JSON.parse(line) as Scores & { file: string };
      const run = runs.find((r) => r.vectors === s.file);
      if (run !== undefined) run.scores = s;
    }
    process.stdout.write(`${report(runs, a, t.wall, tokenCount)}\n`);
    if (a.keep) process.stderr.write(`kept ${dir}\n`);
  } finally {
    if (!a.keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
