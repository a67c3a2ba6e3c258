// One source of truth for every option: its type, its default and its validation. The CLI flag tables
// (cli/flags.ts) are typed against these interfaces and print these defaults, so help cannot drift.
import { availableParallelism } from 'node:os';
import { invalidOption, Word2VecError } from './errors.ts';

/** How text becomes tokens. Stored in model.json so queries and sentence encoding tokenize the same way. */
export interface TokenizerOptions {
  /** `zh` sends runs of Han characters to jieba, `en` never does, `auto` uses jieba when the text has Han. */
  lang: 'auto' | 'zh' | 'en';
  /** Input is already tokenized: split on whitespace only (gensim LineSentence / text8); no normalisation. */
  tokenized: boolean;
  /** A jieba user dictionary (one `word [freq] [tag]` a line). */
  userDict: string | undefined;
  /** jieba's HMM for words missing from its dictionary. */
  hmm: boolean;
  /** Keep the case of Latin letters (default: lowercase, as most English embeddings do). */
  keepCase: boolean;
  /** A file of stopwords, one a line, removed after tokenizing. */
  stopwords: string | undefined;
  /** Input encoding; undefined means UTF-8 (BOM aware), UTF-16 by BOM, GB18030 detected, else an error. */
  encoding: string | undefined;
  /**
   * Chinese script conversion (OpenCC via opencc-js) right after decoding, before segmentation: `t2s` traditional
   * to simplified, `s2t` the reverse. Recorded in model.json, so a query typed in either script finds the same words.
   */
  convert: Convert;
  /**
   * A phrase table (phrases.tsv from `w2v phrases`) applied to the tokens of each line, last: `new york` becomes
   * `new_york`. In model.json it names the folder's own phrases.tsv. `train` also accepts `auto` (learn first).
   */
  phrases: string | undefined;
}

/** Script conversion of Chinese text: traditional to simplified, simplified to traditional, or none. */
export type Convert = 'none' | 't2s' | 's2t';

/** How phrases are learned (gensim 4.2 `Phrases`); defaults are gensim's. */
export interface PhraseOptions {
  /** Bigrams seen fewer times are never phrases; also subtracted in the default score (gensim min_count). */
  minCount: number;
  /** A bigram is a phrase when its score is strictly greater: default scoring > 0, npmi in [-1, 1]. */
  threshold: number;
  /**
   * `default`: (count(ab) - minCount) / (count(a) count(b)) x types, where types counts unigrams and bigrams
   * (word2vec.c's word2phrase, gensim original_scorer); `npmi`: normalised pointwise mutual information in [-1, 1].
   */
  scoring: PhraseScoring;
  /**
   * Words that may sit inside a phrase but never start or end one (`bank_of_america`): `english` (gensim's
   * ENGLISH_CONNECTOR_WORDS), `none`, or a file of words, one a line.
   */
  connectorWords: string;
  /** Joins the words of a phrase into one token. */
  delimiter: string;
  /**
   * Bound on unigram + bigram types held while counting (gensim max_vocab_size); past it the rarest are pruned
   * as gensim does, with a warning, and counts become undercounts.
   */
  maxTypes: number;
  /** Learning passes: 2 joins bigram phrases again into trigrams and four-grams (new_york_city). */
  passes: number;
}

export type PhraseScoring = 'default' | 'npmi';

/** How the vocabulary is built from counts. */
export interface VocabOptions {
  /** Words seen fewer times are dropped (word2vec.c / gensim min_count). */
  minCount: number;
  /** Keep at most this many of the most frequent words; 0 means no limit. */
  maxVocab: number;
  /**
   * Bound on distinct types held while counting; past it the rarest are pruned as word2vec.c's ReduceVocab
   * does (and a warning is given). Counts of pruned words are then undercounts.
   */
  maxTypes: number;
}

