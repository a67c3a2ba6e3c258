// fastText .bin files against the peers that define them: a model the `fasttext` CLI (0.9.2) trained loads here
// and gives fastText's own print-word-vectors for dictionary and unseen words; a .bin we write loads in fastText
// and in gensim 4.2's load_facebook_model, both giving our vectors; real supervised and quantised models are
// refused by name. Every expected number comes from the peer at test time.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadFileError } from '../../src/errors.ts';
import { readFastTextBin, writeFastTextBin } from '../../src/io/formats/fasttext-bin.ts';
import { type ModelMeta, writeModelFolder } from '../../src/io/model-folder.ts';
import { resolveTokenizerOptions, resolveTrainOptions, type TrainOptions } from '../../src/options.ts';
import { ngramStrings } from '../../src/subwords/ngrams.ts';
import { buildHuffmanTree } from '../../src/vocab/huffman.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { readVectorSource } from '../../src/vectors/read-source.ts';
import { composeVocabulary } from '../../src/vectors/subwords.ts';
import { cli } from '../helpers/cli.ts';
import { fastText, printWordVectors, skipWithoutFastText } from '../helpers/fasttext.ts';
import { runPythonJson, skipWithoutGensim } from '../helpers/gensim.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
const HLM = fileURLToPath(new URL('../../corpora/hongloumeng.txt', import.meta.url));
const TOLERANCE = 1e-4;

/** Words outside any test vocabulary, one per script: their vectors come from n-grams alone. */
const UNSEEN = ['zzqxunseen', 'hurricanes', 'naïveté', 'привет', '宝玉笑道', '林妹妹', '👍🏽x', 'a😀b'];

const NO_FASTTEXT = skipWithoutFastText();
const NO_GENSIM = skipWithoutGensim();

function expectClose(ours: ArrayLike<number>, theirs: readonly number[], label: string): void {
  expect(ours.length, label).toBe(theirs.length);
  let worst = 0;
  for (let j = 0; j < theirs.length; j++) worst = Math.max(worst, Math.abs(ours[j]! - theirs[j]!));
  expect(worst, `${label}: largest difference`).toBeLessThan(TOLERANCE);
}

/** Our vector of `word` from a loaded model: its row, or its composition from n-grams. */
function ours(kv: KeyedVectors, word: string): Float32Array {
  const found = kv.vectorOf(word);
  if (found === undefined) throw new Error(`no vector for ${word}`);
  return found.vector;
}

/** A small corpus: English news, and 红楼梦 with its characters spaced out so single Han characters are words. */
async function tinyCorpus(dir: string): Promise<string> {
  const english = (await readFile(LEE, 'utf8')).slice(0, 60_000);
  const han = (await readFile(HLM, 'utf8')).split(/\r?\n/).slice(0, 120).map((l) => [...l.trim()].join(' '));
  const path = join(dir, 'corpus.txt');
  await writeFile(path, `${english}\n${han.join('\n')}\n`);
  return path;
}

