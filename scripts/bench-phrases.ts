// Phrase learning, ours against gensim 4.2, whole processes side by side: `w2v phrases --tokenized` and a
// Python process running Phrases(Text8Corpus(file), min_count=5, threshold=10).export_phrases() and writing the
// table, alternating, each measured by /usr/bin/time (wall, CPU, peak RSS). Needs `npm run build` first.
// Usage: npx tsx scripts/bench-phrases.ts [file-or-zip] [runs] [extra w2v phrases flags...]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSingle } from './vocab-parity.ts';

const PYTHON = '/usr/bin/python3';

interface Timing {
  wall: number;
  cpu: number;
  rssMb: number;
}

function timed(argv: readonly string[]): Timing {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const [wall, user, sys, rss] = last as [number, number, number, number];
  return { wall, cpu: +(user + sys).toFixed(2), rssMb: Math.round(rss / 1024) };
}

const GENSIM = `
import sys
from gensim.models.phrases import Phrases
from gensim.models.word2vec import Text8Corpus
p = Phrases(Text8Corpus(sys.argv[1]), min_count=5, threshold=10)
e = p.export_phrases()
with open(sys.argv[2], "w") as f:
    for k, v in sorted(e.items(), key=lambda kv: -p.vocab[kv[0]]):
        f.write(f"{k}\\t{p.vocab[k]}\\t{v}\\n")
`;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const input = process.argv[2] ?? 'corpora/text8_head12500000.zip';
  const runs = Number(process.argv[3] ?? 3);
  const extra = process.argv.slice(4);
  const { file, dir } = input.endsWith('.zip') ? unzipSingle(input) : { file: input, dir: undefined };
  const out = join(dir ?? '.', 'bench-phrases.tsv');
  const ours: Timing[] = [];
  const gensim: Timing[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      ours.push(timed(['node', 'dist/cli/bin.js', 'phrases', '--tokenized', file, '-o', out, '--overwrite', '-q', ...extra]));
      gensim.push(timed([PYTHON, '-c', GENSIM, file, out]));
      process.stdout.write(`${JSON.stringify({ run: i + 1, ours: ours[i], gensim: gensim[i], wallRatio: +(gensim[i]!.wall / ours[i]!.wall).toFixed(2) })}\n`);
    }
  } finally {
    rmSync(out, { force: true });
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  const summary = (t: Timing[]): Timing => ({ wall: median(t.map((x) => x.wall)), cpu: median(t.map((x) => x.cpu)), rssMb: Math.round(median(t.map((x) => x.rssMb))) });
  const o = summary(ours);
  const g = summary(gensim);
  process.stdout.write(
    `${JSON.stringify({ file: input, runs, median: { ours: o, gensim: g }, gensimOverOurs: { wall: +(g.wall / o.wall).toFixed(2), cpu: +(g.cpu / o.cpu).toFixed(2) } })}\n`,
  );
}

main();
