// The scan and the encoding on tokenizing threads against the same passes on one thread, on real text: the
// vocabulary (words, counts, first-occurrence order), the spooled type ids and the ids file must be the same
// byte for byte. Small read sizes and units put many chunk and unit boundaries inside lines and sentences.
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../../src/corpus/open-corpus.ts';
import type { TextCorpus } from '../../../src/corpus/text-corpus.ts';
import { resolveTokenizerOptions, resolveVocabOptions, type TokenizerOptions } from '../../../src/options.ts';
import { encodeChunks, encodeIds, tempIdsPath } from '../../../src/train/ids-file.ts';
import { Word2Vec } from '../../../src/train/word2vec.ts';
import { buildVocab, type IdSink, type ScanResult, scanVocab } from '../../../src/vocab/build-vocab.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';
import { tmpDir } from '../../helpers/cli.ts';

const PRIDE = `${SHARED}/corpora/en/pg1342-pride-and-prejudice.txt`;
const LEE = `${SHARED}/corpora/en/lee_background.cor`;
const HLM = `${SHARED}/corpora/zh/hongloumeng.txt`;

/** The first ~600 KB of 红楼梦 (its first 20-odd chapters), cut at a line end: jieba is ~1 MB/s per thread. */
async function hongloumengHead(dir: string): Promise<string> {
  const text = readFileSync(HLM, 'utf8');
  const path = join(dir, 'hlm-head.txt');
  await writeFile(path, text.slice(0, text.indexOf('\n', 200_000) + 1));
  return path;
}

