// Streaming readers of word2vec text (with or without the "N D" header, e.g. GloVe) and word2vec binary
// (with or without a newline after each vector). The header count preallocates one Float32Array, the file is
// read in chunks and parsed byte by byte, so memory stays near count x dim x 4 bytes plus the words. Every
// malformed input is a BadFileError naming the line or byte; nothing is ever loaded partially.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { BadFileError } from '../../errors.ts';
import type { VectorFormat } from './word2vec-writers.ts';
import { parseFloatBytes, parsedEnd } from './parse-float.ts';

/** How to treat words that are not valid UTF-8 (gensim's `unicode_errors`). */
export type UnicodeErrors = 'strict' | 'replace' | 'ignore';

/** Options of the word2vec readers. */
export interface ReadVectorsOptions {
  /** Read only the first N words (gensim `limit`); the rest of the file is not even read. */
  limit?: number | undefined;
  /** Invalid UTF-8 in a word: `strict` (default) fails, `replace` uses U+FFFD, `ignore` drops the bad bytes. */
  unicodeErrors?: UnicodeErrors | undefined;
  /** Skip sniffing and read as this layout. */
  format?: VectorFormat | undefined;
}

/** Words and their vectors as read from a file. */
export interface LoadedVectors {
  words: string[];
  /** Row-major, words.length x dim. */
  vectors: Float32Array;
  dim: number;
  format: VectorFormat;
  /** False for headerless (GloVe-style) text. */
  header: boolean;
  /** Rows dropped because their word repeated an earlier one (gensim keeps the first). */
  duplicates: number;
}

/** Reads a word2vec text or binary file, telling them apart by the bytes after the header. */
export async function readWord2Vec(path: string, options: ReadVectorsOptions = {}): Promise<LoadedVectors> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 0)) throw new RangeError(`limit must be >= 0, got ${limit}`);
  const unicodeErrors = options.unicodeErrors ?? 'strict';
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let source: ByteSource = handle;
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) source = gunzipSource(path);
    else if (bytesRead === 2 && magic[0] === 0x80 && magic[1]! >= 2 && magic[1]! <= 5) throw pickleError(path);
    const reader = new ChunkReader(source);
    const ctx: Context = { path, reader, unicodeErrors, limit };
    const header = await readHeader(ctx);
    if (header === null) return await readText(ctx, null, options.format);
    const format = options.format ?? (await sniff(ctx, header.dim));
    return format === 'binary' ? await readBinary(ctx, header) : await readText(ctx, header, format);
  } finally {
    if (source !== handle) await source.close();
    await handle.close();
  }
}

// --- internal ---

interface Context {
  path: string;
  reader: ChunkReader;
  unicodeErrors: UnicodeErrors;
  limit: number;
}

interface Header {
  count: number;
  dim: number;
}

const CHUNK = 1 << 22;

/** Where the reader's bytes come from: the file itself, or its gunzipped stream (gensim reads .gz the same way). */
interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: null): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** The decompressed bytes of a gzip file, streamed (never all in memory). */
function gunzipSource(path: string): ByteSource {
  const stream = createReadStream(path).pipe(createGunzip());
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer | undefined;
  return {
    async read(buffer, offset, length) {
      if (pending === undefined || pending.length === 0) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw new BadFileError('E_BAD_VECTOR_FILE', path, undefined, `is not a readable gzip file (${(error as Error).message}); is it truncated?`);
        }
        if (next.done) return { bytesRead: 0 };
        pending = next.value;
      }
      const n = Math.min(length, pending.length);
      pending.copy(buffer, offset, 0, n);
      pending = pending.subarray(n);
      return { bytesRead: n };
    },
    async close() {
      stream.destroy();
    },
  };
}

/** gensim's own .kv/.model files are Python pickles (first byte 0x80, then the protocol): say how to convert them. */
function pickleError(path: string): BadFileError {
  return new BadFileError(
    'E_BAD_VECTOR_FILE',
    path,
    undefined,
    'is a Python pickle (a gensim .kv/.model file), which only Python can load; convert it once with gensim: ' +
      `python3 -c "from gensim.models import KeyedVectors; KeyedVectors.load('${path}').save_word2vec_format('vectors.bin', binary=True)" ` +
      "(for a full .model: Word2Vec.load(...).wv.save_word2vec_format(...)), then use vectors.bin",
  );
}

