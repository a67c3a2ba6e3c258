// Counting and vocabulary building: corpus -> word counts (bounded memory) -> Vocab in frequency order.
// Sits between corpus/ and train/; it never imports train/ or vectors/.
import { Word2VecError } from '../errors.ts';
import type { Corpus, TokenChunk } from '../corpus/corpus.ts';
import type { VocabOptions } from '../options.ts';
import { checkVocabWord } from '../io/model-folder.ts';
import { Vocab } from './vocab.ts';

/** Progress of a corpus scan: bytes read (of totalBytes when known) and tokens counted so far. */
export interface ScanProgress {
  bytes: number;
  totalBytes?: number;
  tokens: number;
}

/** Callbacks of a scan: the library never prints, it reports through these. */
export interface VocabHooks {
  /** Called at most every `progressIntervalMs` (default 200 ms) and once at the end. */
  onProgress?: (p: ScanProgress) => void;
  /** Something suspicious but not fatal (for example pruning past maxTypes). */
  onWarning?: (message: string) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

/** Raw counts of one pass over a corpus. */
export interface ScanResult {
  /** Counts in first-occurrence order (Map insertion order), which the frequency sort's tie-break relies on. */
  counts: Map<string, number>;
  totalTokens: number;
  sentences: number;
  /** Deletions made by pruning (0 unless more than maxTypes types were seen); a word can be pruned more than once. */
  pruned: number;
  /** Each word's type id, as written to the scan's IdSink (valid only when nothing was pruned). */
  typeIds: Map<string, number>;
}

/**
 * Receives the scan's tokens as type ids (each word's index in order of first occurrence), a sentence at a time
 * with -1 after it, so training can encode the corpus without tokenizing it a second time.
 */
export interface IdSink {
  /** The first `n` entries of `ids` (the array is reused after the call). */
  write(ids: Int32Array, n: number): void;
}

/** What buildVocab kept and how much of the corpus it covers. */
export interface VocabStats {
  totalTokens: number;
  /** Distinct types seen, pruned ones included; an upper bound after pruning (a word pruned twice counts twice). */
  totalTypes: number;
  keptTypes: number;
  keptTokens: number;
  /** keptTokens / totalTokens. */
  coverage: number;
  pruned: number;
  sentences: number;
}

/**
 * Counts every token of `corpus` in one streaming pass. Past `maxTypes` distinct types the rarest are pruned the
 * way word2vec.c's ReduceVocab does (after the word that crosses the limit, drop every count <= minReduce, then
 * minReduce++), with a warning hook: memory stays bounded, and counts of words pruned earlier are undercounts.
 * With `threads` > 1 the corpus is tokenized on that many worker threads when it offers it (Corpus.tokenChunks)
 * and the chunks are counted here in corpus order, so the result (words, counts, first-occurrence order, pruning,
 * and the ids handed to `sink`) is exactly the one-thread result.
 */
export async function scanVocab(corpus: Corpus, options: Pick<VocabOptions, 'maxTypes'>, hooks: VocabHooks = {}, sink?: IdSink, threads = 1): Promise<ScanResult> {
  const chunks = threads > 1 ? corpus.tokenChunks?.(threads) : undefined;
  if (chunks !== undefined) return await scanChunks(corpus, chunks, options, hooks, sink);
  const counter = new TypeCounter(options.maxTypes, hooks.onWarning);
  let sentenceIds = new Int32Array(1 << 12);
  // the sink sees type ids only until the first pruning: after it they no longer name one word each
  let out = sink;
  const totalBytes = await corpus.totalBytes();
  const progress = (tokens: number): ScanProgress =>
    totalBytes === undefined ? { bytes: corpus.bytesRead, tokens } : { bytes: corpus.bytesRead, totalBytes, tokens };
  let totalTokens = 0;
  let sentences = 0;
  const tick = scanTicker(hooks, () => progress(totalTokens));
  for await (const sentence of corpus) {
    sentences++;
    totalTokens += sentence.length;
    if (out !== undefined && sentenceIds.length <= sentence.length) sentenceIds = new Int32Array(2 * sentence.length + 1);
    let at = 0;
    for (const word of sentence) {
      // a token may be a slice of its line or chunk (megabytes for text8): a new key gets its own copy so the
      // map never keeps whole chunks alive
      const id = counter.count(word, true);
      if (out !== undefined) {
        sentenceIds[at++] = id;
        if (counter.prunings > 0) out = undefined;
      }
    }
    if (out !== undefined) {
      sentenceIds[at++] = -1;
      out.write(sentenceIds, at);
    }
    tick();
  }
  hooks.onProgress?.(progress(totalTokens));
  return counter.result(totalTokens, sentences);
}

/**
 * Turns raw counts into a Vocab: drops words below minCount, sorts by count descending with ties in order of
 * first occurrence (a stable sort), then keeps the first maxVocab (0: all).
 * gensim 4.2 sorts with `np.argsort(counts)[::-1]` (not stable), so words, counts and the order of distinct counts
 * match gensim exactly while the order within a tie may differ.
 */
function vocabFromCounts(scan: ScanResult, options: Pick<VocabOptions, 'minCount' | 'maxVocab'>, description = 'the corpus'): { vocab: Vocab; stats: VocabStats } {
  if (scan.totalTokens === 0) throw new Word2VecError('E_EMPTY_CORPUS', `${description}: no tokens found (all lines empty, or every word was removed as a stopword)`);
  const entries: [string, number][] = [];
  let largest = 0;
  for (const entry of scan.counts) {
    if (entry[1] > largest) largest = entry[1];
    if (entry[1] >= options.minCount) entries.push(entry);
  }
  if (entries.length === 0) {
    throw new Word2VecError('E_EMPTY_VOCAB', `--min-count ${options.minCount} left an empty vocabulary (the most frequent word occurs ${largest} times); lower --min-count`);
  }
  entries.sort((a, b) => b[1] - a[1]); // Array.prototype.sort is stable: ties keep first-occurrence order
  const kept = options.maxVocab > 0 && entries.length > options.maxVocab ? entries.slice(0, options.maxVocab) : entries;
  // refused here, before any training, rather than when the first checkpoint writes vocab.tsv
  for (const [word] of kept) checkVocabWord(word);
  const vocab = new Vocab(
    kept.map((e) => e[0]),
    kept.map((e) => e[1]),
  );
  const keptTokens = vocab.totalCount;
  return {
    vocab,
    stats: {
      totalTokens: scan.totalTokens,
      totalTypes: scan.counts.size + scan.pruned,
      keptTypes: vocab.size,
      keptTokens,
      coverage: keptTokens / scan.totalTokens,
      pruned: scan.pruned,
      sentences: scan.sentences,
    },
  };
}

/**
 * Scans `corpus` and builds its vocabulary (minCount, maxVocab, maxTypes), tokenizing on `threads` worker
 * threads when the corpus offers it (the same vocabulary as one thread; see scanVocab).
 * @example
 * const { vocab, stats } = await buildVocab(corpus, resolveVocabOptions({ minCount: 5 }));
 * vocab.words[0]; // the most frequent word
 */
export async function buildVocab(corpus: Corpus, options: VocabOptions, hooks: VocabHooks = {}, threads = 1): Promise<{ vocab: Vocab; stats: VocabStats }> {
  const scan = await scanVocab(corpus, options, hooks, undefined, threads);
  return vocabFromCounts(scan, options, corpus.description);
}

/**
 * buildVocab that also hands every token's type id to `sink`; `remap` turns type ids into vocabulary ids (-1:
 * not in the vocabulary), or is undefined when pruning made the type ids ambiguous (encode from text instead).
 */
export async function buildVocabWithIds(
  corpus: Corpus,
  options: VocabOptions,
  hooks: VocabHooks,
  sink: IdSink,
  threads = 1,
): Promise<{ vocab: Vocab; stats: VocabStats; remap: Int32Array | undefined }> {
  const scan = await scanVocab(corpus, options, hooks, sink, threads);
  const { vocab, stats } = vocabFromCounts(scan, options, corpus.description);
  if (scan.pruned > 0) return { vocab, stats, remap: undefined };
  let types = 0;
  for (const i of scan.typeIds.values()) types = Math.max(types, i + 1);
  const remap = new Int32Array(types).fill(-1);
  for (let w = 0; w < vocab.size; w++) remap[scan.typeIds.get(vocab.words[w]!)!] = w;
  return { vocab, stats, remap };
}

// --- internal ---

/**
 * The counts of one scan: word -> type id in first-occurrence order, counts by type id (one hash lookup per
 * token), and word2vec.c's pruning. Both scans count through it, so they prune alike.
 */
class TypeCounter {
  readonly ids = new Map<string, number>();
  /** Deletions made by pruning. */
  pruned = 0;
  /** Prunings so far; a type id handed out before the latest one may no longer name its word. */
  prunings = 0;
  private counts = new Float64Array(1 << 16);
  private nextId = 0;
  private minReduce = 1;

