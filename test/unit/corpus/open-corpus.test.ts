import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../../src/corpus/open-corpus.ts';
import { resolveTokenizerOptions } from '../../../src/options.ts';
import { Word2Vec } from '../../../src/train/word2vec.ts';
import { tmpDir } from '../../helpers/cli.ts';

describe('openCorpus', () => {
  it('the corpus carries its tokenizer settings, and Word2Vec.build records them without being told twice', async () => {
    const file = join(await tmpDir(), 'a.txt');
    await writeFile(file, 'Alpha Beta gamma delta\n'.repeat(20));
    // not the defaults: a build that fell back to DEFAULT_TOKENIZER_OPTIONS would lowercase queries
    const tokenizer = resolveTokenizerOptions({ lang: 'en', keepCase: true });
    const corpus = await openCorpus([file], tokenizer, { maxSentenceLength: 100 });
    expect(corpus.tokenizerOptions).toEqual(tokenizer);
    const w2v = await Word2Vec.build(corpus, { minCount: 1, dim: 4, workers: 1, epochs: 1 });
    try {
      expect(w2v.vocab.words).toContain('Alpha');
      expect(w2v.toModelFolder().meta.tokenizer).toEqual(tokenizer);
    } finally {
      w2v.dispose();
    }
  });
});
