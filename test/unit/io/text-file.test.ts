import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadFileError } from '../../../src/errors.ts';
import { firstInvalidUtf8, readLines, readTextFile } from '../../../src/io/text-file.ts';
import { tmpDir } from '../../helpers/cli.ts';

async function file(bytes: Uint8Array | string): Promise<string> {
  const path = join(await tmpDir(), 'in.txt');
  await writeFile(path, bytes);
  return path;
}

describe('readTextFile / readLines', () => {
  it('drops a BOM, splits \\n and \\r\\n, keeps blank lines and drops the final empty one', async () => {
    const path = await file('\ufeffa b\r\n\nc\n');
    expect(await readLines(path)).toEqual(['a b', '', 'c']);
    expect(await readTextFile(path)).toBe('a b\r\n\nc\n');
  });

  it('names the file, the line and the byte of invalid UTF-8, and the fix', async () => {
    // "好" in GBK (0xba 0xc3) on line 2, at byte 4
    const path = await file(Uint8Array.from([0x61, 0x62, 0x0a, 0x63, 0xba, 0xc3, 0x0a]));
    const error = await readLines(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadFileError);
    expect((error as BadFileError).code).toBe('E_ENCODING');
    expect((error as Error).message).toBe(`${path}, line 2, byte 4: is not valid UTF-8; convert it first (e.g. iconv -f gb18030 -t utf-8)`);
  });

  it('a missing file is E_INPUT naming it', async () => {
    const path = join(await tmpDir(), 'missing.txt');
    await expect(readTextFile(path)).rejects.toThrow(`${path}: cannot read (ENOENT)`);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlong forms, surrogates, stray continuation bytes and cut-off sequences', () => {
    const at = (bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at([0x61, 0xe5, 0xa5, 0xbd])).toBe(4); // "a好": valid
    expect(at([0x61, 0xc0, 0xaf])).toBe(1); // overlong "/"
    expect(at([0xed, 0xa0, 0x80])).toBe(0); // U+D800, a surrogate
    expect(at([0x61, 0x80])).toBe(1);
    expect(at([0x61, 0xe5, 0xa5])).toBe(1);
    expect(at([0xf4, 0x90, 0x80, 0x80])).toBe(0); // above U+10FFFF
  });
});
