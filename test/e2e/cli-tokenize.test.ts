import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers/cli.ts';
import { SHARED } from '../../scripts/shared-dir.ts';

const XIYOUJI = `${SHARED}/corpora/zh/xiyouji.gb18030.txt`;

describe('w2v tokenize', () => {
  it('decodes every byte of a GB18030 file with --encoding gb18030, and detects it without', async () => {
    const forced = await cli(['tokenize', '--encoding', 'gb18030', XIYOUJI]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('\uFFFD');
    expect(forced.stdout).toContain('孙悟空');
    const detected = await cli(['tokenize', XIYOUJI]);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toBe(forced.stdout);
  });

  it('refuses a non-UTF-8 file that is not GB18030 with the byte offset and the fix', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'latin1.txt');
    await writeFile(file, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a])); // "café noir" in Latin-1
    const run = await cli(['tokenize', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${file}, byte 3: invalid UTF-8; if the file is Chinese in GBK/GB18030 or Big5, pass --encoding gb18030 (or big5), or convert it to UTF-8\n`);
    const latin = await cli(['tokenize', '--encoding', 'latin1', file]);
    expect(latin.stdout).toBe('café noir\n');
  });

  it('writes space-separated tokens one sentence per line, to stdout or atomically to -o', async () => {
    const dir = await tmpDir();
    const stdin = 'Hello, World!\r\n我喜欢苹果。\r\n\r\nＡＢＣ Don’t\n';
    const run = await cli(['tokenize', '-'], { stdin });
    expect(run).toEqual({ code: 0, stdout: "hello world\n我 喜欢 苹果\nabc don't\n", stderr: '' });
    const out = join(dir, 'sub', 'tokens.txt');
    expect((await cli(['tokenize', '--keep-case', '-', '-o', out], { stdin })).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe("Hello World\n我 喜欢 苹果\nABC Don't\n");
    expect(await readdir(join(dir, 'sub'))).toEqual(['tokens.txt']); // no temp file left behind
  });

  it('--tokenized keeps tokens as they are and cuts long sentences at --max-sentence-length', async () => {
    const run = await cli(['tokenize', '--tokenized', '--max-sentence-length', '2', '-'], { stdin: 'A b, C\n' });
    expect(run.stdout).toBe('A b,\nC\n');
  });

  it('gives one-line errors for a missing file, an empty file, a folder without text and a binary file', async () => {
    const dir = await tmpDir();
    await mkdir(join(dir, 'empty-folder'));
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
    const cases: [string, string][] = [
      [join(dir, 'nope.txt'), 'no such file or folder'],
      [join(dir, 'empty.txt'), 'file is empty'],
      [join(dir, 'empty-folder'), 'folder has no non-empty text files'],
      [join(dir, 'image.png'), 'looks like a binary file (NUL bytes), not text; pass text files only'],
    ];
    for (const [input, message] of cases) {
      const run = await cli(['tokenize', input]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: ${input}: ${message}\n`);
    }
  });

  it('streams a 24 MB line without newline (text8 style) into 10,000-token sentences', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'one-line.txt');
    const words = 4_000_000; // "wNNN " ~6 bytes each: well beyond the 1 MiB line piece size
    const parts: string[] = [];
    for (let i = 0; i < words; i++) parts.push(`w${i % 1000}`);
    await writeFile(file, parts.join(' '));
    const run = await cli(['tokenize', '--tokenized', file]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(words / 10_000);
    expect(lines.every((l) => l.split(' ').length === 10_000)).toBe(true);
    expect(lines[399]!.endsWith(' w999')).toBe(true);
  });
});

describe('w2v tokenize (real process)', () => {
  it('pipes stdin to stdout, and exits 1 with one line and no stack trace on bad input', () => {
    const bin = join(import.meta.dirname, '../../src/cli/bin.ts');
    const run = (args: string[], input: string): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { input, encoding: 'utf8', timeout: 60_000 });
    const ok = run(['tokenize', '--lang', 'en', '-'], 'Hello, World!\n');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('hello world\n');
    const bad = run(['tokenize', '/nonexistent/corpus.txt'], '');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('error: /nonexistent/corpus.txt: no such file or folder\n');
  });
});
