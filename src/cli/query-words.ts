// Query words from the command line: each argument goes through the model's tokenizer settings (CliModel.parse),
// so what the user typed and what the vocabulary holds may differ; when they do, stderr says which words were used.
// A subword model takes words outside its vocabulary too (their vectors are composed from character n-grams):
// stderr says so for each, and the JSON lists them in `composed`; a model without subwords refuses them.
import { UnknownWordError, Word2VecError } from '../errors.ts';
import type { CliIo } from './io.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';
import type { CliModel } from './load-flags.ts';

/**
 * The query words of all `args` (an argument may stand for several); any unknown token is an error (in a
 * subword model no token is unknown: the ones outside the vocabulary are composed).
 */
export function argumentWords(model: CliModel, args: readonly string[]): string[] {
  const words: string[] = [];
  const unknown: string[] = [];
  for (const arg of args) {
    const parsed = model.parse(arg);
    words.push(...parsed.words);
    for (const u of parsed.unknown) if (!unknown.includes(u)) unknown.push(u);
    if (parsed.words.length === 0 && parsed.unknown.length === 0) throw new Word2VecError('E_UNKNOWN_WORD', `${JSON.stringify(arg)} holds no word (only punctuation or spaces)`);
  }
  if (unknown.length > 0) throw new UnknownWordError(unknown);
  return words;
}

/** The single vocabulary word `arg` stands for (analogy and similarity take one word per argument). */
export function oneWord(model: CliModel, arg: string): string {
  const words = argumentWords(model, [arg]);
  if (words.length !== 1) throw new Word2VecError('E_INVALID_OPTION', `${JSON.stringify(arg)} is ${words.length} words for this model (${words.join(' ')}); give one word`);
  return words[0]!;
}

/** One vocabulary word per argument; every unknown word of every argument is named in one error. */
export function oneWordEach(model: CliModel, args: readonly string[]): string[] {
  const unknown = args.flatMap((arg) => model.parse(arg).unknown);
  if (unknown.length > 0) throw new UnknownWordError([...new Set(unknown)]);
  return args.map((arg) => oneWord(model, arg));
}

/**
 * Says on stderr which vocabulary words a query used, when they are not exactly what was typed, and which
 * words outside the vocabulary were composed from n-grams (subword models).
 */
export function noteWords(io: CliIo, typed: readonly string[], words: readonly string[], label = 'words', kv?: KeyedVectors): void {
  if (typed.length !== words.length || typed.some((t, i) => t !== words[i])) io.stderr.write(`${label}: ${words.join(' ')}\n`);
  if (kv !== undefined) for (const c of composedWords(kv, words)) io.stderr.write(`${composedNote(kv, c)}\n`);
}

/** A query word whose vector was composed from its character n-grams. */
export interface ComposedWord {
  word: string;
  /** N-gram rows averaged; 0: the word has none and its vector is zeros. */
  ngrams: number;
}

/** The words of `words` outside the vocabulary of a subword model, each once; none without subwords. */
export function composedWords(kv: KeyedVectors, words: readonly string[]): ComposedWord[] {
  if (kv.subwords === undefined) return [];
  const out: ComposedWord[] = [];
  for (const w of words) {
    const origin = kv.describe(w);
    if (origin !== undefined && origin.row === -1 && !out.some((c) => c.word === w)) out.push({ word: w, ngrams: origin.ngrams });
  }
  return out;
}

/** The JSON field of a query's composed words: `{ composed: [...] }` for a subword model, nothing otherwise. */
export function composedField(kv: KeyedVectors, words: readonly string[]): { composed?: ComposedWord[] } {
  return kv.subwords === undefined ? {} : { composed: composedWords(kv, words) };
}

/** `宝玉笑道: not in the vocabulary, composed from 10 character n-grams`, or why its vector is zeros. */
export function composedNote(kv: KeyedVectors, c: ComposedWord): string {
  if (c.ngrams > 0) return `${c.word}: not in the vocabulary, composed from ${c.ngrams} character n-gram${c.ngrams === 1 ? '' : 's'}`;
  return `${c.word}: not in the vocabulary and has no n-gram of ${ngramSizes(kv)} characters: its vector is zeros`;
}

/** The model's n-gram sizes as `3-6` (or `3` when minn = maxn). */
export function ngramSizes(kv: KeyedVectors): string {
  const { minn, maxn } = kv.subwords!.settings;
  return minn === maxn ? `${minn}` : `${minn}-${maxn}`;
}
