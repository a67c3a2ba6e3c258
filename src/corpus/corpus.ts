// A corpus is a restartable stream of sentences (arrays of tokens). Every epoch calls
// [Symbol.asyncIterator]() again and the text is read again from disk: it is never held in memory.
import type { TokenizerOptions } from '../options.ts';

/** Re-iterable sentences; a one-shot generator is not a Corpus (gensim: "restartable"). */
export interface Corpus extends AsyncIterable<readonly string[]> {
  /** Human-readable list of inputs, for messages. */
  readonly description: string;
  /** Total input bytes when known (for progress and ETA), else undefined (stdin). */
  totalBytes(): Promise<number | undefined>;
  /** Bytes consumed so far by the iteration in progress (or the last one). */
  readonly bytesRead: number;
  /**
   * A cheap identity of the inputs (paths, sizes, mtimes and a hash of their first and last 64 KiB),
   * stored in checkpoints so a resume can refuse a different corpus.
   */
  fingerprint(): Promise<string>;
  /**
   * The tokenizer settings the sentences were made with, when the corpus tokenizes text itself; the trainer
   * stores them in model.json so queries tokenize the same way.
   */
  readonly tokenizerOptions?: Readonly<TokenizerOptions> | undefined;
  /**
   * The same sentences tokenized on `threads` worker threads, as chunks in corpus order; undefined when this
   * corpus is better (or only) tokenized on the calling thread. A pass that reads the whole corpus uses it.
   */
  tokenChunks?(threads: number): AsyncIterable<TokenChunk> | undefined;
}

/**
 * A stretch of a corpus tokenized on a worker thread: its distinct tokens in order of first occurrence, and its
 * sentences as indices into them, -1 after each sentence. The last sentence may go on into the next chunk.
 */
export interface TokenChunk {
  types: string[];
  tokens: Int32Array;
  /** Input bytes read (as Corpus.bytesRead counts them) when this chunk was cut: progress up to its end. */
  bytes: number;
}
