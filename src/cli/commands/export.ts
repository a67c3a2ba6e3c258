// `w2v export MODEL --format text|binary|tsv|tfjs|tfjs-encoder -o PATH`: word2vec text or binary, the TensorFlow
// Embedding Projector's vectors.tsv + metadata.tsv (into the folder PATH), or a TF.js model folder.
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { writeProjectorTsv, writeVectors } from '../../io/formats/index.ts';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags, printJson } from '../load-model.ts';
import { addTfjsFlags, isTfjsFormat, runTfjsExport, TFJS_FORMATS, type TfjsFlags } from './export-tfjs.ts';

interface ExportFlags extends LoadFlags, TfjsFlags {
  format: 'text' | 'binary' | 'tsv' | (typeof TFJS_FORMATS)[number];
  output: string;
  header: boolean;
}

/** Registers `w2v export`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('export')
    .description('write the vectors as word2vec text/binary (gensim, word2vec.c, fastText .vec) or Embedding Projector TSV')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .requiredOption('--format <format>', 'text, binary, tsv (vectors.tsv + metadata.tsv in the -o folder), tfjs or tfjs-encoder (TF.js model folders)', oneOf('text', 'binary', 'tsv', ...TFJS_FORMATS))
    .requiredOption('-o, --output <path>', 'output file (text/binary) or folder (tsv, tfjs, tfjs-encoder)')
    .option('--no-header', 'text: leave out the "<count> <dim>" first line (GloVe style)');
  addTfjsFlags(command);
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: ExportFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    if (isTfjsFormat(flags.format)) return runTfjsExport(model, flags.format, flags.output, flags, io);
    const { kv } = model;
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
