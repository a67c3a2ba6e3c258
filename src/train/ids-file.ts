// The encoded corpus: one pass writes every sentence as int32 word ids
// followed by -1 to a temp file, so epochs and workers re-read ids from disk instead of re-tokenizing (jieba is
// slow) and the corpus is never held in memory. OOV tokens are dropped before windowing, as word2vec.c and
// gensim do, and sentences are cut at maxSentenceLength in-vocabulary words.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Word2VecError } from '../errors.ts';
import { removeStaleTemp } from '../util/stale-temp.ts';
import type { TokenChunk } from '../corpus/corpus.ts';
import type { Vocab } from '../vocab/vocab.ts';

/** What the encoding pass saw. */
export interface EncodeStats {
  /** Raw tokens read (before dropping OOV words). */
  tokens: number;
  /** Tokens written as ids (in the vocabulary). */
  vocabTokens: number;
  /** Sentences written (after cutting long ones). */
  sentences: number;
}

/** An ids file on disk: its path and its size in int32s (ids plus -1 separators). */
export interface IdsFile {
  path: string;
  ints: number;
  stats: EncodeStats;
}

/** A contiguous byte range [start, end) of the ids file that begins and ends at sentence boundaries. */
export interface Share {
  start: number;
  end: number;
}

/** A fresh temp path for an ids file. */
export function tempIdsPath(): string {
  return join(tmpdir(), `w2v-ids-${process.pid}-${randomBytes(4).toString('hex')}.bin`);
}

/**
 * Removes the ids files and scan spools that runs which no longer exist left in the temp folder (killed, or
 * out of power: nothing else could remove them). A file is another run's while its process id is alive.
 */
export function removeStaleIdsFiles(): void {
  removeStaleTemp(/^w2v-ids-(\d+)-[0-9a-f]{8}\.bin(?:\.scan)?$/);
}

