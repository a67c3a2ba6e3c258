import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../../src/corpus/open-corpus.ts';
import { expandGlob, globToRegExp, releaseStdinSpools } from '../../../src/corpus/sources.ts';
import { resolveTokenizerOptions } from '../../../src/options.ts';
import { cli, tmpDir } from '../../helpers/cli.ts';

const EN = resolveTokenizerOptions({ lang: 'en' });
const TOKENIZED = resolveTokenizerOptions({ tokenized: true });

async function collect(corpus: AsyncIterable<readonly string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const s of corpus) out.push([...s]);
  return out;
}

describe('TextCorpus', () => {
  it('reads one sentence per line with LF, CRLF and lone CR, skipping empty lines, and is re-iterable', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'a.txt');
    await writeFile(file, 'One two\r\nthree\rfour five\n\n\r\nsix');
    // tiny chunks put a CR at the end of a chunk, right before its LF
    const corpus = await openCorpus([file], EN, { maxSentenceLength: 100, chunkBytes: 8 });
    const expected = [['one', 'two'], ['three'], ['four', 'five'], ['six']];
    expect(await collect(corpus)).toEqual(expected);
    expect(await collect(corpus)).toEqual(expected);
    expect(corpus.bytesRead).toBe(await corpus.totalBytes());
  });

  it('streams a line without newline in pieces cut at whitespace, and cuts sentences at maxSentenceLength', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'text8');
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 97}`);
    await writeFile(file, ` ${words.join(' ')}`);
    const corpus = await openCorpus([file], TOKENIZED, { maxSentenceLength: 1000, chunkBytes: 1024, maxLineChars: 2000 });
    const sentences = await collect(corpus);
    // the same as gensim's Text8Corpus: the token stream cut into chunks of max_sentence_length
    expect(sentences.map((s) => s.length)).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(sentences.flat()).toEqual(words);
  });

  it('tokenizes a line of more than 64 Ki chars in windows with the same tokens, also across chunk reads', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'long-line.txt');
    // words of varied length, so window cuts land inside words and must back off to the whitespace before them
    const words = Array.from({ length: 60_000 }, (_, i) => `Word${(i * 7919) % 1013}${'x'.repeat(i % 11)}`);
    await writeFile(file, `${words.join(' ')}\nlast line\n`);
    for (const maxLineChars of [undefined, 100_000]) {
      const corpus = await openCorpus([file], EN, { maxSentenceLength: 100_000, ...(maxLineChars === undefined ? {} : { maxLineChars }) });
      const sentences = await collect(corpus);
      expect(sentences).toHaveLength(2);
      expect(sentences[0]).toEqual(words.map((w) => w.toLowerCase()));
      expect(sentences[1]).toEqual(['last', 'line']);
    }
  });

  it('hard-cuts a huge line that has no whitespace at all', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'long.txt');
    await writeFile(file, 'x'.repeat(5000));
    const corpus = await openCorpus([file], TOKENIZED, { maxSentenceLength: 10_000, chunkBytes: 1024, maxLineChars: 2000 });
    const sentences = await collect(corpus);
    expect(sentences.flat().join('')).toBe('x'.repeat(5000));
  });

  it('reads folders recursively in sorted order, skipping hidden and empty files, and .gz files', async () => {
    const dir = await tmpDir();
    await mkdir(join(dir, 'b', '.hidden'), { recursive: true });
    await writeFile(join(dir, 'b', 'z.txt'), 'zed\n');
    await writeFile(join(dir, 'b', '.hidden', 'h.txt'), 'hidden\n');
    await writeFile(join(dir, '.secret'), 'secret\n');
    await writeFile(join(dir, 'a.txt.gz'), gzipSync('alpha beta\ngamma\n'));
    await writeFile(join(dir, 'empty.txt'), '');
    const corpus = await openCorpus([dir], EN, { maxSentenceLength: 100 });
    expect(await collect(corpus)).toEqual([['alpha', 'beta'], ['gamma'], ['zed']]);
  });

  it('expands globs with *, ** and ?', async () => {
    const dir = await tmpDir();
    await mkdir(join(dir, 'x', 'y'), { recursive: true });
    await writeFile(join(dir, 'x', 'one.txt'), 'one\n');
    await writeFile(join(dir, 'x', 'y', 'two.txt'), 'two\n');
    await writeFile(join(dir, 'x', 'y', 'two.md'), 'md\n');
    expect(await expandGlob(join(dir, '**/*.txt'))).toEqual([join(dir, 'x', 'one.txt'), join(dir, 'x', 'y', 'two.txt')]);
    expect(await expandGlob(join(dir, 'x/*.txt'))).toEqual([join(dir, 'x', 'one.txt')]);
    expect(await expandGlob(join(dir, 'x/y/two.??'))).toEqual([join(dir, 'x', 'y', 'two.md')]);
    expect(globToRegExp('a/**/b?.txt').test('a/b1.txt')).toBe(true);
    expect(globToRegExp('a/*.txt').test('a/b/c.txt')).toBe(false);
    const corpus = await openCorpus([join(dir, '**/*.txt')], EN, { maxSentenceLength: 100 });
    expect(await collect(corpus)).toEqual([['one'], ['two']]);
  });

  it('spools stdin to a temp file so it can be read on every pass', async () => {
    const corpus = await openCorpus(['-'], EN, { maxSentenceLength: 100, stdin: Readable.from(['Hello world\n', '再见\n']) });
    expect(await collect(corpus)).toEqual([['hello', 'world'], ['再', '见']]);
    expect(await collect(corpus)).toEqual([['hello', 'world'], ['再', '见']]);
  });

  it('removes its copies of stdin when a command ends, and those of runs that were killed', async () => {
    const mine = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`w2v-stdin-${process.pid}-`));
    releaseStdinSpools();
    await openCorpus(['-'], EN, { maxSentenceLength: 100, stdin: Readable.from(['a b\n']) });
    expect(mine()).toHaveLength(1);
    releaseStdinSpools();
    expect(mine()).toEqual([]);
    // through the CLI: gone once the command returns, though this process lives on
    const run = await cli(['vocab', '--min-count', '1', '-'], { stdin: 'a b a\n' });
    expect(run.code).toBe(0);
    expect(mine()).toEqual([]);
    // a killed run's copy (its process is gone) goes with the next spool; a live process's stays
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(tmpdir(), `w2v-stdin-${dead}-test`);
    const live = join(tmpdir(), `w2v-stdin-${process.ppid}-test`);
    await mkdir(stale, { recursive: true });
    await mkdir(live, { recursive: true });
    try {
      await openCorpus(['-'], EN, { maxSentenceLength: 100, stdin: Readable.from(['a b\n']) });
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      releaseStdinSpools();
      await rm(stale, { recursive: true, force: true });
      await rm(live, { recursive: true, force: true });
    }
  });

  it('fingerprints paths, sizes, mtimes and content edges', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'a.txt');
    await writeFile(file, 'same size\n');
    const before = await (await openCorpus([file], EN, { maxSentenceLength: 100 })).fingerprint();
    expect(await (await openCorpus([file], EN, { maxSentenceLength: 100 })).fingerprint()).toBe(before);
    const relative = (await openCorpus([relativePath(process.cwd(), file)], EN, { maxSentenceLength: 100 })).fingerprint();
    expect(await relative).toBe(before);
    await writeFile(file, 'SAME SIZE\n');
    await utimes(file, 1, 1);
    const after = await (await openCorpus([file], EN, { maxSentenceLength: 100 })).fingerprint();
    expect(after).not.toBe(before);
  });

  it('validates inputs up front with one-line errors naming them', async () => {
    const dir = await tmpDir();
    await mkdir(join(dir, 'nothing'));
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    await writeFile(join(dir, 'fake.gz'), 'not gzip');
    const open = (input: string): Promise<unknown> => openCorpus([input], EN, { maxSentenceLength: 100 });
    await expect(open(join(dir, 'missing.txt'))).rejects.toThrow(`${join(dir, 'missing.txt')}: no such file or folder`);
    await expect(open(join(dir, 'nothing'))).rejects.toThrow(`${join(dir, 'nothing')}: folder has no non-empty text files`);
    await expect(open(join(dir, 'empty.txt'))).rejects.toThrow(`${join(dir, 'empty.txt')}: file is empty`);
    await expect(open(join(dir, 'image.png'))).rejects.toThrow(`${join(dir, 'image.png')}: looks like a binary file`);
    await expect(open(join(dir, 'fake.gz'))).rejects.toThrow('named .gz but is not gzip data');
    await expect(open(join(dir, '*.nomatch'))).rejects.toThrow('no non-empty files match');
  });

  it('reports a corrupt gzip stream as an input error naming the file', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'cut.txt.gz');
    const gz = gzipSync('hello world\n'.repeat(1000));
    await writeFile(file, gz.subarray(0, gz.length - 20));
    const corpus = await openCorpus([file], EN, { maxSentenceLength: 100 });
    await expect(collect(corpus)).rejects.toThrow(`${file}: corrupt or truncated gzip data`);
  });
});

describe('TextCorpus encodings', () => {
  it('reads UTF-16 LE without a BOM when --encoding says so (its NUL bytes are not binary)', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'u16.txt');
    await writeFile(file, Buffer.from('Hello 世界\r\nzwei\n', 'utf16le'));
    await expect(openCorpus([file], EN, { maxSentenceLength: 100 })).rejects.toThrow('looks like a binary file');
    const corpus = await openCorpus([file], resolveTokenizerOptions({ lang: 'en', encoding: 'utf-16le' }), { maxSentenceLength: 100 });
    expect(await collect(corpus)).toEqual([['hello', '世', '界'], ['zwei']]);
  });

  it('reads UTF-16 with a BOM and GB18030 without flags', async () => {
    const dir = await tmpDir();
    const bom = join(dir, 'bom.txt');
    await writeFile(bom, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a b\n', 'utf16le')]));
    expect(await collect(await openCorpus([bom], EN, { maxSentenceLength: 100 }))).toEqual([['a', 'b']]);
    const gb = join(dir, 'gb.txt');
    await writeFile(gb, Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a]));
    expect(await collect(await openCorpus([gb], EN, { maxSentenceLength: 100 }))).toEqual([['中', '文']]);
  });
});
