// How library errors read on the command line: option names become the flags that set them, and `--json`
// callers get the error as a JSON object with its stable code.
import { UnknownWordError, type Word2VecError } from '../errors.ts';
import { TOKENIZER_FLAGS, TRAIN_FLAGS } from './flags.ts';

/** Rewrites the library's option names (`minCount`, in backticks) as the flags that set them (--min-count). */
export function withFlagNames(message: string): string {
  return message.replace(/`([A-Za-z][A-Za-z0-9]*)`/g, (_, key: string) => OPTION_FLAGS.get(key) ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/** The JSON form of a library error: its stable code, the message, and the missing words when there are some. */
export function errorJson(error: Word2VecError): { code: string; message: string; words?: readonly string[] } {
  return { code: error.code, message: error.message, ...(error instanceof UnknownWordError ? { words: error.words } : {}) };
}

// --- internal ---

/** Library option name -> the long flag that sets it; names not listed map to their kebab-case flag. */
const OPTION_FLAGS = new Map<string, string>([
  ...[...Object.entries(TRAIN_FLAGS), ...Object.entries(TOKENIZER_FLAGS)].flatMap(([key, flag]) => {
    const long = flag?.flags.match(/--[a-z0-9-]+/)?.[0];
    return long === undefined ? [] : [[key, long] as [string, string]];
  }),
  ['topN', '-k/--top-n'],
  ['restrictVocab', '--restrict'],
]);
