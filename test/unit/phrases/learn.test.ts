import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../../src/corpus/corpus.ts';
import { resolvePhraseOptions } from '../../../src/options.ts';
import { ENGLISH_CONNECTOR_WORDS } from '../../../src/phrases/connector-words.ts';
import { type LearnPhraseOptions, learnPhrases, PhraseCounter } from '../../../src/phrases/learn.ts';

/** Sentences from space-separated lines, re-iterable (tests only). */
function memoryCorpus(lines: readonly string[]): Corpus {
  return {
    description: 'memory',
    bytesRead: 0,
    totalBytes: async () => undefined,
    fingerprint: async () => 'memory',
    async *[Symbol.asyncIterator]() {
      for (const line of lines) yield line.split(' ').filter((w) => w !== '');
    },
  };
}

function options(overrides: Partial<LearnPhraseOptions> = {}): LearnPhraseOptions {
  const { connectorWords, ...rest } = overrides;
  return { ...resolvePhraseOptions({ minCount: 1, threshold: 1, ...rest }), connectorWords: connectorWords ?? new Set() };
}

function counter(lines: readonly string[], overrides: Partial<LearnPhraseOptions> = {}): PhraseCounter {
  const c = new PhraseCounter(options(overrides));
  for (const line of lines) c.add(line.split(' '));
  return c;
}

const NEW_YORK = ['new york is big', 'new york city', 'i love new york'];

describe('PhraseCounter', () => {
  it('counts unigrams and bigrams in one table whose size is the len_vocab of the default score', () => {
    const c = counter(NEW_YORK);
    // 7 words (new york is big city i love) + 6 bigrams (new_york york_is is_big york_city i_love love_new)
    expect(c.types).toBe(13);
    expect([c.count('new'), c.count('york'), c.count('new_york'), c.count('york_city'), c.count('city_i')]).toEqual([3, 3, 3, 1, 0]);
    expect(c.corpusWords).toBe(11);
    // (count(ab) - minCount) / (count(a) count(b)) x len_vocab; every other bigram has count 1 = minCount: score 0
    expect(c.exportPhrases()).toEqual([{ phrase: 'new_york', count: 3, score: ((3 - 1) / 9) * 13 }]);
  });

  it('keeps a bigram only when its score is strictly greater than the threshold', () => {
    const score = ((3 - 1) / 9) * 13;
    expect(counter(NEW_YORK, { threshold: score }).exportPhrases()).toEqual([]);
    expect(counter(NEW_YORK, { threshold: score * (1 - 1e-12) }).exportPhrases().map((p) => p.phrase)).toEqual(['new_york']);
  });

  it('scores npmi as ln(p_ab / (p_a p_b)) / -ln(p_ab) over all tokens, below min-count never', () => {
    const c = counter(NEW_YORK, { scoring: 'npmi', threshold: 0, minCount: 2 });
    const n = 11;
    const pab = 3 / n;
    expect(c.exportPhrases()).toEqual([{ phrase: 'new_york', count: 3, score: Math.log(pab / ((3 / n) * (3 / n))) / -Math.log(pab) }]);
    // york_city (count 1 < min-count 2) would score npmi > 0 but is not a phrase
    expect(counter(NEW_YORK, { scoring: 'npmi', threshold: -1, minCount: 2 }).exportPhrases()).toHaveLength(1);
  });

  it('lets connector words sit inside a bigram but never start or end one, nor count as words', () => {
    const c = counter(['the bank of america', 'bank of the america', 'of america', 'america of'], { connectorWords: ENGLISH_CONNECTOR_WORDS });
    expect(c.count('bank_of_america')).toBe(1);
    expect(c.count('bank_of_the_america')).toBe(1);
    expect([c.count('the'), c.count('of'), c.count('the_bank'), c.count('of_america'), c.count('bank_of')]).toEqual([0, 0, 0, 0, 0]);
    expect(c.count('america')).toBe(4);
    // every token counts towards the corpus size (npmi's N), connector words included
    expect(c.corpusWords).toBe(12);
    expect(c.types).toBe(4); // bank, america, bank_of_america, bank_of_the_america
  });

  it('prunes once per sentence past maxTypes, the first time at min_reduce 1 which removes nothing (gensim)', () => {
    const c = counter(['a b', 'c', 'a b', 'd'], { maxTypes: 3 });
    // after 'c': 4 types > 3, prune(<1) removes nothing; after 'a b': prune(<2) removes c; after 'd': prune(<3)
    // removes a, b, a_b (2 each) and d: nothing left
    expect(c.prunings).toBe(3);
    expect(c.types).toBe(0);
    const d = counter(['a b', 'c', 'a b'], { maxTypes: 3 });
    expect([d.types, d.count('a_b'), d.count('c')]).toEqual([3, 2, 0]);
  });

  it('counts like gensim once tokens contain the delimiter: joined keys merge with words of the same text', () => {
    const lines = ['a b', 'a_b c', 'a b'];
    const c = counter(lines);
    // a_b is a bigram twice and a word once: gensim's one key counts 3; a_b_c is the bigram (a_b, c)
    expect([c.count('a'), c.count('b'), c.count('a_b'), c.count('c'), c.count('a_b_c')]).toEqual([2, 2, 3, 1, 1]);
    expect(c.types).toBe(5);
    // a_b scores from a and b (5 types); a_b_c from its words a_b and c: (1 - 1) / 3 x 5 = 0
    expect(c.exportPhrases()).toEqual([{ phrase: 'a_b', count: 3, score: ((3 - 1) / 4) * 5 }]);
  });

  it('gives gensim\'s counts whether a pass switches from id keys to string keys early, late or never', () => {
    const base = ['x y z', 'x y', 'y z x y', 'x of y', 'z x y z'];
    const late = [...base, 'x_y z'];
    const early = ['x_y z', ...base];
    const connectors = new Set(['of']);
    for (const lines of [base, late, early]) {
      const c = counter(lines, { connectorWords: connectors });
      const reference = referenceCounts(lines, connectors);
      for (const key of ['x', 'y', 'z', 'x_y', 'y_z', 'z_x', 'x_of_y', 'x_y_z']) expect([key, c.count(key)]).toEqual([key, reference.get(key) ?? 0]);
      expect(c.types).toBe(reference.size);
    }
  });
});

