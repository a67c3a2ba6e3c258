// Writers of the word2vec.c formats: a "<count> <dim>\n" header, then per word `word ` followed by text floats
// or dim x float32 little-endian, then "\n" (the word2vec.c writer's layout, which gensim and fastText read).
import { BadFileError } from '../../errors.ts';
import { formatFloat32 } from './float-format.ts';
import { type ChunkSink, writeStreamAtomic } from './write-stream.ts';

/** The word2vec.c file layouts: text floats or raw float32. */
export type VectorFormat = 'text' | 'binary';

/**
 * Writes word2vec text: one `word v1 v2 ...` line per word, floats that round-trip float32 exactly;
 * `header: false` leaves out the "N D" line (GloVe style).
 */
export async function writeWord2VecText(path: string, words: readonly string[], vectors: Float32Array, dim: number, header = true): Promise<void> {
  checkShape(path, words, vectors, dim);
  await writeStreamAtomic(path, (sink) => writeWord2VecTextTo(sink, words, vectors, dim, header, path));
}

/** Streams word2vec text into `sink` (stdout, a socket); `name` labels errors. Same layout as writeWord2VecText. */
export async function writeWord2VecTextTo(sink: ChunkSink, words: readonly string[], vectors: Float32Array, dim: number, header: boolean, name: string): Promise<void> {
  checkShape(name, words, vectors, dim);
  if (header) await sink.write(`${words.length} ${dim}\n`);
  let buffer: string[] = [];
  let pending = 0;
  for (let i = 0; i < words.length; i++) {
    const parts = new Array<string>(dim + 1);
    parts[0] = words[i]!;
    const base = i * dim;
    for (let j = 0; j < dim; j++) parts[j + 1] = formatFloat32(vectors[base + j]!);
    buffer.push(`${parts.join(' ')}\n`);
    pending += dim;
    if (pending >= 1 << 18) {
      await sink.write(buffer.join(''));
      buffer = [];
      pending = 0;
    }
  }
  if (buffer.length > 0) await sink.write(buffer.join(''));
}

/** Writes word2vec binary: `word ` + dim x float32 LE + "\n" per word, as word2vec.c's writer does. */
export async function writeWord2VecBinary(path: string, words: readonly string[], vectors: Float32Array, dim: number): Promise<void> {
  checkShape(path, words, vectors, dim);
  await writeStreamAtomic(path, async (sink) => {
    await sink.write(`${words.length} ${dim}\n`);
    const rowBytes = dim * 4;
    const chunkSize = 1 << 20;
    let chunk = Buffer.allocUnsafe(chunkSize);
    let used = 0;
    const scratch = new Float32Array(dim);
    const scratchBytes = new Uint8Array(scratch.buffer);
    for (let i = 0; i < words.length; i++) {
      const word = Buffer.from(words[i]!, 'utf8');
      const need = word.length + 1 + rowBytes + 1;
      if (used + need > chunk.length) {
        if (used > 0) await sink.write(chunk.subarray(0, used));
        chunk = Buffer.allocUnsafe(Math.max(chunkSize, need));
        used = 0;
      }
      used += word.copy(chunk, used);
      chunk[used++] = 0x20;
      // little-endian on every platform Node runs on here; copy via a scratch row to avoid unaligned views
      scratch.set(vectors.subarray(i * dim, (i + 1) * dim));
      chunk.set(scratchBytes, used);
      used += rowBytes;
      chunk[used++] = 0x0a;
    }
    if (used > 0) await sink.write(chunk.subarray(0, used));
  });
}

// --- internal ---

function checkShape(path: string, words: readonly string[], vectors: Float32Array, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length !== words.length * dim) {
    throw new RangeError(`cannot write ${path}: ${words.length} words x ${dim} dims needs ${words.length * dim} floats, got ${vectors.length}`);
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '' || /[\s]/.test(word)) {
      throw new BadFileError('E_BAD_VECTOR_FILE', path, `word ${i + 1}`, `${JSON.stringify(word)} is empty or contains whitespace, which the word2vec format cannot hold`);
    }
  }
}
