// The gate of the gensim parity tests: they run against gensim 4.2.x only; elsewhere they skip, except in CI,
// where a missing or different gensim fails loudly instead of letting the parity tests skip unnoticed.
import { describe, expect, it } from 'vitest';
import { gensimGate, probeGensim } from '../helpers/gensim.ts';

describe('gensimGate', () => {
  it('runs the parity tests on gensim 4.2.x, in CI or not', () => {
    expect(gensimGate('4.2.0', {})).toBe(false);
    expect(gensimGate('4.2.0', { CI: 'true' })).toBe(false);
  });

  it('skips them outside CI when gensim is missing or another version', () => {
    expect(gensimGate(null, {})).toBe(true);
    expect(gensimGate('4.3.2', {})).toBe(true);
    expect(gensimGate('3.8.3', { CI: 'false' })).toBe(true);
  });

  it('fails in CI when gensim is missing or another version, saying which', () => {
    expect(() => gensimGate(null, { CI: 'true' })).toThrow(/gensim 4\.2\.x is required in CI but .* cannot import gensim: apt-get install -y python3-gensim/);
    expect(() => gensimGate('4.3.2', { CI: '1' })).toThrow(/found 4\.3\.2/);
  });

  it('finds no gensim behind an interpreter that does not exist', () => {
    expect(probeGensim('/nonexistent/python3')).toBeNull();
  });
});
