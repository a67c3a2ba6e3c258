import { describe, expect, it } from 'vitest';
import { BadFileError } from '../../../src/errors.ts';
import { decodeChunks, looksBinary, looksLikeGb18030 } from '../../../src/tokenize/decode.ts';

async function decode(chunks: Uint8Array[], encoding?: string): Promise<string> {
  let text = '';
  for await (const c of decodeChunks(
    (async function* () {
      yield* chunks;
    })(),
    'in.txt',
    encoding,
  ))
    text += c.text;
  return text;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function gb18030Bytes(): Uint8Array {
  // 中文 in GB18030/GBK is D6 D0 CE C4
  return Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a, 0xd6, 0xd0]);
}

describe('decodeChunks', () => {
  it('decodes UTF-8 split anywhere inside a character, and strips a BOM', async () => {
    const bytes = utf8('\uFEFF我喜欢苹果');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('我喜欢苹果');
    }
  });

  it('decodes UTF-16 LE and BE by their BOM', async () => {
    const le = Uint8Array.from([0xff, 0xfe, 0x11, 0x62, 0x41, 0x00]); // 我A
    const be = Uint8Array.from([0xfe, 0xff, 0x62, 0x11, 0x00, 0x41]);
    expect(await decode([le])).toBe('我A');
    expect(await decode([be.subarray(0, 3), be.subarray(3)])).toBe('我A');
  });

  it('decodes --encoding gb18030 and big5', async () => {
    expect(await decode([gb18030Bytes()], 'gb18030')).toBe('中文\n中');
    expect(await decode([Uint8Array.from([0xa4, 0xa4, 0xa4, 0xe5])], 'big5')).toBe('中文');
  });

  it('detects GB18030 when the first chunk is not UTF-8 but clean mostly-Han GB18030', async () => {
    expect(await decode([gb18030Bytes()])).toBe('中文\n中');
    expect(looksLikeGb18030(Uint8Array.from([0xe9, 0x20, 0x61]))).toBe(false); // Latin-1 "é a"
  });

  it('refuses invalid UTF-8 with the exact byte offset and the --encoding hint', async () => {
    const bytes = new Uint8Array([...utf8('hello 世界 '), 0xe9, 0x20, 0x61]); // Latin-1 é after 13 bytes
    const error = await decode([bytes.subarray(0, 5), bytes.subarray(5)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadFileError);
    expect((error as Error).message).toMatch(/^in\.txt, byte 13: invalid UTF-8.*--encoding gb18030/);
  });

  it('reports invalid UTF-8 found in a later chunk at its offset', async () => {
    const error = await decode([utf8('abc\n'), utf8('def\n'), Uint8Array.from([0x61, 0xff])]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/byte 9:/);
  });

  it('refuses a file that ends in the middle of a character', async () => {
    await expect(decode([utf8('ab'), Uint8Array.from([0xe4, 0xb8])])).rejects.toThrow(/byte 2: the file ends in the middle of a character/);
  });

  it('refuses binary data (NUL bytes) with its offset', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await expect(decode([png])).rejects.toThrow(/in\.txt, byte 8: looks like a binary file/);
    expect(looksBinary(png)).toBe(true);
    expect(looksBinary(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toBe(false);
  });

  it('names an unknown encoding', async () => {
    await expect(decode([utf8('x')], 'klingon')).rejects.toThrow(/unknown encoding "klingon"/);
  });
});
