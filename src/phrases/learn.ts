// Learning phrases from a corpus with gensim 4.2's `Phrases` semantics: one streaming pass counts unigrams and
// bigrams (a bigram may carry connector words inside), in one table of types whose size is len_vocab; the
// export scores every bigram and keeps those strictly above the threshold. Several passes learn on the output
// of the previous ones (trigrams). Memory is bounded by maxTypes with gensim's pruning.
import type { Corpus } from '../corpus/corpus.ts';
import { Word2VecError } from '../errors.ts';
import type { PhraseOptions } from '../options.ts';
import { type Phrase, type PhraseLearning, PhraseTable } from '../tokenize/phrase-table.ts';
import { IdCounts } from './id-counts.ts';
import { type BigramCounts, defaultScore, npmiScore } from './scoring.ts';
import { StringCounts } from './string-counts.ts';

/** Phrase options with the connector words resolved to a set (see resolveConnectorWords). */
export interface LearnPhraseOptions extends Omit<PhraseOptions, 'connectorWords'> {
  connectorWords: ReadonlySet<string>;
}

/** Progress of a learning pass. */
export interface PhraseProgress {
  pass: number;
  passes: number;
  bytes: number;
  totalBytes?: number;
  /** Tokens counted so far in this pass. */
  words: number;
}

/** Callbacks of learnPhrases: the library never prints. */
export interface PhraseHooks {
  /** Called at most every `progressIntervalMs` (default 200 ms) and at the end of each pass. */
  onProgress?: (p: PhraseProgress) => void;
  /** Pruning past maxTypes (counts become undercounts). */
  onWarning?: (message: string) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

/** What one pass counted and kept. */
export interface PassStats {
  /** Tokens counted, connector words included (gensim corpus_word_count). */
  words: number;
  sentences: number;
  /** Unigram + bigram types at the end of the pass (gensim len(vocab)), the `types` of the default score. */
  types: number;
  /** Prunings done past maxTypes (0: every count is exact). */
  prunings: number;
  phrases: number;
}

/**
 * Learns a phrase table from `corpus` (re-read once per pass).
 * @example
 * const { table } = await learnPhrases(corpus, { ...resolvePhraseOptions(), connectorWords: ENGLISH_CONNECTOR_WORDS });
 * table.apply(['new', 'york', 'city']); // ['new_york', 'city']
 */
export async function learnPhrases(corpus: Corpus, options: LearnPhraseOptions, hooks: PhraseHooks = {}): Promise<{ table: PhraseTable; stats: PassStats[] }> {
  const interval = hooks.progressIntervalMs ?? 200;
  const totalBytes = await corpus.totalBytes();
  const passes: Phrase[][] = [];
  const stats: PassStats[] = [];
  for (let pass = 1; pass <= options.passes; pass++) {
    const previous = new PhraseTable(passes, options.delimiter, options.connectorWords);
    const counter = new PhraseCounter(options);
    const progress = (): PhraseProgress => {
      const p: PhraseProgress = { pass, passes: options.passes, bytes: corpus.bytesRead, words: counter.corpusWords };
      if (totalBytes !== undefined) p.totalBytes = totalBytes;
      return p;
    };
    let last = performance.now();
    let warned = false;
    for await (const sentence of corpus) {
      const pruned = counter.add(pass === 1 ? sentence : previous.apply(sentence));
      if (pruned && !warned) {
        warned = true;
        hooks.onWarning?.(
          `more than ${options.maxTypes} unigram and bigram types: pruning the rarest as gensim's Phrases does (max_vocab_size); ` +
            'counts become undercounts and rare phrases may be missed; raise --max-types if memory allows',
        );
      }
      if (hooks.onProgress !== undefined) {
        const now = performance.now();
        if (now - last >= interval) {
          last = now;
          hooks.onProgress(progress());
        }
      }
      if (hooks.signal?.aborted) throw new Word2VecError('E_INTERRUPTED', 'phrase learning interrupted');
    }
    hooks.onProgress?.(progress());
    const phrases = counter.exportPhrases();
    passes.push(phrases);
    stats.push({ words: counter.corpusWords, sentences: counter.sentences, types: counter.types, prunings: counter.prunings, phrases: phrases.length });
    // a pass that joined nothing leaves the next pass the same corpus: it would find nothing either
    if (phrases.length === 0) break;
  }
  const learning: PhraseLearning = { scoring: options.scoring, threshold: options.threshold, minCount: options.minCount, corpusWords: stats[0]?.words ?? 0 };
  return { table: new PhraseTable(passes, options.delimiter, options.connectorWords, learning), stats };
}

/**
 * Unigram and bigram counts of one pass (gensim Phrases._learn_vocab). Keys are gensim's: a word, or the words
 * of a bigram candidate joined by the delimiter, connector words included, all in one table whose size is the
 * `types` of the default score. While no token contains the delimiter, joined keys cannot collide with each
 * other or with words, so bigrams are counted by word ids (IdCounts, fast); the first such token (a second
 * pass, or `a_b` in the input) moves every count to joined-string keys (StringCounts), exactly gensim's table.
 */
export class PhraseCounter {
  /** Tokens seen, connector words included. */
  corpusWords = 0;
  sentences = 0;
  prunings = 0;
  private ids: IdCounts | undefined;
  private strings: StringCounts | undefined;
  private minReduce = 1;

