import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadFileError } from '../../../src/errors.ts';
import { readWord2Vec, writeVectors } from '../../../src/io/formats/index.ts';
import { tmpDir } from '../../helpers/cli.ts';

async function expectBad(content: string | Uint8Array, where: RegExp, detail: RegExp, options = {}): Promise<void> {
  const dir = await tmpDir();
  const path = join(dir, 'bad.vec');
  await writeFile(path, content);
  const error = await readWord2Vec(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadFileError);
  const bad = error as BadFileError;
  expect(bad.code).toBe('E_BAD_VECTOR_FILE');
  expect(bad.path).toBe(path);
  expect(bad.where).toMatch(where);
  expect(bad.message).toMatch(detail);
}

async function binaryFile(words: string[], dim: number): Promise<Buffer> {
  const dir = await tmpDir();
  const path = join(dir, 'ok.bin');
  await writeVectors(path, words, Float32Array.from({ length: words.length * dim }, (_, i) => i + 0.5), dim, 'binary');
  const { readFile } = await import('node:fs/promises');
  return readFile(path);
}

describe('corrupt vector files are rejected with the place and the fix', () => {
  it('a text row with too few numbers', () => expectBad('2 3\na 1 2 3\nb 1 2\n', /^line 3$/, /expected 3 numbers after "b", found 2/));
  it('a text row with too many numbers', () => expectBad('2 3\na 1 2 3\nb 1 2 3 4\n', /^line 3$/, /found more/));
  it('a non-number', () => expectBad('2 3\na 1 2 3\nb 1 x2 3\n', /^line 3$/, /expected a number, found "x2"/));
  it('garbage after a number', () => expectBad('1 3\na 1.5abc 2 3\n', /^line 2$/, /expected a number/));
  it('fewer text rows than the header says', () => expectBad('3 2\na 1 2\nb 1 2\n', /^line 4$/, /promises 3 words but the file ends after 2/));
  it('more text rows than the header says', () => expectBad('1 2\na 1 2\nb 1 2\n', /^line 3$/, /more data follows the 1 words/));
  it('invalid UTF-8 in a word (strict)', () => expectBad(Buffer.concat([Buffer.from('1 2\nab'), Buffer.from([0xff, 0xfe]), Buffer.from(' 1 2\n')]), /^line 2$/, /not valid UTF-8/));
  it('a truncated binary file', async () => {
    const bytes = await binaryFile(['alpha', 'beta', 'gamma'], 4);
    await expectBad(bytes.subarray(0, bytes.length - 6), /^byte \d+$/, /ends inside the vector of "gamma"/);
  });
  it('a binary header promising more words than present', async () => {
    const bytes = await binaryFile(['alpha', 'beta'], 4);
    const patched = Buffer.concat([Buffer.from('3'), bytes.subarray(1)]);
    await expectBad(patched, /^byte \d+$/, /promises 3 words but the file ends after 2/);
  });
  it('a binary file with extra rows after the header count', async () => {
    const bytes = await binaryFile(['alpha', 'beta'], 4);
    const patched = Buffer.concat([Buffer.from('1'), bytes.subarray(1)]);
    await expectBad(patched, /^byte \d+$/, /more data follows the 1 words/);
  });
  it('an empty file', () => expectBad('', /^line 1$/, /empty/));
});

describe('unicodeErrors', () => {
  it('replace and ignore load words with invalid bytes', async () => {
    const dir = await tmpDir();
    const path = join(dir, 'u.vec');
    await writeFile(path, Buffer.concat([Buffer.from('1 2\nab'), Buffer.from([0xff]), Buffer.from('c 1 2\n')]));
    expect((await readWord2Vec(path, { unicodeErrors: 'replace' })).words).toEqual(['ab\uFFFDc']);
    expect((await readWord2Vec(path, { unicodeErrors: 'ignore' })).words).toEqual(['abc']);
  });
});
