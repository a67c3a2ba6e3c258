// fastText's character n-grams (Bojanowski et al. 2017) and their hashing, exactly as fastText 0.9.2's
// Dictionary::computeSubwords and Dictionary::hash: the word is wrapped as `<word>`; every run of minn..maxn code
// points of it is an n-gram (the whole `<word>` too when it is short enough), except the lone `<` and `>`; an
// n-gram's bucket is FNV-1a 32 over its UTF-8 bytes, each byte sign-extended before the xor (fastText hashes
// `int8_t` chars), modulo the bucket count. Its row in the input table is nwords + bucket, after the word rows.
// The order is fastText's: by start position, then by length.
//
// Imports nothing from src/: the vocabulary, the trainer, the query side and the fastText file reader all use it.

/** Subword settings (fastText -minn, -maxn, -bucket); maxn 0 means no n-grams. */
export interface SubwordSettings {
  minn: number;
  maxn: number;
  bucket: number;
}

const encoder = new TextEncoder();

/** FNV-1a 32 over `bytes` with fastText's sign extension of each byte (so bytes >= 0x80 xor as 0xffffff80..). */
export function fnv1a32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = 2166136261;
  for (let i = start; i < end; i++) {
    h ^= (bytes[i]! << 24) >> 24; // int8 sign extension
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * Calls `visit(start, end)` for each n-gram of the UTF-8 bytes of `<word>` (byte offsets into `bytes`), in
 * fastText's order. Code points are counted by UTF-8 lead bytes, as fastText does.
 */
function eachNgram(bytes: Uint8Array, minn: number, maxn: number, visit: (start: number, end: number) => void): void {
  const size = bytes.length;
  for (let i = 0; i < size; i++) {
    if ((bytes[i]! & 0xc0) === 0x80) continue;
    let j = i;
    for (let n = 1; j < size && n <= maxn; n++) {
      j++;
      while (j < size && (bytes[j]! & 0xc0) === 0x80) j++;
      if (n >= minn && !(n === 1 && (i === 0 || j === size))) visit(i, j);
    }
  }
}

/** The n-grams of `word` as strings, in fastText's order (repeats kept, as fastText keeps them). */
export function ngramStrings(word: string, minn: number, maxn: number): string[] {
  const bytes = encoder.encode(`<${word}>`);
  const decoder = new TextDecoder();
  const out: string[] = [];
  eachNgram(bytes, minn, maxn, (s, e) => out.push(decoder.decode(bytes.subarray(s, e))));
  return out;
}

/** The bucket (0 .. bucket-1) of each n-gram of `word`, in fastText's order; none when maxn or bucket is 0. */
export function ngramBuckets(word: string, settings: SubwordSettings): number[] {
  const { minn, maxn, bucket } = settings;
  const out: number[] = [];
  if (maxn <= 0 || bucket <= 0) return out;
  const bytes = encoder.encode(`<${word}>`);
  eachNgram(bytes, minn, maxn, (s, e) => out.push(fnv1a32(bytes, s, e) % bucket));
  return out;
}

/**
 * Every vocabulary word's input rows as flat arrays: word i's rows are rows[offsets[i] .. offsets[i + 1]), its
 * own row i first, then nwords + the bucket of each n-gram (fastText's Dictionary::initNgrams; fastText's end
 * of sentence `</s>` gets no n-grams).
 */
export function subwordRows(words: readonly string[], settings: SubwordSettings): { offsets: Int32Array; rows: Int32Array } {
  const nwords = words.length;
  const offsets = new Int32Array(nwords + 1);
  const lists: number[][] = [];
  let total = 0;
  for (let i = 0; i < nwords; i++) {
    const list = words[i] === '</s>' ? [] : ngramBuckets(words[i]!, settings);
    lists.push(list);
    total += 1 + list.length;
    offsets[i + 1] = total;
  }
  const rows = new Int32Array(total);
  for (let i = 0; i < nwords; i++) {
    let at = offsets[i]!;
    rows[at++] = i;
    for (const b of lists[i]!) rows[at++] = nwords + b;
  }
  return { offsets, rows };
}

/** The longest input-row list of any word (its own row plus its n-grams). */
export function maxRowsPerWord(offsets: Int32Array): number {
  let max = 0;
  for (let i = 0; i + 1 < offsets.length; i++) max = Math.max(max, offsets[i + 1]! - offsets[i]!);
  return max;
}