  constructor(private readonly options: LearnPhraseOptions) {
    const { delimiter } = options;
    if ([...options.connectorWords].some((w) => w.includes(delimiter))) this.strings = new StringCounts(options);
    else this.ids = new IdCounts(options);
  }

  /** Unigram + bigram types held (gensim len(vocab)). */
  get types(): number {
    return this.ids?.size ?? this.strings!.size;
  }

  /** Count of a word or of a joined bigram key (0 when absent). */
  count(key: string): number {
    return this.ids?.count(key) ?? this.strings!.count(key);
  }

  /** Counts one sentence; true when the table outgrew maxTypes and was pruned. */
  add(sentence: readonly string[]): boolean {
    this.sentences++;
    this.corpusWords += sentence.length;
    if (this.ids !== undefined) {
      const { delimiter } = this.options;
      if (sentence.some((token) => token.includes(delimiter))) {
        this.strings = this.ids.toStringCounts();
        this.ids = undefined;
      }
    }
    const table = this.ids ?? this.strings!;
    table.add(sentence);
    if (table.size <= this.options.maxTypes) return false;
    // gensim prunes once per sentence (not until below the bound) and starts at min_reduce 1, which removes nothing
    table.prune(this.minReduce);
    this.minReduce++;
    this.prunings++;
    return true;
  }

  /**
   * Every bigram scoring strictly above the threshold (gensim export_phrases), most frequent first (ties in
   * code-unit order of the phrase).
   */
  exportPhrases(): Phrase[] {
    const { threshold, minCount, scoring } = this.options;
    const score = scoring === 'npmi' ? npmiScore : defaultScore;
    const c: BigramCounts = { countA: 0, countB: 0, countAB: 0, types: this.types, corpusWords: this.corpusWords, minCount };
    const out: Phrase[] = [];
    const table = this.ids ?? this.strings!;
    table.forEachBigram((phrase, countA, countB, countAB) => {
      // gensim's score_candidate: a word pruned away (count 0) is never part of a phrase
      if (countA <= 0 || countB <= 0) return;
      c.countA = countA;
      c.countB = countB;
      c.countAB = countAB;
      const s = score(c);
      if (s > threshold) out.push({ phrase: phrase(), count: countAB, score: s });
    });
    out.sort((x, y) => y.count - x.count || (x.phrase < y.phrase ? -1 : x.phrase > y.phrase ? 1 : 0));
    return out;
  }
}
