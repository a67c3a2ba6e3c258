// Counting and vocabulary building: corpus -> word counts (bounded memory) -> Vocab in frequency order.
// Sits between corpus/ and train/; it never imports train/ or vectors/.
import { Word2VecError } from '../errors.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { VocabOptions } from '../options.ts';
import { checkVocabWord, Vocab } from './vocab.ts';

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
 */
export async function scanVocab(corpus: Corpus, options: Pick<VocabOptions, 'maxTypes'>, hooks: VocabHooks = {}, sink?: IdSink): Promise<ScanResult> {
  // word -> type id (first-occurrence order), counts by type id: one hash lookup per token
  const ids = new Map<string, number>();
  let typeCounts = new Float64Array(1 << 16);
  let nextId = 0;
  let sentenceIds = new Int32Array(1 << 12);
  // the sink sees type ids only until the first pruning: after it they no longer name one word each
  let out = sink;
  const interval = hooks.progressIntervalMs ?? 200;
  const totalBytes = await corpus.totalBytes();
  const progress = (tokens: number): ScanProgress =>
    totalBytes === undefined ? { bytes: corpus.bytesRead, tokens } : { bytes: corpus.bytesRead, totalBytes, tokens };
  let totalTokens = 0;
  let sentences = 0;
  let pruned = 0;
  let minReduce = 1;
  let warned = false;
  let last = performance.now();
  for await (const sentence of corpus) {
    sentences++;
    totalTokens += sentence.length;
    if (out !== undefined && sentenceIds.length <= sentence.length) sentenceIds = new Int32Array(2 * sentence.length + 1);
    let at = 0;
    for (const word of sentence) {
      let id = ids.get(word);
      if (id === undefined) {
        // a token may be a slice of its line or chunk (megabytes for text8); a new key gets its own copy so the
        // map never keeps whole chunks alive
        id = nextId++;
        ids.set(ownCopy(word), id);
        if (id === typeCounts.length) {
          const bigger = new Float64Array(2 * typeCounts.length);
          bigger.set(typeCounts);
          typeCounts = bigger;
        }
        typeCounts[id] = 1;
      } else {
        typeCounts[id]! += 1;
      }
      if (out !== undefined) sentenceIds[at++] = id;
      // word2vec.c checks after every word and prunes once per check (ReduceVocab: drop counts <= minReduce, then
      // minReduce++); the threshold only rises, and a word counted again after being pruned restarts at 1 (under
      // a new type id, so the ids written before no longer name one word: the caller must not use them)
      if (ids.size > options.maxTypes) {
        for (const [w, i] of ids) {
          if (typeCounts[i]! <= minReduce) {
            ids.delete(w);
            pruned++;
          }
        }
        minReduce++;
        // renumber the survivors 0..size-1 (Map order, and so the vocabulary's tie order, is unchanged), so the
        // counts array stays as small as the map however often words are pruned and seen again
        const compact = new Float64Array(Math.max(1 << 16, 2 * ids.size));
        let k = 0;
        for (const [w, i] of ids) {
          compact[k] = typeCounts[i]!;
          ids.set(w, k++);
        }
        typeCounts = compact;
        nextId = k;
        out = undefined;
        if (!warned) {
          warned = true;
          hooks.onWarning?.(
            `more than ${options.maxTypes} distinct words: pruning the rarest as word2vec.c does (counts <= ${minReduce - 1} dropped, a threshold that rises with each pruning); counts of rare words become undercounts, raise --max-types if memory allows`,
          );
        }
      }
    }
    if (out !== undefined) {
      sentenceIds[at++] = -1;
      out.write(sentenceIds, at);
    }
    if (hooks.onProgress !== undefined) {
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        hooks.onProgress(progress(totalTokens));
      }
    }
    if (hooks.signal?.aborted) throw new Word2VecError('E_INTERRUPTED', 'vocabulary scan interrupted');
  }
  const counts = new Map<string, number>();
  for (const [w, i] of ids) counts.set(w, typeCounts[i]!);
  hooks.onProgress?.(progress(totalTokens));
  return { counts, totalTokens, sentences, pruned, typeIds: ids };
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
 * Scans `corpus` and builds its vocabulary (minCount, maxVocab, maxTypes).
 * @example
 * const { vocab, stats } = await buildVocab(corpus, resolveVocabOptions({ minCount: 5 }));
 * vocab.words[0]; // the most frequent word
 */
export async function buildVocab(corpus: Corpus, options: VocabOptions, hooks: VocabHooks = {}): Promise<{ vocab: Vocab; stats: VocabStats }> {
  const scan = await scanVocab(corpus, options, hooks);
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
): Promise<{ vocab: Vocab; stats: VocabStats; remap: Int32Array | undefined }> {
  const scan = await scanVocab(corpus, options, hooks, sink);
  const { vocab, stats } = vocabFromCounts(scan, options, corpus.description);
  if (scan.pruned > 0) return { vocab, stats, remap: undefined };
  let types = 0;
  for (const i of scan.typeIds.values()) types = Math.max(types, i + 1);
  const remap = new Int32Array(types).fill(-1);
  for (let w = 0; w < vocab.size; w++) remap[scan.typeIds.get(vocab.words[w]!)!] = w;
  return { vocab, stats, remap };
}

// --- internal ---

function ownCopy(word: string): string {
  return Buffer.from(word, 'utf8').toString('utf8');
}
