// Tokenizer entry point: builds the tokenizer described by TokenizerOptions (stored in model.json), so the
// trainer, the vocabulary counter, queries and sentence encoding all split text the same way.
// Depends on nothing downstream (no corpus, vocab or training imports).
import { readFile } from 'node:fs/promises';
import { BadFileError, Word2VecError } from '../errors.ts';
import type { TokenizerOptions } from '../options.ts';
import { PhraseTokenizer, readPhraseTable } from './phrase-table.ts';
import { ConvertingTokenizer, createConverter, type TextConverter } from './convert.ts';
import { checkUserDict, type HanCutter, loadJieba } from './jieba.ts';
import { cutHanChars, normalizeText, splitWords } from './normalize.ts';
import type { Tokenizer } from './tokenizer.ts';

export type { Tokenizer } from './tokenizer.ts';
export { ConvertingTokenizer, createConverter, type TextConverter } from './convert.ts';
export { hasHan, normalizeText, splitWords } from './normalize.ts';

/** Splits on whitespace only (Python's definition), no normalisation: gensim LineSentence / Text8Corpus behaviour. */
export class WhitespaceTokenizer implements Tokenizer {
  tokenize(text: string): string[] {
    const out: string[] = [];
    WHITESPACE.lastIndex = 0;
    for (let m = WHITESPACE.exec(text); m !== null; m = WHITESPACE.exec(text)) out.push(m[0]);
    return out;
  }
}

/** NFKC + lowercase + Unicode word splitting, with Han runs cut by `cutHan` (jieba or single characters). */
export class TextTokenizer implements Tokenizer {
  constructor(
    private readonly cutHan: HanCutter,
    private readonly keepCase: boolean,
  ) {}

  tokenize(text: string): string[] {
    return splitWords(normalizeText(text, this.keepCase), this.cutHan);
  }
}

/** Removes stopwords after an inner tokenizer has run. */
export class StopwordFilter implements Tokenizer {
  constructor(
    private readonly inner: Tokenizer,
    readonly stopwords: ReadonlySet<string>,
  ) {}

  tokenize(text: string): string[] {
    return this.inner.tokenize(text).filter((w) => !this.stopwords.has(w));
  }
}

/**
 * Builds the tokenizer for `options`: `convert` changes the script of each decoded line first (OpenCC);
 * `tokenized` then splits on whitespace only; otherwise text is normalised and split into words, Han runs going
 * to jieba (`zh`, or `auto` on the first line containing Han) or to single characters (`en`). Stopwords are
 * normalised like the text and removed. Last, a `phrases` table joins phrases into single tokens, so everything
 * that tokenizes with these options (training, vocab, queries, sentence vectors) sees the same phrase tokens.
 * jieba's dictionary is global to a thread (the binding keeps one per thread): tokenizers with different user
 * dictionaries cannot be used side by side on one thread (the last one to load wins).
 * @example
 * const tokenizer = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
 * tokenizer.tokenize('我喜欢苹果 iPhone'); // ['我', '喜欢', '苹果', 'iphone']
 */
export async function createTokenizer(options: TokenizerOptions): Promise<Tokenizer> {
  let base: Tokenizer;
  if (options.tokenized) {
    base = new WhitespaceTokenizer();
  } else if (options.lang === 'en') {
    base = new TextTokenizer(cutHanChars, options.keepCase);
  } else {
    // zh and auto: check the user dictionary's path now (a bad path should fail before any text is read), load
    // jieba at the first Han text: English-only corpora in auto mode never pay for it, and a corpus tokenized on
    // worker threads loads it only there (~250 MB per thread)
    const jiebaOptions = { userDict: options.userDict, hmm: options.hmm };
    checkUserDict(options.userDict);
    base = new TextTokenizer(lazyJieba(jiebaOptions), options.keepCase);
  }
  // model.json files written before these options existed have neither field
  const convert = await createConverter(options.convert ?? 'none');
  if (convert !== undefined) base = new ConvertingTokenizer(base, convert);
  if (options.stopwords !== undefined) base = new StopwordFilter(base, await readStopwords(options.stopwords, options, convert));
  if (options.phrases === 'auto') {
    throw new Word2VecError('E_INVALID_OPTION', '--phrases auto only works with `w2v train` (it learns the phrases first); elsewhere pass a phrases.tsv written by `w2v phrases`');
  }
  if (options.phrases !== undefined) base = new PhraseTokenizer(base, await readPhraseTable(options.phrases));
  return base;
}

/**
 * Reads a stopword file (one word per line, `#` comments) normalised the way `options` normalises text, and in
 * the script `convert` gives the text (a traditional stopword list keeps working on converted text).
 */
export async function readStopwords(path: string, options: Pick<TokenizerOptions, 'tokenized' | 'keepCase'>, convert?: TextConverter): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot read the stopword file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the --stopwords path`);
  }
  const words = new Set<string>();
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const converted = convert === undefined ? line : convert(line);
    words.add(options.tokenized ? converted : normalizeText(converted, options.keepCase));
  }
  return words;
}

// --- internal ---

// Python's str.isspace() set (what gensim's LineSentence/Text8Corpus split on): \s plus \x1c-\x1f and \x85,
// minus the BOM \ufeff, so --tokenized text splits exactly as gensim splits it (exported for the browser
// tokenizer module of the TF.js export, which copies its source)
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are whitespace to Python, so they must be here
export const WHITESPACE = /[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

function lazyJieba(options: { userDict: string | undefined; hmm: boolean }): HanCutter {
  let cut: HanCutter | undefined;
  return (run) => {
    cut ??= loadJieba(options);
    return cut(run);
  };
}
