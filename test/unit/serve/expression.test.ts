import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/serve/expression.ts';

const vocab = new Set(['国王', '男人', '女人', 'king', 'man', 'woman', 'well-known', '-1']);
const has = (w: string): boolean => vocab.has(w);

describe('parseExpression', () => {
  it('reads spaced operators in Chinese and Latin', () => {
    expect(parseExpression('国王 - 男人 + 女人', has)).toEqual({ positive: ['国王', '女人'], negative: ['男人'] });
    expect(parseExpression('king - man + woman', has)).toEqual({ positive: ['king', 'woman'], negative: ['man'] });
  });

  it('reads signs glued to a word and unspaced arithmetic of known words', () => {
    expect(parseExpression('king -man +woman', has)).toEqual({ positive: ['king', 'woman'], negative: ['man'] });
    expect(parseExpression('king-man+woman', has)).toEqual({ positive: ['king', 'woman'], negative: ['man'] });
    expect(parseExpression('国王-男人+女人', has)).toEqual({ positive: ['国王', '女人'], negative: ['男人'] });
  });

  it('keeps words that contain or start with a sign when the vocabulary has them', () => {
    expect(parseExpression('well-known', has)).toEqual({ positive: ['well-known'], negative: [] });
    expect(parseExpression('-1 king', has)).toEqual({ positive: ['-1', 'king'], negative: [] });
    // an unknown hyphenated word stays whole (and is reported as unknown by the caller)
    expect(parseExpression('foo-bar', has)).toEqual({ positive: ['foo-bar'], negative: [] });
  });

  it('several words without operators are all positive; normalisation applies to each word', () => {
    expect(parseExpression('KING  Woman', has, (w) => w.toLowerCase())).toEqual({ positive: ['king', 'woman'], negative: [] });
    expect(parseExpression('   ', has)).toEqual({ positive: [], negative: [] });
  });
});
