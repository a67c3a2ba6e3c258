// The one way to turn input arguments into a Corpus: files, folders, globs, .gz and `-`, validated up front
// (missing, empty, binary, no text in a folder) with one-line errors naming the input. The corpus carries
// the tokenizer settings it was opened with, so the trainer records the same settings in model.json.
import type { TokenizerOptions } from '../options.ts';
import { createTokenizer } from '../tokenize/index.ts';
import { resolveSources } from './sources.ts';
import { TextCorpus } from './text-corpus.ts';

/** Reading options; `stdin` replaces process.stdin for `-` (tests, the CLI's injected io). */
export interface OpenCorpusOptions {
  maxSentenceLength: number;
  stdin?: NodeJS.ReadableStream;
  /** Test knobs: read size and the length at which a line without newline is consumed in pieces. */
  chunkBytes?: number;
  maxLineChars?: number;
  /** Test knobs of the tokenizing threads (TextCorpusOptions). */
  minParallelBytes?: number;
  unitChars?: number;
}

/**
 * Opens `inputs` as one streaming, re-iterable corpus tokenized with `tokenizer` options.
 * @example
 * const corpus = await openCorpus(['books/', 'extra/*.txt.gz'], resolveTokenizerOptions(), { maxSentenceLength: 10_000 });
 * for await (const sentence of corpus) count(sentence);
 */
export async function openCorpus(inputs: readonly string[], tokenizer: TokenizerOptions, options: OpenCorpusOptions): Promise<TextCorpus> {
  const files = await resolveSources(inputs, options.stdin, tokenizer.encoding);
  const tokenize = await createTokenizer(tokenizer);
  return new TextCorpus(files, tokenize, {
    maxSentenceLength: options.maxSentenceLength,
    encoding: tokenizer.encoding,
    tokenizerOptions: tokenizer,
    ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
    ...(options.maxLineChars === undefined ? {} : { maxLineChars: options.maxLineChars }),
    ...(options.minParallelBytes === undefined ? {} : { minParallelBytes: options.minParallelBytes }),
    ...(options.unitChars === undefined ? {} : { unitChars: options.unitChars }),
  });
}