  constructor(
    private readonly maxTypes: number,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  /** Counts one token of `word` and returns its type id; `copy` stores a new word as a copy of its own. */
  count(word: string, copy: boolean): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(copy ? ownCopy(word) : word, id);
      if (id === this.counts.length) {
        const bigger = new Float64Array(2 * this.counts.length);
        bigger.set(this.counts);
        this.counts = bigger;
      }
      this.counts[id] = 0;
    }
    this.again(id);
    return id;
  }

  /** Counts one more token of the type `id`, an id count() returned since the latest pruning. */
  again(id: number): void {
    this.counts[id]! += 1;
    // word2vec.c checks after every word and prunes once per check (ReduceVocab: drop counts <= minReduce, then
    // minReduce++); the threshold only rises, and a word counted again after being pruned restarts at 1 (under
    // a new type id, so the ids handed out before no longer name one word: the caller must not use them)
    if (this.ids.size > this.maxTypes) this.prune();
  }

  result(totalTokens: number, sentences: number): ScanResult {
    const counts = new Map<string, number>();
    for (const [w, i] of this.ids) counts.set(w, this.counts[i]!);
    return { counts, totalTokens, sentences, pruned: this.pruned, typeIds: this.ids };
  }

  private prune(): void {
    const ids = this.ids;
    for (const [w, i] of ids) {
      if (this.counts[i]! <= this.minReduce) {
        ids.delete(w);
        this.pruned++;
      }
    }
    this.minReduce++;
    // renumber the survivors 0..size-1 (Map order, and so the vocabulary's tie order, is unchanged), so the
    // counts array stays as small as the map however often words are pruned and seen again
    const compact = new Float64Array(Math.max(1 << 16, 2 * ids.size));
    let k = 0;
    for (const [w, i] of ids) {
      compact[k] = this.counts[i]!;
      ids.set(w, k++);
    }
    this.counts = compact;
    this.nextId = k;
    this.prunings++;
    if (this.prunings === 1) {
      this.onWarning?.(
        `more than ${this.maxTypes} distinct words: pruning the rarest as word2vec.c does (counts <= ${this.minReduce - 1} dropped, a threshold that rises with each pruning); counts of rare words become undercounts, raise --max-types if memory allows`,
      );
    }
  }
}

