// Decimal text for float32 values that reads back to the very same float32 (the shortest such text), so a
// text export round-trips bit-exactly through our reader, gensim's and word2vec.c's.

/** The shortest decimal string that parses (as float64, then rounded to float32) back to `value`'s float32. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'nan';
  if (f === Number.POSITIVE_INFINITY) return 'inf';
  if (f === Number.NEGATIVE_INFINITY) return '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // round-tripping is monotone in the number of significant digits, and 9 always suffice for float32
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  // Number() normalises toPrecision's padding ("0.500000" -> 0.5) and prints the same digits back
  return String(Number(f.toPrecision(lo)));
}
