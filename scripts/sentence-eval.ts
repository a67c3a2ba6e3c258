// Do tfidf and sif sentence vectors beat the plain mean? A small real labelled set: passages (paragraphs of
// 40-300 characters) from three Chinese sources in the shared corpora folder (scripts/shared-dir.ts) — 红楼梦 (hongloumeng.txt), 西游记
// (xiyouji.gb18030.txt) and modern laws (zh-laws-national.txt.gz) — labelled by source. 200 passages per
// source are held out; `w2v train` learns vectors on the rest (or pass --model DIR to reuse a model folder).
// Metrics, per method: leave-one-out nearest-neighbour retrieval (P@1 and P@10: share of the nearest
// passages from the same source) and k-means (k=3, 5 seeds) purity.
// Usage: npx tsx scripts/sentence-eval.ts [--model DIR] [--per-source 200] [--work /tmp/w2v-sentence-eval]
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildEncoder, type EncodeMethod, kMeans } from '../src/encode/index.ts';
import { Rng } from '../src/util/rng.ts';
import { loadKeyedVectors } from '../src/vectors/load.ts';
import { runCli } from '../src/cli/main.ts';
import { SHARED } from './shared-dir.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string | undefined): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const CORPORA = `${SHARED}/corpora/zh`;
const perSource = Number(flag('--per-source', '200'));
const work = flag('--work', '/tmp/w2v-sentence-eval')!;
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

const sources: { label: string; text: string }[] = [
  { label: 'hongloumeng', text: readFileSync(join(CORPORA, 'hongloumeng.txt'), 'utf8') },
  { label: 'xiyouji', text: new TextDecoder('gb18030').decode(readFileSync(join(CORPORA, 'xiyouji.gb18030.txt'))) },
  // the first million characters (~3 MB) of the laws keep the three sources of similar size
  { label: 'laws', text: gunzipSync(readFileSync(join(CORPORA, 'zh-laws-national.txt.gz'))).toString('utf8').slice(0, 1_000_000) },
];

const rng = new Rng(2024);
const held: { label: string; text: string }[] = [];
const training: string[] = [];
for (const { label, text } of sources) {
  const paragraphs = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('<!--'));
  const candidates = paragraphs.map((p, i) => ({ p, i })).filter(({ p }) => p.length >= 40 && p.length <= 300);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(perSource, candidates.length)) chosen.add(candidates[rng.nextInt(candidates.length)]!.i);
  for (const i of chosen) held.push({ label, text: paragraphs[i]! });
  paragraphs.forEach((p, i) => {
    if (!chosen.has(i)) training.push(p);
  });
}
log(`${held.length} held-out passages, ${training.length} training paragraphs`);

let modelPath = flag('--model', undefined);
if (modelPath === undefined) {
  await mkdir(work, { recursive: true });
  const corpus = join(work, 'train.txt');
  await writeFile(corpus, `${training.join('\n')}\n`);
  modelPath = join(work, 'model');
  log(`training ${modelPath} (w2v train --lang zh --dim 100 --epochs 5 --min-count 3 --seed 1)`);
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
  const code = await runCli(['train', corpus, '-o', modelPath, '--lang', 'zh', '--dim', '100', '--epochs', '5', '--min-count', '3', '--seed', '1', '--progress', 'json', '-q'], io);
  if (code !== 0) throw new Error(`w2v train exited with ${code}`);
}

const model = await loadKeyedVectors(modelPath);
const labels = held.map((h) => h.label);
const texts = held.map((h) => h.text);
const results: Record<string, unknown>[] = [];
for (const method of ['mean', 'tfidf', 'sif'] as EncodeMethod[]) {
  // tfidf: idf from the held-out passages themselves; sif: component fitted on them (both unsupervised)
  const setup = await buildEncoder(model, { method, idfTexts: texts, fitTexts: texts, modelPath });
  const vectors = texts.map((t) => setup.encoder.encode(t).vector);
  const keep = vectors.map((v, i) => ({ v, i })).filter((x): x is { v: Float32Array; i: number } => x.v !== null);
  const unit = keep.map(({ v }) => {
    const n = Math.hypot(...v) || 1;
    return Float32Array.from(v, (x) => x / n);
  });
  let p1 = 0;
  let p10 = 0;
  for (let a = 0; a < unit.length; a++) {
    const scores = unit.map((u, b) => (b === a ? Number.NEGATIVE_INFINITY : dot(unit[a]!, u)));
    const order = scores.map((_, b) => b).sort((x, y) => scores[y]! - scores[x]!);
    const same = (b: number): number => (labels[keep[b]!.i] === labels[keep[a]!.i] ? 1 : 0);
    p1 += same(order[0]!);
    p10 += order.slice(0, 10).reduce((s, b) => s + same(b), 0) / 10;
  }
  const purities: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const { assignments } = kMeans(unit, 3, { seed });
    let majority = 0;
    for (let c = 0; c < 3; c++) {
      const counts = new Map<string, number>();
      assignments.forEach((k, j) => {
        if (k === c) counts.set(labels[keep[j]!.i]!, (counts.get(labels[keep[j]!.i]!) ?? 0) + 1);
      });
      majority += Math.max(0, ...counts.values());
    }
    purities.push(majority / unit.length);
  }
  const row = {
    method,
    encoded: unit.length,
    weights: setup.weights,
    component: setup.component,
    p1: +(p1 / unit.length).toFixed(4),
    p10: +(p10 / unit.length).toFixed(4),
    kmeansPurity: +(purities.reduce((s, x) => s + x, 0) / purities.length).toFixed(4),
  };
  results.push(row);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
