// Vector file formats: word2vec text (with or without the "N D" header), word2vec binary (with or without a
// newline after each vector), TensorFlow Embedding Projector TSV, and our model folder. Readers stream and
// preallocate; writers are atomic. Nothing here knows about training.
import { type VectorFormat, writeWord2VecBinary, writeWord2VecText } from './word2vec-writers.ts';

/** Writes word2vec text or binary atomically ("N D\n" header; `header: false` omits it from text, GloVe style). */
export async function writeVectors(
  path: string,
  words: readonly string[],
  vectors: Float32Array,
  dim: number,
  format: VectorFormat,
  options: { header?: boolean } = {},
): Promise<void> {
  if (format === 'binary') await writeWord2VecBinary(path, words, vectors, dim);
  else await writeWord2VecText(path, words, vectors, dim, options.header ?? true);
}

/** The format implied by a file name: `.bin` is binary, anything else text (the `train --export` rule). */
export function formatFromExtension(path: string): VectorFormat {
  return path.toLowerCase().endsWith('.bin') ? 'binary' : 'text';
}

export { formatFloat32 } from './float-format.ts';
export { type VectorFormat, writeWord2VecBinary, writeWord2VecText, writeWord2VecTextTo } from './word2vec-writers.ts';
export { writeProjectorTsv } from './projector-tsv.ts';
export { type LoadedVectors, type ReadVectorsOptions, readWord2Vec, type UnicodeErrors } from './word2vec-reader.ts';
