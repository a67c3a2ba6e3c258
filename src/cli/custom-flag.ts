// `--custom NAME` for the sentence-vector commands (encode, compare, search, cluster): one flag and one call
// each, so those commands need no other change. The customisation fixes the sentence vectors it was trained
// on (method, weights from the model's counts, the saved SIF component), so the encoder is rebuilt to match.
import { type Command, Option } from 'commander';
import { customizedEncoder } from '../encode/customize-embeddings.ts';
import { loadCustomization } from '../encode/customize-io.ts';
import type { EncoderSetup } from '../encode/index.ts';
import { Word2VecError } from '../errors.ts';
import type { CliIo } from './io.ts';
import type { CliModel } from './load-flags.ts';

/** Adds `--custom <name>` to a sentence-vector command. */
export function addCustomFlag(command: Command): Command {
  return command.addOption(new Option('--custom <name>', 'apply the customisation custom/NAME of the model folder (from w2v customize)'));
}

/** Applies `--custom NAME`, when given, to the encoder the command built (e . M after the sentence vector). */
export async function applyCustomFlag(model: CliModel, flags: { custom?: string; method: string; idf?: string; fit?: string }, setup: EncoderSetup, io: CliIo): Promise<EncoderSetup> {
  if (flags.custom === undefined) return setup;
  if (model.format !== 'model') throw new Word2VecError('E_INVALID_OPTION', `--custom needs a model folder; ${model.path} is a vector file`);
  const custom = await loadCustomization(model.path, flags.custom, model.kv.dim);
  if (custom.method !== flags.method) {
    throw new Word2VecError('E_INVALID_OPTION', `customisation ${flags.custom} was trained on ${custom.method} sentence vectors; pass --method ${custom.method}`);
  }
  if (flags.idf !== undefined || flags.fit !== undefined) io.stderr.write(`warning: --custom ${flags.custom} uses the weights it was trained with; --idf/--fit ignored\n`);
  io.stderr.write(`custom ${flags.custom}: ${custom.dim} x ${custom.outDim} matrix applied to ${custom.method} vectors\n`);
  return customizedEncoder(model, custom);
}
