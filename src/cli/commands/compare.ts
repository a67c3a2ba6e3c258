// `w2v compare MODEL TEXT1 TEXT2`: cosine similarity and Euclidean distance of two sentence vectors.
import type { Command } from 'commander';
import { compareVectors } from '../../encode/index.ts';
import { Word2VecError } from '../../errors.ts';
import { addCustomFlag, applyCustomFlag } from '../custom-flag.ts';
import type { CliIo } from '../io.ts';
import { formatScore } from '../text-output.ts';
import { addEncodeFlags, type EncodeFlags, reportUnknown, setupEncoder } from '../encode-flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, loadFromFlags } from '../load-flags.ts';

/** Registers `w2v compare`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('compare')
    .description('cosine similarity and Euclidean distance of two texts')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .argument('<text1>')
    .argument('<text2>');
  addEncodeFlags(command);
  addCustomFlag(command);
  addLoadFlags(command);
  return command.action(async (modelPath: string, text1: string, text2: string, flags: EncodeFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    const { encoder } = await applyCustomFlag(model, flags, await setupEncoder(model, flags, io), io);
    const [a, b] = [encoder.encode(text1), encoder.encode(text2)];
    reportUnknown(io, 'text 1', a, model);
    reportUnknown(io, 'text 2', b, model);
    if (a.vector === null || b.vector === null) {
      const why = model.kv.subwords === undefined ? 'no word in the vocabulary' : 'no word with a vector';
      throw new Word2VecError('E_UNKNOWN_WORD', `cannot compare: text ${a.vector === null ? 1 : 2} has ${why}`);
    }
    const { cosine, euclidean } = compareVectors(a.vector, b.vector);
    if (flags.json) printJson(io, { model: modelPath, method: flags.method, cosine, euclidean, unknown: [a.unknown, b.unknown], ...(model.kv.subwords === undefined ? {} : { composed: [a.composed, b.composed] }) });
    else io.stdout.write(`cosine     ${formatScore(cosine)}\neuclidean  ${formatScore(euclidean)}\n`);
  });
}
