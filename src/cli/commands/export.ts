// `w2v export MODEL -o PATH [--format text|binary|tsv|fasttext-bin|tfjs|tfjs-encoder]`: word2vec text or
// binary, the TensorFlow Embedding Projector's vectors.tsv + metadata.tsv (into the folder PATH), a fastText
// 0.9.2 .bin (from a model folder: it needs the counts, the n-gram rows and the output weights), or a TF.js model
// folder. The format follows the file name unless given (.bin stays word2vec binary); `-o -` writes text to stdout.
import type { Command } from 'commander';
import { fastTextBinBytes, isFastTextBin, writeFastTextBinFromModel } from '../../io/formats/fasttext-bin.ts';
import { type VectorFormat, writeProjectorTsv, writeVectors, writeWord2VecTextTo } from '../../io/formats/index.ts';
import { isModelFolder, readModelFolder } from '../../io/model-folder.ts';
import { UsageError } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';
import { checkOutputPath } from '../output-path.ts';
import { writeWithBackpressure } from '../stdout.ts';

import { addTfjsFlags, isTfjsFormat, runTfjsExport, type TfjsFlags } from './export-tfjs.ts';

interface ExportFlags extends LoadFlags, TfjsFlags {
  format?: string;
  output: string;
  header: boolean;
  overwrite?: boolean;
}

type ExportFormat = VectorFormat | 'tsv' | 'fasttext-bin';

