// Reading word vectors from anything we can read: a model folder (model.json + vocab.tsv + vectors.f32) or a
// word2vec text/binary file, told apart by content (a folder with model.json; binary vs text by the bytes
// after the header), not by the extension. Returns the raw parts, so that both KeyedVectors.load and
// loadKeyedVectors (load.ts) build on it without importing each other.
import { stat } from 'node:fs/promises';
import { BadFileError } from '../errors.ts';
import { type ReadVectorsOptions, readWord2Vec } from '../io/formats/word2vec-reader.ts';
import { type ModelMeta, readModelFolder } from '../io/model-folder.ts';

/** Where loaded vectors came from. */
export type SourceFormat = 'model' | 'text' | 'binary';

/** The words, matrix and what is known about their source. */
export interface VectorSource {
  words: readonly string[];
  vectors: Float32Array;
  dim: number;
  /** Corpus counts per word (model folders only). */
  counts?: Float64Array | undefined;
  format: SourceFormat;
  /** model.json, when the source is a model folder. */
  meta?: ModelMeta | undefined;
  /** Rows dropped from a vector file because their word repeated an earlier one. */
  duplicates: number;
  /** False for headerless (GloVe-style) text files. */
  header: boolean;
}

/** Reads a model folder or a word2vec text/binary file (sniffed), honouring `limit` and `unicodeErrors`. */
export async function readVectorSource(path: string, options: ReadVectorsOptions = {}): Promise<VectorSource> {
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a model folder or a word2vec vector file`);
  }
  if (isDir) {
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
    };
  }
  const loaded = await readWord2Vec(path, options);
  return { words: loaded.words, vectors: loaded.vectors, dim: loaded.dim, format: loaded.format, duplicates: loaded.duplicates, header: loaded.header };
}
