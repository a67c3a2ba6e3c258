// A real Big5 file (the shared traditional 紅樓夢, converted with iconv) without --encoding is refused with the
// hint, and is not taken for GB18030: Big5 bytes mostly decode strictly as GB18030 too, into kana, Cyrillic,
// symbols and private-use characters, so the "mostly Han" rule is what stands between them. With --encoding
// big5 the text tokenizes exactly like its UTF-8 form.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksLikeGb18030 } from '../../src/tokenize/decode.ts';
import { SHARED } from '../../scripts/shared-dir.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

let big5: Uint8Array;

beforeAll(() => {
  // the first 300 KB of the novel; -c drops the few characters Big5 lacks
  const utf8 = readFileSync(`${SHARED}/corpora/zh/pg24264-hongloumeng-traditional.txt`).subarray(0, 300_000);
  const run = spawnSync('iconv', ['-c', '-f', 'utf-8', '-t', 'big5'], { input: utf8, maxBuffer: 1 << 26 });
  // iconv -c exits 1 when it dropped characters, with the converted text on stdout all the same
  expect(run.stdout.byteLength, `iconv: ${run.stderr}`).toBeGreaterThan(150_000);
  big5 = new Uint8Array(run.stdout);
});

describe('a Big5 file', () => {
  it('is refused without --encoding, with the hint, by every command that reads text', async () => {
    const dir = await tmpDir();
    const path = join(dir, 'hlm-big5.txt');
    writeFileSync(path, big5);
    const hint = `error: ${path}, byte 1: invalid UTF-8; if the file is Chinese in GBK/GB18030 or Big5, pass --encoding gb18030 (or big5), or convert it to UTF-8\n`;
    for (const argv of [
      ['tokenize', path],
      ['vocab', path],
      ['train', path, '-o', join(dir, 'm'), '--quiet'],
    ]) {
      const run = await cli(argv);
      expect(run.stderr, argv[0]).toBe(hint);
      expect(run.code, argv[0]).toBe(1);
      expect(run.stdout, argv[0]).toBe('');
    }
  });

  it('is not taken for GB18030 anywhere in it (measured Han share as GB18030: 0.33; the rule needs 0.8)', () => {
    // every 16 KB window, as the first chunk a file could start with
    let strict = 0;
    for (let at = 0; at + 16_384 <= big5.length; at += 16_384) {
      const window = big5.subarray(at, at + 16_384);
      expect(looksLikeGb18030(window), `window at byte ${at}`).toBe(false);
      try {
        new TextDecoder('gb18030', { fatal: true }).decode(window, { stream: true });
        strict++;
      } catch {}
    }
    // most windows decode strictly as GB18030: only the Han share tells the encodings apart
    expect(strict).toBeGreaterThan(5);
  });

  it('with --encoding big5 tokenizes exactly like the same text in UTF-8', async () => {
    const dir = await tmpDir();
    const path = join(dir, 'hlm-big5.txt');
    writeFileSync(path, big5);
    const back = spawnSync('iconv', ['-f', 'big5', '-t', 'utf-8'], { input: big5, maxBuffer: 1 << 26 });
    expect(back.status).toBe(0);
    const utf8 = join(dir, 'hlm-utf8.txt');
    writeFileSync(utf8, back.stdout);
    const fromBig5 = await cli(['tokenize', '--encoding', 'big5', path]);
    const fromUtf8 = await cli(['tokenize', utf8]);
    expect(fromBig5.code).toBe(0);
    expect(fromBig5.stdout.length).toBeGreaterThan(50_000);
    expect(fromBig5.stdout).toBe(fromUtf8.stdout);
    expect(fromBig5.stdout).toContain('寶玉');
  });
});
