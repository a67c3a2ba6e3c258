// The explorer in a real browser: `w2v serve` as a process (--port 0) on a small model trained here on 红楼梦,
// driven in headless Chromium (Debian's, through playwright-core). Outside CI a missing chromium skips this
// file; in CI it fails (.ci/run installs chromium and fonts-noto-cjk).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colouredPixels, hasChromium, launchBrowser, type ServeProcess, somePoint, startServe } from '../../scripts/serve-browser.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

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
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // the first 400 lines of 红楼梦 (~100 KB, ~1,000 words at min-count 3) train in about 2 s
    const dir = await tmpDir('w2v-serve-browser-');
    const corpus = join(dir, 'hlm.txt');
    const lines = (await readFile(join(ROOT, 'corpora/hongloumeng.txt'), 'utf8')).split('\n').slice(0, 400);
    await writeFile(corpus, `${lines.join('\n')}\n`);
    const model = join(dir, 'model');
    const trained = await cli(['train', corpus, '-o', model, '--epochs', '3', '--dim', '32', '--min-count', '3', '--workers', '1', '-q']);
    expect(trained.code, trained.stderr).toBe(0);
    serve = await startServe(model);
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
});
