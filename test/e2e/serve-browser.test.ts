// The explorer in a real browser: `w2v serve` as a process (--port 0) on a small model trained here on 红楼梦,
// driven in headless Chromium (Debian's, through playwright-core). Outside CI a missing chromium skips this
// file; in CI it fails (.ci/run installs chromium and fonts-noto-cjk).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colouredPixels, hasChromium, launchBrowser, type ServeProcess, somePoint, startServe } from '../../scripts/serve-browser.ts';
import { saveCustomization } from '../../src/encode/customize-io.ts';
import { Rng } from '../../src/util/rng.ts';
import { cli } from '../helpers/cli.ts';

function skipWithoutChromium(): boolean {
  if (hasChromium()) return false;
  if (process.env.CI) throw new Error('chromium is required in CI: apt-get install -y chromium fonts-noto-cjk');
  return true;
}

const skip = skipWithoutChromium();
const ROOT = join(import.meta.dirname, '../..');

describe.skipIf(skip)('the explorer page in Chromium', () => {
  let serve: ServeProcess;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // the first 400 lines of 红楼梦 (~100 KB, ~1,000 words at min-count 3) train in about 2 s
    // not tmpDir(), which removes its folder after the first test: the server reads the model folder (its
    // custom/, its cache/) for the whole file
    dir = await mkdtemp(join(tmpdir(), 'w2v-serve-browser-'));
    const corpus = join(dir, 'hlm.txt');
    const lines = (await readFile(join(ROOT, 'corpora/hongloumeng.txt'), 'utf8')).split('\n').slice(0, 400);
    await writeFile(corpus, `${lines.join('\n')}\n`);
    const model = join(dir, 'model');
    const trained = await cli(['train', corpus, '-o', model, '--epochs', '3', '--dim', '32', '--min-count', '3', '--workers', '1', '-q']);
    expect(trained.code, trained.stderr).toBe(0);
    // a customisation for the sentences view: a random (not orthogonal) 32 x 32 matrix, so cosines change
    const rng = new Rng(5);
    const matrix = Float32Array.from({ length: 32 * 32 }, () => rng.nextFloat() - 0.5);
    await saveCustomization(model, { name: 'mix', dim: 32, outDim: 32, matrix, method: 'mean' }, {}, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    serve = await startServe(model, ['--docs', corpus]);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (serve !== undefined) {
      const code = await serve.stop();
      // Ctrl-C is how a server is meant to end: exit 0 and a last word on stderr
      expect(code).toBe(0);
      expect(serve.stderr()).toContain('explorer stopped');
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('completes a Chinese prefix, shows the neighbours the API computes, and puts the query in the URL', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.title()).toContain('w2v explorer');
    await page.locator('#q').pressSequentially('宝');
    const option = page.locator('ul.completions li', { hasText: '宝玉' });
    await option.waitFor();
    await option.click();
    expect(await page.locator('#q').inputValue()).toBe('宝玉');
    await page.locator('#q').press('Enter');
    const rows = page.locator('#out-neighbors tbody tr');
    await rows.first().waitFor();
    const shown = await page.locator('#out-neighbors tbody td.word').allTextContents();
    const api = (await (await fetch(`${serve.url}api/neighbors?q=${encodeURIComponent('宝玉')}&k=10`)).json()) as { results: { word: string }[] };
    expect(api.results).toHaveLength(10);
    expect(shown).toEqual(api.results.map((r) => r.word));
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/neighbors?q=宝玉&metric=cosine&k=10');
  });

  it('switches to the map and draws its points', async () => {
    await page.locator('#tabs a[data-view="map"]').click();
    const canvas = page.locator('#map-canvas[data-points]');
    await canvas.waitFor();
    const vocab = ((await (await fetch(`${serve.url}api/model`)).json()) as { vocabSize: number }).vocabSize;
    expect(Number(await canvas.getAttribute('data-points'))).toBe(Math.min(1000, vocab));
    // coloured pixels on the canvas: the points really are drawn, not just counted
    const coloured = await colouredPixels(page);
    // measured: 18,542 with the 1,000 points drawn, 1,343 when they are not (the labels and highlight only)
    expect(coloured, `coloured pixels: ${coloured}`).toBeGreaterThan(5000);
    expect(new URL(page.url()).hash).toBe('#/map');
    // hovering a point names it; clicking it lists its neighbours
    const point = await somePoint(page);
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => page.locator('#map-tip').isVisible()).toBe(true);
    const word = await page.locator('#map-tip').textContent();
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => page.locator('#map-side h3').textContent()).toBe(word);
    expect(await page.locator('#map-side tbody tr').count()).toBe(10);
  });

  it('opens a bookmarked analogy and reports an unknown word from the API', async () => {
    await page.goto(`${serve.url}#/analogy?a=${encodeURIComponent('宝玉')}&b=${encodeURIComponent('黛玉')}&c=${encodeURIComponent('贾母')}&method=3cosmul`);
    await page.locator('#out-analogy tbody tr').first().waitFor();
    expect(await page.locator('#form-analogy select[name="method"]').inputValue()).toBe('3cosmul');
    await page.goto(`${serve.url}#/neighbors?q=${encodeURIComponent('不存在的词')}`);
    await expect.poll(() => page.locator('#out-neighbors [role="alert"]').textContent()).toBe('"不存在的词" is not in the vocabulary');
    expect(pageErrors).toEqual([]);
  });

  it('offers the customisation in the sentences view, keeps it in the URL and shows the customised ranking', async () => {
    await page.goto(`${serve.url}#/sentences`);
    const select = page.locator('#sentences-custom');
    // shown once the model info has arrived, since the model folder has a customisation
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual(['none (raw vectors)', 'mix (mean, 32 dims)']);
    const method = page.locator('#form-sentences select[name="method"]');
    await method.selectOption('sif');
    await page.locator('#form-sentences input[name="q"]').fill('宝玉笑道');
    await select.selectOption('mix');
    // the customisation fixes its method: shown and locked
    expect(await method.inputValue()).toBe('mean');
    expect(await method.isDisabled()).toBe(true);
    await page.locator('#form-sentences button[type="submit"]').click();
    await page.locator('#out-sentences tbody tr').first().waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/sentences?q=宝玉笑道&custom=mix&k=10');
    const lines = (await page.locator('#out-sentences tbody td:first-child').allTextContents()).map(Number);
    const scores = await page.locator('#out-sentences tbody td.score').allTextContents();
    const ask = async (params: string): Promise<{ custom: string | null; results: { line: number; score: number }[] }> =>
      (await (await fetch(`${serve.url}api/sentences?q=${encodeURIComponent('宝玉笑道')}&k=10&${params}`)).json()) as { custom: string | null; results: { line: number; score: number }[] };
    const custom = await ask('custom=mix');
    expect(custom.custom).toBe('mix');
    expect(custom.results).toHaveLength(10);
    expect(lines).toEqual(custom.results.map((r) => r.line));
    expect(scores).toEqual(custom.results.map((r) => r.score.toFixed(4)));
    expect(await page.locator('#out-sentences p.note').textContent()).toContain('customised by mix');
    // the raw search ranks differently
    const raw = await ask('method=mean');
    expect(raw.results.map((r) => `${r.line} ${r.score.toFixed(4)}`)).not.toEqual(custom.results.map((r) => `${r.line} ${r.score.toFixed(4)}`));
    // back to the URL without custom: the selector says none and the method is free again
    await page.goto(`${serve.url}#/sentences?q=${encodeURIComponent('宝玉笑道')}&method=mean&k=10`);
    await expect.poll(() => select.inputValue()).toBe('');
    expect(await method.isDisabled()).toBe(false);
    await expect.poll(async () => (await page.locator('#out-sentences tbody td:first-child').allTextContents()).map(Number)).toEqual(raw.results.map((r) => r.line));
    expect(pageErrors).toEqual([]);
  });
});