/** A growable window over the file: `buf[pos..end)` holds unread bytes starting at file offset `offset + pos`. */
class ChunkReader {
  buf: Buffer = Buffer.allocUnsafe(CHUNK);
  pos = 0;
  end = 0;
  /** File offset of buf[0]. */
  offset = 0;
  eof = false;

  constructor(private readonly source: ByteSource) {}

  /** Reads more bytes, keeping the unread ones; returns false at end of file. */
  async fill(): Promise<boolean> {
    if (this.eof) return false;
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.end);
      this.offset += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    const { bytesRead } = await this.source.read(this.buf, this.end, this.buf.length - this.end, null);
    if (bytesRead === 0) {
      this.eof = true;
      return false;
    }
    this.end += bytesRead;
    return true;
  }

  /** Ensures at least `n` unread bytes unless the file ends first; returns whether it could. */
  async ensure(n: number): Promise<boolean> {
    while (this.end - this.pos < n) if (!(await this.fill())) return false;
    return true;
  }

  /** The index in `buf` of the next `byte` at or after pos, reading more as needed; -1 at end of file. */
  async find(byte: number, maxScan = Number.POSITIVE_INFINITY): Promise<number> {
    let from = this.pos;
    for (;;) {
      const i = this.buf.indexOf(byte, from);
      if (i !== -1 && i < this.end) return i;
      if (this.end - this.pos > maxScan) return -1;
      from = this.end - this.pos;
      if (!(await this.fill())) return -1;
      from += this.pos;
    }
  }
}

async function readHeader(ctx: Context): Promise<Header | null> {
  const { reader, path } = ctx;
  const nl = await reader.find(0x0a, 1 << 20);
  const lineEnd = nl === -1 ? reader.end : nl;
  const line = reader.buf.toString('latin1', reader.pos, lineEnd).trim();
  if (line === '' && nl === -1) throw new BadFileError('E_BAD_VECTOR_FILE', path, 'line 1', 'the file is empty; expected a "<count> <dim>" header and one vector per line');
  const match = /^(\d+)\s+(\d+)$/.exec(line);
  if (match === null) return null; // headerless text (GloVe style); readText checks the first line
  const count = Number(match[1]);
  const dim = Number(match[2]);
  if (dim < 1 || !Number.isSafeInteger(count)) throw new BadFileError('E_BAD_VECTOR_FILE', path, 'line 1', `header "${line}" is invalid: expected "<count> <dim>" with dim >= 1`);
  reader.pos = nl === -1 ? reader.end : nl + 1;
  return { count, dim };
}

/**
 * Binary float bytes are almost never all printable ASCII; text rows always are. So: printable up to the
 * first newline means text, unless it fails to parse as `dim` numbers and is exactly one binary row long.
 */
async function sniff(ctx: Context, dim: number): Promise<VectorFormat> {
  const { reader } = ctx;
  await reader.ensure(64 * dim + 4096);
  const { buf, end } = reader;
  let i = reader.pos;
  while (i < end && buf[i] === 0x0a) i++;
  const space = buf.indexOf(0x20, i);
  if (space === -1 || space >= end) return 'text';
  const nl = buf.indexOf(0x0a, space);
  const rowEnd = nl === -1 || nl >= end ? (reader.eof ? end : -1) : nl;
  if (rowEnd === -1) return 'binary';
  for (let j = space; j < rowEnd; j++) {
    const c = buf[j]!;
    if ((c < 0x20 || c > 0x7e) && c !== 0x09 && c !== 0x0d) return 'binary';
  }
  let j = space;
  let numbers = 0;
  for (;;) {
    while (j < rowEnd && (buf[j] === 0x20 || buf[j] === 0x09 || buf[j] === 0x0d)) j++;
    if (j >= rowEnd) break;
    parseFloatBytes(buf, j, rowEnd);
    if (parsedEnd === j || (parsedEnd < rowEnd && buf[parsedEnd] !== 0x20 && buf[parsedEnd] !== 0x09 && buf[parsedEnd] !== 0x0d)) {
      numbers = -1;
      break;
    }
    j = parsedEnd;
    numbers++;
  }
  if (numbers === dim) return 'text';
  return rowEnd - space - 1 === dim * 4 ? 'binary' : 'text';
}

