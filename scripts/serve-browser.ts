// Headless Chromium for the explorer's browser test and screenshots: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download), a fresh profile each launch, and `w2v serve` started as a real process
// whose printed URL gives the port (--port 0).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian (`apt-get install chromium`) puts the browser. */
export const CHROMIUM = process.env.W2V_CHROMIUM ?? '/usr/bin/chromium';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** True when the browser is installed. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** A headless browser with its own throw-away profile; `close` removes the profile too. */
export async function launchBrowser(viewport = { width: 1200, height: 800 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'w2v-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A running `w2v serve` process. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGINT, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node dist/cli/bin.js serve MODEL --port 0 ...args` and resolves once it printed its URL. */
export function startServe(model: string, args: readonly string[] = []): Promise<ServeProcess> {
  const bin = join(ROOT, 'dist/cli/bin.js');
  if (!existsSync(bin)) return Promise.reject(new Error(`${bin} is missing: run npm run build first`));
  const child = spawn(process.execPath, [bin, 'serve', model, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return new Promise((resolveStart, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /http:\/\/\S+\//.exec(out)?.[0];
      if (url !== undefined) {
        resolveStart({
          url,
          child,
          stderr: () => err,
          stop: async () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`w2v serve exited with ${code} before printing its URL:\n${err}`)));
  });
}

/** Pixels of the map canvas that are clearly coloured (not white, grey or black): drawn points. */
export function colouredPixels(page: Page): Promise<number> {
  // a string, evaluated in the page: this file is type-checked against Node's types, not the DOM's
  return page.evaluate(`(() => {
    const c = document.querySelector('#map-canvas');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) n++;
    }
    return n;
  })()`);
}

/** Page coordinates (CSS pixels) of some drawn point of the map, for hovering it. */
export async function somePoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('#map-canvas').boundingBox();
  const point = await page.evaluate<{ x: number; y: number }>(`(() => {
    const c = document.querySelector('#map-canvas');
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const scale = c.width / c.clientWidth;
    for (let y = Math.floor(height / 3); y < height; y += 2) {
      for (let x = Math.floor(width / 3); x < width; x += 2) {
        const i = (y * width + x) * 4;
        if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) return { x: x / scale, y: y / scale };
      }
    }
    return { x: 0, y: 0 };
  })()`);
  return { x: (box?.x ?? 0) + point.x + 1, y: (box?.y ?? 0) + point.y + 1 };
}
