// TensorFlow Embedding Projector files: vectors.tsv (tab-separated floats, no header, no words) and
// metadata.tsv (one word per line; with a `word<TAB>count` header row when counts are known, because the
// projector expects a header exactly when there is more than one column).
import { join } from 'node:path';
import { formatFloat32 } from './float-format.ts';
import { writeStreamAtomic } from './write-stream.ts';

/** Writes `vectors.tsv` and `metadata.tsv` into the folder `dir` (each atomically); returns their paths. */
export async function writeProjectorTsv(
  dir: string,
  words: readonly string[],
  vectors: Float32Array,
  dim: number,
  counts?: ArrayLike<number>,
): Promise<{ vectorsPath: string; metadataPath: string }> {
  if (vectors.length !== words.length * dim) throw new RangeError(`${words.length} words x ${dim} dims needs ${words.length * dim} floats, got ${vectors.length}`);
  const vectorsPath = join(dir, 'vectors.tsv');
  const metadataPath = join(dir, 'metadata.tsv');
  await writeStreamAtomic(vectorsPath, async (sink) => {
    let lines: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const row = new Array<string>(dim);
      for (let j = 0; j < dim; j++) row[j] = formatFloat32(vectors[i * dim + j]!);
      lines.push(`${row.join('\t')}\n`);
      if (lines.length >= 1024) {
        await sink.write(lines.join(''));
        lines = [];
      }
    }
    if (lines.length > 0) await sink.write(lines.join(''));
  });
  await writeStreamAtomic(metadataPath, async (sink) => {
    // tabs or newlines inside a word would break the columns; the projector has no escaping, so replace them
    const clean = (w: string): string => w.replace(/[\t\r\n]/g, ' ');
    let lines: string[] = counts === undefined ? [] : ['word\tcount\n'];
    for (let i = 0; i < words.length; i++) {
      lines.push(counts === undefined ? `${clean(words[i]!)}\n` : `${clean(words[i]!)}\t${counts[i]}\n`);
      if (lines.length >= 8192) {
        await sink.write(lines.join(''));
        lines = [];
      }
    }
    if (lines.length > 0) await sink.write(lines.join(''));
  });
  return { vectorsPath, metadataPath };
}
