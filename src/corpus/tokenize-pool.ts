// The tokenizing threads of TextCorpus.tokenChunks: each builds its own tokenizer from the corpus's settings
// (jieba's dictionary is per thread: a fixed ~250 MB each, BENCHMARKS.md §9) and turns units of text into
// local type tables and token ids. Units go to the thread with the least work queued; answers come back by
// sequence number, and the caller puts them back in corpus order.
import type { Worker } from 'node:worker_threads';
import { Word2VecError, type Word2VecErrorCode } from '../errors.ts';
import type { TokenizerOptions } from '../options.ts';
import { spawnWorker } from '../util/spawn-worker.ts';
import type { Segment } from './segments.ts';

/** One unit tokenized: its distinct tokens in order of first occurrence, its tokens as indices, -1 at line ends. */
export interface TokenizedUnit {
  types: string[];
  tokens: Int32Array;
}

/** What a tokenizing thread gets at start. */
export interface TokenizeWorkerInit {
  tokenizeThread: true;
  tokenizer: Readonly<TokenizerOptions>;
}

/** A unit of work sent to a thread. */
export interface ToTokenizer {
  seq: number;
  segments: Segment[];
}

/** A thread's answer: the unit tokenized, or why it failed (seq -1: the tokenizer could not be built). */
export type FromTokenizer = ({ seq: number } & TokenizedUnit) | { seq: number; error: { code: string | undefined; message: string } };

/** A pool of tokenizing threads; close() it when done (it terminates them). */
export class TokenizerPool {
  private readonly workers: Worker[] = [];
  private readonly queued: number[] = [];
  private readonly waiting = new Map<number, { slot: number; resolve: (u: TokenizedUnit) => void; reject: (e: Error) => void }>();
  private nextSeq = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(threads: number, tokenizer: Readonly<TokenizerOptions>) {
    for (let slot = 0; slot < threads; slot++) {
      const worker = spawnWorker(import.meta.url, 'tokenize-worker', { tokenizeThread: true, tokenizer } satisfies TokenizeWorkerInit);
      worker.on('message', (m: FromTokenizer) => this.answer(slot, m));
      worker.on('error', (error) => this.fail(new Word2VecError('E_WORKER', `tokenizing thread ${slot + 1} failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Word2VecError('E_WORKER', `tokenizing thread ${slot + 1} exited with code ${code}`));
      });
      this.workers.push(worker);
      this.queued.push(0);
    }
  }

  /** Tokenizes one unit on the least busy thread. */
  tokenize(segments: Segment[]): Promise<TokenizedUnit> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let slot = 0;
    for (let s = 1; s < this.workers.length; s++) if (this.queued[s]! < this.queued[slot]!) slot = s;
    const seq = this.nextSeq++;
    this.queued[slot]!++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { slot, resolve, reject });
      this.workers[slot]!.postMessage({ seq, segments } satisfies ToTokenizer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // --- internal ---

  private answer(slot: number, m: FromTokenizer): void {
    if ('error' in m) {
      // the thread's own error (a bad user dictionary, an unreadable stopword file) keeps its code and message
      const code = m.error.code?.startsWith('E_') === true ? (m.error.code as Word2VecErrorCode) : undefined;
      this.fail(code === undefined ? new Word2VecError('E_WORKER', `tokenizing thread ${slot + 1} failed: ${m.error.message}`) : new Word2VecError(code, m.error.message));
      return;
    }
    const waiter = this.waiting.get(m.seq);
    if (waiter === undefined) return;
    this.waiting.delete(m.seq);
    this.queued[waiter.slot]!--;
    waiter.resolve({ types: m.types, tokens: m.tokens });
  }

  private fail(error: Error): void {
    if (this.failure !== undefined || this.closing) return;
    this.failure = error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    for (const w of this.workers) void w.terminate();
  }
}
