// Flag tables typed against the option interfaces (vitest's CLIOptions<Config> pattern): adding an option
// without deciding its flag does not compile, and help prints the live default from options.ts.
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  AUTO_BATCH_SIZE,
  DEFAULT_PHRASE_OPTIONS,
  DEFAULT_TOKENIZER_OPTIONS,
  DEFAULT_TRAIN_OPTIONS,
  type PhraseOptions,
  type TokenizerOptions,
  type TrainOptions,
} from '../options.ts';

/** One command-line flag: commander flag syntax, help text, and the parser of its raw value. */
export interface Flag {
  flags: string;
  description: string;
  parse?: (raw: string) => unknown;
  /** Shown instead of the default value in help (for computed defaults such as the core count). */
  defaultDescription?: string;
}

export type FlagTable<T> = { [K in keyof T]-?: Flag | null };

export const TOKENIZER_FLAGS: FlagTable<TokenizerOptions> = {
  lang: { flags: '--lang <lang>', description: 'tokenizer language: auto, zh (jieba for Han runs) or en', parse: oneOf('auto', 'zh', 'en') },
  tokenized: { flags: '--tokenized', description: 'input is already space-separated tokens (like text8): split on whitespace only' },
  userDict: { flags: '--user-dict <file>', description: 'jieba user dictionary (word [freq] [tag] per line)' },
  hmm: { flags: '--no-hmm', description: "turn off jieba's HMM for words missing from its dictionary" },
  keepCase: { flags: '--keep-case', description: 'keep the case of Latin letters (default: lowercase)' },
  stopwords: { flags: '--stopwords <file>', description: 'file of stopwords, one per line, removed after tokenizing' },
  encoding: {
    flags: '--encoding <name>',
    description: 'input encoding: utf-8, gb18030, big5, utf-16le, utf-16be, ... (default: UTF-8/UTF-16 by BOM, GB18030 detected)',
  },
  convert: {
    flags: '--convert <mode>',
    description: 'Chinese script conversion (OpenCC) after decoding, before segmentation: t2s (traditional to simplified), s2t, or none',
    parse: oneOf('t2s', 's2t', 'none'),
  },
  phrases: {
    flags: '--phrases <file>',
    description: 'join the phrases of FILE (written by `w2v phrases`) into single tokens (new_york); train also takes auto: learn them first',
  },
};

export const PHRASE_FLAGS: FlagTable<PhraseOptions> = {
  minCount: { flags: '--min-count <n>', description: 'bigrams seen fewer times are never phrases (also subtracted in the default score)', parse: int(1) },
  threshold: { flags: '--threshold <x>', description: 'a bigram is a phrase when its score is strictly greater (default scoring > 0; npmi in [-1, 1], e.g. 0.5)', parse: float },
  scoring: { flags: '--scoring <name>', description: 'default (word2phrase: (n_ab - min_count) / (n_a n_b) x types) or npmi', parse: oneOf('default', 'npmi') },
  connectorWords: { flags: '--connector-words <words>', description: 'words allowed inside a phrase but never at its ends: english (bank_of_america), none, or a file of words' },
  delimiter: { flags: '--delimiter <text>', description: 'joins the words of a phrase' },
  maxTypes: { flags: '--max-types <n>', description: 'unigram + bigram types held while counting before the rarest are pruned (gensim max_vocab_size)', parse: int(1) },
  passes: { flags: '--passes <n>', description: 'learning passes: 2 also joins phrases into longer ones (new_york_city)', parse: int(1) },
};

