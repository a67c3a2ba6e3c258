// The model folder (DESIGN.md §4): model.json, vocab.tsv, vectors.f32 (input weights), and for resuming
// output.f32 + state.json. Always written whole to a temp folder and renamed into place.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BadFileError } from '../errors.ts';
import type { TokenizerOptions, TrainOptions } from '../options.ts';
import type { PhraseTable } from '../phrases/phrase-table.ts';
import { parsePhrasesTsv } from '../phrases/phrases-file.ts';
import { replaceAtomic } from './atomic.ts';

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
  /** Extra files (name -> bytes) kept in the folder, e.g. sif.json. */
  extra?: Record<string, string | Uint8Array>;
}

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
    const table = parsePhrasesTsv(phrasesPath, phrases);
    meta = { ...meta, tokenizer: { ...meta.tokenizer, phrases: PHRASES_FILE }, phrases: phraseSummary(table) };
  }
  await replaceAtomic(path, async (tmp) => {
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'model.json'), `${JSON.stringify(meta, null, 2)}\n`);
    if (phrases !== undefined) await writeFile(join(tmp, PHRASES_FILE), phrases);
    await writeFile(join(tmp, 'vocab.tsv'), vocabTsv(words, counts));
    await writeFile(join(tmp, 'vectors.f32'), littleEndianBytes(vectors));
    if (model.output !== undefined) await writeFile(join(tmp, 'output.f32'), littleEndianBytes(model.output));
    if (model.state !== undefined) await writeFile(join(tmp, 'state.json'), `${JSON.stringify(model.state, null, 2)}\n`);
    for (const [name, data] of Object.entries(model.extra ?? {})) await writeFile(join(tmp, name), data);
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

/** Reads a model folder; `withOutput` also loads output.f32 and state.json when present. */
export async function readModelFolder(path: string, withOutput = false): Promise<ModelFolder> {
  const metaPath = join(path, 'model.json');
  let meta: ModelMeta;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as ModelMeta;
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `cannot read model.json (${(error as Error).message}); is this a folder written by \`w2v train\`?`);
  }
  if (meta.format !== MODEL_FORMAT || typeof meta.vocabSize !== 'number' || typeof meta.dim !== 'number') {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `not a ${MODEL_FORMAT} model.json`);
  }
  if (meta.formatVersion > MODEL_FORMAT_VERSION) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `format version ${meta.formatVersion} is newer than this w2v (${MODEL_FORMAT_VERSION}); upgrade tfjs-word2vec`);
  }
  if (typeof meta.tokenizer?.phrases === 'string') {
    // the tokenizer's phrase table is the folder's own copy: name it by a path that works from anywhere
    const phrases = resolve(path, meta.tokenizer.phrases);
    if (!(await exists(phrases))) throw new BadFileError('E_BAD_MODEL', path, undefined, `model.json applies the phrase table ${meta.tokenizer.phrases}, which is missing from the folder`);
    meta.tokenizer = { ...meta.tokenizer, phrases };
  }
  const { words, counts } = parseVocabTsv(join(path, 'vocab.tsv'), await readFile(join(path, 'vocab.tsv'), 'utf8'));
  if (words.length !== meta.vocabSize) {
    throw new BadFileError('E_BAD_MODEL', join(path, 'vocab.tsv'), undefined, `has ${words.length} words but model.json says ${meta.vocabSize}`);
  }
  const vectors = await readF32(join(path, 'vectors.f32'), meta.vocabSize * meta.dim);
  const model: ModelFolder = { meta, words, counts, vectors };
  if (withOutput) {
    const outputPath = join(path, 'output.f32');
    if (await exists(outputPath)) {
      const bytes = (await stat(outputPath)).size;
      model.output = await readF32(outputPath, bytes / 4);
    }
    const statePath = join(path, 'state.json');
    if (await exists(statePath)) model.state = JSON.parse(await readFile(statePath, 'utf8'));
  }
  return model;
}

/** `word<TAB>count` lines in vocabulary order. */
export function vocabTsv(words: readonly string[], counts: ArrayLike<number>): string {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i++) lines.push(`${words[i]}\t${counts[i]}\n`);
  return lines.join('');
}

/** Parses vocab.tsv (`word<TAB>count`); also accepts word2vec.c `-save-vocab` lines (`word count`). */
export function parseVocabTsv(path: string, text: string): { words: string[]; counts: Float64Array } {
  const words: string[] = [];
  const counts: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const match = /^(\S+)[\t ]+(\d+)$/.exec(line);
    if (match === null) throw new BadFileError('E_BAD_MODEL', path, `line ${i + 1}`, `expected "word<TAB>count", got ${JSON.stringify(line.slice(0, 80))}`);
    words.push(match[1]!);
    counts.push(Number(match[2]));
  }
  return { words, counts: Float64Array.from(counts) };
}

// --- internal ---

/** What model.json records about the phrase table. */
function phraseSummary(table: PhraseTable): Record<string, unknown> {
  return {
    file: PHRASES_FILE,
    phrases: table.size,
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

async function readF32(path: string, expectedFloats: number): Promise<Float32Array> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `cannot read (${(error as Error).message})`);
  }
  if (buffer.byteLength !== expectedFloats * 4) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `has ${buffer.byteLength} bytes, expected ${expectedFloats * 4} (${expectedFloats} float32); the folder is damaged`);
  }
  const out = new Float32Array(expectedFloats);
  new Uint8Array(out.buffer).set(buffer);
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