/**
 * scanVocab over chunks tokenized on worker threads. The chunks come in corpus order and a chunk's types in
 * order of first occurrence within it, so resolving each local type when its first token is counted adds new
 * words to the map in corpus order: the one-thread map, counts, pruning and ids, with one hash lookup per type
 * of a chunk instead of per token.
 */
async function scanChunks(corpus: Corpus, chunks: AsyncIterable<TokenChunk>, options: Pick<VocabOptions, 'maxTypes'>, hooks: VocabHooks, sink: IdSink | undefined): Promise<ScanResult> {
  const counter = new TypeCounter(options.maxTypes, hooks.onWarning);
  let sentenceIds = new Int32Array(1 << 12);
  let at = 0;
  let out = sink;
  const totalBytes = await corpus.totalBytes();
  let bytes = 0;
  const progress = (tokens: number): ScanProgress => (totalBytes === undefined ? { bytes, tokens } : { bytes, totalBytes, tokens });
  let totalTokens = 0;
  let sentences = 0;
  const tick = scanTicker(hooks, () => progress(totalTokens));
  for await (const chunk of chunks) {
    const { types, tokens } = chunk;
    // local type -> type id, -1 until its first token here (and again after a pruning renumbers the ids)
    const global = new Int32Array(types.length).fill(-1);
    let prunings = counter.prunings;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t < 0) {
        sentences++;
        if (out !== undefined) {
          sentenceIds[at++] = -1;
          out.write(sentenceIds, at);
        }
        at = 0;
        continue;
      }
      totalTokens++;
      let id = global[t]!;
      if (id >= 0) counter.again(id);
      else global[t] = id = counter.count(types[t]!, false);
      if (out !== undefined) {
        if (at + 1 >= sentenceIds.length) {
          const bigger = new Int32Array(2 * sentenceIds.length);
          bigger.set(sentenceIds);
          sentenceIds = bigger;
        }
        sentenceIds[at++] = id;
      }
      if (counter.prunings !== prunings) {
        prunings = counter.prunings;
        global.fill(-1);
        out = undefined;
      }
    }
    bytes = chunk.bytes;
    tick();
  }
  hooks.onProgress?.(progress(totalTokens));
  return counter.result(totalTokens, sentences);
}

/**
 * Called once per sentence or chunk of a scan: reports progress at most every `progressIntervalMs` (200 by
 * default) and stops the scan when the signal is aborted.
 */
function scanTicker(hooks: VocabHooks, report: () => ScanProgress): () => void {
  const interval = hooks.progressIntervalMs ?? 200;
  let last = performance.now();
  return () => {
    if (hooks.onProgress !== undefined) {
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        hooks.onProgress(report());
      }
    }
    if (hooks.signal?.aborted) throw new Word2VecError('E_INTERRUPTED', 'vocabulary scan interrupted');
  };
}

function ownCopy(word: string): string {
  return Buffer.from(word, 'utf8').toString('utf8');
}
