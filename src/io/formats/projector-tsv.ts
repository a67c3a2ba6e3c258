// TensorFlow Embedding Projector files: vectors.tsv (tab-separated floats, no header, no words) and
// metadata.tsv (one word per line; with a `word<TAB>count` header row when counts are known, because the
// projector expects a header exactly when there is more than one column).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadFileError } from '../../errors.ts';
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

/** True when `firstLine` looks like a row of vectors.tsv: tab-separated numbers and no word. */
export function looksLikeProjectorRow(firstLine: string): boolean {
  const fields = firstLine.replace(/\r$/, '').split('\t');
  return fields.length > 1 && fields.every((f) => f.trim() !== '' && Number.isFinite(Number(f)));
}

/**
 * Reads the projector pair back: vectors.tsv (numbers only) and the metadata.tsv beside it (words; a header
 * row exactly when it has more than one column, as the projector expects). Counts come from a `count` column.
 */
export async function readProjectorTsv(vectorsPath: string, metadataPath: string): Promise<{ words: string[]; vectors: Float32Array; dim: number; counts?: Float64Array }> {
  const rows = (await readFile(vectorsPath, 'utf8')).split(/\r?\n/);
  if (rows.at(-1) === '') rows.pop();
  const meta = (await readFile(metadataPath, 'utf8')).split(/\r?\n/);
  if (meta.at(-1) === '') meta.pop();
  const columns = (meta[0] ?? '').split('\t');
  const header = columns.length > 1 ? columns : undefined;
  const entries = header === undefined ? meta : meta.slice(1);
  if (entries.length !== rows.length) {
    throw new BadFileError('E_BAD_VECTOR_FILE', metadataPath, undefined, `has ${entries.length} words but ${vectorsPath} has ${rows.length} rows; the pair does not belong together`);
  }
  const dim = rows.length > 0 ? rows[0]!.split('\t').length : 0;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    const fields = row.split('\t');
    if (fields.length !== dim) throw new BadFileError('E_BAD_VECTOR_FILE', vectorsPath, `line ${i + 1}`, `has ${fields.length} numbers, the first line ${dim}`);
    for (let j = 0; j < dim; j++) {
      const x = Number(fields[j]);
      if (fields[j]!.trim() === '' || !Number.isFinite(x)) throw new BadFileError('E_BAD_VECTOR_FILE', vectorsPath, `line ${i + 1}`, `${JSON.stringify(fields[j])} is not a number`);
      vectors[i * dim + j] = x;
    }
  });
  const countColumn = header?.findIndex((c) => c.trim().toLowerCase() === 'count') ?? -1;
  const words = entries.map((e) => e.split('\t')[0]!);
  const counts = countColumn >= 0 ? Float64Array.from(entries, (e) => Number(e.split('\t')[countColumn])) : undefined;
  return { words, vectors, dim, ...(counts?.every(Number.isFinite) ? { counts } : {}) };
}
