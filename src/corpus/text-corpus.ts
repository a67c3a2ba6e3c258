// The streaming corpus every command reads: files (plain or .gz) decoded strictly, one sentence per line,
// tokenized on the fly. Each iteration opens the files again; at most one chunk (1 MiB), one partial line of
// about that size and one sentence of at most maxSentenceLength tokens are in memory at any time.
// `tokenChunks` is the same text tokenized on worker threads (tokenize-pool.ts), for the passes that read it all.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Word2VecError } from '../errors.ts';
import type { TokenizerOptions } from '../options.ts';
import { decodeChunks } from '../tokenize/decode.ts';
import type { Tokenizer } from '../tokenize/tokenizer.ts';
import type { Corpus, TokenChunk } from './corpus.ts';
import { LAST, LINES, lastWhitespace, linesOf, PART, type Segment, tokenWindows } from './segments.ts';
import type { SourceFile } from './sources.ts';
import { type TokenizedUnit, TokenizerPool } from './tokenize-pool.ts';

/** Reading knobs; the defaults suit real corpora, tests shrink them to exercise chunk boundaries. */
export interface TextCorpusOptions {
  /** Sentences longer than this many tokens are cut into chunks of this size (gensim max_sentence_length). */
  maxSentenceLength: number;
  /** Input encoding label, or undefined for UTF-8 / UTF-16 BOM / detected GB18030. */
  encoding?: string | undefined;
  /** The settings `tokenizer` was created from (see Corpus.tokenizerOptions). */
  tokenizerOptions?: Readonly<TokenizerOptions> | undefined;
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
  /** A line growing past this many characters is tokenized up to its last whitespace (default 1 Mi chars). */
  maxLineChars?: number;
  /** Inputs smaller than this many bytes are tokenized on the calling thread (default 4 MiB; tests lower it). */
  minParallelBytes?: number;
  /** Chars per unit of work of a tokenizing thread (default 256 Ki; tests lower it to cut many units). */
  unitChars?: number;
}

/**
 * A re-iterable corpus over files: one sentence per line (CRLF, LF and lone CR all end a line), empty lines
 * skipped. A line longer than `maxLineChars` (a text8-style file is one 100 MB line) is consumed in pieces cut at
 * whitespace, and its tokens continue the same sentence; every sentence is cut into chunks of at most
 * `maxSentenceLength` tokens, which reproduces gensim's Text8Corpus and LineSentence splitting exactly.
 */
export class TextCorpus implements Corpus {
  readonly description: string;
  readonly tokenizerOptions: Readonly<TokenizerOptions> | undefined;
  private bytesDone = 0;
  private readonly chunkBytes: number;
  private readonly maxLineChars: number;

  constructor(
    readonly files: readonly SourceFile[],
    readonly tokenizer: Tokenizer,
    readonly options: TextCorpusOptions,
  ) {
    if (files.length === 0) throw new Word2VecError('E_INPUT', 'no input files');
    this.description = files.length <= 3 ? files.map((f) => f.name).join(', ') : `${files[0]!.name} and ${files.length - 1} more files`;
    this.tokenizerOptions = options.tokenizerOptions;
    this.chunkBytes = options.chunkBytes ?? 1 << 20;
    this.maxLineChars = options.maxLineChars ?? 1 << 20;
  }

  /** Bytes consumed so far by the iteration in progress (compressed bytes for .gz, like totalBytes). */
  get bytesRead(): number {
    return this.bytesDone;
  }

  async totalBytes(): Promise<number> {
    return this.files.reduce((sum, f) => sum + f.size, 0);
  }