/** writeSync that turns a full disk into a clear error naming the temp folder and the fix. */
function writeOrExplain(fd: number, bytes: Uint8Array, path: string, written: number): void {
  try {
    writeSync(fd, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new Word2VecError(
        'E_OUTPUT',
        `no space left on the disk of ${dirname(path)} while writing the encoded corpus (${(written / 1e6).toFixed(0)} MB so far, about 4 bytes per token); free some space or point TMPDIR at a bigger disk`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Encodes `sentences` with `vocab` into a new ids file at `path`; `onSentence` sees the progress.
 * The file is removed again if encoding fails.
 */
export async function encodeIds(
  sentences: AsyncIterable<readonly string[]>,
  vocab: Vocab,
  path: string,
  maxSentenceLength: number,
  onSentence?: (stats: EncodeStats) => void,
): Promise<IdsFile> {
  const out = new IdsWriter(path, maxSentenceLength);
  try {
    for await (const sentence of sentences) {
      out.stats.tokens += sentence.length;
      for (const token of sentence) {
        const id = vocab.indexOf(token);
        if (id >= 0) out.word(id);
      }
      out.endSentence();
      onSentence?.(out.stats);
    }
  } catch (error) {
    out.abort();
    throw error;
  }
  return out.finish();
}

/**
 * encodeIds over chunks tokenized on worker threads (Corpus.tokenChunks): each chunk's types are looked up in
 * `vocab` once, and the sentences are the corpus's own, so the file is the one encodeIds writes from the text.
 */
export async function encodeChunks(
  chunks: AsyncIterable<TokenChunk>,
  vocab: Vocab,
  path: string,
  maxSentenceLength: number,
  onChunk?: (stats: EncodeStats, bytes: number) => void,
): Promise<IdsFile> {
  const out = new IdsWriter(path, maxSentenceLength);
  try {
    for await (const chunk of chunks) {
      const ids = new Int32Array(chunk.types.length);
      for (let t = 0; t < ids.length; t++) ids[t] = vocab.indexOf(chunk.types[t]!);
      const tokens = chunk.tokens;
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k]!;
        if (t < 0) {
          out.endSentence();
          continue;
        }
        out.stats.tokens++;
        const id = ids[t]!;
        if (id >= 0) out.word(id);
      }
      onChunk?.(out.stats, chunk.bytes);
    }
  } catch (error) {
    out.abort();
    throw error;
  }
  return out.finish();
}

/**
 * The scan's type ids as an int32 file (the IdSink of vocab/build-vocab.ts), written through a 256 KB buffer.
 * `close()` flushes it; `remove()` deletes it.
 */
export class TypeIdSpool {
  readonly path: string;
  private fd: number;
  private readonly buffer = new Int32Array(1 << 16);
  private used = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  write(ids: Int32Array, n: number): void {
    let from = 0;
    while (from < n) {
      const take = Math.min(n - from, this.buffer.length - this.used);
      this.buffer.set(ids.subarray(from, from + take), this.used);
      this.used += take;
      from += take;
      if (this.used === this.buffer.length) this.flush();
    }
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  remove(): void {
    try {
      this.close();
    } catch {
      // a full disk fails the last flush too; the file goes anyway
    }
    rmSync(this.path, { force: true });
  }

  private written = 0;

  private flush(): void {
    if (this.used > 0) writeOrExplain(this.fd, new Uint8Array(this.buffer.buffer, 0, this.used * 4), this.path, this.written);
    this.written += this.used * 4;
    this.used = 0;
  }
}

/**
 * The ids file from a closed TypeIdSpool: type ids mapped through `remap` (-1 drops the token), sentences cut at
 * maxSentenceLength in-vocabulary words, as encodeIds writes it from text. Removes the spool.
 */
export function remapSpool(spool: TypeIdSpool, remap: Int32Array, path: string, maxSentenceLength: number): IdsFile {
  spool.close();
  const input = openSync(spool.path, 'r');
  const inBuffer = new Int32Array(1 << 16);
  const out = new IdsWriter(path, maxSentenceLength);
  try {
    for (;;) {
      const read = readSync(input, new Uint8Array(inBuffer.buffer), 0, inBuffer.length * 4, null) >> 2;
      if (read === 0) break;
      for (let k = 0; k < read; k++) {
        const type = inBuffer[k]!;
        if (type === -1) {
          out.endSentence();
          continue;
        }
        out.stats.tokens++;
        const id = remap[type]!;
        if (id >= 0) out.word(id);
      }
    }
  } catch (error) {
    out.abort();
    throw error;
  } finally {
    closeSync(input);
    rmSync(spool.path, { force: true });
  }
  return out.finish();
}

/**
 * Writes an ids file: in-vocabulary ids with -1 after each sentence, cutting sentences at maxSentenceLength ids
 * (the one writer of encodeIds and remapSpool, so both make the same file from the same tokens).
 */
class IdsWriter {
  readonly stats: EncodeStats = { tokens: 0, vocabTokens: 0, sentences: 0 };
  private readonly fd: number;
  private readonly buffer = new Int32Array(1 << 16);
  private used = 0;
  private ints = 0;
  private inSentence = 0;

  constructor(
    private readonly path: string,
    private readonly maxSentenceLength: number,
  ) {
    this.fd = openSync(path, 'w');
  }

  word(id: number): void {
    if (this.inSentence === this.maxSentenceLength) this.endSentence();
    this.push(id);
    this.inSentence++;
    this.stats.vocabTokens++;
  }

  /** Ends the sentence in progress (nothing when it holds no id). */
  endSentence(): void {
    if (this.inSentence === 0) return;
    this.push(-1);
    this.stats.sentences++;
    this.inSentence = 0;
  }

  finish(): IdsFile {
    try {
      this.flush();
    } catch (error) {
      this.abort();
      throw error;
    }
    closeSync(this.fd);
    return { path: this.path, ints: this.ints, stats: this.stats };
  }

  /** Closes and removes the file after a failure. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed by a failed finish()
    }
    rmSync(this.path, { force: true });
  }

  private push(value: number): void {
    if (this.used === this.buffer.length) this.flush();
    this.buffer[this.used++] = value;
    this.ints++;
  }

  private flush(): void {
    if (this.used > 0) writeOrExplain(this.fd, new Uint8Array(this.buffer.buffer, 0, this.used * 4), this.path, (this.ints - this.used) * 4);
    this.used = 0;
  }
}

/** Splits the file into `count` shares of about equal size, each starting right after a -1. */
export function splitShares(file: IdsFile, count: number): Share[] {
  const total = file.ints * 4;
  const cuts = [0];
  const fd = openSync(file.path, 'r');
  try {
    // small probes: a cut is one sentence end away, and a big corpus has one cut per 10,000 words (jobs)
    const probe = new Int32Array(1 << 11);
    const probeBytes = new Uint8Array(probe.buffer);
    for (let w = 1; w < count; w++) {
      let at = Math.max(cuts[cuts.length - 1]!, Math.floor((file.ints * w) / count) * 4);
      // move forward to just after the next separator
      let found = false;
      while (!found && at < total) {
        const read = readSync(fd, probeBytes, 0, Math.min(probeBytes.length, total - at), at);
        const n = read >> 2;
        for (let i = 0; i < n; i++) {
          if (probe[i] === -1) {
            at += (i + 1) * 4;
            found = true;
            break;
          }
        }
        if (!found) at += n * 4;
      }
      cuts.push(Math.min(at, total));
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(total);
  const shares: Share[] = [];
  for (let w = 0; w < count; w++) shares.push({ start: cuts[w]!, end: cuts[w + 1]! });
  return shares;
}

/** Words per job, as gensim's 10,000-word jobs. */
export const JOB_INTS = 10_000;

/**
 * Cuts the ids file into jobs of about JOB_INTS ints at sentence boundaries, in file order. The threads take
 * them from one queue (loop.ts), as gensim's threads take 10,000-word jobs: they move through the corpus side by
 * side, at the same place and the same learning rate, and none waits at the end of an epoch for more than one
 * job of another's (a fixed deal left a thread idle for up to 8% of a short CBOW epoch). One thread takes every
 * job in order: the single-thread run is the plain sequential pass.
 */
export function cutJobs(file: IdsFile, workers: number): Share[] {
  return splitShares(file, Math.max(workers, Math.ceil(file.ints / JOB_INTS))).filter((j) => j.end > j.start);
}

/** Reads sentences from one share of an ids file; `next()` returns a view valid until the next call. */
export class IdsReader {
  /** Byte offset of the next sentence not yet returned. */
  position: number;
  private readonly fd: number;
  private end: number;
  private buffer: Int32Array;
  private bufferStart: number;
  private cursor = 0;
  private filled = 0;

  constructor(path: string, position: number, end: number, bufferInts = 1 << 18) {
    this.fd = openSync(path, 'r');
    this.position = position;
    this.end = end;
    this.buffer = new Int32Array(bufferInts);
    this.bufferStart = position;
  }

  /** Continues from `position` up to `end` (the next job), keeping the open file and the buffer. */
  seek(position: number, end: number): void {
    this.position = position;
    this.end = end;
    this.bufferStart = position;
    this.cursor = 0;
    this.filled = 0;
  }

  /** The next sentence, or undefined at the end of the share. */
  next(): Int32Array | undefined {
    for (;;) {
      const buffer = this.buffer;
      for (let i = this.cursor; i < this.filled; i++) {
        if (buffer[i] === -1) {
          const sentence = buffer.subarray(this.cursor, i);
          this.cursor = i + 1;
          this.position = this.bufferStart + this.cursor * 4;
          return sentence;
        }
      }
      // no separator in what is buffered: keep the partial sentence, read more
      const fileAt = this.bufferStart + this.filled * 4;
      if (fileAt >= this.end) {
        if (this.cursor >= this.filled) return undefined;
        const rest = buffer.subarray(this.cursor, this.filled);
        this.cursor = this.filled;
        this.position = this.end;
        return rest;
      }
      const keep = this.filled - this.cursor;
      if (keep === buffer.length) {
        // a sentence longer than the buffer (cannot happen with maxSentenceLength < buffer): grow
        const bigger = new Int32Array(buffer.length * 2);
        bigger.set(buffer);
        this.buffer = bigger;
      } else {
        buffer.copyWithin(0, this.cursor, this.filled);
      }
      this.bufferStart += this.cursor * 4;
      this.cursor = 0;
      this.filled = keep;
      const target = this.buffer;
      const room = Math.min((target.length - keep) * 4, this.end - fileAt);
      const read = readSync(this.fd, new Uint8Array(target.buffer, keep * 4, room), 0, room, fileAt);
      if (read === 0) {
        this.filled = keep;
        if (keep === 0) return undefined;
        const rest = target.subarray(0, keep);
        this.cursor = keep;
        this.position = this.end;
        return rest;
      }
      this.filled = keep + (read >> 2);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
