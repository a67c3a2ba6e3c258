// 3CosAdd and 3CosMul on a hand-made model where they disagree, through the library and the CLI: ignoring
// --method, or computing one method for the other, gives the wrong word or the wrong score.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FORMAT, type ModelMeta, writeModelFolder } from '../../src/io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS } from '../../src/options.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

// a : b :: c : ?, with a = e3, b = e1, c = e2 and two candidates (vectors need not be unit; both methods use cosines):
//   x = (4, -1, 0, 1), |x| = sqrt(18): cos(x,b) = 4/sqrt18 = 0.9428, cos(x,c) = -1/sqrt18 = -0.2357, cos(x,a) = 0
//   y = (1, 1, 0, 3),  |y| = sqrt(11): cos(y,b) = cos(y,c) = 1/sqrt11 = 0.3015,                        cos(y,a) = 0
// 3CosAdd ranks cos(w, b^ - a^ + c^) = (cos(w,b) - cos(w,a) + cos(w,c)) / sqrt3 (b^, c^, a^ orthonormal):
//   x: (0.9428 - 0.2357) / sqrt3 = 3/sqrt54 = 0.4082   y: 0.6030 / sqrt3 = 2/sqrt33 = 0.3482   -> x
// 3CosMul ranks cos'(w,b) cos'(w,c) / (cos'(w,a) + 1e-6) with cos' = (1 + cos) / 2:
//   x: 0.9714 * 0.3821 / 0.500001 = 0.7424            y: 0.6508^2 / 0.500001 = 0.8470            -> y
const WORDS = ['a', 'b', 'c', 'x', 'y'];
const VECTORS = Float32Array.from([0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 4, -1, 0, 1, 1, 1, 0, 3]);
const S18 = Math.sqrt(18);
const S11 = Math.sqrt(11);
const ADD = { x: 3 / Math.sqrt(54), y: 2 / Math.sqrt(33) };
const MUL = { x: (((1 + 4 / S18) / 2) * ((1 - 1 / S18) / 2)) / (0.5 + 1e-6), y: ((1 + 1 / S11) / 2) ** 2 / (0.5 + 1e-6) };

async function modelFolder(): Promise<string> {
  const path = join(await tmpDir(), 'model');
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    vocabSize: WORDS.length,
    dim: 4,
    options: { ...DEFAULT_TRAIN_OPTIONS, dim: 4 },
    tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS },
    backend: 'cpu',
    corpus: { description: 'hand-made', bytes: 0, fingerprint: 'x', tokens: 5, vocabTokens: 5 },
    lossPerEpoch: [],
    timings: { epochSeconds: [], vocabSeconds: 0, totalSeconds: 0 },
    wordsPerSecond: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await writeModelFolder(path, { meta, words: WORDS, counts: Float64Array.from([5, 4, 3, 2, 1]), vectors: VECTORS });
  return path;
}

describe('3CosAdd vs 3CosMul on a case where they differ', () => {
  it('through the library: each method picks its own word with the hand-computed score', () => {
    const kv = new KeyedVectors(WORDS, VECTORS, 4);
    const add = kv.analogy('a', 'b', 'c');
    expect(add.map((n) => n.word)).toEqual(['x', 'y']);
    expect(add[0]!.similarity).toBeCloseTo(ADD.x, 6);
    expect(add[1]!.similarity).toBeCloseTo(ADD.y, 6);
    const mul = kv.analogy('a', 'b', 'c', { method: '3cosmul' });
    expect(mul.map((n) => n.word)).toEqual(['y', 'x']);
    expect(mul[0]!.similarity).toBeCloseTo(MUL.y, 6);
    expect(mul[1]!.similarity).toBeCloseTo(MUL.x, 6);
  });

  it('through the CLI: --method picks the method, in text and --json', async () => {
    const model = await modelFolder();
    const add = await cli(['analogy', model, 'a', 'b', 'c', '-k', '2']);
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(`x     ${ADD.x.toFixed(4)}\ny     ${ADD.y.toFixed(4)}\n`);
    const mul = await cli(['analogy', model, 'a', 'b', 'c', '-k', '2', '--method', '3cosmul']);
    expect(mul.code).toBe(0);
    expect(mul.stdout).toBe(`y     ${MUL.y.toFixed(4)}\nx     ${MUL.x.toFixed(4)}\n`);
    const json = JSON.parse((await cli(['analogy', model, 'a', 'b', 'c', '-k', '1', '--method', '3cosmul', '--json'])).stdout);
    expect(json.results).toHaveLength(1);
    expect(json.results[0].word).toBe('y');
    expect(json.results[0].similarity).toBeCloseTo(MUL.y, 6);
  });
});
