// Does a customisation matrix beat the raw cosine? Builds three labelled sets from the shared corpora folder
// (scripts/shared-dir.ts), trains a word2vec model on the rest of each corpus, and runs `w2v customize` for
// every sentence-vector method, with all train pairs and with 100 train pairs.
//   zh: passages (paragraphs of 40-300 characters) of 红楼梦 (hongloumeng.txt), 西游记 (xiyouji.gb18030.txt,
//       GB18030) and the laws (zh-laws-national.txt.gz), labelled by source (the set of scripts/sentence-eval.ts).
//   en: passages of 150-600 characters of Pride and Prejudice (paragraphs), the Lee news corpus (runs of
//       sentences) and text8 (Wikipedia, runs of 60 words), labelled by source.
//   zh-laws: articles (paragraphs of 40-300 characters) of the laws, labelled by the branch of law of their
//       statute (the corpus manifest's folders 刑法 criminal, 经济法 economic, 社会法 social); the model is trained
//       on every other paragraph of the law texts, every k-th one up to 3 million characters.
// 200 passages per source are held out as the labelled set (customize splits them 50/50 into train and test
// texts); the model is trained on everything else (`w2v train --dim 100 --epochs 5 --min-count 3 --seed 1
// --workers 1`: one thread, so a rerun makes the same model).
// Usage: npx tsx scripts/customize-eval.ts [--sets zh,en,zh-laws] [--seeds 1,2,3] [--train-pairs all,100] [--dropout X]
//          [--work /tmp/w2v-customize-eval] [--tune]
//   --train-pairs the train-pair counts of the main table (all: every train pair); --dropout passes one to every run
//   (unless given, customize picks 0.3 below 250 train pairs and 0.1 from there on)
//   --seeds runs every row once per seed (the seed of the split, the pairs and the matrix training; default 1)
//   --tune also compares identity vs random init and a small grid of lr / epochs / dropout / batch size
//   (library calls, mean vectors); --tune-only skips the main table.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from '../src/cli/main.ts';
import { parseLabelsFile } from '../src/encode/customize.ts';
import { type CustomizeReport, customizeEmbeddings } from '../src/encode/customize-embeddings.ts';
import { readLines } from '../src/encode/index.ts';
import { Rng } from '../src/util/rng.ts';
import { loadKeyedVectors } from '../src/vectors/load.ts';
import { SHARED } from './shared-dir.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const work = flag('--work', '/tmp/w2v-customize-eval');
const sets = flag('--sets', 'zh,en,zh-laws').split(',');
const seeds = flag('--seeds', '1').split(',').map(Number);
const pairCounts = flag('--train-pairs', 'all,100').split(',').map((p) => (p === 'all' ? undefined : Number(p)));
const dropout = flag('--dropout', '');
const tune = args.includes('--tune') || args.includes('--tune-only');
const tuneOnly = args.includes('--tune-only');
const PER_SOURCE = 200;
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};
const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

type Source = { label: string; passages: string[] };

function zhSources(): Source[] {
  const dir = `${SHARED}/corpora/zh`;
  const paragraphs = (text: string): string[] =>
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('<!--'));
  return [
    { label: 'hongloumeng', passages: paragraphs(readFileSync(join(dir, 'hongloumeng.txt'), 'utf8')) },
    { label: 'xiyouji', passages: paragraphs(new TextDecoder('gb18030').decode(readFileSync(join(dir, 'xiyouji.gb18030.txt')))) },
    // the first million characters (~3 MB) keep the three sources of similar size
    { label: 'laws', passages: paragraphs(gunzipSync(readFileSync(join(dir, 'zh-laws-national.txt.gz'))).toString('utf8').slice(0, 1_000_000)) },
  ];
}