describe('learnPhrases', () => {
  it('a second pass joins phrases into longer ones (trigrams)', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `word${i} new york city other${i}`);
    const { table, stats } = await learnPhrases(memoryCorpus(lines), options({ minCount: 5, threshold: 1, passes: 2 }));
    expect(table.passes[0]!.has('new_york')).toBe(true);
    expect(table.passes[1]!.has('new_york_city')).toBe(true);
    expect(stats).toHaveLength(2);
    expect(table.apply(['in', 'new', 'york', 'city'])).toEqual(['in', 'new_york_city']);
  });

  it('warns once when counting is pruned past maxTypes', async () => {
    const warnings: string[] = [];
    const lines = Array.from({ length: 50 }, (_, i) => `w${i} v${i} u${i}`);
    const { stats } = await learnPhrases(memoryCorpus(lines), options({ maxTypes: 10 }), { onWarning: (m) => warnings.push(m) });
    expect(stats[0]!.prunings).toBeGreaterThan(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^more than 10 unigram and bigram types: pruning the rarest as gensim's Phrases does/);
  });

  it('stops at an interrupt', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(learnPhrases(memoryCorpus(NEW_YORK), options(), { signal: abort.signal })).rejects.toThrow('phrase learning interrupted');
  });
});

/** gensim's _learn_vocab written plainly: one string-keyed table, the reference for both of our tables. */
function referenceCounts(lines: readonly string[], connectors: ReadonlySet<string>): Map<string, number> {
  const vocab = new Map<string, number>();
  const bump = (k: string): void => {
    vocab.set(k, (vocab.get(k) ?? 0) + 1);
  };
  for (const line of lines) {
    let start: string | undefined;
    let between: string[] = [];
    for (const word of line.split(' ')) {
      if (connectors.has(word)) {
        if (start !== undefined) between.push(word);
        continue;
      }
      bump(word);
      if (start !== undefined) bump([start, ...between, word].join('_'));
      start = word;
      between = [];
    }
  }
  return vocab;
}
