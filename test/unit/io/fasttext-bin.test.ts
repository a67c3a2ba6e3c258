// fastText .bin files written and read here, without the peers (test/e2e/fasttext-parity.test.ts holds the
// comparisons with fastText and gensim): a byte-exact round trip, the layout's fixed offsets, and every way a file
// can be wrong, each refused with the file, the byte and the fix.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadFileError } from '../../../src/errors.ts';
import { type FastTextWrite, isFastTextBin, readFastTextBin, writeFastTextBin } from '../../../src/io/formats/fasttext-bin.ts';
import { readVectorSource } from '../../../src/vectors/read-source.ts';
import { tmpDir } from '../../helpers/cli.ts';

const WORDS = ['the', '</s>', 'cat', 'naïve', '猫', 'ёж'];
const DIM = 3;
const BUCKET = 7;

function model(overrides: Partial<FastTextWrite['args']> = {}): FastTextWrite {
  const rows = WORDS.length + (overrides.bucket ?? BUCKET);
  const input = Float32Array.from({ length: rows * DIM }, (_, i) => Math.sin(i + 1) / 7);
  return {
    args: { dim: DIM, ws: 5, epoch: 2, minCount: 1, neg: 5, wordNgrams: 1, loss: 2, model: 2, bucket: BUCKET, minn: 2, maxn: 4, lrUpdateRate: 100, t: 1e-4, ...overrides },
    words: WORDS,
    counts: [40, 30, 20, 10, 5, 1],
    ntokens: 123,
    // two blocks, as the exporter passes the word rows and the n-gram rows
    input: [input.subarray(0, 2 * DIM), input.subarray(2 * DIM)],
    output: Float32Array.from({ length: WORDS.length * DIM }, (_, i) => Math.cos(i) / 5),
  };
}

/** Byte offsets of the layout for WORDS: header 8, args 56, dictionary counts 28, then the entries. */
const ARGS_AT = 8;
const DICT_AT = ARGS_AT + 12 * 4 + 8;
const ENTRIES_AT = DICT_AT + 12 + 16;
const ENTRIES_BYTES = WORDS.reduce((n, w) => n + Buffer.byteLength(w) + 10, 0);
const QUANT_AT = ENTRIES_AT + ENTRIES_BYTES;
const INPUT_DATA_AT = QUANT_AT + 17;
const QOUT_AT = INPUT_DATA_AT + (WORDS.length + BUCKET) * DIM * 4;
const END = QOUT_AT + 17 + WORDS.length * DIM * 4;

async function written(m: FastTextWrite = model()): Promise<{ dir: string; path: string; bytes: Buffer }> {
  const dir = await tmpDir('w2v-ftbin-');
  const path = join(dir, 'model.bin');
  await writeFastTextBin(path, m);
  return { dir, path, bytes: await readFile(path) };
}

async function badFile(bytes: Buffer, where: RegExp | undefined, detail: RegExp): Promise<void> {
  const dir = await tmpDir('w2v-ftbin-bad-');
  const path = join(dir, 'bad.bin');
  await writeFile(path, bytes);
  const error = await readFastTextBin(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadFileError);
  const bad = error as BadFileError;
  expect(bad.path).toBe(path);
  if (where !== undefined) expect(bad.where).toMatch(where);
  expect(bad.message).toMatch(detail);
  expect(bad.message.startsWith(path)).toBe(true);
}

