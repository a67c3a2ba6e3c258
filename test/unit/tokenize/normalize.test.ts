import { describe, expect, it } from 'vitest';
import { cutHanChars, hasHan, normalizeText, splitWords } from '../../../src/tokenize/normalize.ts';

const words = (text: string, keepCase = false): string[] => splitWords(normalizeText(text, keepCase), cutHanChars);

describe('normalizeText + splitWords', () => {
  it('turns full-width forms into half-width and lowercases', () => {
    expect(words('ＡＢＣ　１２３！Ｈｅｌｌｏ')).toEqual(['abc', '123', 'hello']);
  });

  it('keeps case with keepCase', () => {
    expect(words('Hello World', true)).toEqual(['Hello', 'World']);
  });

  it('drops punctuation and symbols, splits hyphens', () => {
    expect(words('state-of-the-art, (really)! ☺ #tag')).toEqual(['state', 'of', 'the', 'art', 'really', 'tag']);
  });

  it('keeps inner apostrophes (straight or curly) and drops outer ones', () => {
    expect(words("don't rock’n’roll 'tis dogs'")).toEqual(["don't", "rock'n'roll", 'tis', 'dogs']);
  });

  it('keeps decimal points and thousands separators between digits only', () => {
    expect(words('pi is 3.14, cost 1,000. end.')).toEqual(['pi', 'is', '3.14', 'cost', '1,000', 'end']);
  });

  it('keeps letters with combining marks and non-Latin scripts whole', () => {
    expect(words('Cafe\u0301 naïve Ωmega Москва')).toEqual(['café', 'naïve', 'ωmega', 'москва']);
  });

  it('separates Han runs from Latin words and hands them to the Han cutter', () => {
    expect(words('我爱abc北京')).toEqual(['我', '爱', 'abc', '北', '京']);
  });

  it('detects Han text', () => {
    expect(hasHan('abc 中')).toBe(true);
    expect(hasHan('abc ∑')).toBe(false);
  });
});
