// Loading KeyedVectors from anything we can read: a model folder (model.json + vocab.tsv + vectors.f32) or a
// word2vec text/binary file, told apart by content (a folder with model.json; binary vs text by the bytes
// after the header), not by the extension.
import { stat } from 'node:fs/promises';
import { BadFileError } from '../errors.ts';
import { type ReadVectorsOptions, readWord2Vec } from '../io/formats/word2vec-reader.ts';
import { type ModelMeta, readModelFolder } from '../io/model-folder.ts';
import { KeyedVectors } from './keyed-vectors.ts';

/** Where loaded vectors came from. */
export type SourceFormat = 'model' | 'text' | 'binary';

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
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a model folder or a word2vec vector file`);
  }
  if (isDir) {
    // readModelFolder tells a folder that is no model from one missing a part, and names the part
    const model = await readModelFolder(path);
    let kv = new KeyedVectors(model.words, model.vectors, model.meta.dim, model.counts);
    if (options.limit !== undefined && options.limit < kv.size) kv = kv.slice(options.limit);
    return { kv, format: 'model', meta: model.meta, duplicates: 0, header: true };
  }
  const loaded = await readWord2Vec(path, options);
  return { kv: new KeyedVectors(loaded.words, loaded.vectors, loaded.dim), format: loaded.format, duplicates: loaded.duplicates, header: loaded.header };
}