function lawBranchSources(): { sources: Source[]; others: string[] } {
  const dir = `${SHARED}/corpora/zh`;
  // a statute's heading names its file in the manifest, whose folder is its branch of law
  const norm = (x: string): string =>
    x
      .replace(/\(\d{4}-\d{2}-\d{2}\)/, '')
      .replace('.md', '')
      .replace('中华人民共和国', '')
      .replace(/[^\u4e00-\u9fff0-9A-Za-z]/g, '');
  const branchOf = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'zh-laws-national.manifest.tsv'), 'utf8').split(/\r?\n/).slice(1)) {
    const path = line.split('\t')[0] ?? '';
    if (path.includes('/')) branchOf.set(norm(path.slice(path.lastIndexOf('/') + 1)), path.slice(0, path.indexOf('/')));
  }
  const labels = new Map([
    ['刑法', 'criminal'],
    ['经济法', 'economic'],
    ['社会法', 'social'],
  ]);
  const byLabel = new Map<string, string[]>([...labels.values()].map((l) => [l, []]));
  const others: string[] = [];
  let branch: string | undefined;
  for (const raw of gunzipSync(readFileSync(join(dir, 'zh-laws-national.txt.gz'))).toString('utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('# ')) {
      branch = branchOf.get(norm(line.slice(2)));
      continue;
    }
    if (line === '' || line.startsWith('#') || line.startsWith('<!--')) continue;
    const label = branch === undefined ? undefined : labels.get(branch);
    if (label === undefined) others.push(line);
    else byLabel.get(label)!.push(line);
  }
  return { sources: [...byLabel].map(([label, passages]) => ({ label, passages })), others };
}

function enSources(): Source[] {
  const dir = `${SHARED}/corpora`;
  const austen = readFileSync(join(dir, 'en/pg1342-pride-and-prejudice.txt'), 'utf8')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim());
  const sentenceRuns = (doc: string): string[] => {
    const out: string[] = [];
    let run = '';
    for (const s of doc.split(/(?<=[.!?])\s+/)) {
      run = run === '' ? s : `${run} ${s}`;
      if (run.length >= 150) {
        out.push(run);
        run = '';
      }
    }
    return out;
  };
  const lee = readFileSync(join(dir, 'en/lee_background.cor'), 'utf8').split(/\r?\n/).flatMap(sentenceRuns);
  const text8 = execFileSync('unzip', ['-p', join(dir, 'text8_head12500000.zip')], { maxBuffer: 1 << 26 }).toString('utf8').slice(0, 3_000_000).trim().split(' ');
  const chunks: string[] = [];
  for (let i = 0; i + 60 <= text8.length; i += 60) chunks.push(text8.slice(i, i + 60).join(' '));
  return [
    { label: 'austen', passages: austen },
    { label: 'lee-news', passages: lee },
    { label: 'wikipedia', passages: chunks },
  ];
}

/** Holds out PER_SOURCE passages per source (within the length range) and returns them and the rest. */
function holdOut(sources: Source[], min: number, max: number): { held: { label: string; text: string }[]; rest: string[] } {
  const rng = new Rng(2024);
  const held: { label: string; text: string }[] = [];
  const rest: string[] = [];
  for (const { label, passages } of sources) {
    const candidates = passages.map((p, i) => ({ p, i })).filter(({ p }) => p.length >= min && p.length <= max);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(PER_SOURCE, candidates.length)) chosen.add(candidates[rng.nextInt(candidates.length)]!.i);
    for (const i of chosen) held.push({ label, text: passages[i]! });
    passages.forEach((p, i) => {
      if (!chosen.has(i)) rest.push(p);
    });
  }
  return { held, rest };
}

async function prepare(set: string): Promise<{ model: string; labels: string }> {
  const dir = join(work, set);
  await mkdir(dir, { recursive: true });
  let { held, rest } = set === 'zh' ? holdOut(zhSources(), 40, 300) : set === 'zh-laws' ? holdOut(lawBranchSources().sources, 40, 300) : holdOut(enSources(), 150, 600);
  if (set === 'zh-laws') {
    // the rest of the three branches and every other paragraph of the laws, thinned to ~3 million characters
    const all = [...rest, ...lawBranchSources().others];
    const step = Math.max(1, Math.ceil(all.reduce((n, p) => n + p.length, 0) / 3_000_000));
    rest = all.filter((_, i) => i % step === 0);
  }
  const labels = join(dir, 'labels.tsv');
  await writeFile(labels, `text\tlabel\n${held.map((h) => `${h.text.replace(/\t/g, ' ')}\t${h.label}`).join('\n')}\n`);
  const model = join(dir, 'model');
  if (!existsSync(join(model, 'model.json'))) {
    const corpus = join(dir, 'train.txt');
    await writeFile(corpus, `${rest.join('\n')}\n`);
    log(`${set}: ${held.length} labelled passages; training ${model} on ${rest.length} other passages`);
    const code = await runCli(['train', corpus, '-o', model, '--lang', set === 'en' ? 'en' : 'zh', '--dim', '100', '--epochs', '5', '--min-count', '3', '--seed', '1', '--workers', '1', '-q'], io);
    if (code !== 0) throw new Error(`w2v train exited with ${code}`);
  }
  return { model, labels };
}

