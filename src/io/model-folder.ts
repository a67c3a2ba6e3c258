// The model folder a training run writes and every command reads: model.json, vocab.tsv, vectors.f32 (input
// weights), and for resuming output.f32 + state.json. Always written whole to a temp folder and renamed into
// place, so a crash or Ctrl-C leaves the previous folder intact.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BadFileError, Word2VecError } from '../errors.ts';
import type { TokenizerOptions, TrainOptions } from '../options.ts';
import { pathExists, replaceAtomic } from './atomic.ts';
import { type ParsedPhrases, parsePhrasesData } from './formats/phrases-tsv.ts';

export const MODEL_FORMAT = 'tfjs-word2vec-model';
export const MODEL_FORMAT_VERSION = 1;
/** The folder's copy of the phrase table its tokenizer applies (model.json `tokenizer.phrases` names it). */
export const PHRASES_FILE = 'phrases.tsv';

/** The contents of model.json. */
export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  vocabSize: number;
  dim: number;
  options: TrainOptions;
  tokenizer: TokenizerOptions;
  /** Backend that trained it ('tensorflow' | 'wasm' | 'cpu'). */
  backend: string;
  corpus: {
    description: string;
    bytes: number | undefined;
    fingerprint: string;
    /** Raw tokens in one pass over the corpus (before min-count and subsampling). */
    tokens: number;
    /** Tokens that are in the vocabulary. */
    vocabTokens: number;
  };
  /** Mean training loss of each finished epoch (float64 sums). */
  lossPerEpoch: number[];
  /** Seconds per finished epoch and total. */
  timings: { epochSeconds: number[]; vocabSeconds: number; totalSeconds: number };
  /** Words per second over the finished epochs (raw corpus words / training seconds). */
  wordsPerSecond: number;
  createdAt: string;
  /** Extra, forward-compatible sections (e.g. a saved SIF component). */
  [key: string]: unknown;
}

/** What a model folder holds in memory. */
export interface ModelFolder {
  meta: ModelMeta;
  words: readonly string[];
  counts: Float64Array;
  /** Input weights, vocabSize x dim, row-major: the word vectors. */
  vectors: Float32Array;
  /** Output weights (syn1neg / syn1 / softmax), present when the model can resume or continue training. */
  output?: Float32Array | undefined;
  /** Trainer state for resume (state.json), opaque here. */
  state?: unknown;
  /**
   * Subword models (options.subwords): the n-gram rows, bucket x dim (ngrams.f32). `vectors` then holds each
   * word's composed vector (its own row and its n-gram rows averaged), what every query and export reads.
   */
  ngrams?: Float32Array | undefined;
  /** Subword models: the words' own input rows (input.f32), which training continues from. */
  inputWords?: Float32Array | undefined;
}

/** The n-gram table of a subword model folder. */
export const NGRAMS_FILE = 'ngrams.f32';
/** The words' own input rows of a subword model folder. */
export const INPUT_WORDS_FILE = 'input.f32';

/**
 * Writes the whole folder atomically (temp folder, then rename). A tokenizer with a phrase table gets a copy of
 * it as phrases.tsv, which model.json then names (and summarises under `phrases`), so the folder is self-contained.
 */
