// A tokenizer turns one line of decoded text into tokens. One method, so tests can use a whitespace
// tokenizer and stay free of the jieba native binding.

/** Turns a line of text into tokens (already normalised; never containing whitespace). */
export interface Tokenizer {
  tokenize(text: string): string[];
}
