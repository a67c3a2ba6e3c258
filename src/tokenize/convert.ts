// Traditional <-> simplified Chinese, the step every zhwiki recipe runs through OpenCC before segmenting. The
// tables and the phrase-level segmentation are opencc-js's (OpenCC's own data): none are written here. It runs
// on decoded text, before normalisation and jieba, so the segmenter sees the script its dictionary is in.
import type { Convert } from '../options.ts';
import type { Tokenizer } from './tokenizer.ts';

/** Converts a string from one script to the other. */
export type TextConverter = (text: string) => string;

/**
 * The converter for `mode` (undefined for `none`): `t2s` is OpenCC's t2s (OpenCC standard traditional to
 * mainland simplified), `s2t` its s2t. opencc-js builds its tries on first use (~0.1 s), so it loads lazily.
 * @example
 * const t2s = await createConverter('t2s');
 * t2s?.('紅樓夢'); // '红楼梦'
 */
export async function createConverter(mode: Convert): Promise<TextConverter | undefined> {
  if (mode === 'none') return undefined;
  const cached = converters.get(mode);
  if (cached !== undefined) return cached;
  const OpenCC = await import('opencc-js');
  const converter = mode === 't2s' ? OpenCC.Converter({ from: 't', to: 'cn' }) : OpenCC.Converter({ from: 'cn', to: 't' });
  converters.set(mode, converter);
  return converter;
}

/** Converts each line's script before an inner tokenizer segments it. */
export class ConvertingTokenizer implements Tokenizer {
  constructor(
    private readonly inner: Tokenizer,
    readonly convert: TextConverter,
  ) {}

  tokenize(text: string): string[] {
    return this.inner.tokenize(HAN_OR_COMPAT.test(text) ? this.convert(text) : text);
  }
}

// --- internal ---

const converters = new Map<Convert, TextConverter>();

// OpenCC only maps CJK ideographs, CJK punctuation and compatibility forms; lines without them (English text in a
// mixed corpus) skip the trie walk
const HAN_OR_COMPAT = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3ffff}]/u;
