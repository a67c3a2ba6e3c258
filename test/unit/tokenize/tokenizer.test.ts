import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../../../src/errors.ts';
import { resolveTokenizerOptions } from '../../../src/options.ts';
import { createTokenizer } from '../../../src/tokenize/index.ts';
import { splitTrailing } from '../../../src/tokenize/jieba.ts';
import { tmpDir } from '../../helpers/cli.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';

describe('createTokenizer', () => {
  it('--tokenized splits on whitespace only, without normalising or lowercasing', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ tokenized: true }));
    expect(t.tokenize('  The ＡＢＣ\tdon\'t,  x ')).toEqual(['The', 'ＡＢＣ', "don't,", 'x']);
  });

  it('--tokenized splits on exactly the characters Python str.split() splits on (gensim parity)', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ tokenized: true }));
    expect(t.tokenize('a\x1cb\x85c\u3000d\ufeffe\u200bf')).toEqual(['a', 'b', 'c', 'd\ufeffe\u200bf']);
  });

  it('sends Chinese runs to jieba and keeps Latin words whole (mixed text)', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'auto' }));
    expect(t.tokenize('我喜欢苹果iPhone和 TensorFlow.js，还有北京。')).toEqual(['我', '喜欢', '苹果', 'iphone', '和', 'tensorflow', 'js', '还有', '北京']);
  });

  it('--lang en never uses jieba: Han characters become single-character tokens', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'en' }));
    expect(t.tokenize('I like 北京')).toEqual(['i', 'like', '北', '京']);
  });

  it('turns HMM on and off', async () => {
    // 黛玉 is not in jieba's dictionary: only the HMM joins it into one word
    const withHmm = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
    const without = await createTokenizer(resolveTokenizerOptions({ lang: 'zh', hmm: false }));
    expect(withHmm.tokenize('黛玉')).toEqual(['黛玉']);
    expect(without.tokenize('黛玉')).toEqual(['黛', '玉']);
  });

  it('splits a speech verb off a name the HMM invented, but never a dictionary word', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
    expect(t.tokenize('黛玉笑道')).toEqual(['黛玉', '笑', '道']);
    expect(splitTrailing('黛玉笑道', new Set())).toEqual(['黛玉', '笑', '道']);
    expect(splitTrailing('王夫人道', new Set(['王夫人道']))).toEqual(['王夫人道']);
  });

  it('names a missing user dictionary', async () => {
    await expect(createTokenizer(resolveTokenizerOptions({ lang: 'zh', userDict: '/nope/dict.txt' }))).rejects.toThrow(/\/nope\/dict\.txt.*--user-dict/);
  });

  it('removes stopwords, normalised like the text', async () => {
    const dir = await tmpDir();
    const stop = join(dir, 'stop.txt');
    await writeFile(stop, '# comment\nTHE\n的\r\n');
    const t = await createTokenizer(resolveTokenizerOptions({ stopwords: stop }));
    expect(t.tokenize('The cat 的 猫')).toEqual(['cat', '猫']);
    await expect(createTokenizer(resolveTokenizerOptions({ stopwords: join(dir, 'missing') }))).rejects.toBeInstanceOf(Word2VecError);
  });

  it('yields words, not only single characters, on Traditional Chinese', async () => {
    const t = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
    const text = readFileSync(`${SHARED}/corpora/zh/pg24264-hongloumeng-traditional.txt`, 'utf8').slice(20_000, 220_000);
    let multi = 0;
    let all = 0;
    for (const line of text.split('\n')) {
      for (const w of t.tokenize(line)) {
        all++;
        if ([...w].length > 1) multi++;
      }
    }
    // measured 0.49 on this slice (simplified edition: 0.50; jieba without HMM on traditional text: 0.15)
    expect(multi / all).toBeGreaterThan(0.4);
  });

  // last in this file: jieba's dictionary is process-global, and reloading the default one costs a second
  it('reads a jieba user dictionary', async () => {
    const dir = await tmpDir();
    const dict = join(dir, 'user.dict');
    await writeFile(dict, '云计算机房 100 n\n');
    const plain = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
    expect(plain.tokenize('云计算机房')).not.toEqual(['云计算机房']);
    const custom = await createTokenizer(resolveTokenizerOptions({ lang: 'zh', userDict: dict }));
    expect(custom.tokenize('云计算机房')).toEqual(['云计算机房']);
  });
});