  async fingerprint(): Promise<string> {
    const hash = createHash('sha1');
    for (const file of this.files) {
      // absolute paths: a resume may name the same files relative to another folder
      const name = file.name === 'stdin' ? file.name : resolve(file.path);
      hash.update(JSON.stringify([name, file.size, file.mtimeMs, await edgeHash(file)]));
      hash.update('\n');
    }
    return hash.digest('hex');
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly string[]> {
    this.bytesDone = 0;
    let before = 0;
    for (const file of this.files) {
      yield* this.sentencesOf(file, (bytes) => {
        this.bytesDone = before + bytes;
      });
      before += file.size;
      this.bytesDone = before;
    }
  }

  /**
   * The corpus tokenized on `threads` worker threads, as chunks in corpus order whose sentences are exactly the
   * ones iterating the corpus yields; undefined when threads would not pay off (one thread, pre-tokenized text,
   * an input smaller than `minParallelBytes`) or cannot reproduce this corpus (no tokenizer settings to rebuild its tokenizer from).
   * One reader on this thread reads, decodes and cuts the text exactly as iterating does (the long-line rule and
   * a CR at the end of a read depend on where the reads end, so the cuts must come from one reader); the threads
   * only tokenize, which costs 10-100x the reading. At most two chunks per thread are in flight, so memory stays
   * flat whatever the corpus size.
   */
  tokenChunks(threads: number): AsyncIterable<TokenChunk> | undefined {
    const tokenizerOptions = this.tokenizerOptions;
    if (threads <= 1 || tokenizerOptions === undefined) return undefined;
    // pre-tokenized text is split at spaces, which costs about what reading does: threads save nothing there
    // (text8 head: 2.31 s on one, 2.19 s on two) and cost their isolates' memory (159 -> 235 MB peak)
    if (tokenizerOptions.tokenized) return undefined;
    const total = this.files.reduce((sum, f) => sum + f.size, 0);
    if (total < (this.options.minParallelBytes ?? MIN_PARALLEL_BYTES)) return undefined;
    return this.chunksOn(threads, tokenizerOptions);
  }

  // --- internal ---

  private async *chunksOn(threads: number, tokenizerOptions: Readonly<TokenizerOptions>): AsyncGenerator<TokenChunk> {
    const pool = new TokenizerPool(threads, tokenizerOptions);
    const units = this.units();
    // results in corpus order; each is awaited in turn (handled at once so a later failure is not "unhandled")
    const inFlight: { result: Promise<TokenizedUnit>; bytes: number }[] = [];
    const cutter = new SentenceCutter(this.options.maxSentenceLength);
    let drained = false;
    try {
      for (;;) {
        while (!drained && inFlight.length < 2 * threads) {
          const next = await units.next();
          if (next.done === true) {
            drained = true;
            break;
          }
          const result = pool.tokenize(next.value.segments);
          result.catch(() => undefined);
          inFlight.push({ result, bytes: next.value.bytes });
        }
        const head = inFlight.shift();
        if (head === undefined) break;
        const unit = await head.result;
        yield { types: unit.types, tokens: cutter.cut(unit.tokens), bytes: head.bytes };
      }
    } finally {
      await units.return(undefined);
      await pool.close();
    }
  }

  /** The segments of every file in order, grouped into units of at least UNIT_CHARS chars for the threads. */
  private async *units(): AsyncGenerator<{ segments: Segment[]; bytes: number }> {
    const unitChars = this.options.unitChars ?? UNIT_CHARS;
    let segments: Segment[] = [];
    let chars = 0;
    this.bytesDone = 0;
    let before = 0;
    for (const file of this.files) {
      for await (const segment of this.segmentsOf(file, (bytes) => {
        this.bytesDone = before + bytes;
      })) {
        segments.push(segment);
        chars += segment.text.length;
        if (chars >= unitChars) {
          yield { segments, bytes: this.bytesDone };
          segments = [];
          chars = 0;
        }
      }
      before += file.size;
      this.bytesDone = before;
    }
    if (segments.length > 0) yield { segments, bytes: this.bytesDone };
  }

  private async *sentencesOf(file: SourceFile, onBytes: (bytes: number) => void): AsyncGenerator<readonly string[]> {
    const max = this.options.maxSentenceLength;
    const tokenizer = this.tokenizer;
    let sentence: string[] = [];
    // tokens of the current line go into `sentence`; full chunks of `max` tokens leave at once
    function* add(text: string, endOfLine: boolean): Generator<readonly string[]> {
      for (const tokens of tokenWindows(tokenizer, text)) {
        for (const token of tokens) {
          sentence.push(token);
          if (sentence.length === max) {
            yield sentence;
            sentence = [];
          }
        }
      }
      if (endOfLine && sentence.length > 0) {
        yield sentence;
        sentence = [];
      }
    }
    for await (const segment of this.segmentsOf(file, onBytes)) {
      if (segment.kind === LINES) {
        for (const line of linesOf(segment.text)) yield* add(line, true);
      } else {
        yield* add(segment.text, segment.kind === LAST);
      }
    }
  }

  /**
   * The decoded text of `file` cut the way every reader of it cuts: complete lines, pieces of a line longer than
   * maxLineChars (cut at its last whitespace), and the file's last text.
   */
  private async *segmentsOf(file: SourceFile, onBytes: (bytes: number) => void): AsyncGenerator<Segment> {
    let pending = '';
    for await (const { text } of decodeChunks(readBytes(file, this.chunkBytes, onBytes), file.name, this.options.encoding)) {
      const buffer = pending + text;
      const end = completeLinesEnd(buffer);
      if (end > 0) yield { text: buffer.slice(0, end), kind: LINES };
      pending = end === 0 ? buffer : buffer.slice(end);
      if (pending.length > this.maxLineChars) {
        const cut = lastWhitespace(pending);
        // no whitespace at all in a huge line (unspaced Chinese): cut anyway; a word may be split once per piece
        const at = cut > 0 ? cut : pending.length;
        yield { text: pending.slice(0, at), kind: PART };
        pending = pending.slice(at);
      }
    }
    yield { text: pending, kind: LAST };
  }
}

/**
 * Turns a thread's tokens (-1 at every line end) into the corpus's sentences (-1 after each), cutting at
 * maxSentenceLength tokens exactly as iterating the corpus does; a sentence may go on into the next chunk.
 */
class SentenceCutter {
  private inSentence = 0;

