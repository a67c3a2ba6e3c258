// Every architecture x loss (sg/cbow x ns/hs/softmax) trains through the library and through the CLI.
// Library: a two-topic corpus whose topics never share a sentence; every mode must pull each topic's words
// together (a model that learned nothing, or learned with the wrong sign, fails the cosine checks).
// CLI: the same modes on the first 60 Lee documents (4 epochs) write a loadable model folder whose last-epoch
// loss is below the first.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import type { Loss, Model } from '../../src/options.ts';
import { Word2Vec } from '../../src/train/word2vec.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { twoTopicCorpus } from '../helpers/two-topics.ts';

const MODES: [Model, Loss][] = [
  ['sg', 'ns'],
  ['sg', 'hs'],
  ['sg', 'softmax'],
  ['cbow', 'ns'],
  ['cbow', 'hs'],
  ['cbow', 'softmax'],
];

describe('every model x loss', () => {
  for (const [model, loss] of MODES) {
    it(`${model} + ${loss} learns the two topics through the library`, async () => {
      const w2v = await Word2Vec.build(twoTopicCorpus(), { model, loss, dim: 8, epochs: 5, workers: 1, minCount: 1, sample: 0, batchSize: 64, alpha: 0.05 });
      try {
        const summary = await w2v.train();
        expect(summary.lossPerEpoch.at(-1)!).toBeLessThan(summary.lossPerEpoch[0]!);
        const m = w2v.toModelFolder();
        const kv = new KeyedVectors(m.words, m.vectors, m.meta.dim);
        expect(kv.similarity('cat', 'dog')).toBeGreaterThan(kv.similarity('cat', 'car'));
        expect(kv.similarity('road', 'wheel')).toBeGreaterThan(kv.similarity('road', 'paw'));
      } finally {
        w2v.dispose();
      }
    });
  }

  it('each trains through the CLI into a loadable model folder', async () => {
    const dir = await tmpDir();
    const lee = readFileSync(fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url)), 'utf8');
    const small = join(dir, 'lee60.txt');
    writeFileSync(small, `${lee.split('\n').slice(0, 60).join('\n')}\n`);
    for (const [model, loss] of MODES) {
      const out = join(dir, `${model}-${loss}`);
      const run = await cli(['train', small, '-o', out, '--model', model, '--loss', loss, '--dim', '16', '--epochs', '4', '--min-count', '3', '--batch-size', '512', '--workers', '1', '--quiet']);
      expect(run.stderr, `${model} ${loss}`).toBe('');
      expect(run.code, `${model} ${loss}`).toBe(0);
      const folder = await readModelFolder(out);
      expect(folder.meta.options.model).toBe(model);
      expect(folder.meta.options.loss).toBe(loss);
      expect(folder.meta.lossPerEpoch).toHaveLength(4);
      expect(folder.meta.lossPerEpoch.at(-1)!, `${model} ${loss}`).toBeLessThan(folder.meta.lossPerEpoch[0]!);
      expect(folder.vectors.every((x) => Number.isFinite(x))).toBe(true);
    }
  });
});