export async function writeModelFolder(path: string, model: ModelFolder): Promise<void> {
  const { words, counts, vectors } = model;
  let meta = model.meta;
  if (words.length !== meta.vocabSize || vectors.length !== meta.vocabSize * meta.dim) {
    throw new RangeError(`model has ${words.length} words and ${vectors.length} floats for ${meta.vocabSize} x ${meta.dim}`);
  }
  let phrases: string | undefined;
  const phrasesPath = meta.tokenizer?.phrases;
  if (phrasesPath !== undefined) {
    try {
      phrases = await readFile(phrasesPath, 'utf8');
    } catch (error) {
      throw new BadFileError('E_INPUT', phrasesPath, undefined, `cannot read the phrase table to copy into the model folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const table = parsePhrasesData(phrasesPath, phrases);
    meta = { ...meta, tokenizer: { ...meta.tokenizer, phrases: PHRASES_FILE }, phrases: phraseSummary(table) };
  }
  await replaceAtomic(path, async (tmp) => {
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'model.json'), `${JSON.stringify(meta, null, 2)}\n`);
    if (phrases !== undefined) await writeFile(join(tmp, PHRASES_FILE), phrases);
    await writeFile(join(tmp, 'vocab.tsv'), vocabTsv(words, counts));
    await writeFile(join(tmp, 'vectors.f32'), littleEndianBytes(vectors));
    if (model.ngrams !== undefined) await writeFile(join(tmp, NGRAMS_FILE), littleEndianBytes(model.ngrams));
    if (model.inputWords !== undefined) await writeFile(join(tmp, INPUT_WORDS_FILE), littleEndianBytes(model.inputWords));
    if (model.output !== undefined) await writeFile(join(tmp, 'output.f32'), littleEndianBytes(model.output));
    if (model.state !== undefined) await writeFile(join(tmp, 'state.json'), `${JSON.stringify(model.state, null, 2)}\n`);
  });
}

/** True when `path` is a folder with a model.json. */
export async function isModelFolder(path: string): Promise<boolean> {
  try {
    return (await stat(join(path, 'model.json'))).isFile();
  } catch {
    return false;
  }
}

/** Why a caller reads a model folder with its output weights: each purpose needs different parts. */
export type ModelPurpose = 'resume' | 'continue';

/**
 * Reads a model folder; `withOutput` also loads output.f32 and state.json when present, and `purpose` makes
 * the parts that purpose needs required. Every missing or damaged part is a BadFileError naming the file and
 * what to do, never a raw ENOENT or a JSON SyntaxError.
 */
export async function readModelFolder(path: string, withOutput = false, purpose?: ModelPurpose): Promise<ModelFolder> {
  await checkFolder(path);
  const metaPath = join(path, 'model.json');
  if (!(await pathExists(metaPath)) && !(await pathExists(join(path, 'vocab.tsv'))) && !(await pathExists(join(path, 'vectors.f32')))) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, 'is a folder without model.json; expected a model folder written by `w2v train` (or a vector file)');
  }
  const metaText = await readPart(metaPath, 'model.json');
  let meta: ModelMeta;
  try {
    meta = JSON.parse(metaText.toString('utf8')) as ModelMeta;
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `is not valid JSON (${(error as Error).message}); ${DAMAGED}`);
  }
  if (meta === null || typeof meta !== 'object' || meta.format !== MODEL_FORMAT) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `not a ${MODEL_FORMAT} model.json; expected a folder written by \`w2v train\``);
  }
  if (meta.formatVersion > MODEL_FORMAT_VERSION) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `format version ${meta.formatVersion} is newer than this w2v (${MODEL_FORMAT_VERSION}); upgrade tfjs-word2vec`);
  }
  if (!isCount(meta.vocabSize) || !isCount(meta.dim) || meta.dim === 0 || meta.options === null || typeof meta.options !== 'object') {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `lacks a valid vocabSize, dim or options; ${DAMAGED}`);
  }
  if (typeof meta.tokenizer?.phrases === 'string') {
    // the tokenizer's phrase table is the folder's own copy: name it by a path that works from anywhere
    const phrases = resolve(path, meta.tokenizer.phrases);
    if (!(await pathExists(phrases))) throw new BadFileError('E_BAD_MODEL', path, undefined, `model.json applies the phrase table ${meta.tokenizer.phrases}, which is missing from the folder`);
    meta.tokenizer = { ...meta.tokenizer, phrases };
  }
  const vocabPath = join(path, 'vocab.tsv');
  const { words, counts } = parseVocabTsv(vocabPath, (await readPart(vocabPath, 'vocab.tsv')).toString('utf8'), true);
  if (words.length !== meta.vocabSize) {
    throw new BadFileError('E_BAD_MODEL', vocabPath, undefined, `has ${words.length} words but model.json says ${meta.vocabSize}; ${DAMAGED}`);
  }
  const vectors = await readF32(join(path, 'vectors.f32'), meta.vocabSize * meta.dim);
  const model: ModelFolder = { meta, words, counts, vectors };
  if ((withOutput || purpose !== undefined) && meta.options.subwords === true) {
    // training goes on from the words' own rows and the n-gram rows; without them the folder can only answer queries
    const bucket = meta.options.bucket;
    for (const [file, floats, key] of [[INPUT_WORDS_FILE, meta.vocabSize * meta.dim, 'inputWords'], [NGRAMS_FILE, bucket * meta.dim, 'ngrams']] as const) {
      const part = join(path, file);
      if (await pathExists(part)) model[key] = await readF32(part, floats);
      else if (purpose !== undefined) throw new BadFileError('E_BAD_MODEL', part, undefined, `is missing (subword weights), so this model cannot be ${purpose === 'resume' ? 'resumed' : 'trained further'}; copy the whole model folder again, or retrain`);
    }
  }
  if (withOutput || purpose !== undefined) {
    const outputPath = join(path, 'output.f32');
    if (await pathExists(outputPath)) {
      const bytes = (await stat(outputPath)).size;
      if (bytes % (4 * meta.dim) !== 0) {
        throw new BadFileError('E_BAD_MODEL', outputPath, undefined, `has ${bytes} bytes, not a whole number of ${meta.dim}-float32 rows; ${DAMAGED}`);
      }
      model.output = await readF32(outputPath, bytes / 4);
    } else if (purpose !== undefined) {
      throw new BadFileError('E_BAD_MODEL', outputPath, undefined, `is missing (the output weights), so this model cannot be ${purpose === 'resume' ? 'resumed' : 'trained further'}; copy the whole model folder again, or retrain from text`);
    }
    const statePath = join(path, 'state.json');
    // continuing a finished model starts a fresh schedule: its state.json is not needed, so it cannot fail it
    if (purpose !== 'continue' && (await pathExists(statePath))) {
      let state: unknown;
      try {
        state = JSON.parse((await readPart(statePath, 'state.json')).toString('utf8'));
      } catch (error) {
        throw new BadFileError('E_BAD_MODEL', statePath, undefined, `is not valid JSON (${(error as Error).message}); the checkpoint is damaged: train further with --from, or retrain`);
      }
      if (state === null || typeof state !== 'object') {
        throw new BadFileError('E_BAD_MODEL', statePath, undefined, 'does not hold a trainer state; the checkpoint is damaged: train further with --from, or retrain');
      }
      model.state = state;
    } else if (purpose === 'resume') {
      throw new BadFileError('E_BAD_MODEL', statePath, undefined, `is missing (the trainer state), so the run cannot be resumed; train the model further with \`w2v train --from ${path} <inputs...> -o NEW\`, or retrain`);
    }
  }
  return model;
}

