// Loading KeyedVectors from a model folder or a word2vec text/binary file (read-source.ts tells them apart).
import type { ReadVectorsOptions } from '../io/formats/word2vec-reader.ts';
import type { ModelMeta } from '../io/model-folder.ts';
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
  return { kv: new KeyedVectors(source.words, source.vectors, source.dim, source.counts), format: source.format, meta: source.meta, duplicates: source.duplicates, header: source.header };
}
