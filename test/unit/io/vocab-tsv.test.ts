// vocab.tsv stores every token the tokenizers can produce and reads it back unchanged; what it cannot store
// (a line break, a lone surrogate) is refused when the vocabulary is built, before any training. Old files
// (`word<TAB>count`) and word2vec.c `-save-vocab` files (`word count`) still read, and malformed lines name
// their line.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../../src/corpus/corpus.ts';
import { BadFileError, Word2VecError } from '../../../src/errors.ts';
import { parseVocabTsv, readModelFolder, vocabTsv } from '../../../src/io/model-folder.ts';
import { resolveVocabOptions } from '../../../src/options.ts';
import { buildVocab } from '../../../src/vocab/build-vocab.ts';
import { cli, tmpDir } from '../../helpers/cli.ts';

// what `--tokenized` keeps inside a token (it splits on Python's str.isspace() set only), and what the
// library API may pass: BOM, NUL and other C0 controls, backslash escapes written literally, TAB, U+2028, NEL,
// spaces, an empty word, astral characters
const TOKENS = [
  '\ufeffstarts-with-bom',
  'a\ufeffb',
  'nul\u0000inside',
  'bell\u0007',
  'back\\slash',
  '\\n',
  '\\t\\\\',
  'tab\tinside',
  'line\u2028sep',
  'nel\u0085',
  'two words',
  'trailing ',
  '',
  '😀🀄',
  '红楼梦',
  'ends-with-tab\t',
];

function memoryCorpus(sentences: string[][]): Corpus {
  return {
    description: 'memory',
    bytesRead: 0,
    totalBytes: async () => undefined,
    fingerprint: async () => 'memory',
    async *[Symbol.asyncIterator]() {
      yield* sentences;
    },
  };
}

describe('vocab.tsv', () => {
  it('round-trips every token without a line break', () => {
    const counts = TOKENS.map((_, i) => 100 - i);
    const back = parseVocabTsv('vocab.tsv', vocabTsv(TOKENS, counts));
    expect(back.words).toEqual(TOKENS);
    expect(Array.from(back.counts)).toEqual(counts);
  });

  it('round-trips through a model folder written by training on --tokenized text with U+FEFF inside tokens', async () => {
    const dir = await tmpDir();
    const corpus = join(dir, 'c.txt');
    await writeFile(corpus, 'a\ufeffb c\\d e\u200bf g\n'.repeat(20));
    const run = await cli(['train', '--tokenized', corpus, '-o', join(dir, 'm'), '--dim', '4', '--epochs', '1', '--min-count', '1', '--workers', '1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const model = await readModelFolder(join(dir, 'm'));
    expect([...model.words].sort()).toEqual(['a\ufeffb', 'c\\d', 'e\u200bf', 'g'].sort());
    const similar = await cli(['similar', join(dir, 'm'), 'a\ufeffb', '-k', '1']);
    expect(similar.stderr).toBe('');
    expect(similar.code).toBe(0);
  });

  it('refuses a token with a CR, an LF or a lone surrogate when the vocabulary is built, naming the token', async () => {
    for (const bad of ['a\nb', 'a\rb']) {
      const error = await buildVocab(memoryCorpus([['ok', bad, 'ok']]), resolveVocabOptions({ minCount: 1 })).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).toBeInstanceOf(Word2VecError);
      expect((error as Error).message).toContain(JSON.stringify(bad));
      expect((error as Error).message).toMatch(/vocab\.tsv .* cannot store; split or clean such tokens before training/);
      expect(() => vocabTsv([bad], [1])).toThrow(Word2VecError);
    }
    // a lone surrogate has no UTF-8 form (counting already stores it as U+FFFD); the writer refuses it
    expect(() => vocabTsv(['x\ud800y'], [1])).toThrow(/lone surrogate/);
    // a rare bad token below --min-count never reaches vocab.tsv, so it does not stop anything
    const { vocab } = await buildVocab(memoryCorpus([['ok', 'a\nb', 'ok']]), resolveVocabOptions({ minCount: 2 }));
    expect(vocab.words).toEqual(['ok']);
  });

  it('reads older files, CRLF line ends and word2vec.c -save-vocab files', () => {
    expect(parseVocabTsv('v', 'the\t5\nof\t3\n')).toEqual({ words: ['the', 'of'], counts: Float64Array.from([5, 3]) });
    expect(parseVocabTsv('v', 'the\t5\r\nof\t3\r\n').words).toEqual(['the', 'of']);
    // word2vec.c SaveVocab: "%s %lld\n", </s> first
    const c = parseVocabTsv('v', '</s> 0\nthe 1061396\nof 593677\n');
    expect(c.words).toEqual(['</s>', 'the', 'of']);
    expect(Array.from(c.counts)).toEqual([0, 1061396, 593677]);
    // word2vec.c words hold anything but space, TAB and newline: U+FEFF and NBSP stay in the word
    expect(parseVocabTsv('v', 'a\ufeffb 2\nc\u00a0d 1\n').words).toEqual(['a\ufeffb', 'c\u00a0d']);
  });

  it('names the line of a malformed -save-vocab or vocab.tsv line', () => {
    const cases: [string, number][] = [
      ['the 5\nof\n', 2], // no count
      ['the 5\nof 3x\n', 2], // not a number
      ['the 5\nof -3\n', 2], // negative
      ['the\t5\nof\t\n', 2], // empty count
      ['the 5\n 3\n', 2], // no word
      ['the 5\nof 2.5\n', 2], // not a whole number
      ['\n\nthe\n', 3], // blank lines still count for the line number
    ];
    for (const [text, line] of cases) {
      let error: unknown;
      try {
        parseVocabTsv('/x/vocab.txt', text);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(text)).toBeInstanceOf(BadFileError);
      expect((error as Error).message, JSON.stringify(text)).toMatch(new RegExp(`^/x/vocab\\.txt, line ${line}: expected "word<TAB>count" \\(or word2vec\\.c's "word count"\\), got `));
    }
    expect(() => parseVocabTsv('/x/v', 'a 1\nb 2\na 3\n')).toThrow('/x/v, line 3: "a" repeats line 1; a vocabulary lists each word once');
  });
});
