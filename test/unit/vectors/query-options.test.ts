// Library arguments are checked: a typo in an option key, a method that does not exist, a topN that is a
// string or negative would otherwise give a silently wrong answer. Errors name the option as the library spells it.
import { describe, expect, it } from 'vitest';
import { resolveTokenizerOptions, resolveTrainOptions, resolveVocabOptions } from '../../../src/options.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';

const kv = new KeyedVectors(['a', 'b', 'c', 'd'], Float32Array.from([1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]), 2);

describe('query options', () => {
  it('refuses unknown keys, a bad method and a topN that is not a whole number >= 1', () => {
    expect(() => kv.mostSimilar('a', { topn: 3 } as never)).toThrow('mostSimilar: unknown option `topn` (known: negative, topN, restrictVocab)');
    expect(() => kv.mostSimilar('a', { topN: '3' } as never)).toThrow('mostSimilar: `topN` "3" is invalid: a whole number >= 1');
    expect(() => kv.mostSimilar('a', { topN: -1 })).toThrow('mostSimilar: `topN` -1 is invalid');
    expect(() => kv.mostSimilar('a', { topN: 1.5 })).toThrow('`topN` 1.5 is invalid');
    expect(() => kv.mostSimilar('a', { restrictVocab: 0 })).toThrow('`restrictVocab` 0 is invalid');
    expect(() => kv.mostSimilar(['a', 3] as never)).toThrow('mostSimilar: `positive` must be a word or an array of words');
    expect(() => kv.analogy('a', 'b', 'c', { method: 'foo' } as never)).toThrow('analogy: `method` "foo" is invalid');
    expect(() => kv.similarByVector([1, 0], { top: 1 } as never)).toThrow('similarByVector: unknown option `top`');
    expect(() => kv.meanVector(['a'], { unit: 'yes' } as never)).toThrow('meanVector: `unit` "yes" is invalid');
    // valid calls still answer
    expect(kv.mostSimilar('a', { topN: 1 })[0]!.word).toBe('b');
    expect(kv.analogy('a', 'b', 'c', { method: '3cosmul', topN: 1 })).toHaveLength(1);
  });
});

describe('training options', () => {
  it('refuse unknown keys with the closest known one, and name options as the library spells them', () => {
    expect(() => resolveTrainOptions({ epoch: 3 } as never)).toThrow('unknown training option `epoch`; did you mean `epochs`?');
    expect(() => resolveVocabOptions({ mincount: 3 } as never)).toThrow('unknown vocabulary option `mincount`; did you mean `minCount`?');
    expect(() => resolveTokenizerOptions({ language: 'zh' } as never)).toThrow('unknown tokenizer option `language`');
    expect(() => resolveTrainOptions({ minCount: 0 })).toThrow('`minCount` 0 is invalid: a whole number >= 1');
    expect(() => resolveTrainOptions({ epochs: '3' } as never)).toThrow('`epochs` "3" is invalid');
    expect(() => resolveTrainOptions({ sample: '0.001' } as never)).toThrow('`sample` "0.001" is invalid');
  });

  it('workers 0 (the default) is resolved to the core count when training starts, not at import', () => {
    expect(resolveTrainOptions({}).workers).toBeGreaterThanOrEqual(1);
    expect(resolveTrainOptions({ workers: 3 }).workers).toBe(3);
  });
});