export type Model = 'sg' | 'cbow';
export type Loss = 'ns' | 'hs' | 'softmax';
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Everything that shapes training; with the tokenizer and vocab options this is what model.json records. */
export interface TrainOptions extends VocabOptions {
  /** `sg` (skip-gram) predicts each context word from the centre; `cbow` predicts the centre from its context. */
  model: Model;
  /** `ns` negative sampling, `hs` hierarchical softmax over the Huffman tree, `softmax` full softmax (small vocabularies). */
  loss: Loss;
  /** Dimensionality of the word vectors (word2vec.c `-size`). */
  dim: number;
  /** Maximum centre-context distance; the effective window is drawn from 1..window per centre word. */
  window: number;
  /** Noise words per positive example with `--loss ns`; 5-20 suits small corpora, 2-5 large ones. */
  negative: number;
  /** Exponent of the noise distribution count^x: 0.75 from the paper; fastText uses 0.5. */
  nsExponent: number;
  /** Down-sampling threshold for frequent words; useful range (0, 1e-3]; 0 disables. */
  sample: number;
  /** Initial learning rate, decayed linearly to minAlpha over all epochs by words processed. */
  alpha: number;
  minAlpha: number;
  epochs: number;
  /** CBOW: average the context vectors (true, gensim cbow_mean=1) or sum them. */
  cbowMean: boolean;
  /**
   * Training examples per step (one TF.js kernel call); 0 = auto: AUTO_BATCH_SIZE.logistic for ns/hs, whose step is
   * word2vec's sequential SGD whatever the size (so the size is only a throughput knob), and
   * AUTO_BATCH_SIZE.softmax for full softmax, a true batch gradient over a batch x vocabulary logit matrix.
   */
  batchSize: number;
  /** Seed of every random draw (init, subsampling, windows, negatives); one worker + a seed = repeatable. */
  seed: number;
  /**
   * Worker threads training in parallel (Hogwild); 0 = auto, the number of cores of the machine that trains,
   * resolved by resolveTrainOptions (a default taken at import would be saved in model.json as if chosen).
   */
  workers: number;
  /** TF.js backend: auto takes tfjs-node when it loads, else wasm, else cpu. */
  backend: BackendName;
  /** Sentences longer than this many tokens are cut into chunks (gensim/word2vec.c use 10,000 / 1,000). */
  maxSentenceLength: number;
  /**
   * fastText's model: a word's input is the mean of its own row and the rows of its character n-grams, so any
   * word, seen or not, gets a vector. Fixed for a model's life (resume and continue keep it).
   */
  subwords: boolean;
  /** Shortest n-gram in code points (fastText -minn 3; for Chinese, 1 lets single characters count). */
  minn: number;
  /** Longest n-gram in code points (fastText -maxn 6; for Chinese 3 or 4). */
  maxn: number;
  /** Hash buckets shared by all n-grams (fastText -bucket 2,000,000): bucket x dim floats of memory. */
  bucket: number;
}

export const DEFAULT_TOKENIZER_OPTIONS: Readonly<TokenizerOptions> = Object.freeze({
  lang: 'auto',
  tokenized: false,
  userDict: undefined,
  hmm: true,
  keepCase: false,
  stopwords: undefined,
  encoding: undefined,
  convert: 'none',
  phrases: undefined,
});

export const DEFAULT_PHRASE_OPTIONS: Readonly<PhraseOptions> = Object.freeze({
  minCount: 5,
  threshold: 10,
  scoring: 'default',
  connectorWords: 'none',
  delimiter: '_',
  maxTypes: 40_000_000,
  passes: 1,
});

export const DEFAULT_VOCAB_OPTIONS: Readonly<VocabOptions> = Object.freeze({
  minCount: 5,
  maxVocab: 0,
  maxTypes: 10_000_000,
});

export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  ...DEFAULT_VOCAB_OPTIONS,
  model: 'cbow',
  loss: 'ns',
  dim: 100,
  window: 5,
  negative: 5,
  nsExponent: 0.75,
  sample: 1e-3,
  alpha: 0.025,
  minAlpha: 0.0001,
  epochs: 5,
  cbowMean: true,
  batchSize: 0,
  seed: 1,
  workers: 0,
  backend: 'auto',
  maxSentenceLength: 10_000,
  subwords: false,
  minn: 3,
  maxn: 6,
  bucket: 2_000_000,
});

/**
 * Batch sizes picked by `batchSize: 0`: for ns/hs a large batch means fewer kernel calls and per-batch passes at
 * the same loss (the updates stay sequential); full softmax is a true batch gradient, so it stays small.
 */
export const AUTO_BATCH_SIZE = Object.freeze({ logistic: 16_384, softmax: 2048 });

/** Fills defaults and validates; every check runs before any corpus is read (gensim _check_training_sanity). */
export function resolveTrainOptions(overrides: Partial<TrainOptions> = {}): Readonly<TrainOptions> {
  knownKeys(overrides, DEFAULT_TRAIN_OPTIONS, 'training');
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...stripUndefined(overrides) };
  oneOf('model', o.model, ['sg', 'cbow']);
  oneOf('loss', o.loss, ['ns', 'hs', 'softmax']);
  oneOf('backend', o.backend, ['auto', 'tensorflow', 'wasm', 'cpu']);
  positiveInt('dim', o.dim);
  positiveInt('window', o.window);
  nonNegativeInt('negative', o.negative);
  if (o.loss === 'ns' && o.negative === 0) throw invalidOption('negative', o.negative, "negative sampling needs at least 1 noise word (or choose loss 'hs')");
  finite('nsExponent', o.nsExponent);
  if (!(typeof o.sample === 'number' && o.sample >= 0 && o.sample < 1)) throw invalidOption('sample', o.sample, 'a threshold in [0, 1); 0 disables subsampling');
  if (!(typeof o.alpha === 'number' && o.alpha > 0 && Number.isFinite(o.alpha))) throw invalidOption('alpha', o.alpha, 'a positive learning rate such as 0.025');
  if (!(typeof o.minAlpha === 'number' && o.minAlpha >= 0 && o.minAlpha <= o.alpha)) throw invalidOption('minAlpha', o.minAlpha, `a rate in [0, alpha=${o.alpha}]`);
  positiveInt('epochs', o.epochs);
  nonNegativeInt('batchSize', o.batchSize);
  if (o.batchSize === 0) o.batchSize = o.loss === 'softmax' ? AUTO_BATCH_SIZE.softmax : AUTO_BATCH_SIZE.logistic;
  nonNegativeInt('seed', o.seed);
  nonNegativeInt('workers', o.workers);
  if (o.workers === 0) o.workers = availableParallelism();
  positiveInt('maxSentenceLength', o.maxSentenceLength);
  if (typeof o.cbowMean !== 'boolean') throw invalidOption('cbowMean', o.cbowMean, 'true or false');
  if (typeof o.subwords !== 'boolean') throw invalidOption('subwords', o.subwords, 'true or false');
  positiveInt('minn', o.minn);
  positiveInt('maxn', o.maxn);
  if (o.maxn < o.minn) throw invalidOption('maxn', o.maxn, `at least minn (${o.minn})`);
  positiveInt('bucket', o.bucket);
  if (o.subwords && o.loss === 'softmax') throw invalidOption('loss', o.loss, "subword vectors train with 'ns' or 'hs'");
  resolveVocabOptions(o);
  return Object.freeze(o);
}