  constructor(private readonly max: number) {}

  cut(tokens: Int32Array): Int32Array {
    const out = new Int32Array(tokens.length + Math.ceil(tokens.length / this.max) + 1);
    let n = 0;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t < 0) {
        if (this.inSentence > 0) {
          out[n++] = -1;
          this.inSentence = 0;
        }
        continue;
      }
      out[n++] = t;
      if (++this.inSentence === this.max) {
        out[n++] = -1;
        this.inSentence = 0;
      }
    }
    return out.subarray(0, n);
  }
}

// --- internal ---

/**
 * Chars per unit of work of a tokenizing thread: ~0.25 s of jieba, a few ms of whitespace splitting; small enough
 * that the last units leave no thread idle for long, large enough that messages cost nothing next to them.
 */
const UNIT_CHARS = 1 << 18;
/** Below this input size (bytes on disk) the threads' start (jieba's dictionary: ~1.5 s of CPU each) costs more than it saves. */
const MIN_PARALLEL_BYTES = 4 << 20;

/**
 * Where the complete lines of `buffer` end: just after its last line break, except that a CR as the last
 * character may be the first half of a CRLF split across reads, so it waits for the next read with its line.
 */
function completeLinesEnd(buffer: string): number {
  let i = buffer.length - 1;
  for (; i >= 0; i--) {
    const c = buffer.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && i === buffer.length - 1) continue;
      break;
    }
  }
  return i + 1;
}


async function* readBytes(file: SourceFile, chunkBytes: number, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const raw = createReadStream(file.path, { highWaterMark: chunkBytes });
  let read = 0;
  if (!file.gzip) {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      yield chunk;
      // counted once its lines have been consumed, so progress tracks tokens rather than read-ahead
      read += chunk.length;
      onBytes(read);
    }
    return;
  }
  raw.on('data', (chunk: string | Buffer) => {
    read += chunk.length;
    onBytes(read);
  });
  const gunzip = createGunzip({ chunkSize: Math.min(chunkBytes, 1 << 20) });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new Word2VecError('E_INPUT', `${file.name}: corrupt or truncated gzip data (${(error as Error).message})`, { cause: error });
    }
    throw error;
  } finally {
    raw.destroy();
  }
}

async function edgeHash(file: SourceFile): Promise<string> {
  const edge = 64 * 1024;
  const hash = createHash('sha1');
  const handle = await open(file.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(edge, file.size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (file.size > edge) {
      const tailLength = Math.min(edge, file.size - edge);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, file.size - tailLength);
      hash.update(tail);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
