// The one way every command turns its input arguments into a Corpus: files, folders, globs, .gz and `-`,
// validated up front (missing, empty, binary, no text in a folder) with one-line errors naming the input.
import type { Corpus } from '../corpus/corpus.ts';
import { resolveSources } from '../corpus/sources.ts';
import { TextCorpus } from '../corpus/text-corpus.ts';
import type { TokenizerOptions } from '../options.ts';
import { createTokenizer } from '../tokenize/index.ts';

/** Reading options shared by every command; `stdin` replaces process.stdin for `-` (tests, the CLI io). */
export interface OpenCorpusOptions {
  maxSentenceLength: number;
  stdin?: NodeJS.ReadableStream;
  /** Test knobs: read size and the length at which a line without newline is consumed in pieces. */
  chunkBytes?: number;
  maxLineChars?: number;
}

/**
 * Opens `inputs` as one streaming, re-iterable corpus tokenized with `tokenizer` options.
 * @example
 * const corpus = await openCorpus(['books/', 'extra/*.txt.gz'], resolveTokenizerOptions(), { maxSentenceLength: 10_000 });
 * for await (const sentence of corpus) count(sentence);
 */
export async function openCorpus(inputs: readonly string[], tokenizer: TokenizerOptions, options: OpenCorpusOptions): Promise<Corpus & { readonly files: readonly { name: string }[] }> {
  const files = await resolveSources(inputs, options.stdin, tokenizer.encoding);
  const tokenize = await createTokenizer(tokenizer);
  return new TextCorpus(files, tokenize, {
    maxSentenceLength: options.maxSentenceLength,
    encoding: tokenizer.encoding,
    ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
    ...(options.maxLineChars === undefined ? {} : { maxLineChars: options.maxLineChars }),
  });
}
