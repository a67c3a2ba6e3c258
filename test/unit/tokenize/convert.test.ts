import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTokenizerOptions } from '../../../src/options.ts';
import { createConverter, createTokenizer } from '../../../src/tokenize/index.ts';
import { tmpDir } from '../../helpers/cli.ts';

describe('createConverter', () => {
  it('converts traditional to simplified (t2s) and back (s2t) with OpenCC, phrase-aware', async () => {
    const t2s = await createConverter('t2s');
    const s2t = await createConverter('s2t');
    expect(t2s?.('紅樓夢：賈寶玉與林黛玉')).toBe('红楼梦：贾宝玉与林黛玉');
    expect(s2t?.('红楼梦：贾宝玉与林黛玉')).toBe('紅樓夢：賈寶玉與林黛玉');
    // one simplified character, two traditional ones: OpenCC picks by the phrase (头发 hair, 发展 develop)
    expect(s2t?.('头发 发展')).toBe('頭髮 發展');
    expect(await createConverter('none')).toBeUndefined();
  });
});

describe('createTokenizer with --convert', () => {
  it('converts before jieba, so traditional text segments as its simplified edition does', async () => {
    // the same sentence of 红楼梦 in the traditional (Gutenberg) and the simplified edition of the corpora
    const traditional = '一落胎胞，嘴里便銜下一塊五彩晶瑩的玉來，上面還有許多字跡，就取名叫作寶玉';
    const simplified = '一落胎胞，嘴里便衔下一块五彩晶莹的玉来，上面还有许多字迹，就取名叫作宝玉';
    const converted = await createTokenizer(resolveTokenizerOptions({ lang: 'zh', convert: 't2s' }));
    const plain = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
    expect(converted.tokenize(traditional)).toEqual(plain.tokenize(simplified));
    expect(plain.tokenize(traditional)).not.toEqual(plain.tokenize(simplified));
  });

  it('converts --tokenized text too, and the stopword list into the script of the text', async () => {
    const dir = await tmpDir();
    const stopwords = join(dir, 'stop.txt');
    await writeFile(stopwords, '這\n');
    const tokenized = await createTokenizer(resolveTokenizerOptions({ tokenized: true, convert: 't2s', stopwords }));
    expect(tokenized.tokenize('這 寶玉 说')).toEqual(['宝玉', '说']);
  });

  it('leaves lines without Chinese untouched', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'en', convert: 't2s' }));
    expect(t.tokenize('Hello World')).toEqual(['hello', 'world']);
  });

  it('rejects an unknown mode', () => {
    expect(() => resolveTokenizerOptions({ convert: 'tw' as 't2s' })).toThrow('`convert` "tw" is invalid: one of none, t2s, s2t');
  });
});

describe('createTokenizer with --phrases', () => {
  it('joins phrases last, after normalisation and stopwords, so every consumer sees the same tokens', async () => {
    const dir = await tmpDir();
    const phrases = join(dir, 'phrases.tsv');
    await writeFile(phrases, '# delimiter: _\n# connector-words: of\n# pass: 1\nnew_york\t10\t20\nbank_of_america\t5\t12\n');
    const stopwords = join(dir, 'stop.txt');
    await writeFile(stopwords, 'very\n');
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'en', phrases, stopwords }));
    expect(t.tokenize('New York is very big; Bank of America, too.')).toEqual(['new_york', 'is', 'big', 'bank_of_america', 'too']);
  });

  it('refuses --phrases auto outside train', async () => {
    await expect(createTokenizer(resolveTokenizerOptions({ phrases: 'auto' }))).rejects.toThrow('--phrases auto only works with `w2v train`');
  });
});
