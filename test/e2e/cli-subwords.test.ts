// Query commands on a subword model folder built by hand (word rows, n-gram table, composed vocabulary vectors):
// words outside the vocabulary get the mean of their n-gram rows, rank their neighbours as a float64 reference
// does, and the output says they were composed; the same folder without subwords refuses them as before.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { ngramBuckets } from '../../src/subwords/ngrams.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { type HandBuiltSubwords, handBuiltSubwords, referenceCosine, referenceRanking, referenceUnit, referenceVector, writeSubwordFolder } from '../helpers/subword-model.ts';

const SETTINGS = { minn: 3, maxn: 6, bucket: 1000 };
const DIM = 8;
const model = handBuiltSubwords(SETTINGS, DIM);
const { words } = model;
/** A new model folder of `built` (see writeSubwordFolder). */
async function folder(built: HandBuiltSubwords, options: { subwords?: boolean; tokenized?: boolean } = {}): Promise<string> {
  const path = join(await tmpDir(), 'model');
  await writeSubwordFolder(path, built, options);
  return path;
}

const v = (w: string): Float64Array => referenceVector(model, w);
const rowVector = (r: number): Float64Array => v(words[r]!);

function expectRanking(ours: { word: string; similarity: number }[], reference: { word: string; similarity: number }[]): void {
  expect(ours.map((n) => n.word)).toEqual(reference.slice(0, ours.length).map((n) => n.word));
  for (const [i, n] of ours.entries()) expect(n.similarity).toBeCloseTo(reference[i]!.similarity, 5);
}