describe('fastText .bin: writing and reading back', () => {
  it('writes fastText 0.9.2’s layout: magic, version 12, args, dictionary with pruneidx_size -1, two matrices', async () => {
    const { bytes } = await written();
    expect(bytes.length).toBe(END);
    expect(bytes.readInt32LE(0)).toBe(793712314);
    expect(bytes.readInt32LE(4)).toBe(12);
    expect([...Array(12)].map((_, i) => bytes.readInt32LE(ARGS_AT + 4 * i))).toEqual([DIM, 5, 2, 1, 5, 1, 2, 2, BUCKET, 2, 4, 100]);
    expect(bytes.readDoubleLE(ARGS_AT + 48)).toBe(1e-4);
    expect([bytes.readInt32LE(DICT_AT), bytes.readInt32LE(DICT_AT + 4), bytes.readInt32LE(DICT_AT + 8)]).toEqual([6, 6, 0]);
    expect(bytes.readBigInt64LE(DICT_AT + 12)).toBe(123n);
    expect(bytes.readBigInt64LE(DICT_AT + 20)).toBe(-1n);
    expect(bytes.subarray(ENTRIES_AT, ENTRIES_AT + 14).toString('latin1')).toBe('the\0(\0\0\0\0\0\0\0\0<');
    expect(bytes[QUANT_AT]).toBe(0);
    expect(bytes.readBigInt64LE(QUANT_AT + 1)).toBe(BigInt(WORDS.length + BUCKET));
    expect(bytes.readBigInt64LE(QUANT_AT + 9)).toBe(BigInt(DIM));
    expect(bytes[QOUT_AT]).toBe(0);
    expect(bytes.readBigInt64LE(QOUT_AT + 1)).toBe(BigInt(WORDS.length));
  });

  it('reads back every field, and writing what it read gives the same bytes', async () => {
    const m = model();
    const { dir, path, bytes } = await written(m);
    const read = await readFastTextBin(path, { output: true });
    expect(read.version).toBe(12);
    expect(read.args).toEqual(m.args);
    expect(read.words).toEqual(WORDS);
    expect([...read.counts]).toEqual(m.counts);
    expect(read.ntokens).toBe(123);
    expect(read.inputRows).toBe(WORDS.length + BUCKET);
    expect(read.input).toEqual(Float32Array.from([...m.input[0]!, ...m.input[1]!]));
    expect(read.output).toEqual(m.output);
    const again = join(dir, 'again.bin');
    await writeFastTextBin(again, { ...read, input: [read.input], output: read.output! });
    expect((await readFile(again)).equals(bytes)).toBe(true);
  });

  it('is sniffed by its magic number, whatever its name', async () => {
    const { dir, path } = await written();
    const renamed = join(dir, 'vectors.txt');
    await writeFile(renamed, await readFile(path));
    expect(await isFastTextBin(renamed)).toBe(true);
    const source = await readVectorSource(renamed);
    expect(source.format).toBe('fasttext');
    expect(source.words).toEqual(WORDS);
    expect(source.subwords?.settings).toEqual({ minn: 2, maxn: 4, bucket: BUCKET });
    await writeFile(renamed, '2 3\na 1 2 3\nb 4 5 6\n');
    expect(await isFastTextBin(renamed)).toBe(false);
  });

  it('a model without n-grams (maxn 0) loads as plain word vectors, its bucket rows unread', async () => {
    const m = model({ maxn: 0 });
    const { path } = await written(m);
    const read = await readFastTextBin(path);
    expect(read.input.length).toBe(WORDS.length * DIM);
    const source = await readVectorSource(path);
    expect(source.subwords).toBeUndefined();
    expect(source.vectors).toEqual(Float32Array.from([...m.input[0]!, ...m.input[1]!]).subarray(0, WORDS.length * DIM));
  });

  it('--limit keeps the first words; the others are composed from their n-grams', async () => {
    const { path } = await written();
    const all = await readVectorSource(path);
    const some = await readVectorSource(path, { limit: 3 });
    expect(some.words).toEqual(WORDS.slice(0, 3));
    expect(some.vectors).toEqual(all.vectors.subarray(0, 3 * DIM));
    expect(some.subwords?.compose('猫').vector).toEqual(all.subwords?.compose('猫').vector);
  });

  it('refuses to write a word fastText cannot store (a NUL ends a word)', async () => {
    const dir = await tmpDir('w2v-ftbin-');
    const m = model();
    await expect(writeFastTextBin(join(dir, 'x.bin'), { ...m, words: ['a\0b', ...WORDS.slice(1)] })).rejects.toThrow(/word 1: "a\\u0000b" is empty or holds a NUL/);
  });
});

