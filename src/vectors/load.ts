// Loading KeyedVectors from a model folder, a word2vec text/binary file or a projector TSV (read-source.ts tells
// them apart), and turning typed query text into vocabulary words with the model's own tokenizer settings.
import { existsSync } from 'node:fs';
import type { ReadVectorsOptions } from '../io/formats/word2vec-reader.ts';
import type { ModelMeta } from '../io/model-folder.ts';
import { readPhraseTable } from '../tokenize/phrase-table.ts';
import { KeyedVectors } from './keyed-vectors.ts';
import { readVectorSource, type SourceFormat } from './read-source.ts';

export type { SourceFormat } from './read-source.ts';

/** KeyedVectors plus what is known about their source. */
export interface LoadedModel {
  kv: KeyedVectors;
  format: SourceFormat;
  /** model.json, when the source is a model folder. */
  meta?: ModelMeta | undefined;
  /** Rows dropped from a vector file because their word repeated an earlier one. */
  duplicates: number;
  /** False for headerless (GloVe-style) text files. */
  header: boolean;
}

/** Loads a model folder or a word2vec text/binary file (sniffed), honouring `limit` and `unicodeErrors`. */
export async function loadKeyedVectors(path: string, options: ReadVectorsOptions = {}): Promise<LoadedModel> {
  const source = await readVectorSource(path, options);
  return { kv: new KeyedVectors(source.words, source.vectors, source.dim, source.counts, source.subwords), format: source.format, meta: source.meta, duplicates: source.duplicates, header: source.header };
}

/** Typed query text turned into vocabulary words. */
export interface ParsedQuery {
  /**
   * The query words in the order typed (a word typed twice counts twice, as word2vec.c `distance` sums):
   * vocabulary words, and in a subword model also the tokens outside the vocabulary, whose vectors are composed.
   */
  words: string[];
  /** Tokens that have no vector (not in the vocabulary of a model without subwords), each once. */
  unknown: string[];
  /** Subword models: the tokens of `words` outside the vocabulary (their vectors are composed from n-grams), each once. */
  composed: string[];
}

/** Turns typed text (one word, or a sentence) into the vocabulary words it stands for. */
export type QueryParser = (text: string) => ParsedQuery;

/**
 * The query parser of a loaded model: the tokenizer settings the model was trained with (model.json) applied
 * to what a user types, so `ＥＬＩＺＡＢＥＴＨ` finds `elizabeth`, `don’t` finds `don't`, `宝玉，` finds `宝玉`
 * and `宝玉笑道` is segmented into 宝玉 and 笑道. A word the vocabulary holds exactly as typed is taken as it is.
 * The model's phrase table (model.json `tokenizer.phrases`) is then applied over the tokens of the whole text,
 * as training applied it to each line, so `new york` is the one word `new_york` when the phrases join them.
 * Plain vector files record no tokenizer: each whitespace-separated word is tried as typed, in NFKC, then
 * lowercased, then without surrounding punctuation.
 * @example
 * const model = await loadKeyedVectors('models/hlm');
 * const parse = await queryParser(model);
 * model.kv.mostSimilar(parse('宝玉，').words);
 */
export async function queryParser(model: LoadedModel): Promise<QueryParser> {
  const { kv } = model;
  const settings = model.meta?.tokenizer;
  // Python's whitespace set, as --tokenized splits (JS \s would also split at U+FEFF, which a token may hold)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are whitespace to Python
  const split = (text: string): string[] => text.split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u).filter((w) => w !== '');
  const collect = (pieces: readonly (readonly string[])[]): ParsedQuery => {
    const words: string[] = [];
    const unknown: string[] = [];
    const composed: string[] = [];
    for (const candidates of pieces) {
      const known = candidates.find((c) => kv.has(c));
      const typed = candidates[0];
      if (known !== undefined) words.push(known);
      else if (typed === undefined) continue;
      else if (kv.subwords !== undefined) {
        // no spelling is in the vocabulary: the token as the tokenizer gave it (or as typed, for a vector
        // file) gets its n-gram vector, as fastText's print-word-vectors composes the word it reads
        words.push(typed);
        if (!composed.includes(typed)) composed.push(typed);
      } else if (!unknown.includes(typed)) unknown.push(typed);
    }
    return { words, unknown, composed };
  };
  // the phrase table joins tokens across the words typed, so it runs on the tokens of the whole text
  const table = settings?.phrases === undefined ? undefined : await readPhraseTable(settings.phrases);
  const phrases = (tokens: string[]): string[] => (table === undefined ? tokens : table.apply(tokens));
  if (settings?.tokenized === true) {
    // pre-tokenized training used tokens verbatim
    return (text) => collect(phrases(split(text)).map((w) => [w]));
  }
  if (settings === undefined) {
    // vector files get a few forgiving spellings
    return (text) =>
      collect(
        split(text).map((w) => {
          const nfkc = w.normalize('NFKC').replaceAll('\u2019', "'");
          const bare = nfkc.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
          return [w, nfkc, nfkc.toLowerCase(), bare, bare.toLowerCase()].filter((c) => c !== '');
        }),
      );
  }
  const { createTokenizer } = await import('../tokenize/index.ts');
  // stopwords are left out (a stopword is not in the vocabulary anyway), a user dictionary only if it is still
  // there, and jieba loads only when a query has Han characters (zh and auto segment Han runs the same way)
  const userDict = settings.userDict !== undefined && existsSync(settings.userDict) ? settings.userDict : undefined;
  // and no phrase table: it runs over the tokens of the whole text (above), not word by word
  const tokenizer = await createTokenizer({ ...settings, lang: settings.lang === 'zh' ? 'auto' : settings.lang, stopwords: undefined, userDict, phrases: undefined });
  return (text) => collect(phrases(split(text).flatMap((w) => (kv.has(w) ? [w] : tokenizer.tokenize(w)))).map((t) => [t]));
}
