// fastText's character n-grams and their hash, held to gensim 4.2's copies of fastText's code
// (gensim.models.fasttext_inner.compute_ngrams_bytes and ft_hash_bytes, and fasttext.ft_ngram_hashes), on words
// of every byte length UTF-8 has: ASCII, Latin-1, Cyrillic, Han and emoji (4 bytes, surrogate pairs in JS, and
// modifiers). gensim's list is fastText's on the points where the two could part (no lone `<` or `>`, the whole
// `<w>` when it is short enough); test/e2e/fasttext-parity.test.ts checks the same n-grams against the fasttext
// binary's print-ngrams.
import { describe, expect, it } from 'vitest';
import { fnv1a32, ngramBuckets, ngramStrings } from '../../../src/subwords/ngrams.ts';
import { runPythonJson, skipWithoutGensim } from '../../helpers/gensim.ts';

const WORDS = ['a', 'ab', 'cat', 'state-of-the-art', 'naïve', 'café', 'Straße', 'élève', 'привет', 'ёж', '猫', '林妹妹', '宝玉笑道', '👍', '👍🏽x', '🇫🇷', 'a😀b😀c'];
const SETTINGS = [
  [3, 6],
  [1, 3],
] as const;
const BUCKET = 2_000_000;

interface GensimNgrams {
  word: string;
  minn: number;
  maxn: number;
  ngrams: string[]; // hex of each n-gram's bytes
  hashes: number[]; // ft_hash_bytes of each
  buckets: number[]; // ft_ngram_hashes(word, minn, maxn, BUCKET)
}

const PY = `
import json, sys
from gensim.models.fasttext_inner import compute_ngrams_bytes, ft_hash_bytes
from gensim.models.fasttext import ft_ngram_hashes
words, settings, bucket = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
out = []
for w in words:
    for minn, maxn in settings:
        grams = compute_ngrams_bytes(w, minn, maxn)
        out.append({'word': w, 'minn': minn, 'maxn': maxn, 'ngrams': [g.hex() for g in grams],
                    'hashes': [ft_hash_bytes(g) for g in grams], 'buckets': ft_ngram_hashes(w, minn, maxn, bucket)})
print(json.dumps(out))
`;

describe.skipIf(skipWithoutGensim())('n-grams and hashes equal gensim 4.2’s (fastText’s code)', () => {
  let cached: GensimNgrams[] | undefined;
  const reference = (): GensimNgrams[] => {
    cached ??= runPythonJson<GensimNgrams[]>(PY, [JSON.stringify(WORDS), JSON.stringify(SETTINGS), String(BUCKET)]);
    return cached;
  };

  it('the n-gram list, in order, for minn/maxn 3/6 and 1/3', () => {
    const rows = reference();
    expect(rows.length).toBe(WORDS.length * SETTINGS.length);
    for (const row of rows) {
      const ours = ngramStrings(row.word, row.minn, row.maxn).map((g) => Buffer.from(g, 'utf8').toString('hex'));
      expect({ word: row.word, minn: row.minn, ngrams: ours }).toEqual({ word: row.word, minn: row.minn, ngrams: row.ngrams });
    }
    // the cases the rules single out, as gensim gives them: no lone `<`/`>`, the whole `<a>` at maxn 3
    const a13 = rows.find((r) => r.word === 'a' && r.minn === 1)!;
    expect(a13.ngrams.map((h) => Buffer.from(h, 'hex').toString('utf8'))).toEqual(['<a', '<a>', 'a', 'a>']);
  });

  it('the FNV-1a hash with sign-extended bytes, and the bucket of every n-gram', () => {
    for (const row of reference()) {
      const hashes = row.ngrams.map((h) => fnv1a32(Buffer.from(h, 'hex')));
      expect({ word: row.word, minn: row.minn, hashes }).toEqual({ word: row.word, minn: row.minn, hashes: row.hashes });
      const buckets = ngramBuckets(row.word, { minn: row.minn, maxn: row.maxn, bucket: BUCKET });
      expect({ word: row.word, minn: row.minn, buckets }).toEqual({ word: row.word, minn: row.minn, buckets: row.buckets });
    }
    // a byte >= 0x80 is where the sign extension shows: the Latin-1, Cyrillic, Han and emoji words have them
    expect(reference().filter((r) => r.ngrams.some((h) => Buffer.from(h, 'hex').some((b) => b >= 0x80))).length).toBeGreaterThan(20);
  });
});
