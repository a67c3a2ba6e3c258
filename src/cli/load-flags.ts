// Loading the model a query command names: a model folder or any vector file (sniffed), the flags that control
// loading (--limit, --unicode-errors, --json), and the query parser that reads typed words the way the model's
// tokenizer does.
import { type Command, Option } from 'commander';
import type { UnicodeErrors } from '../io/formats/word2vec-reader.ts';
import { type LoadedModel, loadKeyedVectors, type QueryParser, queryParser } from '../vectors/load.ts';
import { int, oneOf } from './flags.ts';

/** A loaded model plus how to turn typed text into vocabulary words. */
export interface CliModel extends LoadedModel {
  path: string;
  /** Typed words or a sentence -> vocabulary words, with the model's tokenizer settings. */
  parse: QueryParser;
}

/** Options every query command receives from `addLoadFlags`. */
export interface LoadFlags {
  limit?: number;
  unicodeErrors?: UnicodeErrors;
  json?: boolean;
}

/** Adds the loading flags (--limit, --unicode-errors) and --json to a query command. */
export function addLoadFlags(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'load only the first N words of the file').argParser(int(1)))
    .addOption(new Option('--unicode-errors <mode>', 'invalid UTF-8 in a vector file: strict, replace or ignore').argParser(oneOf('strict', 'replace', 'ignore')).default('strict'))
    .addOption(new Option('--json', 'print JSON on stdout (one document per query; errors as {"error": ...})'));
}

/** Loads the model named on the command line with its loading flags. */
export async function loadFromFlags(path: string, flags: LoadFlags): Promise<CliModel> {
  const loaded = await loadKeyedVectors(path, { limit: flags.limit, unicodeErrors: flags.unicodeErrors });
  return { ...loaded, path, parse: await queryParser(loaded) };
}
