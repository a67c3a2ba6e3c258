// A bounded load test of the explorer on loopback: a synthetic 100,000-word x 100-dim model folder, `w2v serve`
// as its own process, then (1) 50 requests of each kind one at a time, (2) 2,000 mixed requests 20 at a time,
// (3) the maps (PCA over every word, UMAP over 1,000), and (4) with Chromium installed, the page's first paint
// (Performance API, 5 fresh loads). Prints errors, median and p99 latencies.
//   npm run build && npx tsx scripts/serve-load.ts [--words 100000] [--dim 100] [--requests 2000] [--concurrency 20]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_FORMAT, type ModelMeta, writeModelFolder } from '../src/io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS } from '../src/options.ts';
import { isLoopback } from '../src/serve/server.ts';
import { Rng } from '../src/util/rng.ts';
import { hasChromium, launchBrowser, startServe } from './serve-browser.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const WORDS = flag('words', 100_000);
const DIM = flag('dim', 100);
const REQUESTS = Math.min(flag('requests', 2000), 20_000);
const CONCURRENCY = Math.min(flag('concurrency', 20), 100);

const dir = await mkdtemp(join(tmpdir(), 'w2v-serve-load-'));
try {
  const model = join(dir, 'synthetic');
  const words = syntheticModel(model);
  await words.written;
  const serve = await startServe(model);
  if (!isLoopback(new URL(serve.url).hostname)) throw new Error(`refusing to load-test ${serve.url}: loopback only`);
  try {
    process.stdout.write(`model: ${WORDS} words x ${DIM} dims, ${serve.url}\n`);
    const rng = new Rng(5);
    const word = (): string => words.list[rng.nextInt(words.list.length)]!;

    const kinds: [string, () => string][] = [
      ['neighbors cosine', () => `api/neighbors?q=${word()}&k=10`],
      ['neighbors euclidean', () => `api/neighbors?q=${word()}&k=10&metric=euclidean`],
      ['neighbors expression', () => `api/neighbors?q=${encodeURIComponent(`${word()} - ${word()} + ${word()}`)}&k=10`],
      ['analogy 3cosmul', () => `api/analogy?a=${word()}&b=${word()}&c=${word()}&method=3cosmul&k=10`],
      ['complete', () => `api/complete?q=${word().slice(0, 2)}&k=10`],
      ['similarity', () => `api/similarity?a=${word()}&b=${word()}`],
    ];
    // one at a time: the time a request takes when it does not queue behind others
    // (round-robin over the kinds, so a burst of load from elsewhere on the machine hits every kind alike; one
    // warm-up round first: the first query builds the unit-normalised matrix)
    process.stdout.write('one request at a time (50 of each, after one warm-up round):\n');
    const alone = new Map<string, number[]>();
    for (let round = 0; round <= 50; round++) {
      for (const [kind, path] of kinds) {
        const { ms } = await timed(serve.url, path());
        if (round > 0) alone.set(kind, [...(alone.get(kind) ?? []), ms]);
      }
    }
    for (const [kind, times] of alone) report(kind, times, 0);

    const plan = Array.from({ length: REQUESTS }, (_, i) => kinds[i % kinds.length]!);
    const byKind = new Map<string, number[]>();
    let errors = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < plan.length) {
          const [kind, path] = plan[next++]!;
          const { ms, status } = await timed(serve.url, path());
          if (status !== 200) errors++;
          byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n${REQUESTS} requests, ${CONCURRENCY} at a time: ${errors} errors, ${(REQUESTS / seconds).toFixed(0)} requests/s\n`);
    for (const [kind, times] of byKind) report(kind, times, 0);
    report('all', [...byKind.values()].flat(), errors);

    process.stdout.write('\nmaps (first request computes, the second is cached):\n');
    for (const path of [`api/map?method=pca&n=${WORDS}`, `api/map?method=pca&n=${WORDS}`, 'api/map?method=umap&n=1000', 'api/map?method=umap&n=1000']) {
      const { ms, status, bytes } = await timed(serve.url, path, { 'accept-encoding': 'gzip' });
      process.stdout.write(`  ${path.padEnd(34)} ${status} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(bytes / 1e6).toFixed(2)} MB gzipped\n`);
    }

    if (hasChromium()) {
      const browser = await launchBrowser();
      const paints: number[] = [];
      const contentful: number[] = [];
      try {
        for (let i = 0; i < 5; i++) {
          // a fresh page each time; the model stays loaded in the server, as it does for a user
          const page = await browser.context.newPage();
          await page.goto(serve.url, { waitUntil: 'load' });
          await page.waitForSelector('#model-name');
          const [fp, fcp] = await page.evaluate<[number, number]>(
            `new Promise((resolve) => { const get = () => { const e = performance.getEntriesByType('paint'); const fp = e.find((x) => x.name === 'first-paint'); const fcp = e.find((x) => x.name === 'first-contentful-paint'); if (fp && fcp) resolve([fp.startTime, fcp.startTime]); else setTimeout(get, 20); }; get(); })`,
          );
          paints.push(fp);
          contentful.push(fcp);
          await page.close();
        }
      } finally {
        await browser.close();
      }
      process.stdout.write('\npage in headless Chromium, 5 loads:\n');
      report('first paint', paints, 0);
      report('first contentful paint', contentful, 0);
    } else process.stdout.write('\n(no chromium: first paint not measured)\n');
  } finally {
    await serve.stop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

// --- internal ---

function syntheticModel(path: string): { list: string[]; written: Promise<void> } {
  const rng = new Rng(1);
  // Latin and Chinese words, so completion and lookups meet both scripts
  const han = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切';
  const list: string[] = [];
  const seen = new Set<string>();
  while (list.length < WORDS) {
    const latin = rng.nextFloat() < 0.5;
    const length = 2 + rng.nextInt(latin ? 7 : 3);
    let w = '';
    for (let j = 0; j < length; j++) w += latin ? String.fromCharCode(97 + rng.nextInt(26)) : han[rng.nextInt(han.length)];
    if (!seen.has(w)) {
      seen.add(w);
      list.push(w);
    }
  }
  const vectors = new Float32Array(WORDS * DIM);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.nextFloat() - 0.5;
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    vocabSize: WORDS,
    dim: DIM,
    options: { ...DEFAULT_TRAIN_OPTIONS, dim: DIM },
    tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS },
    backend: 'cpu',
    corpus: { description: 'synthetic (scripts/serve-load.ts)', bytes: undefined, fingerprint: 'synthetic', tokens: WORDS, vocabTokens: WORDS },
    lossPerEpoch: [1],
    timings: { epochSeconds: [0], vocabSeconds: 0, totalSeconds: 0 },
    wordsPerSecond: 0,
    createdAt: new Date().toISOString(),
  };
  const counts = Float64Array.from({ length: WORDS }, (_, i) => WORDS - i);
  return { list, written: writeModelFolder(path, { meta, words: list, counts, vectors }) };
}

async function timed(base: string, path: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  try {
    const response = await fetch(`${base}${path}`, { headers });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - t, status: response.status, bytes: Number(response.headers.get('content-length') ?? body.byteLength) };
  } catch {
    return { ms: performance.now() - t, status: 0, bytes: 0 };
  }
}

function report(label: string, times: readonly number[], errors: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  process.stdout.write(`  ${label.padEnd(42)} n=${String(sorted.length).padStart(5)}  median ${at(0.5).toFixed(1).padStart(7)} ms  p99 ${at(0.99).toFixed(1).padStart(7)} ms  max ${sorted.at(-1)!.toFixed(1).padStart(7)} ms${errors > 0 ? `  errors ${errors}` : ''}\n`);
}