async function readText(ctx: Context, header: Header | null, format: VectorFormat | undefined): Promise<LoadedVectors> {
  const { reader, path, limit } = ctx;
  if (format === 'binary') throw new BadFileError('E_BAD_VECTOR_FILE', path, 'line 1', 'a binary word2vec file must start with a "<count> <dim>" header');
  let dim = header?.dim ?? 0;
  const wanted = header === null ? Number.POSITIVE_INFINITY : Math.min(header.count, limit);
  let capacity = header === null ? 1024 : wanted;
  let vectors = new Float32Array(capacity * dim);
  const words: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let lineNo = header === null ? 0 : 1;
  let rows = 0;
  while (rows + duplicates < wanted) {
    let nl = reader.buf.indexOf(0x0a, reader.pos);
    if (nl === -1 || nl >= reader.end) {
      nl = await reader.find(0x0a);
      if (nl === -1 && reader.pos >= reader.end) break;
    }
    const { buf } = reader;
    const start = reader.pos;
    let stop = nl === -1 ? reader.end : nl;
    reader.pos = nl === -1 ? reader.end : nl + 1;
    lineNo++;
    while (stop > start && (buf[stop - 1] === 0x20 || buf[stop - 1] === 0x09 || buf[stop - 1] === 0x0d)) stop--;
    let i = start;
    while (i < stop && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (i === stop) continue; // blank lines carry no vector
    const wordStart = i;
    while (i < stop && buf[i] !== 0x20 && buf[i] !== 0x09) i++;
    const word = decodeWord(ctx, buf, wordStart, i, `line ${lineNo}`);
    if (dim === 0) {
      dim = countNumbers(ctx, buf, i, stop, lineNo);
      vectors = new Float32Array(capacity * dim);
    }
    if (rows === capacity) {
      capacity *= 2;
      const grown = new Float32Array(capacity * dim);
      grown.set(vectors);
      vectors = grown;
    }
    const isDuplicate = seen.has(word);
    // a duplicate is parsed (and validated) into the next free row, which the next word then overwrites
    const base = rows * dim;
    let k = 0;
    for (;;) {
      while (i < stop && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
      if (i >= stop) break;
      const value = parseFloatBytes(buf, i, stop);
      const after = parsedEnd;
      if (after === i || (after < stop && buf[after] !== 0x20 && buf[after] !== 0x09)) {
        let tokenEnd = i;
        while (tokenEnd < stop && buf[tokenEnd] !== 0x20 && buf[tokenEnd] !== 0x09) tokenEnd++;
        throw new BadFileError('E_BAD_VECTOR_FILE', path, `line ${lineNo}`, `expected a number, found ${JSON.stringify(buf.toString('utf8', i, Math.min(tokenEnd, i + 40)))} (value ${k + 1} of word ${JSON.stringify(word)})`);
      }
      if (k === dim) {
        throw new BadFileError('E_BAD_VECTOR_FILE', path, `line ${lineNo}`, `expected ${dim} numbers after ${JSON.stringify(word)}, found more; ${header === null ? 'every line must have as many numbers as the first' : 'check the header\'s dim'}`);
      }
      vectors[base + k] = value;
      k++;
      i = after;
    }
    if (k !== dim) {
      throw new BadFileError('E_BAD_VECTOR_FILE', path, `line ${lineNo}`, `expected ${dim} numbers after ${JSON.stringify(word)}, found ${k}; the line is truncated or the ${header === null ? 'first line' : 'header'} is wrong`);
    }
    if (isDuplicate) {
      duplicates++;
    } else {
      seen.add(word);
      words.push(word);
      rows++;
    }
    if (header === null && rows + duplicates >= limit) break;
  }
  if (header !== null && rows + duplicates < wanted) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `line ${lineNo + 1}`, `the header promises ${header.count} words but the file ends after ${rows + duplicates}; the file is truncated or the header count is wrong`);
  }
  if (header !== null && limit >= header.count) await expectNoMoreRows(ctx, header.count, `line ${lineNo + 1}`);
  if (header === null && rows === 0) throw new BadFileError('E_BAD_VECTOR_FILE', path, 'line 1', 'no vectors found; expected "<count> <dim>" then one "word v1 v2 ..." line per word');
  const used = rows * dim;
  return { words, vectors: vectors.length === used ? vectors : vectors.slice(0, used), dim, format: 'text', header: header !== null, duplicates };
}

