// The streaming corpus every command reads: files (plain or .gz) decoded strictly, one sentence per line,
// tokenized on the fly. Each iteration opens the files again; at most one chunk (1 MiB), one partial line of
// about that size and one sentence of at most maxSentenceLength tokens are in memory at any time.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Word2VecError } from '../errors.ts';
import type { TokenizerOptions } from '../options.ts';
import { decodeChunks } from '../tokenize/decode.ts';
import type { Tokenizer } from '../tokenize/tokenizer.ts';
import type { Corpus } from './corpus.ts';
import type { SourceFile } from './sources.ts';

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

  // --- internal ---

  private async *sentencesOf(file: SourceFile, onBytes: (bytes: number) => void): AsyncGenerator<readonly string[]> {
    const max = this.options.maxSentenceLength;
    const tokenizer = this.tokenizer;
    let sentence: string[] = [];
    // tokens of the current line go into `sentence`; full chunks of `max` tokens leave at once
    function* add(text: string, endOfLine: boolean): Generator<readonly string[]> {
      // a long piece is tokenized in windows of at most TOKENIZE_WINDOW chars cut at whitespace (the tokens are the
      // same): the token array of a whole 1 MiB piece lives long enough to be promoted to the old generation, and
      // those dead arrays held ~60 MB of a text8 scan's peak memory
      for (let from = 0; from < text.length; ) {
        let to = text.length;
        if (to - from > TOKENIZE_WINDOW) {
          const cut = lastWhitespace(text.slice(from, from + TOKENIZE_WINDOW));
          to = cut > 0 ? from + cut : text.length;
        }
        const tokens = tokenizer.tokenize(from === 0 && to === text.length ? text : text.slice(from, to));
        from = to;
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
    let pending = '';
    for await (const { text } of decodeChunks(readBytes(file, this.chunkBytes, onBytes), file.name, this.options.encoding)) {
      const buffer = pending + text;
      let start = 0;
      for (;;) {
        LINE_BREAK.lastIndex = start;
        const m = LINE_BREAK.exec(buffer);
        if (m === null) break;
        // a CR as the last character may be the first half of CRLF: wait for the next chunk
        if (m[0] === '\r' && m.index === buffer.length - 1) break;
        yield* add(buffer.slice(start, m.index), true);
        start = m.index + m[0].length;
      }
      pending = start === 0 ? buffer : buffer.slice(start);
      if (pending.length > this.maxLineChars) {
        const cut = lastWhitespace(pending);
        // no whitespace at all in a huge line (unspaced Chinese): cut anyway; a word may be split once per piece
        const at = cut > 0 ? cut : pending.length;
        yield* add(pending.slice(0, at), false);
        pending = pending.slice(at);
      }
    }
    yield* add(pending, true);
  }
}

// --- internal ---

const LINE_BREAK = /\r\n|\r|\n/g;
/** Chars per tokenizer call at most, for pieces of long lines (see add). */
const TOKENIZE_WINDOW = 1 << 16;

function lastWhitespace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0) return i + 1;
  }
  return -1;
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