describe('query commands on a subword model', () => {
  it('similar: a word outside the vocabulary ranks its neighbours as the float64 reference, and says it was composed', async () => {
    const path = await folder(model);
    const ngrams = ngramBuckets('applies', SETTINGS).length;
    const reference = referenceRanking(model, (r) => referenceCosine(v('applies'), rowVector(r)));
    const json = await cli(['similar', path, 'applies', '-k', '5', '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ positive: ['applies'], negative: [], composed: [{ word: 'applies', ngrams }] });
    expectRanking(doc.results, reference);
    expect(doc.results).toHaveLength(5);

    const text = await cli(['similar', path, 'applies', '-k', '3']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(`applies: not in the vocabulary, composed from ${ngrams} character n-grams\n`);
    expect(text.stdout.split('\n').slice(0, 3).map((l) => l.split(/\s+/)[0])).toEqual(reference.slice(0, 3).map((n) => n.word));
  });

  it('similar with a vocabulary word, a composed word and a negative one; vocabulary words only: no composed note', async () => {
    const path = await folder(model);
    const mean = new Float64Array(DIM);
    for (const [k, w] of ['cherry', 'bandanas', 'the'].entries()) {
      const u = referenceUnit(v(w));
      for (let j = 0; j < DIM; j++) mean[j] += (k < 2 ? 1 : -1) * u[j]!;
    }
    const run = await cli(['similar', path, 'cherry', 'bandanas', '--negative', 'the', '-k', '4', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.composed).toEqual([{ word: 'bandanas', ngrams: ngramBuckets('bandanas', SETTINGS).length }]);
    expectRanking(doc.results, referenceRanking(model, (r) => referenceCosine(mean, rowVector(r)), ['cherry', 'the']));

    const known = await cli(['similar', path, 'apple', '-k', '2', '--json']);
    expect(JSON.parse(known.stdout).composed).toEqual([]);
    expect(known.stderr).toBe('');
  });

  it('analogy and similarity take composed words', async () => {
    const path = await folder(model);
    const [a, b, c] = ['apple', 'applies', 'band'];
    const offset = referenceUnit(v(b)).map((x, j) => x - referenceUnit(v(a))[j]! + referenceUnit(v(c))[j]!);
    const analogy = await cli(['analogy', path, a, b, c, '-k', '3', '--json']);
    expect(analogy.code).toBe(0);
    const doc = JSON.parse(analogy.stdout);
    expect(doc.composed).toEqual([{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }]);
    expectRanking(doc.results, referenceRanking(model, (r) => referenceCosine(offset, rowVector(r)), [a, c]));

    const similarity = await cli(['similarity', path, 'applies', 'bandanas', '--json']);
    expect(similarity.code).toBe(0);
    const sim = JSON.parse(similarity.stdout);
    expect(sim.similarity).toBeCloseTo(referenceCosine(v('applies'), v('bandanas')), 6);
    expect(sim.composed.map((x: { word: string }) => x.word)).toEqual(['applies', 'bandanas']);
    const plain = await cli(['similarity', path, 'applies', 'apple']);
    expect(Number(plain.stdout)).toBeCloseTo(referenceCosine(v('applies'), v('apple')), 4);
    expect(plain.stderr).toContain('applies: not in the vocabulary, composed from');
  });

  it('piped similar queries compose words outside the vocabulary', async () => {
    const path = await folder(model);
    const run = await cli(['similar', path, '-k', '1', '--json'], { stdin: 'applies\napple\n' });
    expect(run.code).toBe(0);
    const [first, second] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ words: ['applies'], unknown: [], composed: [{ word: 'applies' }] });
    expect(first.results[0].word).toBe(referenceRanking(model, (r) => referenceCosine(v('applies'), rowVector(r)))[0]!.word);
    expect(second.composed).toEqual([]);
  });

  it('a word with no n-gram of minn-maxn characters: zeros, and said so', async () => {
    const built = handBuiltSubwords({ minn: 4, maxn: 6, bucket: 200 }, DIM);
    const path = await folder(built);
    // <xy> is 4 code points and has the one n-gram <xy>; <x> has none of 4..6
    const run = await cli(['similarity', path, 'x', 'apple', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ similarity: 0, composed: [{ word: 'x', ngrams: 0 }] });
    expect(run.stderr).toBe('x: not in the vocabulary and has no n-gram of 4-6 characters: its vector is zeros\n');
  });

  it('Chinese: a word outside the vocabulary is composed from its character n-grams', async () => {
    const path = await folder(model, { tokenized: true });
    const reference = referenceRanking(model, (r) => referenceCosine(v('北京人'), rowVector(r)));
    const run = await cli(['similar', path, '北京人', '-k', '3', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.composed).toEqual([{ word: '北京人', ngrams: ngramBuckets('北京人', SETTINGS).length }]);
    expectRanking(doc.results, reference);
  });

  it('encode, compare, search and cluster use composed vectors and report them', async () => {
    const path = await folder(model);
    const encoded = await cli(['encode', path, 'apple applies', '--json']);
    expect(encoded.code).toBe(0);
    const result = JSON.parse(encoded.stdout).results[0];
    expect(result).toMatchObject({ knownCount: 2, unknown: [], composed: [{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }], composedCount: 1 });
    const mean = v('apple').map((x, j) => (x + v('applies')[j]!) / 2);
    for (let j = 0; j < DIM; j++) expect(result.vector[j]).toBeCloseTo(mean[j]!, 6);
    expect(encoded.stderr).toMatch(/^text 1: not in the vocabulary, composed from character n-grams: applies \(\d+\)\n$/);

    const compare = await cli(['compare', path, 'applies', 'bandanas', '--json']);
    expect(compare.code).toBe(0);
    expect(JSON.parse(compare.stdout).cosine).toBeCloseTo(referenceCosine(v('applies'), v('bandanas')), 6);

    const docs = join(await tmpDir(), 'docs.txt');
    const lines = ['apple apply', 'bandana band', 'cherry charity', 'applied bandanas'];
    await writeFile(docs, `${lines.join('\n')}\n`);
    const lineVector = (line: string): Float64Array => {
      const tokens = line.split(' ');
      return tokens.map(v).reduce((m, x) => m.map((y, j) => y + x[j]! / tokens.length), new Float64Array(DIM));
    };
    const order = lines.map((l, i) => ({ i, s: referenceCosine(v('applies'), lineVector(l)) })).sort((a, b) => b.s - a.s || a.i - b.i);
    const search = await cli(['search', path, '--docs', docs, '--query', 'applies', '-k', '4', '--json']);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout);
    expect(hits.composed).toEqual([{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }]);
    expect(hits.results.map((h: { line: number }) => h.line)).toEqual(order.map((o) => o.i + 1));
    for (const [k, h] of hits.results.entries()) expect(h.score).toBeCloseTo(order[k]!.s, 5);

    // lines made only of words outside the vocabulary are clustered, not left out
    const oov = join(await tmpDir(), 'oov.txt');
    await writeFile(oov, 'applies\nbandanas\napplier\n');
    const cluster = await cli(['cluster', path, '--docs', oov, '-k', '2', '--json']);
    expect(cluster.code).toBe(0);
    expect(JSON.parse(cluster.stdout).lines.map((l: { cluster: number | null }) => l.cluster)).not.toContain(null);
  });

  it('without subwords the same words are refused or skipped exactly as before', async () => {
    const path = await folder(model, { subwords: false });
    const similar = await cli(['similar', path, 'applies', 'bandanas']);
    expect(similar.code).toBe(1);
    expect(similar.stderr).toBe('error: not in the vocabulary: "applies", "bandanas"\n');
    const json = await cli(['similar', path, 'apple', '-k', '1', '--json']);
    expect(JSON.parse(json.stdout)).not.toHaveProperty('composed');
    const encoded = await cli(['encode', path, 'apple applies', '--json']);
    const result = JSON.parse(encoded.stdout).results[0];
    expect(result).toMatchObject({ knownCount: 1, unknown: ['applies'] });
    expect(result).not.toHaveProperty('composed');
    expect(encoded.stderr).toBe('text 1: skipped unknown applies\n');
  });

  it('a model trained with --subwords: similar on a word outside the vocabulary ranks as the reference from its folder', async () => {
    const dir = await tmpDir();
    const corpus = join(dir, 'corpus.txt');
    const lines = ['the governor governs the government', 'a government of governors', 'the farmer farms the farm', 'farmers and their farms'];
    await writeFile(corpus, `${Array.from({ length: 30 }, () => lines.join('\n')).join('\n')}\n`);
    const path = join(dir, 'model');
    const train = await cli(['train', corpus, '-o', path, '--subwords', '--bucket', '2000', '--dim', '8', '--epochs', '1', '--min-count', '1', '--workers', '1', '--seed', '3', '-q']);
    expect(train.code).toBe(0);
    const folderParts = await readModelFolder(path, true, 'continue');
    const settings = { minn: 3, maxn: 6, bucket: 2000 };
    const trained: HandBuiltSubwords = { words: [...folderParts.words], dim: 8, settings, inputWords: folderParts.inputWords!, ngrams: folderParts.ngrams!, vectors: folderParts.vectors };
    expect(trained.words).not.toContain('governing');
    const q = referenceVector(trained, 'governing');
    const reference = referenceRanking(trained, (r) => referenceCosine(q, referenceVector(trained, trained.words[r]!)));
    const run = await cli(['similar', path, 'governing', '-k', '4', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.composed).toEqual([{ word: 'governing', ngrams: ngramBuckets('governing', settings).length }]);
    expectRanking(doc.results, reference);
  });
});