async function readBinary(ctx: Context, header: Header): Promise<LoadedVectors> {
  const { reader, path, limit } = ctx;
  const { dim } = header;
  const rowBytes = dim * 4;
  const wanted = Math.min(header.count, limit);
  // every byte is overwritten below (or the read fails), so skip zero-filling hundreds of megabytes
  const target = Buffer.allocUnsafeSlow(wanted * rowBytes);
  const vectors = new Float32Array(target.buffer, target.byteOffset, wanted * dim);
  const words: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let rows = 0;
  for (let r = 0; r < wanted; r++) {
    // gensim: some writers put a newline before each word instead of after each vector
    for (;;) {
      if (reader.pos >= reader.end && !(await reader.fill())) break;
      if (reader.buf[reader.pos] !== 0x0a) break;
      reader.pos++;
    }
    const wordOffset = reader.offset + reader.pos;
    // synchronous fast paths: awaiting once per row costs more than parsing the row
    let space = reader.buf.indexOf(0x20, reader.pos);
    if (space === -1 || space >= reader.end) space = await reader.find(0x20, 1 << 16);
    if (space === -1) {
      const where = `byte ${wordOffset}`;
      if (reader.eof && reader.end - reader.pos < 1 << 16) {
        throw new BadFileError('E_BAD_VECTOR_FILE', path, where, `the header promises ${header.count} words but the file ends after ${r}; the file is truncated or the header count is wrong`);
      }
      throw new BadFileError('E_BAD_VECTOR_FILE', path, where, `expected a word followed by a space (word ${r + 1} of ${header.count}); the file is damaged`);
    }
    const word = decodeWord(ctx, reader.buf, reader.pos, space, `byte ${wordOffset}`);
    reader.pos = space + 1;
    if (reader.end - reader.pos < rowBytes && !(await reader.ensure(rowBytes))) {
      throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${reader.offset + reader.pos}`, `the file ends inside the vector of ${JSON.stringify(word)} (word ${r + 1} of ${header.count}, ${reader.end - reader.pos} of ${rowBytes} bytes); it is truncated`);
    }
    if (seen.has(word)) {
      duplicates++;
    } else {
      seen.add(word);
      words.push(word);
      reader.buf.copy(target, rows * rowBytes, reader.pos, reader.pos + rowBytes);
      rows++;
    }
    reader.pos += rowBytes;
  }
  if (limit >= header.count) await expectNoMoreRows(ctx, header.count, undefined);
  return { words, vectors: rows === wanted ? vectors : vectors.slice(0, rows * dim), dim, format: 'binary', header: true, duplicates };
}

/** After all promised rows only whitespace may follow; more data means the header count is wrong. */
async function expectNoMoreRows(ctx: Context, count: number, where: string | undefined): Promise<void> {
  const { reader, path } = ctx;
  for (;;) {
    while (reader.pos < reader.end) {
      const c = reader.buf[reader.pos]!;
      if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) {
        throw new BadFileError('E_BAD_VECTOR_FILE', path, where ?? `byte ${reader.offset + reader.pos}`, `more data follows the ${count} words the header promises; fix the count in the header`);
      }
      reader.pos++;
    }
    if (!(await reader.fill())) return;
  }
}

function countNumbers(ctx: Context, buf: Buffer, from: number, stop: number, lineNo: number): number {
  let n = 0;
  let i = from;
  for (;;) {
    while (i < stop && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (i >= stop) break;
    while (i < stop && buf[i] !== 0x20 && buf[i] !== 0x09) i++;
    n++;
  }
  if (n === 0) throw new BadFileError('E_BAD_VECTOR_FILE', ctx.path, `line ${lineNo}`, 'expected a word followed by its numbers (no header found, so this line sets the dimension)');
  return n;
}

function decodeWord(ctx: Context, buf: Buffer, start: number, end: number, where: string): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return buf.toString('latin1', start, end);
  const bytes = buf.subarray(start, end);
  if (isUtf8(bytes)) return buf.toString('utf8', start, end);
  if (ctx.unicodeErrors === 'strict') {
    throw new BadFileError('E_BAD_VECTOR_FILE', ctx.path, where, `word ${JSON.stringify(buf.toString('utf8', start, end))} is not valid UTF-8; pass unicodeErrors 'replace' or 'ignore' (--unicode-errors) to load it anyway`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  // 'ignore' drops what 'replace' marks (a genuine U+FFFD in the same word goes too; rare enough to accept)
  return ctx.unicodeErrors === 'replace' ? text : text.replaceAll('\uFFFD', '');
}
