// What every query command shares: loading a model folder or any vector file (sniffed), the flags that
// control loading, query-word normalisation that follows the model's tokenizer settings, and output helpers.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { buildEncoder, type EncodeMethod, type EncoderSetup, fitComponent, readLines, type SentenceVector, saveSifComponent } from '../encode/index.ts';
import { Word2VecError } from '../errors.ts';
import type { UnicodeErrors } from '../io/formats/word2vec-reader.ts';
import { type LoadedModel, loadKeyedVectors } from '../vectors/load.ts';
import { int, oneOf } from './flags.ts';
import type { CliIo } from './io.ts';

/** A loaded model plus how to turn typed query words into vocabulary words. */
export interface CliModel extends LoadedModel {
  path: string;
  /** Lowercases Latin letters when the model was trained lowercased; otherwise the word as typed. */
  queryWord(word: string): string;
}

/** Loads `path` (model folder or word2vec text/binary) for a query command. */
export async function loadVectors(path: string, options: { limit?: number | undefined; unicodeErrors?: UnicodeErrors | undefined } = {}): Promise<CliModel> {
  const loaded = await loadKeyedVectors(path, options);
  const tokenizer = loaded.meta?.tokenizer;
  // the trainer lowercased Latin letters unless --keep-case or --tokenized (pre-tokenized text is used verbatim);
  // Chinese words are used as typed: jieba would split a query word the model holds as one token
  const lowercase = tokenizer !== undefined && !tokenizer.keepCase && !tokenizer.tokenized;
  return { ...loaded, path, queryWord: lowercase ? (w) => w.toLowerCase() : (w) => w };
}

/** Adds the loading flags (--limit, --unicode-errors) and --json to a query command. */
export function addLoadFlags(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'load only the first N words of the file').argParser(int(1)))
    .addOption(new Option('--unicode-errors <mode>', 'invalid UTF-8 in a vector file: strict, replace or ignore').argParser(oneOf('strict', 'replace', 'ignore')).default('strict'))
    .addOption(new Option('--json', 'print one JSON document'));
}

/** Options every query command receives from `addLoadFlags`. */
export interface LoadFlags {
  limit?: number;
  unicodeErrors?: UnicodeErrors;
  json?: boolean;
}

/** Loads the model named on the command line with its loading flags. */
export function loadFromFlags(path: string, flags: LoadFlags): Promise<CliModel> {
  return loadVectors(path, { limit: flags.limit, unicodeErrors: flags.unicodeErrors });
}

/** Prints `value` as one JSON document. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned `word  similarity` lines. */
export function formatNeighbors(neighbors: readonly { word: string; similarity: number }[]): string {
  const width = Math.max(4, ...neighbors.map((n) => displayWidth(n.word)));
  return neighbors.map((n) => `${n.word}${' '.repeat(width - displayWidth(n.word) + 2)}${n.similarity.toFixed(4)}\n`).join('');
}

/** A commander parser for positive whole numbers used by -k/--top-n. */
export const topNParser = int(1);

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('expected a file name');
  return [...(previous ?? []), value];
}

// --- internal ---

/** Terminal columns: CJK and other wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

/** Flags of the sentence-vector commands. */
export interface EncodeFlags extends LoadFlags {
  method: EncodeMethod;
  idf?: string;
  fit?: string;
  saveComponent?: boolean;
}

/** Adds --method, --idf, --fit and --save-component. */
export function addEncodeFlags(command: Command): Command {
  return command
    .addOption(new Option('--method <method>', 'mean (average of the known words), tfidf or sif').argParser(oneOf('mean', 'tfidf', 'sif')).default('mean'))
    .addOption(new Option('--idf <file>', 'tfidf: reference documents, one per line, for the idf (default: the model\'s word counts)'))
    .addOption(new Option('--fit <file>', 'sif: reference texts, one per line, to fit the removed principal component on'))
    .addOption(new Option('--save-component', 'sif: save the fitted component as sif.json in the model folder'));
}

/**
 * Builds the encoder the flags ask for and says on stderr where the weights came from; `defaultReference`
 * (search/cluster documents) stands in for --idf/--fit when they are not given.
 */
export async function setupEncoder(model: CliModel, flags: EncodeFlags, io: CliIo, defaultReference?: readonly string[]): Promise<EncoderSetup> {
  if (flags.saveComponent && (flags.method !== 'sif' || flags.fit === undefined)) {
    throw new Word2VecError('E_INVALID_OPTION', '--save-component needs --method sif and --fit FILE');
  }
  if (flags.saveComponent && model.format !== 'model') {
    throw new Word2VecError('E_INVALID_OPTION', `--save-component writes sif.json into a model folder, but ${model.path} is a vector file`);
  }
  const idfTexts = flags.idf !== undefined ? await readLines(flags.idf) : flags.method === 'tfidf' ? defaultReference : undefined;
  const fitTexts = flags.fit !== undefined ? await readLines(flags.fit) : undefined;
  const setup = await buildEncoder(model, { method: flags.method, idfTexts, fitTexts, modelPath: model.path });
  if (flags.method === 'sif' && setup.component === 'none' && defaultReference !== undefined && defaultReference.length > 1) {
    const vectors = defaultReference.map((t) => setup.encoder.encode(t).vector).filter((v): v is Float32Array => v !== null);
    if (vectors.length > 1) {
      setup.encoder.component = fitComponent(vectors, model.kv.dim);
      setup.component = `fitted on the ${vectors.length} documents`;
    }
  }
  if (flags.method !== 'mean') {
    const weights = setup.weights === 'reference documents' ? `idf from ${flags.idf ?? 'the documents'}` : `weights from ${setup.weights}`;
    io.stderr.write(`${flags.method}: ${weights}; principal component: ${flags.method === 'sif' ? setup.component : 'n/a'}\n`);
  }
  if (flags.saveComponent && setup.encoder.component !== undefined) {
    const saved = await saveSifComponent(model.path, setup.encoder.component, flags.fit!, fitTexts?.length ?? 0);
    io.stderr.write(`saved the SIF component to ${saved}\n`);
  }
  return setup;
}

/** Prints the tokens of a text that had no vector, so users see what was skipped. */
export function reportUnknown(io: CliIo, label: string, encoded: SentenceVector): void {
  if (encoded.vector === null) io.stderr.write(`${label}: no word in the vocabulary${encoded.unknown.length > 0 ? ` (unknown: ${encoded.unknown.join(' ')})` : ''}\n`);
  else if (encoded.unknown.length > 0) io.stderr.write(`${label}: skipped unknown ${encoded.unknown.join(' ')}\n`);
}
