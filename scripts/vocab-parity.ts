// Vocabulary parity with gensim 4.2: builds the vocabulary of a text8-style file with our scanner
// (`--tokenized`, min-count 5) and with gensim's Text8Corpus + Word2Vec.build_vocab, and compares words, counts
// and order. Usage: npx tsx scripts/vocab-parity.ts [file-or-zip] [minCount]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCorpus } from '../src/corpus/open-corpus.ts';
import { resolveTokenizerOptions, resolveVocabOptions } from '../src/options.ts';
import { buildVocab } from '../src/vocab/build-vocab.ts';

const PYTHON = '/usr/bin/python3';

/** Extracts the single file of `zip` into a temp folder and returns its path (and the folder to remove). */
export function unzipSingle(zip: string): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-parity-'));
  const r = spawnSync(PYTHON, ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unzip failed: ${r.stderr}`);
  const [name] = readdirSync(dir);
  if (name === undefined) throw new Error(`${zip} is empty`);
  return { file: join(dir, name), dir };
}

/** gensim 4.2's vocabulary of a text8-style file: words in its order and their counts. */
export function gensimVocab(file: string, minCount: number): { words: string[]; counts: number[]; seconds: number } {
  const code = `
import json, sys, time
from gensim.models import Word2Vec
from gensim.models.word2vec import Text8Corpus
t = time.time()
m = Word2Vec(min_count=int(sys.argv[2]), workers=1)
m.build_vocab(Text8Corpus(sys.argv[1]))
wv = m.wv
print(json.dumps({"words": wv.index_to_key, "counts": [int(wv.get_vecattr(w, "count")) for w in wv.index_to_key], "seconds": time.time() - t}))
`;
  const r = spawnSync(PYTHON, ['-c', code, file, String(minCount)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`gensim failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { words: string[]; counts: number[]; seconds: number };
}

/** Our vocabulary of the same file, built through the public corpus + vocab path with --tokenized. */
export async function ourVocab(file: string, minCount: number): Promise<{ words: readonly string[]; counts: number[]; seconds: number }> {
  const t = performance.now();
  const corpus = await openCorpus([file], resolveTokenizerOptions({ tokenized: true }), { maxSentenceLength: 10_000 });
  const { vocab } = await buildVocab(corpus, resolveVocabOptions({ minCount }));
  return { words: vocab.words, counts: Array.from(vocab.counts), seconds: (performance.now() - t) / 1000 };
}

async function main(): Promise<void> {
  const input = process.argv[2] ?? 'corpora/text8_head12500000.zip';
  const minCount = Number(process.argv[3] ?? 5);
  const { file, dir } = input.endsWith('.zip') ? unzipSingle(input) : { file: input, dir: undefined };
  try {
    const ours = await ourVocab(file, minCount);
    const theirs = gensimVocab(file, minCount);
    const theirCount = new Map(theirs.words.map((w, i) => [w, theirs.counts[i]!]));
    let sameCount = 0;
    let samePosition = 0;
    for (let i = 0; i < ours.words.length; i++) {
      if (theirCount.get(ours.words[i]!) === ours.counts[i]) sameCount++;
      if (theirs.words[i] === ours.words[i]) samePosition++;
    }
    const sortedCounts = ours.counts.every((c, i) => c === theirs.counts[i]);
    process.stdout.write(
      `${JSON.stringify({
        file: input,
        minCount,
        ourWords: ours.words.length,
        gensimWords: theirs.words.length,
        sameWordsAndCounts: sameCount === ours.words.length && ours.words.length === theirs.words.length,
        countSequenceIdentical: sortedCounts,
        samePosition,
        ourSeconds: +ours.seconds.toFixed(2),
        gensimSeconds: +theirs.seconds.toFixed(2),
      })}\n`,
    );
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
