// `w2v encode MODEL [TEXT...|--file FILE] [--method mean|tfidf|sif] [--json]`: sentence vectors.
import type { Command } from 'commander';
import { readLines, type SentenceVector } from '../../encode/index.ts';
import { Word2VecError } from '../../errors.ts';
import { formatFloat32 } from '../../io/formats/index.ts';
import { addCustomFlag, applyCustomFlag } from '../custom-flag.ts';
import type { CliIo } from '../io.ts';
import { addEncodeFlags, type EncodeFlags, reportUnknown, setupEncoder } from '../encode-flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, loadFromFlags } from '../load-flags.ts';

interface EncodeCommandFlags extends EncodeFlags {
  file?: string;
}

/** Registers `w2v encode`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('encode')
    .description('sentence vectors: one line of numbers per text (a blank line when no word is known)')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .argument('[texts...]', 'texts to encode (or --file)')
    .option('--file <file>', 'encode each line of FILE');
  addEncodeFlags(command);
  addCustomFlag(command);
  addLoadFlags(command);
  return command.action(async (modelPath: string, texts: string[], flags: EncodeCommandFlags) => {
    if (flags.file !== undefined && texts.length > 0) throw new Word2VecError('E_INVALID_OPTION', 'give texts or --file FILE, not both');
    const inputs = flags.file !== undefined ? await readLines(flags.file) : texts;
    if (inputs.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'nothing to encode: give one or more texts or --file FILE');
    const model = await loadFromFlags(modelPath, flags);
    const setup = await applyCustomFlag(model, flags, await setupEncoder(model, flags, io, flags.file !== undefined ? inputs : undefined), io);
    const encoded: SentenceVector[] = inputs.map((t) => setup.encoder.encode(t));
    for (const [i, e] of encoded.entries()) reportUnknown(io, flags.file !== undefined ? `${flags.file}:${i + 1}` : `text ${i + 1}`, e, model);
    if (flags.json) {
      printJson(io, {
        model: modelPath,
        method: flags.method,
        weights: setup.weights,
        component: setup.component,
        results: encoded.map((e, i) => ({
          text: inputs[i],
          vector: e.vector === null ? null : Array.from(e.vector),
          knownCount: e.knownCount,
          tokens: e.tokens,
          unknown: e.unknown,
          // subword models: the tokens outside the vocabulary that had a composed vector
          ...(e.composed === undefined ? {} : { composed: e.composed, composedCount: e.composedCount }),
        })),
      });
      return;
    }
    io.stdout.write(encoded.map((e) => `${e.vector === null ? '' : Array.from(e.vector, formatFloat32).join(' ')}\n`).join(''));
  });
}
