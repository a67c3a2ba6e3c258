// The exported sentence encoder in a real browser: headless Chromium loads a page from a loopback server that
// serves TF.js's browser bundle and the export folder, tokenizes with the shipped tokenizer.js, runs
// model.predict and must get `w2v encode`'s vectors. Needs Debian's chromium (/usr/bin/chromium): skipped outside
// CI when it is missing, a failure in CI.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { maxDifference, referenceVectors, SENTENCES, TINY_DIM, trainTinyModel } from '../helpers/tiny-model.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = resolve(import.meta.dirname, '../..');
const TFJS_BUNDLE = join(REPO, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.min.js');

function skipWithoutChromium(): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI) throw new Error(`chromium is required in CI (${CHROMIUM}): apt-get install -y chromium`);
  return true;
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script src="/tf.min.js"></script>
<script type="module">
  import { loadTokenizer } from '/model/tokenizer.js';
  // the cpu backend computes in float32 like Node's; headless WebGL without a GPU is not the point here
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel('/model/model.json');
  const tokenizer = await loadTokenizer('/model/vocab.json');
  window.encodeTexts = async (texts) => {
    const { ids, shape, knownCounts } = tokenizer.encodeBatch(texts);
    const input = tf.tensor2d(ids, shape, 'int32');
    const output = model.predict(input);
    const rows = await output.array();
    tf.dispose([input, output]);
    return { rows, knownCounts, tokens: texts.map((t) => tokenizer.tokenize(t)), backend: tf.getBackend() };
  };
</script>`;

interface PageResult {
  rows: number[][];
  knownCounts: number[];
  tokens: string[][];
  backend: string;
}

const skip = skipWithoutChromium();
let work: string;
let exportDir: string;
let model: string;
let server: Server;

beforeAll(async () => {
  if (skip) return;
  const tiny = await trainTinyModel();
  work = tiny.dir;
  model = tiny.model;
  exportDir = join(work, 'encoder');
  const run = await cli(['export', model, '--format', 'tfjs-encoder', '-o', exportDir, '--dtype', 'float32']);
  if (run.code !== 0) throw new Error(run.stderr);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file: string | undefined;
    if (path === '/tf.min.js') file = TFJS_BUNDLE;
    else if (path.startsWith('/model/')) {
      const inside = normalize(join(exportDir, path.slice('/model/'.length)));
      if (inside.startsWith(exportDir)) file = inside;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    if (file === undefined || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
});

afterAll(async () => {
  if (server !== undefined) await new Promise((done) => server.close(done));
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

it.skipIf(skip)('headless Chromium loads the exported encoder from a loopback page and gets w2v encode --method mean', async () => {
  const { port } = server.address() as AddressInfo;
  const profile = await mkdtemp(join(tmpdir(), 'w2v-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'encodeTexts' in globalThis, undefined, { timeout: 60_000 }).catch((e: unknown) => {
      throw new Error(`the page did not get ready: ${errors.join('; ') || String(e)}`);
    });
    const result = await page.evaluate((texts) => (globalThis as unknown as { encodeTexts(t: string[]): Promise<PageResult> }).encodeTexts(texts), SENTENCES);
    expect(errors).toEqual([]);
    expect(result.backend).toBe('cpu');
    const reference = await referenceVectors(model, 'mean');
    for (const [i, ref] of reference.entries()) {
      expect(result.tokens[i], SENTENCES[i]).toEqual(ref.tokens);
      if (ref.vector === null) {
        expect(result.knownCounts[i]).toBe(0);
        expect(result.rows[i]).toEqual(new Array(TINY_DIM).fill(0));
      } else expect(maxDifference(result.rows[i]!, ref.vector)).toBeLessThanOrEqual(1e-6);
    }
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
});

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.bin': 'application/octet-stream' };
