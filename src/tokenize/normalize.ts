// Normalisation and word splitting for everything that is not a run of Han characters. This is the one
// place that decides what a "word" is outside jieba; the policy below is also documented in the README.
//
// Policy:
// - NFKC first: full-width forms become half-width (Ａ１ -> A1, ！ -> !), compatibility ligatures split (ﬁ -> fi),
//   the ideographic space becomes a space.
// - Lowercase (all cased scripts, not only Latin) unless keepCase.
// - A word is a maximal run of letters, combining marks and digits (\p{L}\p{M}\p{N}); everything else
//   (punctuation, symbols, emoji, whitespace) separates words and is dropped.
// - Apostrophes: an apostrophe (' or ’, normalised to ') between two word characters stays inside the word
//   ("don't", "o'clock", "rock'n'roll"); leading/trailing ones are dropped ("'tis" -> "tis", "dogs'" -> "dogs").
// - Numbers are kept as tokens; "." or "," between two digits stays inside ("3.14", "1,000"), so amounts and
//   decimals are one token. Hyphens split ("state-of-the-art" -> state of the art), as in text8.

/** Unicode NFKC plus optional lowercasing; the first step for every non-pre-tokenized line. */
export function normalizeText(text: string, keepCase: boolean): string {
  const nfkc = text.normalize('NFKC');
  return keepCase ? nfkc : nfkc.toLowerCase();
}

/** Matches one Han run (group 1) or one non-Han word (group 2) in normalised text. */
// biome-ignore lint/complexity/useRegexLiterals: the `v` flag (class subtraction) runs on Node 20, but tsc allows it in a literal only for es2024 targets
export const WORD_PATTERN = new RegExp(
  String.raw`(\p{Script=Han}+)|((?:[[\p{L}\p{M}\p{N}]--\p{Script=Han}])+(?:(?:['\u2019]|(?<=\p{N})[.,](?=\p{N}))(?:[[\p{L}\p{M}\p{N}]--\p{Script=Han}])+)*)`,
  'gv',
);

/** True when `text` contains at least one Han character (auto mode then needs jieba). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * Splits normalised text into words, handing every Han run to `cutHan` (jieba, or single characters).
 * Tokens never contain whitespace.
 */
export function splitWords(text: string, cutHan: (run: string) => readonly string[], out: string[] = []): string[] {
  WORD_PATTERN.lastIndex = 0;
  for (let m = WORD_PATTERN.exec(text); m !== null; m = WORD_PATTERN.exec(text)) {
    const han = m[1];
    if (han !== undefined) {
      for (const w of cutHan(han)) out.push(w);
    } else {
      const word = m[2]!;
      out.push(word.includes('\u2019') ? word.replaceAll('\u2019', "'") : word);
    }
  }
  return out;
}

/** Han runs as single characters: the tokenizer's behaviour for Han text with `--lang en`. */
export function cutHanChars(run: string): string[] {
  return [...run];
}

// --- internal ---

const HAN = /\p{Script=Han}/u;