describe.skipIf(NO_FASTTEXT)(`a .bin the fasttext CLI trained${NO_FASTTEXT ? ' (skipped: the fasttext binary is not installed)' : ''}`, () => {
  let dir: string;
  let model: string;
  let words: string[];
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'w2v-ft-peer-'));
    const corpus = await tinyCorpus(dir);
    fastText(['skipgram', '-input', corpus, '-output', join(dir, 'm'), '-minn', '3', '-maxn', '6', '-dim', '20', '-epoch', '1', '-minCount', '2', '-bucket', '10000', '-thread', '1', '-verbose', '0']);
    model = join(dir, 'm.bin');
    // fastText's own account of its dictionary: "<size>" then "word count type" lines
    words = fastText(['dump', model, 'dict']).split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(' ')[0]!);
  });

  it('loads with fastText’s dictionary (</s> included), counts and settings', async () => {
    const source = await readVectorSource(model);
    expect(source.format).toBe('fasttext');
    expect(source.words).toEqual(words);
    expect(source.words).toContain('</s>');
    const dumped = fastText(['dump', model, 'dict']).split('\n').slice(1).filter((l) => l !== '');
    expect(dumped.map((l) => Number(l.split(' ')[1]))).toEqual([...source.counts!]);
    expect(source.subwords?.settings).toEqual({ minn: 3, maxn: 6, bucket: 10000 });
    const args = Object.fromEntries(fastText(['dump', model, 'args']).trim().split('\n').map((l) => l.split(' ')));
    const read = await readFastTextBin(model);
    expect({ dim: read.args.dim, ws: read.args.ws, minCount: read.args.minCount, neg: read.args.neg, bucket: read.args.bucket, t: read.args.t }).toEqual({
      dim: Number(args.dim),
      ws: Number(args.ws),
      minCount: Number(args.minCount),
      neg: Number(args.neg),
      bucket: Number(args.bucket),
      t: Number(args.t),
    });
  });

  it('gives print-word-vectors’ vectors for dictionary words and for unseen words of every script', async () => {
    const kv = await KeyedVectors.load(model);
    const query = [...words.slice(0, 40), ...words.filter((w) => /\p{Script=Han}/u.test(w)).slice(0, 10), ...UNSEEN];
    expect(query.filter((w) => /\p{Script=Han}/u.test(w)).length).toBeGreaterThan(10);
    const theirs = printWordVectors(model, query);
    for (const [i, w] of query.entries()) expectClose(ours(kv, w), theirs[i]!, w);
    for (const w of UNSEEN) expect(kv.vectorOf(w)!.ngrams, w).toBeGreaterThan(0);
  });

  it('composes unseen words from the n-grams print-ngrams lists, each row equal to fastText’s', async () => {
    const kv = await KeyedVectors.load(model);
    const table = kv.subwords!;
    for (const word of ['zzqxunseen', '宝玉笑道', '👍🏽x']) {
      const lines = fastText(['print-ngrams', model, word]).split('\n').filter((l) => l !== '');
      const grams = lines.map((l) => l.slice(0, l.indexOf(' ')));
      expect(grams, word).toEqual(ngramStrings(word, 3, 6));
      // print-ngrams prints each n-gram's own row: their mean is the word's vector
      const rows = lines.map((l) => l.trimEnd().split(' ').slice(1).map(Number));
      const composed = new Float64Array(20);
      for (const row of rows) for (let j = 0; j < 20; j++) composed[j] += row[j]! / rows.length;
      expectClose(table.compose(word).vector, [...composed], `${word} from print-ngrams rows`);
    }
  });

  it('a model without n-grams (-maxn 0) loads as plain word vectors', async () => {
    const corpus = join(dir, 'corpus.txt');
    fastText(['skipgram', '-input', corpus, '-output', join(dir, 'plain'), '-maxn', '0', '-dim', '10', '-epoch', '1', '-minCount', '2', '-bucket', '1000', '-thread', '1', '-verbose', '0']);
    const kv = await KeyedVectors.load(join(dir, 'plain.bin'));
    expect(kv.subwords).toBeUndefined();
    const query = kv.words.slice(0, 30);
    const theirs = printWordVectors(join(dir, 'plain.bin'), query);
    for (const [i, w] of query.entries()) expectClose(ours(kv, w), theirs[i]!, w);
    expect(kv.vectorOf('zzqxunseen')).toBeUndefined();
  });

  it('refuses a real supervised model and a real quantised one (.ftz), naming the file', async () => {
    const labelled = join(dir, 'labelled.txt');
    const lines = (await readFile(LEE, 'utf8')).split('\n').slice(0, 60);
    await writeFile(labelled, lines.map((l, i) => `__label__${i % 2 === 0 ? 'even' : 'odd'} ${l}`).join('\n'));
    fastText(['supervised', '-input', labelled, '-output', join(dir, 'sup'), '-dim', '8', '-epoch', '1', '-thread', '1', '-verbose', '0']);
    fastText(['quantize', '-input', labelled, '-output', join(dir, 'sup'), '-verbose', '0']);
    const sup = join(dir, 'sup.bin');
    await expect(KeyedVectors.load(sup)).rejects.toThrow(BadFileError);
    await expect(KeyedVectors.load(sup)).rejects.toThrow(new RegExp(`^${sup}, byte 36: is a supervised fastText model`));
    const ftz = join(dir, 'sup.ftz');
    // fastText quantises classifiers only: the .ftz is named as both
    await expect(KeyedVectors.load(ftz)).rejects.toThrow(new RegExp(`^${ftz}, byte 36: is a quantised \\(\\.ftz\\) supervised fastText model`));
    const run = await cli(['similar', sup, 'the']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: ${sup}, byte 36: is a supervised fastText model .*load a skipgram or cbow model`));
  });

  it('refuses a truncated copy, naming the file, the byte and the fix', async () => {
    const bytes = await readFile(model);
    for (const length of [100, 5_000, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const cut = join(dir, `cut-${length}.bin`);
      await writeFile(cut, bytes.subarray(0, length));
      const run = await cli(['similar', cut, 'the']);
      expect(run.code, `cut at ${length}`).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^error: ${cut}, byte \\d+: the file ends inside .* it is truncated; copy or download it again`));
    }
  });
});

