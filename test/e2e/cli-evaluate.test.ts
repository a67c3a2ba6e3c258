import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeVectors } from '../../src/io/formats/index.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { SHARED } from '../../scripts/shared-dir.ts';

const LEE = `${SHARED}/data/interop/lee_fasttext.vec`;
const EVAL = `${SHARED}/data/eval`;

describe('w2v evaluate', () => {
  it('--json reports analogies and pairs with the documented keys', async () => {
    const run = await cli(['evaluate', LEE, '--analogies', join(EVAL, 'en/questions-words.txt'), '--pairs', join(EVAL, 'en/wordsim353.tsv'), '--pairs', join(EVAL, 'en/simlex999.txt'), '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.analogies).toHaveLength(1);
    expect(Object.keys(doc.analogies[0])).toEqual(expect.arrayContaining(['file', 'correct', 'total', 'accuracy', 'oov', 'sections']));
    expect(doc.analogies[0].sections).toHaveLength(14);
    expect(doc.analogies[0].accuracy).toBeGreaterThanOrEqual(0);
    expect(doc.analogies[0].accuracy).toBeLessThanOrEqual(1);
    expect(doc.pairs.map((p: { file: string }) => p.file)).toEqual([join(EVAL, 'en/wordsim353.tsv'), join(EVAL, 'en/simlex999.txt')]);
    for (const p of doc.pairs) expect(Object.keys(p)).toEqual(expect.arrayContaining(['file', 'pearson', 'spearman', 'oovRatio']));
  });

  it('handles CRLF analogy files and space-separated COS960-style pairs, case-insensitively', async () => {
    const dir = await tmpDir();
    const model = join(dir, 'v.txt');
    // king - man + woman = queen exactly; everything else orthogonal-ish
    const words = ['man', 'woman', 'king', 'queen', '苹果', '香蕉', '汽车'];
    const v = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0.1, 0.9, 0.9, 0, 0, 0.1];
    await writeVectors(model, words, Float32Array.from(v), 4, 'text');
    const analogies = join(dir, 'a.txt');
    await writeFile(analogies, ': family\r\nMan Woman King Queen\r\nman king woman missing\r\n');
    const pairs = join(dir, 'p.txt');
    await writeFile(pairs, '苹果 香蕉 3.5 4 3 \n苹果 汽车 0.8 1 0 \n香蕉 汽车 0.5 1 0 \n苹果 飞机 1.0 1 1 \n');
    const run = await cli(['evaluate', model, '--analogies', analogies, '--pairs', pairs, '--json']);
    const doc = JSON.parse(run.stdout);
    expect(doc.analogies[0]).toMatchObject({ correct: 1, total: 1, accuracy: 1, oov: 1, sections: [{ name: 'family', correct: 1, total: 1 }] });
    expect(doc.pairs[0].spearman).toBeCloseTo(1, 6);
    expect(doc.pairs[0].oovRatio).toBeCloseTo(0.25, 6);
    const strict = JSON.parse((await cli(['evaluate', model, '--analogies', analogies, '--case-sensitive', '--json'])).stdout);
    expect(strict.analogies[0]).toMatchObject({ total: 0, oov: 2 });
  });

  it('asks for at least one evaluation file', async () => {
    const run = await cli(['evaluate', LEE]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/give --analogies FILE and\/or --pairs FILE/);
  });
});