/**
 * Throws when `word` cannot be a vocabulary word: vocab.tsv holds one word per line in UTF-8, so a CR or LF
 * (which would split the line) and a lone surrogate (which has no UTF-8 form) are refused; anything else is kept.
 */
export function checkVocabWord(word: string): void {
  if (/[\r\n]|\p{Cs}/u.test(word)) {
    throw new Word2VecError(
      'E_INPUT',
      `the token ${JSON.stringify(word.slice(0, 80))} contains a line break or a lone surrogate, which vocab.tsv (one word per line, UTF-8) cannot store; split or clean such tokens before training`,
    );
  }
}

/**
 * `word<TAB>count` lines in vocabulary order. Words are written as they are: the reader splits at the last TAB,
 * so a word may hold any character but a line break (CR, LF) or a lone surrogate, which `checkVocabWord` refuses.
 */
export function vocabTsv(words: readonly string[], counts: ArrayLike<number>): string {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i++) {
    checkVocabWord(words[i]!);
    lines.push(`${words[i]}\t${counts[i]}\n`);
  }
  return lines.join('');
}

/**
 * Parses vocab.tsv (`word<TAB>count`, split at the last TAB so a word keeps any other character, U+FEFF, NUL or
 * a TAB included); also accepts word2vec.c `-save-vocab` lines (`word count`). `inFolder` adds the fix for a
 * damaged model folder to the message.
 */