const SUBWORD_WORDS = ['the', 'of', 'cat', 'cats', 'catalogue', 'dog', 'naïve', 'café', 'Straße', 'привет', 'мир', '猫', '宝玉', '黛玉', '林黛玉', '👍', 'state-of-the-art', 'a', 'I', 'x'];

/** A subword model folder made by hand: random rows, and the composed vectors a trained folder would hold. */
async function handMadeFolder(dir: string, name: string, overrides: Partial<TrainOptions>): Promise<{ folder: string; options: Readonly<TrainOptions> }> {
  const options = resolveTrainOptions({ dim: 12, workers: 1, minCount: 1, ...overrides });
  const { dim } = options;
  const n = SUBWORD_WORDS.length;
  let seed = 12345 + name.length;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const table = (rows: number): Float32Array => Float32Array.from({ length: rows * dim }, random);
  const inputWords = table(n);
  const ngrams = options.subwords ? table(options.bucket) : undefined;
  const outputRows = options.loss === 'hs' ? n - 1 : n;
  const vectors = ngrams === undefined ? inputWords : composeVocabulary(SUBWORD_WORDS, inputWords, ngrams, options, dim);
  // counts fall, with a tie, as a vocabulary sorted by count does
  const counts = Float64Array.from(SUBWORD_WORDS, (_, i) => 1000 - 40 * i + (i === 5 ? 40 : 0));
  const meta: ModelMeta = {
    format: 'tfjs-word2vec-model',
    formatVersion: 1,
    vocabSize: n,
    dim,
    options,
    tokenizer: resolveTokenizerOptions(),
    backend: 'cpu',
    corpus: { description: 'made by hand', bytes: undefined, fingerprint: 'none', tokens: 54321, vocabTokens: 50000 },
    lossPerEpoch: [],
    timings: { epochSeconds: [], vocabSeconds: 0, totalSeconds: 0 },
    wordsPerSecond: 0,
    createdAt: new Date(0).toISOString(),
  };
  const folder = join(dir, name);
  await writeModelFolder(folder, { meta, words: SUBWORD_WORDS, counts, vectors, output: table(outputRows), ...(ngrams === undefined ? {} : { ngrams, inputWords }) });
  return { folder, options };
}

const GENSIM_VECTORS = `
import json, sys, logging
logging.disable(logging.CRITICAL)
from gensim.models.fasttext import load_facebook_model
m = load_facebook_model(sys.argv[1])
words = json.loads(sys.argv[2])
print(json.dumps({'keys': list(m.wv.index_to_key), 'counts': [int(m.wv.get_vecattr(w, 'count')) for w in m.wv.index_to_key],
  'vectors': [m.wv[w].tolist() for w in words], 'sg': int(m.sg), 'hs': int(m.hs), 'window': int(m.window),
  'min_n': int(m.wv.min_n), 'max_n': int(m.wv.max_n), 'bucket': int(m.wv.bucket), 'total_words': int(m.corpus_total_words)}))
`;

