// Memory and time of `w2v train` on big corpora. Makes a synthetic corpus of 1 GB (and its first 100 MB) from the
// shared corpora: the text8 head cut into lines of 8-40 words, 红楼梦 and Pride and Prejudice line by line, the
// pool shuffled anew (seeded) for every repetition, so the vocabulary stays that of the sources while the text
// grows. Then trains one epoch on each with the same settings under /usr/bin/time -v and prints peak RSS, wall
// and CPU time, and the seconds from start to the end of the scan and to the first training batch (from the
// --progress json events), with the CPU use of the scan (read, tokenize, count; /proc of the trainer).
//
// Usage:
//   npx tsx scripts/big-corpus.ts                          # make /tmp/w2v-big/*.txt if missing, train on both
//   npx tsx scripts/big-corpus.ts --make-only               # only make the corpora
//   npx tsx scripts/big-corpus.ts --corpus FILE [--bin dist/cli/bin.js] [--runs 2] -- <w2v train flags>
// The default train flags: --epochs 1 --workers 2 --seed 1 --model cbow --dim 50 --window 5 --negative 5.
// Run `npm run build` first: it times the built CLI (dist/), as users run it.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/util/rng.ts';
import { SHARED } from './shared-dir.ts';
import { unzipSingle } from './vocab-parity.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIR = '/tmp/w2v-big';
const SIZES_MB = [100, 1000];
const DEFAULT_FLAGS = ['--epochs', '1', '--workers', '2', '--seed', '1', '--model', 'cbow', '--dim', '50', '--window', '5', '--negative', '5'];

/** One timed run: what /usr/bin/time -v and the progress events say. */
interface RunFigures {
  corpus: string;
  mb: number;
  peakRssMb: number;
  wallSeconds: number;
  cpuPercent: number;
  scanEndSeconds: number | undefined;
  scanCpuPercent: number | undefined;
  firstBatchSeconds: number | undefined;
  tokens: number | undefined;
  words: number | undefined;
}

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const flags = dashes < 0 ? DEFAULT_FLAGS : args.slice(dashes + 1);
const own = dashes < 0 ? args : args.slice(0, dashes);
const option = (name: string): string | undefined => {
  const at = own.indexOf(name);
  return at < 0 ? undefined : own[at + 1];
};
const bin = resolve(option('--bin') ?? join(ROOT, 'dist/cli/bin.js'));
const runs = Number(option('--runs') ?? '1');
if (!existsSync(bin)) throw new Error(`${bin} not found: run npm run build first (or pass --bin)`);
mkdirSync(DIR, { recursive: true });

const corpora: string[] = [];
const given = option('--corpus');
if (given !== undefined) corpora.push(resolve(given));
else {
  const big = join(DIR, `corpus-${SIZES_MB.at(-1)}MB.txt`);
  if (!existsSync(big)) makeCorpus(big, SIZES_MB.at(-1)! * 1e6, 7);
  for (const mb of SIZES_MB.slice(0, -1)) {
    const path = join(DIR, `corpus-${mb}MB.txt`);
    if (!existsSync(path)) headAtLineEnd(big, path, mb * 1e6);
    corpora.push(path);
  }
  corpora.push(big);
}

if (own.includes('--make-only')) process.exit(0);
const figures: RunFigures[] = [];
for (let run = 1; run <= runs; run++) {
  for (const corpus of corpora) {
    const f = await timeTrain(corpus);
    figures.push(f);
    console.log(JSON.stringify({ run, ...f }));
  }
}
console.log('\n| corpus | MB | tokens | vocabulary | scan ends (s) | CPU during scan | first batch (s) | wall (s) | CPU | peak RSS (MB) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const f of figures) {
  const num = (v: number | undefined, digits = 1): string => (v === undefined ? '?' : v.toFixed(digits));
  console.log(
    `| ${f.corpus} | ${f.mb.toFixed(0)} | ${f.tokens?.toLocaleString('en-US') ?? '?'} | ${f.words?.toLocaleString('en-US') ?? '?'} | ${num(f.scanEndSeconds)} | ${num(f.scanCpuPercent, 0)}% | ${num(f.firstBatchSeconds)} | ${num(f.wallSeconds)} | ${f.cpuPercent}% | ${f.peakRssMb.toFixed(0)} |`,
  );
}

// --- internal ---