/** One `w2v customize --json` run; returns the parsed figures. */
async function customize(model: string, labels: string, name: string, extra: string[]): Promise<CustomizeReport> {
  let out = '';
  const capture = { ...io, stdout: { write: (s: string) => (out += s) }, stderr: { write: (_: string) => true } };
  const code = await runCli(['customize', model, '--labels', labels, '-o', name, '--overwrite', '--json', ...extra], capture);
  if (code !== 0) throw new Error(`w2v customize ${name} exited with ${code}`);
  return JSON.parse(out);
}

const pct = (x: number): string => (100 * x).toFixed(1);
const row = (set: string, method: string, r: CustomizeReport): string =>
  `| ${set} | ${method} | ${r.split.train.pairs} | ${r.split.test.pairs} | ${pct(r.before.test.accuracy)} ± ${pct(1.96 * r.before.test.se)} | ${pct(r.after.test.accuracy)} ± ${pct(1.96 * r.after.test.se)} | ${r.improvement.accuracy >= 0 ? '+' : ''}${pct(r.improvement.accuracy)} ± ${pct(1.96 * r.improvement.se)} | ${pct(r.before.bestTestAccuracy)} → ${pct(r.after.bestTestAccuracy)} | ${r.training.seconds.toFixed(1)} |`;

const table: string[] = [];
for (const set of sets) {
  const { model, labels } = await prepare(set);
  for (const method of tuneOnly ? [] : ['mean', 'tfidf', 'sif']) {
    for (const trainPairs of pairCounts) {
      // --seeds: each seed also draws another split and other pairs
      for (const seed of seeds) {
        const name = `${set}-${method}${trainPairs === undefined ? '' : `-${trainPairs}`}${seeds.length > 1 ? `-s${seed}` : ''}`;
        const r = await customize(model, labels, name, ['--method', method, '--seed', String(seed), ...(trainPairs === undefined ? [] : ['--train-pairs', String(trainPairs)]), ...(dropout === '' ? [] : ['--dropout', dropout])]);
        process.stdout.write(`${JSON.stringify({ set, method, seed, trainPairs: r.split.train.pairs, before: r.before, after: r.after, improvement: r.improvement, seconds: r.training.seconds })}\n`);
        table.push(row(set, seeds.length > 1 ? `${method} (seed ${seed})` : method, r));
      }
    }
  }
  if (tune) {
    // library calls with the mean method: one option changed at a time from the defaults
    const loaded = await loadKeyedVectors(model);
    const rows = parseLabelsFile(labels, await readLines(labels));
    const full: Record<string, unknown>[] = [{}, { init: 'random' }, { epochs: 10 }, { epochs: 10, init: 'random' }, { batchSize: 500 }, { outDim: 20 }, { outDim: 20, init: 'random' }];
    const small: Record<string, unknown>[] = [
      ...[1, 2, 3].flatMap((seed) => [{ seed }, { seed, init: 'random' }, { seed, epochs: 3 }, { seed, epochs: 3, init: 'random' }]),
      { epochs: 10 },
      { epochs: 100 },
      { lr: 0.001 },
      { lr: 0.1 },
      { dropout: 0 },
      { dropout: 0.1 },
    ];
    for (const [trainPairs, grid] of [[undefined, full], [100, small]] as const) {
      for (const g of grid) {
        const { report: r } = await customizeEmbeddings(loaded, { kind: 'labels', rows, source: labels }, { method: 'mean', trainPairs, ...(g as object) });
        process.stdout.write(
          `${JSON.stringify({ set, trainPairs: r.split.train.pairs, tune: g, before: pct(r.before.test.accuracy), after: pct(r.after.test.accuracy), se: pct(r.after.test.se), change: pct(r.improvement.accuracy), changeSe: pct(r.improvement.se), trainAfter: pct(r.after.trainAccuracy), loss: +r.training.lossPerEpoch.at(-1)!.toFixed(4), seconds: +r.training.seconds.toFixed(1) })}\n`,
        );
      }
    }
  }
}
process.stdout.write(
  `\n| set | method | train pairs | test pairs | before: test accuracy (t from train) | after | change (paired) | best t on test: before → after | seconds |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n${table.join('\n')}\n`,
);