const GENSIM_HS = `
import json, sys, logging
logging.disable(logging.CRITICAL)
from gensim.models.fasttext import load_facebook_model
m = load_facebook_model(sys.argv[1])
keys = m.wv.index_to_key
print(json.dumps({'hs': int(m.hs), 'negative': int(m.negative), 'syn1': m.syn1.tolist(),
  'codes': [[int(c) for c in m.wv.get_vecattr(w, 'code')] for w in keys],
  'points': [[int(p) for p in m.wv.get_vecattr(w, 'point')] for w in keys]}))
`;

describe.skipIf(NO_FASTTEXT)(`a .bin we write${NO_FASTTEXT ? ' (skipped: the fasttext binary is not installed)' : ''}`, () => {
  let dir: string;
  let folder: string;
  let bin: string;
  const query = [...SUBWORD_WORDS, ...UNSEEN];
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'w2v-ft-ours-'));
    ({ folder } = await handMadeFolder(dir, 'subwords', { subwords: true, minn: 2, maxn: 4, bucket: 300, model: 'sg', window: 4, sample: 1e-4, epochs: 3 }));
    bin = join(dir, 'ours.bin');
    const run = await cli(['export', folder, '--format', 'fasttext-bin', '-o', bin]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`wrote a fastText .bin of ${SUBWORD_WORDS.length} words x 12, n-grams 2..4 in 300 buckets to ${bin}\n`);
  });

  it('loads in fastText: print-word-vectors gives our vectors, in the vocabulary and out of it', async () => {
    const kv = await KeyedVectors.load(folder);
    const theirs = printWordVectors(bin, query);
    for (const [i, w] of query.entries()) expectClose(ours(kv, w), theirs[i]!, w);
    const args = Object.fromEntries(fastText(['dump', bin, 'args']).trim().split('\n').map((l) => l.split(' ')));
    expect(args).toMatchObject({ dim: '12', ws: '4', epoch: '3', minCount: '1', neg: '5', wordNgrams: '1', loss: 'ns', model: 'sg', bucket: '300', minn: '2', maxn: '4', lrUpdateRate: '100', t: '0.0001' });
  });

  it.skipIf(NO_GENSIM)('loads in gensim’s load_facebook_model with our words, counts and vectors', async () => {
    const kv = await KeyedVectors.load(folder);
    const g = runPythonJson<{ keys: string[]; counts: number[]; vectors: number[][]; sg: number; hs: number; window: number; min_n: number; max_n: number; bucket: number; total_words: number }>(GENSIM_VECTORS, [bin, JSON.stringify(query)]);
    expect(g.keys).toEqual(SUBWORD_WORDS);
    expect(g.counts).toEqual([...kv.counts!]);
    expect({ sg: g.sg, hs: g.hs, window: g.window, min_n: g.min_n, max_n: g.max_n, bucket: g.bucket, total_words: g.total_words }).toEqual({ sg: 1, hs: 0, window: 4, min_n: 2, max_n: 4, bucket: 300, total_words: 54321 });
    for (const [i, w] of query.entries()) expectClose(ours(kv, w), g.vectors[i]!, `gensim ${w}`);
  });

  it('reads back here with the folder’s rows, and writing what was read gives the same bytes', async () => {
    const read = await readFastTextBin(bin, { output: true });
    const folderBytes = async (file: string): Promise<Float32Array> => {
      const b = await readFile(join(folder, file));
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    expect(read.input).toEqual(Float32Array.from([...(await folderBytes('input.f32')), ...(await folderBytes('ngrams.f32'))]));
    expect(read.output).toEqual(await folderBytes('output.f32'));
    const again = join(dir, 'again.bin');
    await writeFastTextBin(again, { ...read, input: [read.input], output: read.output! });
    expect((await readFile(again)).equals(await readFile(bin))).toBe(true);
    const fromBin = await KeyedVectors.load(bin);
    const fromFolder = await KeyedVectors.load(folder);
    for (const w of query) expectClose(ours(fromBin, w), [...ours(fromFolder, w)], `reloaded ${w}`);
  });

  it('a plain (no subword) model folder exports with maxn 0 and bucket 0, and fastText reads it', async () => {
    const plain = await handMadeFolder(dir, 'plain', { model: 'cbow' });
    const out = join(dir, 'plain.bin');
    const run = await cli(['export', plain.folder, '--format', 'fasttext-bin', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/, no subwords to /);
    const kv = await KeyedVectors.load(plain.folder);
    const theirs = printWordVectors(out, [...SUBWORD_WORDS, 'zzqxunseen']);
    for (const [i, w] of SUBWORD_WORDS.entries()) expectClose(ours(kv, w), theirs[i]!, w);
    // fastText gives an unseen word of a model without n-grams the zero vector; here it has none
    expect(theirs.at(-1)!.every((v) => v === 0)).toBe(true);
    expect((await KeyedVectors.load(out)).vectorOf('zzqxunseen')).toBeUndefined();
    expect(fastText(['dump', out, 'args'])).toMatch(/model cbow\n.*bucket 0\nminn 0\nmaxn 0\n/s);
    if (!NO_GENSIM) {
      const g = runPythonJson<{ keys: string[]; vectors: number[][] }>(GENSIM_VECTORS, [out, JSON.stringify(SUBWORD_WORDS)]);
      expect(g.keys).toEqual(SUBWORD_WORDS);
      for (const [i, w] of SUBWORD_WORDS.entries()) expectClose(ours(kv, w), g.vectors[i]!, `gensim ${w}`);
    }
  });

  it('an hs model: the output matrix gets fastText’s row per word, neg 0, and gensim takes it as its syn1 over our tree', async () => {
    const hs = await handMadeFolder(dir, 'hs', { subwords: true, minn: 3, maxn: 5, bucket: 200, loss: 'hs' });
    const out = join(dir, 'hs.bin');
    const run = await cli(['export', hs.folder, '--format', 'fasttext-bin', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: hierarchical softmax: fastText builds its own Huffman tree/);
    const read = await readFastTextBin(out, { output: true });
    expect(read.outputRows).toBe(SUBWORD_WORDS.length);
    expect(read.args.neg).toBe(0);
    expect(read.output!.subarray((SUBWORD_WORDS.length - 1) * 12).every((v) => v === 0)).toBe(true);
    const kv = await KeyedVectors.load(hs.folder);
    const theirs = printWordVectors(out, query);
    for (const [i, w] of query.entries()) expectClose(ours(kv, w), theirs[i]!, w);
    if (NO_GENSIM) return;
    const g = runPythonJson<{ hs: number; negative: number; syn1: number[][]; codes: number[][]; points: number[][] }>(GENSIM_HS, [out]);
    expect({ hs: g.hs, negative: g.negative }).toEqual({ hs: 1, negative: 0 });
    for (let r = 0; r < SUBWORD_WORDS.length; r++) expectClose(read.output!.subarray(r * 12, (r + 1) * 12), g.syn1[r]!, `syn1 row ${r}`);
    // gensim's tree over the file's counts is ours, so the rows mean the same inner nodes to it
    const tree = buildHuffmanTree(kv.counts!);
    SUBWORD_WORDS.forEach((_, w) => {
      const from = tree.codeOffsets[w]!;
      const to = tree.codeOffsets[w + 1]!;
      expect({ w, codes: [...tree.codes.subarray(from, to)], points: [...tree.points.subarray(from, to)] }).toEqual({ w, codes: g.codes[w], points: g.points[w] });
    });
  });

  it('refuses what it cannot write: a vector file, --limit, stdout', async () => {
    const vec = join(dir, 'plain.vec');
    expect((await cli(['export', folder, '-o', vec])).code).toBe(0);
    const fromVec = await cli(['export', vec, '--format', 'fasttext-bin', '-o', join(dir, 'x.bin')]);
    expect(fromVec.code).not.toBe(0);
    expect(fromVec.stderr).toMatch(/--format fasttext-bin writes a model folder .* is not one: export it with --format text/);
    const limited = await cli(['export', folder, '--format', 'fasttext-bin', '--limit', '3', '-o', join(dir, 'x.bin')]);
    expect(limited.stderr).toMatch(/--limit does not apply to --format fasttext-bin/);
    const stdout = await cli(['export', folder, '--format', 'fasttext-bin', '-o', '-']);
    expect(stdout.stderr).toMatch(/-o - writes text; fasttext-bin output needs a file name/);
  });
});