/** Collects what a scan spools, as bytes. */
class Recorder implements IdSink {
  private parts: Buffer[] = [];
  write(ids: Int32Array, n: number): void {
    this.parts.push(Buffer.from(ids.slice(0, n).buffer));
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A corpus that cuts units of 40,000 chars (tens of them per file) and reads 64 KiB at a time. */
function open(inputs: string[], tokenizer: TokenizerOptions, extra: { maxSentenceLength?: number; maxLineChars?: number } = {}): Promise<TextCorpus> {
  return openCorpus(inputs, tokenizer, { maxSentenceLength: extra.maxSentenceLength ?? 1000, chunkBytes: 1 << 16, minParallelBytes: 0, unitChars: 40_000, ...(extra.maxLineChars === undefined ? {} : { maxLineChars: extra.maxLineChars }) });
}

async function scanWith(corpus: TextCorpus, threads: number, maxTypes = 10_000_000): Promise<{ scan: ScanResult; spool: Buffer }> {
  const sink = new Recorder();
  const scan = await scanVocab(corpus, { maxTypes }, {}, sink, threads);
  return { scan, spool: sink.bytes() };
}

async function expectSameScans(corpus: TextCorpus, threads: number[]): Promise<ScanResult> {
  const one = await scanWith(corpus, 1);
  expect(one.scan.totalTokens).toBeGreaterThan(10_000);
  // the threads do run (a corpus that declined them would compare one thread with itself)
  expect(corpus.tokenChunks(2)).toBeDefined();
  for (const n of threads) {
    const many = await scanWith(corpus, n);
    expect({ threads: n, tokens: many.scan.totalTokens, sentences: many.scan.sentences, pruned: many.scan.pruned }).toEqual({
      threads: n,
      tokens: one.scan.totalTokens,
      sentences: one.scan.sentences,
      pruned: 0,
    });
    // the same words with the same counts in the same (first-occurrence) order, and the same type ids
    expect([...many.scan.counts]).toEqual([...one.scan.counts]);
    expect([...many.scan.typeIds]).toEqual([...one.scan.typeIds]);
    expect(many.spool.equals(one.spool)).toBe(true);
  }
  return one.scan;
}

describe('scanVocab on tokenizing threads', () => {
  it('gives the one-thread vocabulary and spool on English text, 2 and 3 threads', async () => {
    await expectSameScans(await open([PRIDE], resolveTokenizerOptions({ lang: 'en' })), [2, 3]);
  });

  it('gives the one-thread vocabulary and spool on Chinese text through jieba, 2 and 3 threads', async () => {
    const head = await hongloumengHead(await tmpDir());
    const scan = await expectSameScans(await open([head], resolveTokenizerOptions({ lang: 'zh' })), [2, 3]);
    // jieba did cut words: not one token per character
    expect([...scan.counts.keys()].some((w) => w.length >= 2 && /\p{Script=Han}/u.test(w))).toBe(true);
  });

  it('gives the one-thread result on a gzip input among several files, with stopwords', async () => {
    const dir = await tmpDir();
    const gz = join(dir, 'hlm.txt.gz');
    await writeFile(gz, gzipSync(readFileSync(await hongloumengHead(dir))));
    const stopwords = join(dir, 'stop.txt');
    await writeFile(stopwords, 'the\n的\n了\n');
    const corpus = await open([LEE, gz, PRIDE], resolveTokenizerOptions({ stopwords }));
    expect(corpus.files.map((f) => f.gzip)).toEqual([false, true, false]);
    const scan = await expectSameScans(corpus, [2]);
    expect(scan.counts.has('the')).toBe(false);
  });

  it('keeps sentences that run across units: one text8-style line cut at maxSentenceLength, CRLF lines', async () => {
    const dir = await tmpDir();
    // letters only, so the word splitter finds exactly these words (pre-tokenized text never takes the threads)
    const words = (await readFile(PRIDE, 'utf8')).split(/\s+/).filter((w) => /^\p{L}+$/u.test(w));
    const text8 = join(dir, 'one-line');
    await writeFile(text8, ` ${words.join(' ')}`);
    const crlf = join(dir, 'crlf.txt');
    // lines of 1 to 200 words; a CR lands at the end of a 64 KiB read somewhere
    const lines: string[] = [];
    for (let i = 0, n = 1; i < words.length; i += n, n = 1 + ((n * 37) % 200)) lines.push(words.slice(i, i + n).join(' '));
    await writeFile(crlf, lines.join('\r\n'));
    const corpus = await open([text8, crlf], resolveTokenizerOptions({ lang: 'en' }), { maxSentenceLength: 997, maxLineChars: 30_000 });
    const scan = await expectSameScans(corpus, [2]);
    expect(scan.totalTokens).toBe(2 * words.length);
  });

  it('prunes past maxTypes exactly as one thread does', async () => {
    const corpus = await open([PRIDE], resolveTokenizerOptions({ lang: 'en' }));
    const one = await scanWith(corpus, 1, 2000);
    const two = await scanWith(corpus, 2, 2000);
    expect(one.scan.pruned).toBeGreaterThan(0);
    expect(two.scan.pruned).toBe(one.scan.pruned);
    expect([...two.scan.counts]).toEqual([...one.scan.counts]);
  });

  it('builds the same Vocab, and encodes the same ids file, on two threads', async () => {
    // --lang en: Han text as single characters, so the threads need no jieba here
    const corpus = await open([HLM, PRIDE], resolveTokenizerOptions({ lang: 'en' }));
    const options = resolveVocabOptions({ minCount: 3 });
    const one = await buildVocab(corpus, options, {}, 1);
    const two = await buildVocab(corpus, options, {}, 2);
    expect(two.vocab.words).toEqual(one.vocab.words);
    expect(Array.from(two.vocab.counts)).toEqual(Array.from(one.vocab.counts));
    expect(two.stats).toEqual(one.stats);
    const a = await encodeIds(corpus, one.vocab, tempIdsPath(), 700);
    const chunks = corpus.tokenChunks(2);
    if (chunks === undefined) throw new Error('expected tokenizing threads');
    const b = await encodeChunks(chunks, one.vocab, tempIdsPath(), 700);
    try {
      expect(b.stats).toEqual(a.stats);
      expect(b.ints).toBe(a.ints);
      expect((await readFile(b.path)).equals(await readFile(a.path))).toBe(true);
    } finally {
      for (const f of [a, b]) await rm(f.path, { force: true });
    }
  });

  it('stops with the reader error naming the file and byte, as one thread does', async () => {
    const dir = await tmpDir();
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, Buffer.concat([Buffer.from('good words here\n'.repeat(20_000)), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\nmore\n')]));
    const corpus = await open([bad], resolveTokenizerOptions({ lang: 'en' }));
    const one = await scanWith(corpus, 1).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    const two = await scanWith(corpus, 2).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    expect(one).toMatch(/bad\.txt, byte 320000: invalid UTF-8/);
    expect(two).toBe(one);
  });

  it('stays on the calling thread below minParallelBytes, without tokenizer settings, for pre-tokenized text, or with one thread', async () => {
    const small = await openCorpus([LEE], resolveTokenizerOptions({ lang: 'en' }), { maxSentenceLength: 1000 });
    expect(small.tokenChunks(2)).toBeUndefined();
    const big = await open([LEE], resolveTokenizerOptions({ lang: 'en' }));
    expect(big.tokenChunks(1)).toBeUndefined();
    expect(big.tokenChunks(2)).toBeDefined();
    const spaced = await open([LEE], resolveTokenizerOptions({ tokenized: true }));
    expect(spaced.tokenChunks(2)).toBeUndefined();
  });
});

describe('Word2Vec.build on tokenizing threads', () => {
  it('builds the vocabulary and ids file of one thread, through the spool and after a pruned scan (encoding again)', async () => {
    const corpus = await open([PRIDE, LEE], resolveTokenizerOptions({ lang: 'en' }));
    for (const maxTypes of [10_000_000, 3000]) {
      const built: { words: readonly string[]; counts: number[]; ids: Buffer; stats: unknown }[] = [];
      const warnings: string[] = [];
      for (const workers of [1, 2]) {
        const w2v = await Word2Vec.build(corpus, { workers, maxTypes, minCount: 2, dim: 4, epochs: 1, seed: 3 }, { hooks: { onWarning: (m) => warnings.push(m) } });
        try {
          built.push({ words: w2v.vocab.words, counts: Array.from(w2v.vocab.counts), ids: await readFile(w2v.idsFile.path), stats: w2v.encodeStats });
        } finally {
          w2v.dispose();
        }
      }
      expect(built[1]!.words).toEqual(built[0]!.words);
      expect(built[1]!.counts).toEqual(built[0]!.counts);
      expect(built[1]!.stats).toEqual(built[0]!.stats);
      expect(built[1]!.ids.equals(built[0]!.ids)).toBe(true);
      // the small limit did prune (on both runs), so the second case is the encoding pass
      expect(warnings.filter((m) => m.includes('pruning the rarest'))).toHaveLength(maxTypes === 3000 ? 2 : 0);
    }
  });
});