export function parseVocabTsv(path: string, text: string, inFolder = false): { words: string[]; counts: Float64Array } {
  const words: string[] = [];
  const counts: number[] = [];
  const seen = new Map<string, number>();
  // vocab.tsv lines end in LF (CRLF after an editor's round trip); a word never holds a CR or LF
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    let word: string | undefined;
    let count: string | undefined;
    const tab = line.lastIndexOf('\t');
    if (tab >= 0) {
      word = line.slice(0, tab);
      count = line.slice(tab + 1);
    } else {
      // word2vec.c writes "%s %lld\n" and its words never contain a space: without a TAB the last space separates
      const space = line.lastIndexOf(' ');
      word = space > 0 ? line.slice(0, space).replace(/ +$/, '') : undefined;
      count = line.slice(space + 1);
    }
    if (word === undefined || (word === '' && tab < 0) || !/^\d+$/.test(count)) {
      const detail = `expected "word<TAB>count" (or word2vec.c's "word count"), got ${JSON.stringify(line.slice(0, 80))}`;
      throw new BadFileError('E_BAD_MODEL', path, `line ${i + 1}`, inFolder ? `${detail}; ${DAMAGED}` : detail);
    }
    const first = seen.get(word);
    if (first !== undefined) {
      const detail = `${JSON.stringify(word.slice(0, 80))} repeats line ${first}`;
      throw new BadFileError('E_BAD_MODEL', path, `line ${i + 1}`, inFolder ? `${detail}; ${DAMAGED}` : `${detail}; a vocabulary lists each word once`);
    }
    seen.set(word, i + 1);
    words.push(word);
    counts.push(Number(count));
  }
  return { words, counts: Float64Array.from(counts) };
}

// --- internal ---

/** What model.json records about the phrase table. */
function phraseSummary(table: ParsedPhrases): Record<string, unknown> {
  return {
    file: PHRASES_FILE,
    phrases: table.passes.reduce((n, pass) => n + pass.length, 0),
    passes: table.passes.length,
    delimiter: table.delimiter,
    connectorWords: [...table.connectorWords],
    ...(table.learning === undefined ? {} : { learned: table.learning }),
  };
}

function littleEndianBytes(array: Float32Array): Uint8Array {
  // every platform Node runs on here is little-endian; the file format is fixed as LE regardless
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

const DAMAGED = 'the model folder is damaged or was copied in part: copy the whole folder again, or retrain';

async function checkFolder(path: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a model folder written by \`w2v train\``);
  }
  if (!isDir) throw new BadFileError('E_BAD_MODEL', path, undefined, 'is a file, not a model folder; expected a folder written by `w2v train`');
}

/** Reads one part of a model folder; a missing or unreadable part names itself and the fix. */
async function readPart(path: string, part: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BadFileError('E_BAD_MODEL', path, undefined, `is missing: the model folder has no ${part}; ${DAMAGED}`);
    throw new BadFileError('E_BAD_MODEL', path, undefined, `cannot read (${code ?? (error as Error).message}); check its permissions`);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * A loader of a subword model folder's n-gram table (bucket x dim floats), read when first called: queries on
 * vocabulary words never need it.
 */
export function ngramsLoader(folder: string, bucket: number, dim: number): () => Float32Array {
  const path = join(folder, NGRAMS_FILE);
  return () => {
    let buffer: Buffer;
    try {
      buffer = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new BadFileError('E_BAD_MODEL', path, undefined, code === 'ENOENT' ? `is missing: words outside the vocabulary need the n-gram table; ${DAMAGED}` : `cannot read (${code ?? (error as Error).message})`);
    }
    return f32FromBytes(path, buffer, bucket * dim);
  };
}

async function readF32(path: string, expectedFloats: number): Promise<Float32Array> {
  return f32FromBytes(path, await readPart(path, basename(path)), expectedFloats);
}

function f32FromBytes(path: string, buffer: Buffer, expectedFloats: number): Float32Array {
  if (buffer.byteLength !== expectedFloats * 4) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `has ${buffer.byteLength} bytes, expected ${expectedFloats * 4} (${expectedFloats} float32); ${DAMAGED}`);
  }
  const out = new Float32Array(expectedFloats);
  new Uint8Array(out.buffer).set(buffer);
  return out;
}

