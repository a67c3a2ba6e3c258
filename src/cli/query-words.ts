// Query words from the command line: each argument goes through the model's tokenizer settings (CliModel.parse),
// so what the user typed and what the vocabulary holds may differ; when they do, stderr says which words were used.
import { UnknownWordError, Word2VecError } from '../errors.ts';
import type { CliIo } from './io.ts';
import type { CliModel } from './load-flags.ts';

/** The vocabulary words of all `args` (an argument may stand for several); any unknown token is an error. */
export function argumentWords(model: CliModel, args: readonly string[]): string[] {
  const words: string[] = [];
  const unknown: string[] = [];
  for (const arg of args) {
    const parsed = model.parse(arg);
    words.push(...parsed.words);
    for (const u of parsed.unknown) if (!unknown.includes(u)) unknown.push(u);
    if (parsed.words.length === 0 && parsed.unknown.length === 0) throw new Word2VecError('E_UNKNOWN_WORD', `${JSON.stringify(arg)} holds no word (only punctuation or spaces)`);
  }
  if (unknown.length > 0) throw new UnknownWordError(unknown);
  return words;
}

/** The single vocabulary word `arg` stands for (analogy and similarity take one word per argument). */
export function oneWord(model: CliModel, arg: string): string {
  const words = argumentWords(model, [arg]);
  if (words.length !== 1) throw new Word2VecError('E_INVALID_OPTION', `${JSON.stringify(arg)} is ${words.length} words for this model (${words.join(' ')}); give one word`);
  return words[0]!;
}

/** One vocabulary word per argument; every unknown word of every argument is named in one error. */
export function oneWordEach(model: CliModel, args: readonly string[]): string[] {
  const unknown = args.flatMap((arg) => model.parse(arg).unknown);
  if (unknown.length > 0) throw new UnknownWordError([...new Set(unknown)]);
  return args.map((arg) => oneWord(model, arg));
}

/** Says on stderr which vocabulary words a query used, when they are not exactly what was typed. */
export function noteWords(io: CliIo, typed: readonly string[], words: readonly string[], label = 'words'): void {
  if (typed.length !== words.length || typed.some((t, i) => t !== words[i])) io.stderr.write(`${label}: ${words.join(' ')}\n`);
}