/** Fills defaults and validates the vocabulary options. */
export function resolveVocabOptions(overrides: Partial<VocabOptions> = {}): Readonly<VocabOptions> {
  // the training options carry the vocabulary ones, so a TrainOptions object is accepted as it is
  knownKeys(overrides, DEFAULT_TRAIN_OPTIONS, 'vocabulary');
  const o: VocabOptions = { ...DEFAULT_VOCAB_OPTIONS, ...stripUndefined(overrides) };
  positiveInt('minCount', o.minCount);
  nonNegativeInt('maxVocab', o.maxVocab);
  positiveInt('maxTypes', o.maxTypes);
  return Object.freeze({ minCount: o.minCount, maxVocab: o.maxVocab, maxTypes: o.maxTypes });
}

/** Fills defaults and validates the tokenizer options. */
export function resolveTokenizerOptions(overrides: Partial<TokenizerOptions> = {}): Readonly<TokenizerOptions> {
  knownKeys(overrides, DEFAULT_TOKENIZER_OPTIONS, 'tokenizer');
  const o: TokenizerOptions = { ...DEFAULT_TOKENIZER_OPTIONS, ...stripUndefined(overrides) };
  oneOf('lang', o.lang, ['auto', 'zh', 'en']);
  for (const key of ['tokenized', 'hmm', 'keepCase'] as const) if (typeof o[key] !== 'boolean') throw invalidOption(key, o[key], 'true or false');
  oneOf('convert', o.convert, ['none', 't2s', 's2t']);
  return Object.freeze(o);
}

/** Fills defaults and validates the phrase-learning options (gensim Phrases' checks). */
export function resolvePhraseOptions(overrides: Partial<PhraseOptions> = {}): Readonly<PhraseOptions> {
  knownKeys(overrides, DEFAULT_PHRASE_OPTIONS, 'phrase');
  const o: PhraseOptions = { ...DEFAULT_PHRASE_OPTIONS, ...stripUndefined(overrides) };
  positiveInt('minCount', o.minCount);
  oneOf('scoring', o.scoring, ['default', 'npmi']);
  finite('threshold', o.threshold);
  if (o.scoring === 'default' && !(o.threshold > 0)) throw invalidOption('threshold', o.threshold, 'default scoring needs a threshold > 0 (gensim uses 10)');
  if (o.scoring === 'npmi' && !(o.threshold >= -1 && o.threshold <= 1)) {
    throw invalidOption('threshold', o.threshold, 'npmi scores lie in [-1, 1]; pick a threshold there, such as 0.5');
  }
  if (o.delimiter === '' || /\s/.test(o.delimiter)) throw invalidOption('delimiter', o.delimiter, 'a non-empty string without whitespace, such as _');
  if (o.connectorWords === '') throw invalidOption('connectorWords', o.connectorWords, 'english, none or a file of words');
  positiveInt('maxTypes', o.maxTypes);
  positiveInt('passes', o.passes);
  return Object.freeze(o);
}

/**
 * Throws on a key that `defaults` does not have (a typo such as `epoch` would otherwise be ignored), naming
 * the closest known option. Messages name options in backticks as the library spells them; the CLI turns
 * `minCount` into --min-count.
 */
export function knownKeys(options: object, defaults: object, what: string): void {
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(defaults, key)) continue;
    const known = Object.keys(defaults);
    const close = known.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)) || key.toLowerCase().startsWith(k.toLowerCase()));
    throw new Word2VecError('E_INVALID_OPTION', `unknown ${what} option \`${key}\`${close === undefined ? '' : `; did you mean \`${close}\`?`} (known: ${known.join(', ')})`);
  }
}

// --- internal ---

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) throw invalidOption(name, value, `one of ${allowed.join(', ')}`);
}

function positiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw invalidOption(name, value, 'a whole number >= 1');
}

function nonNegativeInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw invalidOption(name, value, 'a whole number >= 0');
}

function finite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidOption(name, value, 'a finite number');
}