export const TRAIN_FLAGS: FlagTable<TrainOptions> = {
  model: { flags: '--model <model>', description: 'sg (skip-gram) or cbow', parse: oneOf('sg', 'cbow') },
  loss: { flags: '--loss <loss>', description: 'ns (negative sampling), hs (hierarchical softmax) or softmax (full; small vocabularies)', parse: oneOf('ns', 'hs', 'softmax') },
  dim: { flags: '--dim <n>', description: 'dimensionality of the word vectors', parse: int(1) },
  window: { flags: '--window <n>', description: 'maximum distance between centre and context word', parse: int(1) },
  negative: { flags: '--negative <n>', description: 'noise words per example for --loss ns (5-20 small corpora, 2-5 large)', parse: int(0) },
  nsExponent: { flags: '--ns-exponent <x>', description: 'exponent of the noise distribution count^x (fastText uses 0.5)', parse: float },
  sample: { flags: '--sample <t>', description: 'down-sampling threshold for frequent words, useful range (0, 1e-3]; 0 disables', parse: float },
  minCount: { flags: '--min-count <n>', description: 'drop words seen fewer times', parse: int(1) },
  maxVocab: { flags: '--max-vocab <n>', description: 'keep only the N most frequent words (0: no limit)', parse: int(0) },
  maxTypes: { flags: '--max-types <n>', description: 'distinct types held while counting before the rarest are pruned (as word2vec.c)', parse: int(1) },
  epochs: { flags: '--epochs <n>', description: 'passes over the corpus', parse: int(1) },
  alpha: { flags: '--alpha <x>', description: 'initial learning rate', parse: float },
  minAlpha: { flags: '--min-alpha <x>', description: 'final learning rate (linear decay over all epochs)', parse: float },
  cbowMean: { flags: '--no-cbow-mean', description: 'CBOW: sum the context vectors instead of averaging them' },
  batchSize: {
    flags: '--batch-size <n>',
    description: 'training examples per step (one TF.js kernel call)',
    parse: int(1),
    defaultDescription: `auto: ${AUTO_BATCH_SIZE.logistic} for ns/hs, ${AUTO_BATCH_SIZE.softmax} for softmax`,
  },
  seed: { flags: '--seed <n>', description: 'random seed (with --workers 1 a run is repeatable)', parse: int(0) },
  workers: { flags: '--workers <n>', description: 'worker threads: tokenizing the text (inputs of 4 MB or more), then Hogwild training', parse: int(1), defaultDescription: 'number of cores' },
  backend: { flags: '--backend <name>', description: 'TF.js backend: auto, tensorflow (tfjs-node), wasm or cpu', parse: oneOf('auto', 'tensorflow', 'wasm', 'cpu') },
  maxSentenceLength: { flags: '--max-sentence-length <n>', description: 'longer sentences are cut into chunks of this many tokens', parse: int(1) },
  subwords: { flags: '--subwords', description: "fastText's model: words are also made of character n-grams, so unseen words get vectors" },
  minn: { flags: '--minn <n>', description: 'with --subwords: shortest n-gram in characters (Chinese: 1)', parse: int(1) },
  maxn: { flags: '--maxn <n>', description: 'with --subwords: longest n-gram in characters (Chinese: 3)', parse: int(1) },
  bucket: { flags: '--bucket <n>', description: 'with --subwords: hash buckets of the n-grams (bucket x dim floats of memory)', parse: int(1) },
};

/** Registers every flag of `table` on `command`, with its default taken from `defaults`. */
export function addFlags<T extends object>(command: Command, table: FlagTable<T>, defaults: Readonly<T>, only?: readonly (keyof T)[]): Command {
  for (const key of Object.keys(table) as (keyof T)[]) {
    if (only !== undefined && !only.includes(key)) continue;
    const flag = table[key];
    if (flag === null) continue;
    const option = new Option(flag.flags, flag.description);
    if (flag.parse !== undefined) option.argParser(flag.parse as (value: string, previous: unknown) => unknown);
    const value = defaults[key];
    const isNegation = flag.flags.startsWith('--no-');
    if (!isNegation && value !== undefined && value !== false) option.default(value, flag.defaultDescription);
    command.addOption(option);
  }
  return command;
}

/** Picks the keys of `table` out of commander's parsed options (same camelCase names). */
export function pickOptions<T extends object>(table: FlagTable<T>, parsed: Record<string, unknown>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(table) as (keyof T)[]) {
    if (parsed[key as string] !== undefined) out[key] = parsed[key as string] as T[keyof T];
  }
  return out;
}

export { DEFAULT_PHRASE_OPTIONS, DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS };

// --- parsers ---

/** A parser accepting only the listed words. */
export function oneOf(...allowed: string[]): (raw: string) => string {
  return (raw) => {
    if (!allowed.includes(raw)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return raw;
  };
}

/** A parser of whole numbers >= min. */
export function int(min: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    }
    return n;
  };
}

/** A parser of finite numbers (1e-3 style accepted). */
export function float(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** A commander parser for positive whole numbers used by -k/--top-n. */
export const topNParser = int(1);

/** Collects a repeatable option into an array (`--pairs a.tsv --pairs b.tsv`, `--negative w1 --negative w2`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('expected a value');
  return [...(previous ?? []), value];
}