/** Registers `w2v export`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('export')
    .description('write the vectors as word2vec text/binary (gensim, word2vec.c, fastText .vec), a fastText .bin model, or Embedding Projector TSV')
    .argument('<model>', 'model folder or vector file')
    .requiredOption('-o, --output <path>', 'output file (text/binary), folder (tsv), or - for text on stdout')
    .option('--format <format>', 'text (alias vec), binary (alias bin), tsv (vectors.tsv + metadata.tsv in the -o folder), fasttext-bin (a fastText .bin, from a model folder), tfjs or tfjs-encoder (TF.js model folders); default: from the -o name (.bin word2vec binary, .txt/.vec text)')
    .option('--no-header', 'text: leave out the "<count> <dim>" first line (GloVe style)')
    .option('--overwrite', 'replace the file(s) or the TF.js folder at -o if they exist');
  addTfjsFlags(command);
  addLoadFlags(command);
  command.addHelpText(
    'after',
    `
Examples:
  w2v export models/hlm -o hlm.bin
  w2v export models/hlm -o hlm.vec
  w2v export models/hlm-subwords --format fasttext-bin -o hlm.bin
  w2v export models/hlm --format tsv -o hlm-projector
  w2v export models/hlm -o - | head -3`,
  );
  return command.action(async (modelPath: string, flags: ExportFlags) => {
    if (flags.format !== undefined && isTfjsFormat(flags.format)) {
      const model = await loadFromFlags(modelPath, flags);
      return runTfjsExport(model, flags.format, flags.output, flags, io);
    }
    const toStdout = flags.output === '-';
    const format = exportFormat(flags.format, flags.output);
    if (!flags.header && format !== 'text') throw new UsageError('--no-header applies to text output only (binary files always have a header)');
    if (toStdout && format !== 'text') throw new UsageError(`-o - writes text; ${format} output needs a file name`);
    const overwrite = flags.overwrite === true;
    if (format === 'fasttext-bin') return exportFastText(modelPath, flags, io);
    // checked before the model is read: a refused path costs nothing
    if (!toStdout) {
      if (format === 'tsv') await checkOutputPath(flags.output, { kind: 'folder', overwrite, files: ['vectors.tsv', 'metadata.tsv'] });
      else await checkOutputPath(flags.output, { kind: 'file', overwrite });
    }
    const { kv } = await loadFromFlags(modelPath, flags);
    if (!toStdout) {
      // the size is known now: text is ~12 bytes a float, binary 4
      const bytes = kv.size * kv.dim * (format === 'binary' ? 4 : 12);
      await checkOutputPath(flags.output, format === 'tsv' ? { kind: 'folder', overwrite, files: ['vectors.tsv', 'metadata.tsv'], bytes } : { kind: 'file', overwrite, bytes });
    }
    let written: string[];
    if (toStdout) {
      await writeWord2VecTextTo({ write: (chunk) => writeWithBackpressure(io.stdout, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')) }, kv.words, kv.vectors, kv.dim, flags.header, 'stdout');
      return;
    }
    if (format === 'tsv') {
      const { vectorsPath, metadataPath } = await writeProjectorTsv(flags.output, kv.words, kv.vectors, kv.dim, kv.counts);
      written = [vectorsPath, metadataPath];
    } else {
      await writeVectors(flags.output, kv.words, kv.vectors, kv.dim, format, { header: flags.header });
      written = [flags.output];
    }
    if (flags.json) printJson(io, { model: modelPath, format, words: kv.size, dim: kv.dim, files: written });
    else io.stdout.write(`wrote ${kv.size} x ${kv.dim} vectors (${format}) to ${written.join(' and ')}\n`);
  });
}

// --- internal ---

/** `--format fasttext-bin`: a model folder as fastText 0.9.2's .bin (fasttext-bin.ts says what goes where). */
async function exportFastText(modelPath: string, flags: ExportFlags, io: CliIo): Promise<void> {
  if (flags.limit !== undefined) throw new UsageError('--limit does not apply to --format fasttext-bin: a fastText .bin holds the whole vocabulary, which its n-gram rows and output weights belong to');
  const overwrite = flags.overwrite === true;
  await checkOutputPath(flags.output, { kind: 'file', overwrite });
  if (!(await isModelFolder(modelPath))) {
    if (await isFastTextBin(modelPath)) throw new UsageError(`${modelPath} is a fastText .bin already: copy the file`);
    throw new UsageError(`--format fasttext-bin writes a model folder (it needs the word counts, the n-gram rows and the output weights); ${modelPath} is not one: export it with --format text (fastText .vec) instead`);
  }
  const model = await readModelFolder(modelPath, true);
  const { dim, options } = model.meta;
  const inputRows = model.words.length + (options.subwords === true ? options.bucket : 0);
  await checkOutputPath(flags.output, { kind: 'file', overwrite, bytes: fastTextBinBytes(model.words, dim, inputRows, model.words.length) });
  const { zeroOutput, hsOutput } = await writeFastTextBinFromModel(flags.output, model, modelPath);
  if (zeroOutput) io.stderr.write('warning: the model folder has no output.f32, so the .bin gets a zero output matrix: its vectors load anywhere, but fastText cannot train it further\n');
  else if (hsOutput) io.stderr.write("warning: hierarchical softmax: fastText builds its own Huffman tree, so the .bin's output matrix suits gensim's load_facebook_model (which builds ours) but not fastText's hs; the vectors are exact in both\n");
  const subwords = options.subwords === true ? `, n-grams ${options.minn}..${options.maxn} in ${options.bucket} buckets` : ', no subwords';
  if (flags.json) printJson(io, { model: modelPath, format: 'fasttext-bin', words: model.words.length, dim, subwords: options.subwords === true, files: [flags.output] });
  else io.stdout.write(`wrote a fastText .bin of ${model.words.length} words x ${dim}${subwords} to ${flags.output}\n`);
}

function exportFormat(given: string | undefined, output: string): ExportFormat {
  if (given !== undefined) {
    const format = FORMAT_NAMES[given.toLowerCase()];
    if (format === undefined) throw new UsageError(`--format ${given}: expected text (or vec), binary (or bin), tsv or fasttext-bin`);
    return format;
  }
  if (output === '-') return 'text';
  const ext = /\.([a-z0-9]+)$/i.exec(output)?.[1]?.toLowerCase();
  const format = ext === undefined ? undefined : EXTENSIONS[ext];
  if (format === undefined) throw new UsageError(`cannot tell the format from the name ${output}; add --format text, binary or tsv (or name it .txt, .vec or .bin)`);
  return format;
}

const FORMAT_NAMES: Record<string, ExportFormat> = { text: 'text', txt: 'text', vec: 'text', binary: 'binary', bin: 'binary', tsv: 'tsv', 'fasttext-bin': 'fasttext-bin', fasttext: 'fasttext-bin' };
const EXTENSIONS: Record<string, VectorFormat> = { txt: 'text', vec: 'text', bin: 'binary' };
