// Phrase counts by word ids, for a pass in which no token contains the delimiter: then a bigram's joined key
// is determined by (first word, connector run, last word) and never equals a word or another bigram's key, so
// this table is gensim's string-keyed vocabulary in another form. Words are interned once; a bigram costs an
// integer hash probe instead of building and hashing a joined string.
import { type CountOptions, type CountTable, ownCopy } from './count-table.ts';
import { StringCounts } from './string-counts.ts';

/** Words and bigrams as ids: one id space, in order of first occurrence. */
export class IdCounts implements CountTable {
  /** Types held; ids are 0..size-1 (pruning renumbers them). */
  size = 0;
  private readonly words = new Map<string, number>();
  /** Connector runs between the two words of a bigram, joined by the delimiter; id 0 is the empty run. */
  private readonly runs = new Map<string, number>([['', 0]]);
  private readonly runNames: string[] = [''];
  /** Per id: the word (for a word id), else ''. */
  private names: string[] = [];
  private counts = new Float64Array(INITIAL);
  /** Per id: first word's id for a bigram, -1 for a word. */
  private first = new Int32Array(INITIAL);
  private last = new Int32Array(INITIAL);
  private run = new Int32Array(INITIAL);
  /** Open-addressing table of bigram ids (id + 1; 0 is empty), linear probing, at most half full. */
  private slots = new Int32Array(INITIAL * 2);
  private bigrams = 0;

  constructor(private readonly options: CountOptions) {}

  count(key: string): number {
    const id = this.words.get(key);
    if (id !== undefined) return this.counts[id]!;
    const { delimiter } = this.options;
    const parts = key.split(delimiter);
    if (parts.length < 2) return 0;
    const a = this.words.get(parts[0]!);
    const b = this.words.get(parts[parts.length - 1]!);
    const r = this.runs.get(parts.slice(1, -1).join(delimiter));
    if (a === undefined || b === undefined || r === undefined) return 0;
    const slot = this.find(a, r, b);
    return this.slots[slot] === 0 ? 0 : this.counts[this.slots[slot]! - 1]!;
  }

  add(sentence: readonly string[]): void {
    const { connectorWords, delimiter } = this.options;
    const hasConnectors = connectorWords.size > 0;
    let start = -1;
    let between: string[] | undefined;
    for (const token of sentence) {
      if (hasConnectors && connectorWords.has(token)) {
        if (start >= 0) {
          between ??= [];
          between.push(token);
        }
        continue;
      }
      let word = this.words.get(token);
      if (word === undefined) {
        word = this.newId(-1, 0, -1);
        const name = ownCopy(token);
        this.names[word] = name;
        this.words.set(name, word);
      } else this.counts[word]!++;
      if (start >= 0) {
        let r = 0;
        if (between !== undefined) {
          const joined = between.join(delimiter);
          const known = this.runs.get(joined);
          if (known === undefined) {
            r = this.runNames.length;
            const name = ownCopy(joined);
            this.runNames.push(name);
            this.runs.set(name, r);
          } else r = known;
          between = undefined;
        }
        const slot = this.find(start, r, word);
        const id = this.slots[slot]!;
        if (id !== 0) this.counts[id - 1]!++;
        else {
          this.slots[slot] = this.newId(start, r, word) + 1;
          if (++this.bigrams * 2 > this.slots.length) this.rehash(this.slots.length * 2);
        }
      }
      // every word ends one candidate and starts the next
      start = word;
    }
  }

  prune(minReduce: number): void {
    // ids are in order of first occurrence and a bigram never outlives its words (its count is at most theirs:
    // both grow in the same step, and pruning only happens between sentences), so one forward sweep renumbers
    const renumber = new Int32Array(this.size).fill(-1);
    let n = 0;
    for (let id = 0; id < this.size; id++) {
      if (this.counts[id]! < minReduce) continue;
      renumber[id] = n;
      this.counts[n] = this.counts[id]!;
      const a = this.first[id]!;
      if (a >= 0) {
        if (renumber[a]! < 0 || renumber[this.last[id]!]! < 0) throw new Error(`phrase counts: bigram ${id} outlived its words`);
        this.first[n] = renumber[a]!;
        this.last[n] = renumber[this.last[id]!]!;
        this.run[n] = this.run[id]!;
        this.names[n] = '';
      } else {
        this.first[n] = -1;
        this.names[n] = this.names[id]!;
      }
      n++;
    }
    for (const [word, id] of this.words) {
      const to = renumber[id]!;
      if (to < 0) this.words.delete(word);
      else this.words.set(word, to);
    }
    this.size = n;
    this.names.length = n;
    this.rehash(this.slots.length);
  }

  forEachBigram(visit: (phrase: () => string, countA: number, countB: number, countAB: number) => void): void {
    for (let id = 0; id < this.size; id++) {
      const a = this.first[id]!;
      if (a < 0) continue;
      visit(() => this.phrase(id), this.counts[a]!, this.counts[this.last[id]!]!, this.counts[id]!);
    }
  }

  /** The same counts keyed by strings, for a pass that has just met a token containing the delimiter. */
  toStringCounts(): StringCounts {
    const out = new StringCounts(this.options);
    for (let id = 0; id < this.size; id++) out.addCount(this.first[id]! < 0 ? this.names[id]! : this.phrase(id), this.counts[id]!);
    return out;
  }

  // --- internal ---

  private phrase(id: number): string {
    const { delimiter } = this.options;
    const r = this.run[id]!;
    const middle = r === 0 ? delimiter : `${delimiter}${this.runNames[r]}${delimiter}`;
    return `${this.names[this.first[id]!]}${middle}${this.names[this.last[id]!]}`;
  }

  /** The slot holding bigram (a, r, b), or the empty slot where it would go. */
  private find(a: number, r: number, b: number): number {
    const mask = this.slots.length - 1;
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(r, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === 0) return slot;
      const k = id - 1;
      if (this.first[k] === a && this.last[k] === b && this.run[k] === r) return slot;
    }
  }

  private newId(a: number, r: number, b: number): number {
    const id = this.size++;
    if (id === this.counts.length) this.grow(this.counts.length * 2);
    this.counts[id] = 1;
    this.first[id] = a;
    this.last[id] = b;
    this.run[id] = r;
    if (a < 0) return id;
    this.names[id] = '';
    return id;
  }

  private grow(capacity: number): void {
    const counts = new Float64Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
    for (const name of ['first', 'last', 'run'] as const) {
      const next = new Int32Array(capacity);
      next.set(this[name]);
      this[name] = next;
    }
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.bigrams = 0;
    for (let id = 0; id < this.size; id++) {
      const a = this.first[id]!;
      if (a < 0) continue;
      this.slots[this.find(a, this.run[id]!, this.last[id]!)] = id + 1;
      this.bigrams++;
    }
    if (this.bigrams * 2 > this.slots.length) this.rehash(capacity * 2);
  }
}

// --- internal ---

const INITIAL = 1 << 12;
