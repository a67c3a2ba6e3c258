// The explorer's API on a subword model: neighbours, analogies, similarity, odd one out and sentence search
// take words outside the vocabulary (composed from n-grams, said in `composed`); a plain model 404s as before.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerApi } from '../../../src/serve/api.ts';
import { Explorer } from '../../../src/serve/explorer.ts';
import { ngramBuckets } from '../../../src/subwords/ngrams.ts';
import { loadKeyedVectors } from '../../../src/vectors/load.ts';
import { tmpDir } from '../../helpers/cli.ts';
import { handBuiltSubwords, referenceCosine, referenceRanking, referenceUnit, referenceVector, writeSubwordFolder } from '../../helpers/subword-model.ts';

const SETTINGS = { minn: 3, maxn: 6, bucket: 500 };
const model = handBuiltSubwords(SETTINGS);
const v = (w: string): Float64Array => referenceVector(model, w);

async function explorer(subwords: boolean): Promise<Explorer> {
  const path = join(await tmpDir(), 'model');
  await writeSubwordFolder(path, model, { subwords });
  return new Explorer({ ...(await loadKeyedVectors(path)), path }, { docs: { path: join(path, 'docs.txt'), lines: ['apple apply', 'bandana band', 'cherry charity'] } });
}

const ask = async (e: Explorer, name: string, params: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> =>
  (await answerApi(e, name, new URLSearchParams(params))) as { status: number; json: Record<string, unknown> };

describe('explorer API with subwords', () => {
  it('neighbours (cosine and Euclidean) of a composed word, held to the float64 reference', async () => {
    const e = await explorer(true);
    const cos = await ask(e, 'neighbors', { q: 'applies', k: '4' });
    expect(cos.status).toBe(200);
    expect(cos.json.composed).toEqual([{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }]);
    const reference = referenceRanking(model, (r) => referenceCosine(v('applies'), v(model.words[r]!)));
    const results = cos.json.results as { word: string; similarity: number }[];
    expect(results.map((r) => r.word)).toEqual(reference.slice(0, 4).map((r) => r.word));
    for (const [i, r] of results.entries()) expect(r.similarity).toBeCloseTo(reference[i]!.similarity, 5);

    const euclid = await ask(e, 'neighbors', { q: 'applies - the', k: '3', metric: 'euclidean' });
    expect(euclid.status).toBe(200);
    const q = v('applies').map((x, j) => x - v('the')[j]!);
    const distance = (w: string): number => Math.sqrt(v(w).reduce((s, x, j) => s + (x - q[j]!) ** 2, 0));
    const byDistance = model.words.filter((w) => w !== 'the').sort((a, b) => distance(a) - distance(b));
    expect((euclid.json.results as { word: string }[]).map((r) => r.word)).toEqual(byDistance.slice(0, 3));
  });

  it('analogy, similarity, odd one out and sentences say which words were composed', async () => {
    const e = await explorer(true);
    const analogy = await ask(e, 'analogy', { a: 'apple', b: 'applies', c: 'band', k: '2' });
    expect(analogy.status).toBe(200);
    expect((analogy.json.composed as { word: string }[]).map((c) => c.word)).toEqual(['applies']);
    const offset = referenceUnit(v('applies')).map((x, j) => x - referenceUnit(v('apple'))[j]! + referenceUnit(v('band'))[j]!);
    const expected = referenceRanking(model, (r) => referenceCosine(offset, v(model.words[r]!)), ['apple', 'band']);
    expect((analogy.json.results as { word: string }[]).map((r) => r.word)).toEqual(expected.slice(0, 2).map((r) => r.word));

    const similarity = await ask(e, 'similarity', { a: 'applies', b: 'bandanas' });
    expect(similarity.json.cosine).toBeCloseTo(referenceCosine(v('applies'), v('bandanas')), 6);
    const odd = await ask(e, 'odd', { words: 'applies apple apply cherry' });
    expect(odd.status).toBe(200);
    expect(odd.json.composed).toEqual([{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }]);
    const sentences = await ask(e, 'sentences', { q: 'applies', k: '1' });
    expect(sentences.status).toBe(200);
    expect(sentences.json.composed).toEqual([{ word: 'applies', ngrams: ngramBuckets('applies', SETTINGS).length }]);
    // the map centres on a vocabulary row: a composed word is refused there
    expect((await ask(e, 'map', { around: 'applies', n: '5' })).status).toBe(404);
  });

  it('without subwords the same words are a 404 naming them, and answers carry no composed field', async () => {
    const e = await explorer(false);
    const missing = await ask(e, 'neighbors', { q: 'applies bandanas' });
    expect(missing.status).toBe(404);
    expect(missing.json.words).toEqual(['applies', 'bandanas']);
    const known = await ask(e, 'neighbors', { q: 'apple', k: '2' });
    expect(known.status).toBe(200);
    expect(known.json).not.toHaveProperty('composed');
  });
});
