// One small error hierarchy with stable codes. The CLI prints `error: <message>` and exits 1 for these;
// anything else that escapes is a bug and is printed with its stack.

/** Stable machine-readable codes; messages may change, codes may not. */
export type Word2VecErrorCode =
  | 'E_INVALID_OPTION'
  | 'E_INPUT' // a missing, unreadable, binary or wrongly encoded input file
  | 'E_OUTPUT' // an output path that cannot or may not be written (a full disk too)
  | 'E_ENCODING'
  | 'E_EMPTY_CORPUS'
  | 'E_EMPTY_VOCAB'
  | 'E_UNKNOWN_WORD'
  | 'E_BAD_VECTOR_FILE'
  | 'E_BAD_MODEL'
  | 'E_DIVERGED'
  | 'E_RESUME_MISMATCH'
  | 'E_BACKEND'
  | 'E_WORKER'
  | 'E_TOO_BIG' // weight tables larger than the memory training can hold
  | 'E_INTERRUPTED';

/** Base class of every error the library throws on purpose (bad input, bad options, impossible requests). */
export class Word2VecError extends Error {
  override readonly name: string = 'Word2VecError';
  constructor(
    readonly code: Word2VecErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One or more words are missing from the vocabulary; `words` lists every one of them. */
export class UnknownWordError extends Word2VecError {
  override readonly name = 'UnknownWordError';
  readonly words: readonly string[];
  constructor(words: string | readonly string[]) {
    const list = typeof words === 'string' ? [words] : [...words];
    super(
      'E_UNKNOWN_WORD',
      list.length === 1
        ? `"${list[0]}" is not in the vocabulary`
        : `not in the vocabulary: ${list.map((w) => `"${w}"`).join(', ')}`,
    );
    this.words = list;
  }
}

/** A vector, vocabulary or corpus file that cannot be read; names the file and where in it. */
export class BadFileError extends Word2VecError {
  override readonly name = 'BadFileError';
  constructor(
    code: 'E_BAD_VECTOR_FILE' | 'E_BAD_MODEL' | 'E_INPUT' | 'E_ENCODING',
    readonly path: string,
    readonly where: string | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(code, where === undefined ? `${path}: ${detail}` : `${path}, ${where}: ${detail}`, options);
  }
}

/** Shorthand for an option that fails validation: names the option, the value and what is allowed. */
export function invalidOption(name: string, value: unknown, expected: string): Word2VecError {
  // the option as the library spells it, in backticks: the CLI rewrites `minCount` to --min-count
  return new Word2VecError('E_INVALID_OPTION', `\`${name}\` ${JSON.stringify(value)} is invalid: ${expected}`);
}
