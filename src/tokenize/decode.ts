// Bytes -> text, streaming. Every input goes through here so that no encoding problem becomes silent U+FFFD
// garbage: UTF-8 is decoded strictly (BOM stripped), UTF-16 is chosen by its BOM, GB18030 is detected when
// the first chunk is not UTF-8 but decodes cleanly as mostly-Han GB18030, and anything else stops with an
// error naming the file, the byte offset and the fix. Binary files (NUL bytes) are refused.
import { TextDecoder } from 'node:util';
import { BadFileError } from '../errors.ts';
import { firstInvalidUtf8 } from '../io/text-file.ts';

/** A chunk of decoded text together with the input byte offset just after it. */
export interface DecodedChunk {
  text: string;
  /** Input bytes consumed so far (of the decoded stream: uncompressed bytes for .gz). */
  bytes: number;
}

/** Decodes `chunks` (bytes of the file `path`) into text chunks; `encoding` forces a WHATWG encoding label. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, path: string, encoding?: string): AsyncGenerator<DecodedChunk> {
  let decoder: TextDecoder | undefined;
  let label = '';
  let offset = 0; // bytes of the input before the current chunk
  let carry: Uint8Array = new Uint8Array(0); // UTF-8 bytes of a character split across chunks (for error offsets)
  for await (const chunk of chunks) {
    if (decoder === undefined) ({ decoder, label } = chooseDecoder(chunk, path, encoding));
    if (label !== 'utf-16le' && label !== 'utf-16be') {
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw binaryError(path, offset + nul);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw decodeError(path, label, label === 'utf-8' ? utf8ErrorOffset(carry, chunk, offset) : offset, error);
    }
    if (label === 'utf-8') carry = utf8Tail(chunk);
    offset += chunk.length;
    if (text !== '') yield { text, bytes: offset };
  }
  if (decoder !== undefined) {
    let text: string;
    try {
      text = decoder.decode();
    } catch (error) {
      throw decodeError(path, label, offset - carry.length, error, 'the file ends in the middle of a character');
    }
    if (text !== '') yield { text, bytes: offset };
  }
}

/** True when `bytes` look like a binary file (a NUL byte outside UTF-16 text). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bomEncoding(bytes) !== undefined && bomEncoding(bytes) !== 'utf-8') return false;
  return bytes.indexOf(0) >= 0;
}

/** Detects GB18030 in a sample that is not UTF-8: it must decode strictly and be mostly Han characters. */
export function looksLikeGb18030(sample: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(sample, { stream: true });
  } catch {
    return false;
  }
  let nonAscii = 0;
  let han = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (HAN.test(ch) || CJK_PUNCT.test(ch)) han++;
  }
  // Latin-1 or other legacy text mis-read as GB18030 yields a scatter of rare characters and symbols, while real
  // Chinese text is overwhelmingly Han plus CJK punctuation; 0.8 leaves room for full-width forms.
  return nonAscii > 0 && han / nonAscii >= 0.8;
}

// --- internal ---

const HAN = /\p{Script=Han}/u;
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201d\u2026]/u;

function bomEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function chooseDecoder(first: Uint8Array, path: string, encoding: string | undefined): { decoder: TextDecoder; label: string } {
  const bom = bomEncoding(first);
  if (encoding !== undefined) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding, { fatal: true });
    } catch {
      throw new BadFileError('E_ENCODING', path, undefined, `unknown encoding "${encoding}"; use a WHATWG label such as utf-8, gb18030, big5, shift_jis, utf-16le`);
    }
    // TextDecoder drops a matching BOM itself (ignoreBOM defaults to false)
    return { decoder, label: decoder.encoding };
  }
  if (bom === 'utf-8') return { decoder: new TextDecoder('utf-8', { fatal: true }), label: 'utf-8' };
  if (bom !== undefined) return { decoder: new TextDecoder(bom, { fatal: true }), label: bom };
  const nul = first.indexOf(0);
  if (nul >= 0) throw binaryError(path, nul);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return { decoder: new TextDecoder('utf-8', { fatal: true }), label: 'utf-8' };
  } catch {
    if (looksLikeGb18030(first)) return { decoder: new TextDecoder('gb18030', { fatal: true }), label: 'gb18030' };
    throw decodeError(path, 'utf-8', utf8ErrorOffset(new Uint8Array(0), first, 0), undefined);
  }
}

function binaryError(path: string, offset: number): BadFileError {
  return new BadFileError('E_INPUT', path, `byte ${offset}`, 'looks like a binary file (NUL byte), not text; pass text files only');
}

function decodeError(path: string, label: string, offset: number, cause: unknown, detail?: string): BadFileError {
  const hint =
    label === 'utf-8'
      ? 'invalid UTF-8; if the file is Chinese in GBK/GB18030 or Big5, pass --encoding gb18030 (or big5), or convert it to UTF-8'
      : `invalid ${label} text; check --encoding`;
  return new BadFileError('E_ENCODING', path, `byte ${offset}`, detail === undefined ? hint : `${detail} (${hint})`, cause === undefined ? undefined : { cause });
}

/** The trailing bytes of `chunk` that start an incomplete UTF-8 sequence (at most 3). */
function utf8Tail(chunk: Uint8Array): Uint8Array {
  const n = chunk.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = chunk[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? chunk.subarray(n - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Byte offset of the first invalid UTF-8 sequence in carry+chunk, where `chunkOffset` is chunk's input offset. */
function utf8ErrorOffset(carry: Uint8Array, chunk: Uint8Array, chunkOffset: number): number {
  const bytes = new Uint8Array(carry.length + chunk.length);
  bytes.set(carry);
  bytes.set(chunk, carry.length);
  return chunkOffset - carry.length + firstInvalidUtf8(bytes);
}
