import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWord2Vec, writeVectors } from '../../../src/io/formats/index.ts';
import { runPythonJson, skipWithoutGensim } from '../../helpers/gensim.ts';
import { tmpDir } from '../../helpers/cli.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';

const INTEROP = `${SHARED}/data/interop`;
const files = readdirSync(INTEROP).sort();

// gensim needs to be told binary or not; we sniff, so the flag is only for the reference side
const GENSIM_LOAD = `
import json, sys
from gensim.models import KeyedVectors
out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        f.readline()
        rest = f.read(4096)
    # the reference decides by trying text first, as a user would; binary files fail text parsing
    try:
        kv = KeyedVectors.load_word2vec_format(path, binary=False)
        binary = False
    except Exception:
        kv = KeyedVectors.load_word2vec_format(path, binary=True)
        binary = True
    out.append({'words': kv.index_to_key, 'vectors': kv.vectors.astype(float).ravel().tolist(), 'binary': binary})
print(json.dumps(out))
`;

describe.skipIf(skipWithoutGensim())('interop files load like gensim load_word2vec_format', () => {
  // in beforeAll, not the describe body: vitest runs describe bodies while collecting, even for skipped suites
  let reference: { words: string[]; vectors: number[]; binary: boolean }[] = [];
  beforeAll(() => {
    reference = runPythonJson(GENSIM_LOAD, files.map((f) => join(INTEROP, f)));
  });
  files.forEach((file, k) => {
    it(`${file}: same words and vectors (1e-6)`, async () => {
      const ours = await readWord2Vec(join(INTEROP, file));
      const ref = reference[k]!;
      expect(ours.format).toBe(ref.binary ? 'binary' : 'text');
      expect(ours.words).toEqual(ref.words);
      expect(ours.vectors.length).toBe(ref.vectors.length);
      let worst = 0;
      for (let i = 0; i < ref.vectors.length; i++) worst = Math.max(worst, Math.abs(ours.vectors[i]! - ref.vectors[i]!));
      expect(worst).toBeLessThanOrEqual(1e-6);
    });
  });

  it('files we write load in gensim with the same words and float32 values', async () => {
    const dir = await tmpDir();
    const src = await readWord2Vec(join(INTEROP, 'non_ascii_fasttext.vec'));
    await writeVectors(join(dir, 'v.txt'), src.words, src.vectors, src.dim, 'text');
    await writeVectors(join(dir, 'v.bin'), src.words, src.vectors, src.dim, 'binary');
    const [txt, bin] = runPythonJson<{ words: string[]; vectors: number[]; binary: boolean }[]>(GENSIM_LOAD, [join(dir, 'v.txt'), join(dir, 'v.bin')]);
    for (const ref of [txt!, bin!]) {
      expect(ref.words).toEqual(src.words);
      expect(Float32Array.from(ref.vectors)).toEqual(src.vectors);
    }
    expect(bin!.binary).toBe(true);
  });
});

describe('round trips', () => {
  it('text and binary writes read back bit-exactly', async () => {
    const dir = await tmpDir();
    const words = ['我', 'apple', 'naïve', '</s>'];
    const dim = 7;
    const vectors = new Float32Array(words.length * dim);
    let x = 12345;
    for (let i = 0; i < vectors.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      vectors[i] = ((x / 2 ** 32 - 0.5) * 10 ** ((i % 9) - 4));
    }
    vectors[3] = 0;
    vectors[4] = -0;
    for (const format of ['text', 'binary'] as const) {
      const path = join(dir, `v.${format}`);
      await writeVectors(path, words, vectors, dim, format);
      const back = await readWord2Vec(path);
      expect(back.format).toBe(format);
      expect(back.words).toEqual(words);
      expect(new Uint32Array(back.vectors.buffer)).toEqual(new Uint32Array(vectors.buffer));
    }
    // binary layout is word2vec.c's: "word " + dim float32 LE + "\n"
    const bytes = await readFile(join(dir, 'v.binary'));
    const headerLength = '4 7\n'.length;
    expect(bytes.length).toBe(headerLength + words.reduce((n, w) => n + Buffer.byteLength(w) + 1 + dim * 4 + 1, 0));
  });

  it('limit reads only the first N words', async () => {
    const a = await readWord2Vec(join(INTEROP, 'euclidean_vectors.bin'), { limit: 5 });
    const all = await readWord2Vec(join(INTEROP, 'euclidean_vectors.bin'));
    expect(a.words).toEqual(all.words.slice(0, 5));
    expect(a.vectors).toEqual(all.vectors.slice(0, 5 * all.dim));
    const t = await readWord2Vec(join(INTEROP, 'lee_fasttext.vec'), { limit: 3 });
    expect(t.words).toEqual(['the', 'to', 'of']);
  });

  it('limit stops reading: damage after the first N rows goes unnoticed, as nothing past them is parsed', async () => {
    const dir = await tmpDir();
    const path = join(dir, 'damaged-tail.txt');
    await writeFileText(path, '4 2\na 1 2\nb 3 4\nc oops\n');
    expect((await readWord2Vec(path, { limit: 2 })).words).toEqual(['a', 'b']);
    await expect(readWord2Vec(path)).rejects.toThrow(/line 4: expected a number, found "oops"/);
  });

  it('reads headerless GloVe-style text', async () => {
    const dir = await tmpDir();
    const path = join(dir, 'glove.txt');
    await writeFileText(path, 'the 0.5 -1 2\ncat 1e-3 0 3.25\n');
    const r = await readWord2Vec(path);
    expect(r.header).toBe(false);
    expect(r.words).toEqual(['the', 'cat']);
    expect(Array.from(r.vectors)).toEqual([0.5, -1, 2, Math.fround(1e-3), 0, 3.25]);
  });
});

async function writeFileText(path: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, text);
}
