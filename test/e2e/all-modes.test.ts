// Every architecture x loss (sg/cbow x ns/hs/softmax) trains through the library and through the CLI, on a
// two-topic corpus whose topics never share a sentence: every mode must make each word's four topic-mates its
// four nearest words (worstTopicRank 4). Calibrated on seeds 1-10 of each mode with these settings (dim 8, 5
// epochs, alpha 0.05, sample 0): 60 of 60 runs scored 4, with the closest other-topic word at least 0.74 cosine
// below the farthest topic-mate; random vectors score 8-9 (0 of 2,000 below 8), so a model that learned
// nothing, learned with the wrong sign or trained only its output weights fails.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import type { Loss, Model } from '../../src/options.ts';
import { Word2Vec } from '../../src/train/word2vec.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { twoTopicCorpus, twoTopicText, worstTopicRank } from '../helpers/two-topics.ts';

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
        expect(worstTopicRank(kv)).toBe(4);
      } finally {
        w2v.dispose();
      }
    });
  }

  it('each trains through the CLI into a loadable model folder that learned the two topics', async () => {
    const dir = await tmpDir();
    const corpus = join(dir, 'topics.txt');
    writeFileSync(corpus, twoTopicText());
    for (const [model, loss] of MODES) {
      const out = join(dir, `${model}-${loss}`);
      const run = await cli(['train', corpus, '-o', out, '--model', model, '--loss', loss, '--dim', '8', '--epochs', '5', '--alpha', '0.05', '--sample', '0', '--batch-size', '64', '--workers', '1', '--quiet']);
      expect(run.stderr, `${model} ${loss}`).toBe('');
      expect(run.code, `${model} ${loss}`).toBe(0);
      const folder = await readModelFolder(out);
      expect(folder.meta.options.model).toBe(model);
      expect(folder.meta.options.loss).toBe(loss);
      expect(folder.meta.lossPerEpoch).toHaveLength(5);
      expect(folder.meta.lossPerEpoch.at(-1)!, `${model} ${loss}`).toBeLessThan(folder.meta.lossPerEpoch[0]!);
      expect(worstTopicRank(new KeyedVectors(folder.words, folder.vectors, folder.meta.dim)), `${model} ${loss}`).toBe(4);
    }
  });
});
