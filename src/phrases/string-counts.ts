// Phrase counts keyed exactly as gensim keys them: words and joined bigram strings in one table. Used once a
// token contains the delimiter (a second pass over `new_york` tokens), where two different candidates can join
// to the same key, or a bigram to the key of a word, and gensim then counts them together.
import { Word2VecError } from '../errors.ts';
import { type CountOptions, type CountTable, ownCopy } from './count-table.ts';

/** Gensim's string-keyed vocabulary of one pass. */
export class StringCounts implements CountTable {
  private readonly shards: Map<string, Counted>[] = Array.from({ length: SHARDS }, () => new Map<string, Counted>());
  size = 0;
  /**
   * Keys whose words contain the delimiter, so that splitting the key on it would not give back the words: 0
   * marks a word, never seen as a bigram; a bigram maps to the lengths of its first and last word
   * (first x 2^26 + last). Keys absent here split back into their words.
   */
  private readonly split = new Map<string, number>();

  constructor(private readonly options: CountOptions) {}

  count(key: string): number {
    return this.get(key)?.count ?? 0;
  }

  /** Adds `count` to `key` (a word, or a bigram whose words do not contain the delimiter). */
  addCount(key: string, count: number): void {
    const entry = this.get(key);
    if (entry === undefined) this.insert(ownCopy(key)).count = count;
    else entry.count += count;
  }

  add(sentence: readonly string[]): void {
    const { connectorWords, delimiter } = this.options;
    const hasConnectors = connectorWords.size > 0;
    const split = this.split;
    let start: string | undefined;
    let startSplits = false;
    let between: string[] | undefined;
    for (const token of sentence) {
      if (hasConnectors && connectorWords.has(token)) {
        if (start !== undefined) {
          between ??= [];
          between.push(token);
        }
        continue;
      }
      const splits = token.includes(delimiter);
      let unigram = this.get(token);
      if (unigram === undefined) {
        unigram = this.insert(ownCopy(token));
        if (splits && !split.has(unigram.key)) split.set(unigram.key, 0);
      } else unigram.count++;
      // the table's own copy of the word: keys built from it never hold on to the corpus text
      const word = unigram.key;
      if (start !== undefined) {
        const joined = between === undefined ? start + delimiter + word : `${start}${delimiter}${between.join(delimiter)}${delimiter}${word}`;
        let bigram = this.get(joined);
        // connector words are still slices of the corpus text: a new key with them gets its own copy
        if (bigram === undefined) bigram = this.insert(between === undefined ? joined : ownCopy(joined));
        else bigram.count++;
        const key = bigram.key;
        if (startSplits || splits) {
          const known = split.get(key);
          if (known === undefined || known === 0) split.set(key, start.length * 2 ** 26 + word.length);
        } else if (split.size > 0 && split.get(key) === 0) {
          // a word that contains the delimiter is also this bigram: splitting the key gives the bigram's words
          split.delete(key);
        }
      }
      // every word ends one candidate and starts the next
      start = word;
      startSplits = splits;
      between = undefined;
    }
  }

  prune(minReduce: number): void {
    for (const shard of this.shards) {
      for (const [key, entry] of shard) {
        if (entry.count < minReduce) {
          shard.delete(key);
          this.split.delete(key);
          this.size--;
        }
      }
    }
  }

  forEachBigram(visit: (phrase: () => string, countA: number, countB: number, countAB: number) => void): void {
    const { delimiter } = this.options;
    for (const shard of this.shards) {
      for (const { key, count } of shard.values()) {
        if (!key.includes(delimiter)) continue;
        const lengths = this.split.get(key);
        if (lengths === 0) continue; // a word only, never counted as a bigram
        let a: string;
        let b: string;
        if (lengths === undefined) {
          a = key.slice(0, key.indexOf(delimiter));
          b = key.slice(key.lastIndexOf(delimiter) + delimiter.length);
        } else {
          a = key.slice(0, Math.floor(lengths / 2 ** 26));
          b = key.slice(key.length - (lengths % 2 ** 26));
        }
        visit(() => key, this.count(a), this.count(b), count);
      }
    }
  }

  // --- internal ---

  private get(key: string): Counted | undefined {
    return this.shardOf(key).get(key);
  }

  /** Adds `key` (absent, and not holding on to a larger string) with count 1. */
  private insert(key: string): Counted {
    const entry: Counted = { count: 1, key };
    try {
      this.shardOf(key).set(key, entry);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new Word2VecError('E_INVALID_OPTION', 'phrase counting outgrew a JavaScript Map (2^24 entries in one shard); lower --max-types', { cause: error });
      }
      throw error;
    }
    this.size++;
    return entry;
  }

  private shardOf(key: string): Map<string, Counted> {
    return this.shards[(key.length + key.charCodeAt(key.length - 1)) & (SHARDS - 1)]!;
  }
}

// --- internal ---

/** A counted type: its count and the table's own copy of its key (values are objects: one lookup per count). */
interface Counted {
  count: number;
  readonly key: string;
}

// one V8 Map holds at most 2^24 entries, and gensim's default bound is 40 million types
const SHARDS = 8;