/** Writes about `bytes` of shuffled source lines to `path` (through a temp name: a killed run leaves no half file). */
function makeCorpus(path: string, bytes: number, seed: number): void {
  const pool = sourceLines(seed);
  const rng = new Rng(seed);
  const temp = `${path}.partial`;
  const fd = openSync(temp, 'w');
  let written = 0;
  try {
    while (written < bytes) {
      // Fisher-Yates with the seeded stream: every repetition in a new order
      for (let i = pool.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      const block = Buffer.from(`${pool.join('\n')}\n`, 'utf8');
      const take = written + block.length <= bytes ? block : block.subarray(0, block.lastIndexOf(0x0a, bytes - written) + 1);
      writeSync(fd, take);
      written += take.length;
      if (take.length < block.length) break;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  console.error(`made ${path}: ${(written / 1e6).toFixed(0)} MB from ${pool.length.toLocaleString('en-US')} source lines`);
}

/** text8's head in lines of 8-40 words, and the non-empty lines of 红楼梦 and Pride and Prejudice. */
function sourceLines(seed: number): string[] {
  const { file, dir } = unzipSingle(`${SHARED}/corpora/text8_head12500000.zip`);
  const words = readFileSync(file, 'utf8').split(' ').filter((w) => w !== '');
  rmSync(dir, { recursive: true, force: true });
  const rng = new Rng(seed + 1);
  const lines: string[] = [];
  for (let i = 0; i < words.length; ) {
    const n = 8 + rng.nextInt(33);
    lines.push(words.slice(i, i + n).join(' '));
    i += n;
  }
  for (const name of ['zh/hongloumeng.txt', 'en/pg1342-pride-and-prejudice.txt']) {
    for (const line of readFileSync(`${SHARED}/corpora/${name}`, 'utf8').split(/\r?\n/)) if (line.trim() !== '') lines.push(line);
  }
  return lines;
}

/** Copies the first `bytes` of `from` (cut back to a line end) to `to`. */
function headAtLineEnd(from: string, to: string, bytes: number): void {
  const input = openSync(from, 'r');
  const out = openSync(to, 'w');
  const buffer = Buffer.alloc(1 << 20);
  let done = 0;
  try {
    while (done < bytes) {
      const n = readSync(input, buffer, 0, Math.min(buffer.length, bytes - done), done);
      if (n === 0) break;
      const last = done + n >= bytes ? buffer.lastIndexOf(0x0a, n - 1) + 1 : n;
      writeSync(out, buffer.subarray(0, last));
      done += last;
      if (last < n) break;
    }
  } finally {
    closeSync(input);
    closeSync(out);
  }
}

/** Trains on `corpus` under /usr/bin/time -v, timing the progress events as they arrive. */
async function timeTrain(corpus: string): Promise<RunFigures> {
  const model = join(DIR, 'model');
  const timeFile = join(DIR, 'time.txt');
  rmSync(model, { recursive: true, force: true });
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, bin, 'train', corpus, '-o', model, '--progress', 'json', '--progress-interval', '100', ...flags], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let scanEndSeconds: number | undefined;
  let scanCpuPercent: number | undefined;
  let firstBatchSeconds: number | undefined;
  let tokens: number | undefined;
  let words: number | undefined;
  let rest = '';
  let trainer: number | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      let event: { phase?: string; progress?: number; words?: number; tokens?: number };
      try {
        event = JSON.parse(line);
      } catch {
        process.stderr.write(`${line}\n`);
        continue;
      }
      const seconds = (performance.now() - started) / 1000;
      if (event.phase === 'vocabulary' && scanEndSeconds === undefined) {
        scanEndSeconds = seconds;
        tokens = event.tokens;
        words = event.words;
        trainer ??= childOf(child.pid);
        const cpu = trainer === undefined ? undefined : cpuSeconds(trainer);
        if (cpu !== undefined) scanCpuPercent = (100 * cpu) / seconds;
      }
      if (event.phase === 'train' && (event.progress ?? 0) > 0 && firstBatchSeconds === undefined) firstBatchSeconds = seconds;
    }
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`w2v train ${corpus} exited with ${code}`);
  const report = readFileSync(timeFile, 'utf8');
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(report)?.[1]?.trim() ?? '';
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  rmSync(model, { recursive: true, force: true });
  return {
    corpus: corpus.startsWith(DIR) ? corpus.slice(DIR.length + 1) : corpus,
    mb: statSync(corpus).size / 1e6,
    peakRssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    wallSeconds: wall,
    cpuPercent: Number(field('Percent of CPU this job got').replace('%', '')),
    scanEndSeconds,
    scanCpuPercent,
    firstBatchSeconds,
    tokens,
    words,
  };
}

/** The process /usr/bin/time started (the trainer), from /proc. */
function childOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const r = spawnSync('cat', [`/proc/${pid}/task/${pid}/children`], { encoding: 'utf8' });
  const first = r.stdout.trim().split(/\s+/)[0];
  return first === undefined || first === '' ? undefined : Number(first);
}

/** User + system CPU seconds of `pid` so far, all its threads (from /proc/PID/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
