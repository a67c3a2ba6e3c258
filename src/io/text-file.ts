// Small text files read whole and strictly as UTF-8 (evaluation sets, documents, reference texts): a bad
// file stops with an error naming it, the line and the byte, and the fix; nothing is silently replaced.
// Corpora are streamed and decoded by tokenize/decode.ts instead (other encodings, any size).
import { readFile } from 'node:fs/promises';
import { BadFileError } from '../errors.ts';

/** Reads `path` as strict UTF-8 (a BOM is dropped). */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new BadFileError('E_ENCODING', path, `line ${line}, byte ${offset}`, 'is not valid UTF-8; convert it first (e.g. iconv -f gb18030 -t utf-8)');
  }
}

/** Reads `path` as strict UTF-8 lines (\n or \r\n); blank lines are kept so line numbers stay right. */
export async function readLines(path: string): Promise<string[]> {
  const lines = (await readTextFile(path)).split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Index of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and code
 * points above U+10FFFF are invalid, as for TextDecoder's fatal mode); `bytes.length` when all are valid.
 * A sequence cut off by the end of `bytes` counts as invalid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
