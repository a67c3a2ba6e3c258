// A float parser that works on the bytes of a text vector file, so loading never builds a string per number.
// The common case (at most 15 significant digits, |exponent| <= 22) is one exact multiplication or division,
// which is correctly rounded; anything else falls back to Number() on the already-validated token. The result
// is the correctly rounded float64, as Python's float() gives gensim, before the caller rounds to float32.

/** Where the last `parseFloatBytes` call stopped (the first byte after the number). */
export let parsedEnd = 0;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses one number starting at `start` (before `end`) in `bytes`; returns NaN with `parsedEnd === start`
 * when no valid number starts there. Accepts Python float() spellings: `1`, `-1.5`, `.5`, `1.`, `2e-3`, `nan`, `inf`.
 */
export function parseFloatBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = bytes[i]!;
  if (c === 0x2d || c === 0x2b) {
    negative = c === 0x2d;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  let point = false;
  // integer and fraction digits in one loop; each digit after the point lowers the exponent
  while (i < end) {
    if (bytes[i] === 0x2e && !point) {
      point = true;
      i++;
      continue;
    }
    c = bytes[i]! - 0x30;
    if (c < 0 || c > 9) break;
    if (significant > 0 || c !== 0) {
      mantissa = mantissa * 10 + c;
      significant++;
    }
    if (point) exponent--;
    digits++;
    i++;
  }
  if (digits === 0) return parseSpecial(bytes, start, end);
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    let j = i + 1;
    let expNegative = false;
    if (j < end && (bytes[j] === 0x2d || bytes[j] === 0x2b)) {
      expNegative = bytes[j] === 0x2d;
      j++;
    }
    let e = 0;
    let expDigits = 0;
    while (j < end) {
      c = bytes[j]! - 0x30;
      if (c < 0 || c > 9) break;
      if (e < 100_000) e = e * 10 + c;
      expDigits++;
      j++;
    }
    if (expDigits === 0) {
      parsedEnd = start;
      return Number.NaN;
    }
    exponent += expNegative ? -e : e;
    i = j;
  }
  parsedEnd = i;
  let value: number;
  if (significant <= 15 && exponent >= -22 && exponent <= 22) {
    value = exponent >= 0 ? mantissa * POW10[exponent]! : mantissa / POW10[-exponent]!;
  } else {
    // too many digits for an exact fast path: the token is validated, so Number() parses it correctly
    value = Math.abs(Number(latin1(bytes, start, i)));
  }
  return negative ? -value : value;
}

// --- internal ---

function parseSpecial(bytes: Uint8Array, start: number, end: number): number {
  let j = start;
  while (j < end && bytes[j] !== 0x20 && bytes[j] !== 0x09 && bytes[j] !== 0x0a && bytes[j] !== 0x0d) j++;
  const token = latin1(bytes, start, j).toLowerCase();
  const body = token.replace(/^[+-]/, '');
  if (body === 'nan' || body === 'inf' || body === 'infinity') {
    parsedEnd = j;
    if (body === 'nan') return Number.NaN;
    return token.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  parsedEnd = start;
  return Number.NaN;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
