import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeModelFolder } from '../../../src/io/model-folder.ts';
import { writeVectors } from '../../../src/io/formats/index.ts';
import { handMadeMeta } from '../../helpers/model-meta.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { loadKeyedVectors } from '../../../src/vectors/load.ts';
import { tmpDir } from '../../helpers/cli.ts';

const words = ['a', 'b', 'c'];
const vectors = Float32Array.from([1, 0, 0, 1, 0.5, 0.5]);

async function modelFolder(): Promise<string> {
  const path = join(await tmpDir(), 'm');
  const meta = handMadeMeta(3, 2, { tokens: 6 });
  await writeModelFolder(path, { meta, words, counts: Float64Array.from([3, 2, 1]), vectors });
  return path;
}

describe('KeyedVectors.load and loadKeyedVectors', () => {
  it('read a model folder with its counts and meta, and honour limit', async () => {
    const path = await modelFolder();
    const full = await loadKeyedVectors(path);
    expect(full.format).toBe('model');
    expect(full.meta?.dim).toBe(2);
    expect(Array.from(full.kv.counts!)).toEqual([3, 2, 1]);
    const two = await KeyedVectors.load(path, { limit: 2 });
    expect(two.words).toEqual(['a', 'b']);
    expect(Array.from(two.vectors)).toEqual([1, 0, 0, 1]);
    expect(Array.from(two.counts!)).toEqual([3, 2]);
  });

  it('read a word2vec file the same way, without meta or counts', async () => {
    const path = join(await tmpDir(), 'v.bin');
    await writeVectors(path, words, vectors, 2, 'binary');
    const loaded = await loadKeyedVectors(path);
    expect(loaded.format).toBe('binary');
    expect(loaded.meta).toBeUndefined();
    expect(loaded.kv.counts).toBeUndefined();
    expect((await KeyedVectors.load(path)).similarity('a', 'c')).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