describe('fastText .bin: bad files name the file, the byte and the fix', () => {
  it('a wrong magic number', async () => {
    const { bytes } = await written();
    bytes.writeInt32LE(12345, 0);
    await badFile(bytes, /^byte 0$/, /starts with 12345, not fastText's magic number 793712314: not a fastText \.bin/);
  });

  it('a newer file version', async () => {
    const { bytes } = await written();
    bytes.writeInt32LE(13, 4);
    await badFile(bytes, /^byte 4$/, /version 13; this reader knows versions 11 and 12/);
  });

  it('a supervised model (model sup), and one with labels', async () => {
    const { bytes } = await written();
    const sup = Buffer.from(bytes);
    sup.writeInt32LE(3, ARGS_AT + 7 * 4);
    await badFile(sup, /^byte 36$/, /: is a supervised fastText model \(a text classifier/);
    // fastText quantises classifiers only: such an .ftz is named as both
    sup[QUANT_AT] = 1;
    await badFile(sup, /^byte 36$/, /: is a quantised \(\.ftz\) supervised fastText model/);
    const labels = Buffer.from(bytes);
    labels.writeInt32LE(1, DICT_AT + 8);
    await badFile(labels, new RegExp(`^byte ${DICT_AT + 8}$`), /holds 1 labels: a supervised fastText model/);
    const label = Buffer.from(bytes);
    label[ENTRIES_AT + 3 + 1 + 8] = 1;
    await badFile(label, new RegExp(`^byte ${ENTRIES_AT + 12}$`), /"the" is a label: a supervised fastText model/);
  });

  it('a quantised model (.ftz): the input or output quantisation flag set', async () => {
    const { bytes } = await written();
    const quant = Buffer.from(bytes);
    quant[QUANT_AT] = 1;
    await badFile(quant, new RegExp(`^byte ${QUANT_AT}$`), /quantised fastText model \(\.ftz.*load the \.bin it was quantised from/);
    const qout = Buffer.from(bytes);
    qout[QOUT_AT] = 1;
    await badFile(qout, new RegExp(`^byte ${QOUT_AT}$`), /quantised fastText model/);
  });

  it('a pruned dictionary (what `quantize -cutoff` leaves)', async () => {
    const { bytes } = await written();
    bytes.writeBigInt64LE(0n, DICT_AT + 20);
    await badFile(bytes, new RegExp(`^byte ${DICT_AT + 20}$`), /prune index size is 0, not -1/);
  });

  it('truncated anywhere: in the args, the dictionary, a word, the input matrix, the output matrix', async () => {
    const { bytes } = await written();
    const cases: [number, RegExp][] = [
      [2, /inside the magic number/],
      [ARGS_AT + 10, /inside the args \(epoch\)/],
      [DICT_AT + 14, /inside the dictionary token count/],
      [ENTRIES_AT + 2, /inside dictionary entry 1 of 6/],
      [ENTRIES_AT + 20, /inside dictionary entry 2 of 6/],
      [QUANT_AT, /inside the quantisation flag/],
      [INPUT_DATA_AT + 10, /inside the input matrix/],
      [QOUT_AT + 5, /inside the output matrix rows/],
      [END - 1, /inside the output matrix/],
    ];
    for (const [length, what] of cases) await badFile(bytes.subarray(0, length), /^byte \d+$/, new RegExp(`the file ends ${what.source}.*it is truncated; copy or download it again`));
  });

  it('bytes after the output matrix', async () => {
    const { bytes } = await written();
    await badFile(Buffer.concat([bytes, Buffer.from([1, 2])]), new RegExp(`^byte ${END}$`), /2 bytes follow the output matrix/);
  });

  it('an input matrix of the wrong shape', async () => {
    const { bytes } = await written();
    bytes.writeBigInt64LE(BigInt(WORDS.length), QUANT_AT + 1);
    await badFile(bytes, new RegExp(`^byte ${QUANT_AT + 1}$`), /input matrix is 6 x 3, expected nwords \+ bucket = 13 rows of dim 3/);
  });

  it('invalid UTF-8 in a word: strict fails, replace repairs it', async () => {
    const { bytes } = await written();
    bytes[ENTRIES_AT] = 0xff; // "the" -> "\xffhe"
    await badFile(bytes, new RegExp(`^byte ${ENTRIES_AT}$`), /is not valid UTF-8; pass unicodeErrors 'replace'/);
    const dir = await tmpDir('w2v-ftbin-');
    const path = join(dir, 'latin.bin');
    await writeFile(path, bytes);
    expect((await readFastTextBin(path, { unicodeErrors: 'replace' })).words[0]).toBe('\uFFFDhe');
  });

  it('a missing file', async () => {
    await expect(readFastTextBin('/nonexistent/model.bin')).rejects.toThrow(/^\/nonexistent\/model\.bin: cannot open \(ENOENT\)/);
  });
});
