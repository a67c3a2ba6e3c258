// Vector-file loading and query latency, side by side with gensim 4.2, against the two targets: load a ~1 GB
// text file at least as fast as gensim, and find the 10 nearest of one word among 100k x 300 in under 20 ms.
// Usage: npx tsx scripts/bench-vectors.ts [--words 400000] [--dim 300] [--dir /tmp/w2v-bench] [--skip-gensim] [--query-only]
// The generated files are kept in --dir (re-used on the next run); delete them afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readWord2Vec, writeVectors } from '../src/io/formats/index.ts';
import { Rng } from '../src/util/rng.ts';
import { KeyedVectors } from '../src/vectors/keyed-vectors.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const words = Number(flag('--words', '400000'));
const dim = Number(flag('--dim', '300'));
const dir = flag('--dir', '/tmp/w2v-bench');
const skipGensim = args.includes('--skip-gensim');
const queryOnly = args.includes('--query-only');
const PYTHON = '/usr/bin/python3';

const print = (record: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

if (!queryOnly) await benchLoad();

/** Text and binary load times, ours vs gensim. */
async function benchLoad(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const textPath = join(dir, `vectors-${words}x${dim}.txt`);
  const binPath = join(dir, `vectors-${words}x${dim}.bin`);
  if (!existsSync(textPath)) await generateText(textPath);
  const bytes = statSync(textPath).size;
  print({ file: textPath, words, dim, megabytes: +(bytes / 1e6).toFixed(1) });

  // --- load: ours (this process) vs gensim (a fresh python, timed inside python to leave out startup) ---
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  const loaded = await readWord2Vec(textPath);
  const oursText = (performance.now() - t) / 1000;
  const rssAfter = process.memoryUsage().rss;
  print({ load: 'text', impl: 'ours', seconds: +oursText.toFixed(2), mbPerSecond: +(bytes / 1e6 / oursText).toFixed(1), rssGrowthMB: Math.round((rssAfter - rssBefore) / 1e6), matrixMB: Math.round((words * dim * 4) / 1e6) });
  if (!existsSync(binPath)) await writeVectors(binPath, loaded.words, loaded.vectors, loaded.dim, 'binary');
  t = performance.now();
  await readWord2Vec(binPath);
  const oursBin = (performance.now() - t) / 1000;
  print({ load: 'binary', impl: 'ours', seconds: +oursBin.toFixed(2) });
  if (!skipGensim) {
    for (const [kind, path, binary] of [['text', textPath, 'False'], ['binary', binPath, 'True']] as const) {
      const code = `import time, json, sys\nfrom gensim.models import KeyedVectors\nt = time.perf_counter()\nkv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=${binary})\nprint(json.dumps({'seconds': time.perf_counter() - t, 'words': len(kv)}))`;
      const result = spawnSync(PYTHON, ['-c', code, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (result.status !== 0) throw new Error(result.stderr);
      const { seconds } = JSON.parse(result.stdout) as { seconds: number };
      const ours = kind === 'text' ? oursText : oursBin;
      print({ load: kind, impl: 'gensim', seconds: +seconds.toFixed(2), oursFasterBy: +(seconds / ours).toFixed(2) });
    }
}

}

// --- query latency: 10 nearest of one word among 100k x 300 ---
const qWords = 100_000;
const qDim = 300;
const rng = new Rng(1);
const matrix = new Float32Array(qWords * qDim);
for (let i = 0; i < matrix.length; i++) matrix[i] = rng.nextFloat() - 0.5;
const kv = new KeyedVectors(
  Array.from({ length: qWords }, (_, i) => `w${i}`),
  matrix,
  qDim,
);
let t = performance.now();
kv.mostSimilar('w0', { topN: 10 });
const first = performance.now() - t;
const times: number[] = [];
for (let q = 0; q < 200; q++) {
  const word = `w${rng.nextInt(qWords)}`;
  t = performance.now();
  kv.mostSimilar(word, { topN: 10 });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
print({
  query: 'mostSimilar topN=10',
  words: qWords,
  dim: qDim,
  firstMsIncludingNorms: +first.toFixed(1),
  medianMs: +times[100]!.toFixed(2),
  p90Ms: +times[180]!.toFixed(2),
  maxMs: +times[199]!.toFixed(2),
  loadAverage: loadavg().map((x) => +x.toFixed(2)),
});

/** Writes a word2vec text file of random numbers with 6 decimals (the %f style many tools write). */
async function generateText(path: string): Promise<void> {
  const handle = await open(`${path}.partial`, 'w');
  const gen = new Rng(42);
  await handle.write(`${words} ${dim}\n`);
  let lines: string[] = [];
  for (let w = 0; w < words; w++) {
    const parts = new Array<string>(dim + 1);
    parts[0] = `word${w}`;
    for (let j = 0; j < dim; j++) parts[j + 1] = ((gen.nextFloat() - 0.5) * 2).toFixed(6);
    lines.push(parts.join(' '));
    if (lines.length === 2000) {
      await handle.write(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) await handle.write(`${lines.join('\n')}\n`);
  await handle.close();
  const { rename } = await import('node:fs/promises');
  await rename(`${path}.partial`, path);
}
