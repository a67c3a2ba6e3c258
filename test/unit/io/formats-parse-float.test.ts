import { describe, expect, it } from 'vitest';
import { formatFloat32 } from '../../../src/io/formats/float-format.ts';
import { parseFloatBytes, parsedEnd } from '../../../src/io/formats/parse-float.ts';
import { Rng } from '../../../src/util/rng.ts';

const parse = (text: string): [number, number] => {
  const bytes = Buffer.from(text, 'latin1');
  const value = parseFloatBytes(bytes, 0, bytes.length);
  return [value, parsedEnd];
};

describe('parseFloatBytes', () => {
  it('parses the spellings Python float() accepts, exactly as Number() does', () => {
    for (const s of ['0', '-0.5', '+1.25', '.5', '1.', '1e3', '2.5E-7', '-1.671300083398818970e-02', '123456789012345678901', '0.000000000000000000000000001', '3.4028235e38', '1e-45']) {
      const [value, end] = parse(s);
      expect(value).toBe(Number(s));
      expect(end).toBe(s.length);
    }
  });

  it('handles nan and inf and rejects non-numbers', () => {
    expect(parse('nan')[0]).toBeNaN();
    expect(parse('-inf')[0]).toBe(Number.NEGATIVE_INFINITY);
    for (const s of ['abc', '-', '.', 'e5', '1e', '1e+']) expect(parse(s)[1]).toBe(0);
  });

  it('reads back every float32 formatFloat32 writes', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 20000; i++) {
      const f = Math.fround((rng.nextFloat() - 0.5) * 10 ** (rng.nextInt(20) - 10));
      const text = formatFloat32(f);
      expect(Math.fround(parse(text)[0])).toBe(f);
      // shortest form: at most 9 significant digits, sign, point and exponent or leading zeros
      expect(text.length).toBeLessThanOrEqual(17);
    }
  });
});
