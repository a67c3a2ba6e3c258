// The flags of the sentence-vector commands (encode, compare, search, cluster) and how they become an encoder;
// the encoder builder (encode/index.ts) owns the weights and the SIF component, this only reads files and says
// on stderr where the weights came from.
import { type Command, Option } from 'commander';
import { buildEncoder, type EncodeMethod, type EncoderSetup, readLines, type SentenceVector, saveSifComponent } from '../encode/index.ts';
import { Word2VecError } from '../errors.ts';
import { oneOf } from './flags.ts';
import type { CliIo } from './io.ts';
import type { CliModel, LoadFlags } from './load-flags.ts';
import { ngramSizes } from './query-words.ts';

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
    .addOption(new Option('--idf <file>', "tfidf: reference documents, one per line, for the idf (default: the model's word counts)"))
    .addOption(new Option('--fit <file>', 'sif: reference texts, one per line, to fit the removed principal component on'))
    .addOption(new Option('--save-component', 'sif: save the fitted component as sif.json in the model folder'));
}

/**
 * Builds the encoder the flags ask for and says on stderr where the weights came from; `documents`
 * (search/cluster lines) stand in for --idf/--fit when they are not given.
 */
export async function setupEncoder(model: CliModel, flags: EncodeFlags, io: CliIo, documents?: readonly string[]): Promise<EncoderSetup> {
  if (flags.saveComponent && (flags.method !== 'sif' || flags.fit === undefined)) {
    throw new Word2VecError('E_INVALID_OPTION', '--save-component needs --method sif and --fit FILE');
  }
  if (flags.saveComponent && model.format !== 'model') {
    throw new Word2VecError('E_INVALID_OPTION', `--save-component writes sif.json into a model folder, but ${model.path} is a vector file`);
  }
  const idfTexts = flags.idf !== undefined ? await readLines(flags.idf) : flags.method === 'tfidf' ? documents : undefined;
  const fitTexts = flags.fit !== undefined ? await readLines(flags.fit) : undefined;
  const setup = await buildEncoder(model, { method: flags.method, idfTexts, fitTexts, modelPath: model.path, fallbackTexts: documents });
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

/**
 * Prints the tokens of a text that had no vector, so users see what was skipped, and (subword models) the
 * tokens outside the vocabulary that were composed from n-grams, one line per text.
 */
export function reportUnknown(io: CliIo, label: string, encoded: SentenceVector, model?: CliModel): void {
  const kv = model?.kv;
  if (kv?.subwords !== undefined) {
    const composed = encoded.composed ?? [];
    if (composed.length > 0) io.stderr.write(`${label}: not in the vocabulary, composed from character n-grams: ${composed.map((c) => `${c.word} (${c.ngrams})`).join(' ')}\n`);
    // in a subword model only a token without any n-gram is left without a vector
    if (encoded.unknown.length > 0) io.stderr.write(`${label}: skipped ${encoded.unknown.join(' ')} (no n-gram of ${ngramSizes(kv)} characters)\n`);
    if (encoded.vector === null) io.stderr.write(`${label}: no word with a vector\n`);
    return;
  }
  if (encoded.vector === null) io.stderr.write(`${label}: no word in the vocabulary${encoded.unknown.length > 0 ? ` (unknown: ${encoded.unknown.join(' ')})` : ''}\n`);
  else if (encoded.unknown.length > 0) io.stderr.write(`${label}: skipped unknown ${encoded.unknown.join(' ')}\n`);
}
