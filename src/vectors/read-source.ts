// Reading word vectors from anything we can read: a model folder (model.json + vocab.tsv + vectors.f32), a
// fastText .bin or a word2vec text/binary file, told apart by content (a folder with model.json; fastText's
// magic number; binary vs text by the bytes after the header), not by the extension. Returns the raw parts, so that both KeyedVectors.load and
// loadKeyedVectors (load.ts) build on it without importing each other.
import { existsSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BadFileError } from '../errors.ts';
import { isFastTextBin, readFastTextBin } from '../io/formats/fasttext-bin.ts';
import { looksLikeProjectorRow, readProjectorTsv } from '../io/formats/projector-tsv.ts';
import { type ReadVectorsOptions, readWord2Vec } from '../io/formats/word2vec-reader.ts';
import { isModelFolder, type ModelMeta, ngramsLoader, readModelFolder } from '../io/model-folder.ts';
import { composeVocabulary, SubwordVectors } from './subwords.ts';

/** Where loaded vectors came from. */
export type SourceFormat = 'model' | 'text' | 'binary' | 'projector' | 'fasttext';

/** The words, matrix and what is known about their source. */
export interface VectorSource {
  words: readonly string[];
  vectors: Float32Array;
  dim: number;
  /** Corpus counts per word (model folders and fastText .bin files). */
  counts?: Float64Array | undefined;
  format: SourceFormat;
  /** model.json, when the source is a model folder. */
  meta?: ModelMeta | undefined;
  /** Rows dropped from a vector file because their word repeated an earlier one. */
  duplicates: number;
  /** False for headerless (GloVe-style) text files. */
  header: boolean;
  /** Subword models: the n-gram side that gives words outside the vocabulary a vector. */
  subwords?: SubwordVectors | undefined;
}

/** Reads a model folder, a fastText .bin or a word2vec text/binary file (sniffed), honouring `limit` and `unicodeErrors`. */
export async function readVectorSource(path: string, options: ReadVectorsOptions = {}): Promise<VectorSource> {
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a model folder or a word2vec vector file`);
  }
  if (isDir) {
    if (!(await isModelFolder(path)) && existsSync(join(path, 'vectors.tsv')) && existsSync(join(path, 'metadata.tsv'))) return await projector(join(path, 'vectors.tsv'), options);
    // readModelFolder tells a folder that is no model from one missing a part, and names the part
    const model = await readModelFolder(path);
    const { dim } = model.meta;
    const n = options.limit !== undefined && options.limit < model.words.length ? options.limit : model.words.length;
    return {
      words: n === model.words.length ? model.words : model.words.slice(0, n),
      vectors: n === model.words.length ? model.vectors : model.vectors.slice(0, n * dim),
      dim,
      counts: n === model.words.length ? model.counts : model.counts.subarray(0, n),
      format: 'model',
      meta: model.meta,
      duplicates: 0,
      header: true,
      ...(model.meta.options.subwords === true ? { subwords: subwordsOf(path, model.meta) } : {}),
    };
  }
  if (await isFastTextBin(path)) return await fastText(path, options);
  if (looksLikeProjectorRow(await firstLine(path))) return await projector(path, options);
  const loaded = await readWord2Vec(path, options);
  return { words: loaded.words, vectors: loaded.vectors, dim: loaded.dim, format: loaded.format, duplicates: loaded.duplicates, header: loaded.header };
}

// --- internal ---

/** The first line of a file (at most 64 KiB of it), for sniffing; empty for gzip and binary-looking starts. */
async function firstLine(path: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf(0x0a);
    return head.subarray(0, end === -1 ? head.length : end).toString('latin1');
  } catch {
    return ''; // the word2vec reader reports an unreadable file with the right message
  } finally {
    await handle?.close();
  }
}

/** A TensorFlow Embedding Projector vectors.tsv: its words are in the metadata.tsv beside it. */
async function projector(vectorsPath: string, options: ReadVectorsOptions): Promise<VectorSource> {
  const metadataPath = join(dirname(vectorsPath), 'metadata.tsv');
  if (!existsSync(metadataPath)) {
    throw new BadFileError(
      'E_BAD_VECTOR_FILE',
      vectorsPath,
      'line 1',
      'holds tab-separated numbers and no words: an Embedding Projector vectors.tsv; its words are in metadata.tsv, which must sit beside it',
    );
  }
  const read = await readProjectorTsv(vectorsPath, metadataPath);
  const n = options.limit !== undefined && options.limit < read.words.length ? options.limit : read.words.length;
  return {
    words: read.words.slice(0, n),
    vectors: read.vectors.slice(0, n * read.dim),
    dim: read.dim,
    counts: read.counts?.subarray(0, n),
    format: 'projector',
    duplicates: 0,
    header: false,
  };
}

/**
 * A fastText .bin: the word vectors are what fastText's print-word-vectors gives for dictionary words (the mean
 * of the word's row and its n-gram rows), and the n-gram rows (nwords .. nwords + bucket) compose the others. A
 * model without n-grams (maxn 0) is plain word vectors. `limit` keeps the first words; the rest are then
 * composed from their n-grams like any word outside the vocabulary.
 */
async function fastText(path: string, options: ReadVectorsOptions): Promise<VectorSource> {
  const model = await readFastTextBin(path, { unicodeErrors: options.unicodeErrors });
  const { dim, minn, maxn, bucket } = model.args;
  const nwords = model.words.length;
  const n = options.limit !== undefined && options.limit < nwords ? options.limit : nwords;
  const words = n === nwords ? model.words : model.words.slice(0, n);
  const counts = n === nwords ? model.counts : model.counts.subarray(0, n);
  const base = { words, dim, counts, format: 'fasttext' as const, duplicates: 0, header: true };
  if (maxn === 0 || bucket === 0) return { ...base, vectors: n === nwords ? model.input : model.input.slice(0, n * dim) };
  const settings = { minn, maxn, bucket };
  const ngrams = model.input.subarray(nwords * dim);
  return { ...base, vectors: composeVocabulary(words, model.input.subarray(0, n * dim), ngrams, settings, dim), subwords: new SubwordVectors(settings, dim, ngrams) };
}

/** The lazily loaded n-gram side of a subword model folder. */
function subwordsOf(folder: string, meta: ModelMeta): SubwordVectors {
  const { minn, maxn, bucket } = meta.options;
  return new SubwordVectors({ minn, maxn, bucket }, meta.dim, ngramsLoader(folder, bucket, meta.dim));
}
