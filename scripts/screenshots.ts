// Screenshots of every explorer view for the README: starts `w2v serve` on a model (default models/demo, which
// `npm start` trains on 红楼梦) with the first sentences of 红楼梦 as --docs, drives headless Chromium through
// each view's URL and writes one PNG per view.
//   npm run build && npx tsx scripts/screenshots.ts [MODEL] [--out docs/explorer]
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, somePoint, startServe } from './serve-browser.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex === -1 ? join(ROOT, 'docs/explorer') : args[outIndex + 1]!);
const model = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? join(ROOT, 'models/demo'));

/** view name -> the hash to open and the selector that shows it has drawn. */
const SHOTS: { name: string; hash: string; ready: string }[] = [
  { name: 'neighbors', hash: '#/neighbors?q=宝玉&k=12', ready: '#out-neighbors table' },
  { name: 'expression', hash: '#/neighbors?q=宝玉 - 男人 %2B 女人&k=12', ready: '#out-neighbors table' },
  { name: 'analogy', hash: '#/analogy?a=宝玉&b=袭人&c=黛玉&method=3cosmul&k=10', ready: '#out-analogy table' },
  { name: 'similarity', hash: '#/similarity?a=宝玉&b=黛玉', ready: '#out-similarity .big' },
  { name: 'odd', hash: '#/odd?words=宝玉 黛玉 宝钗 银子', ready: '#out-odd table' },
  { name: 'map-pca', hash: '#/map?method=pca&n=1000&clusters=8', ready: '#map-canvas[data-points]' },
  { name: 'map-umap', hash: '#/map?method=umap&n=400&around=宝玉&clusters=6', ready: '#map-canvas[data-points]' },
  { name: 'sentences', hash: '#/sentences?q=宝玉笑道&method=sif&k=8', ready: '#out-sentences table' },
  { name: 'model', hash: '#/model', ready: '#out-model svg' },
];

await stat(join(model, 'model.json')).catch(() => {
  process.stderr.write(`error: ${model} is not a model folder; run npm start first (it trains models/demo) or name one\n`);
  process.exit(1);
});
const temp = await mkdtemp(join(tmpdir(), 'w2v-shots-'));
const docs = join(temp, 'hongloumeng-sentences.txt');
const text = await readFile(join(ROOT, 'corpora/hongloumeng.txt'), 'utf8');
const sentences = text.split(/(?<=[。．！？])|\n/).map((s) => s.trim()).filter((s) => s.length >= 6 && s.length <= 60);
await writeFile(docs, `${sentences.slice(0, 5000).join('\n')}\n`);
await mkdir(out, { recursive: true });

const serve = await startServe(model, ['--docs', docs]);
const browser = await launchBrowser({ width: 1000, height: 640 });
try {
  const page = await browser.context.newPage();
  for (const shot of SHOTS) {
    await page.goto(`${serve.url}${shot.hash}`);
    await page.waitForSelector(shot.ready, { timeout: 120_000 });
    // the map's hover tip, for a picture of what hovering shows
    if (shot.name === 'map-pca') {
      const point = await somePoint(page);
      await page.mouse.click(point.x, point.y);
      await page.mouse.move(point.x, point.y);
      await page.waitForSelector('#map-side table', { timeout: 10_000 }).catch(() => undefined);
    }
    const file = join(out, `${shot.name}.png`);
    await page.screenshot({ path: file });
    process.stdout.write(`${file}  ${((await stat(file)).size / 1024).toFixed(0)} KB\n`);
  }
} finally {
  await browser.close();
  await serve.stop();
  await rm(temp, { recursive: true, force: true });
}
