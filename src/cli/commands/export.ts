// `w2v export MODEL --format text|binary|tsv -o PATH`: word2vec text or binary, or the TensorFlow Embedding
// Projector's vectors.tsv + metadata.tsv (into the folder PATH).
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { writeProjectorTsv, writeVectors } from '../../io/formats/index.ts';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags, printJson } from '../load-model.ts';

interface ExportFlags extends LoadFlags {
  format: 'text' | 'binary' | 'tsv';
  output: string;
  header: boolean;
}

/** Registers `w2v export`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('export')
    .description('write the vectors as word2vec text/binary (gensim, word2vec.c, fastText .vec) or Embedding Projector TSV')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .requiredOption('--format <format>', 'text, binary or tsv (tsv: vectors.tsv + metadata.tsv in the -o folder)', oneOf('text', 'binary', 'tsv'))
    .requiredOption('-o, --output <path>', 'output file (text/binary) or folder (tsv)')
    .option('--no-header', 'text: leave out the "<count> <dim>" first line (GloVe style)');
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: ExportFlags) => {
    const { kv } = await loadFromFlags(modelPath, flags);
    let written: string[];
    if (flags.format === 'tsv') {
      const { vectorsPath, metadataPath } = await writeProjectorTsv(flags.output, kv.words, kv.vectors, kv.dim, kv.counts);
      written = [vectorsPath, metadataPath];
    } else {
      if (!flags.header && flags.format !== 'text') throw new Word2VecError('E_INVALID_OPTION', '--no-header applies to --format text only (binary files always have a header)');
      await writeVectors(flags.output, kv.words, kv.vectors, kv.dim, flags.format, { header: flags.header });
      written = [flags.output];
    }
    if (flags.json) printJson(io, { model: modelPath, format: flags.format, words: kv.size, dim: kv.dim, files: written });
    else io.stdout.write(`wrote ${kv.size} x ${kv.dim} vectors (${flags.format}) to ${written.join(' and ')}\n`);
  });
}
