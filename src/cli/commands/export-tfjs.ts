// The TF.js formats of `w2v export` (`--format tfjs|tfjs-encoder`): flags and the step that writes them.
// Kept apart from export.ts so the text/binary/tsv path never loads TensorFlow.js.
import { type Command, Option } from 'commander';
import { idfWeights, readLines, tokenizerFor } from '../../encode/index.ts';
import { Word2VecError } from '../../errors.ts';
import { DEFAULT_TOKENIZER_OPTIONS } from '../../options.ts';
import type { TfjsDtype, TfjsFormat } from '../../tf/layers-export.ts';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { type CliModel, printJson } from '../load-model.ts';

/** The formats this block handles. */
export const TFJS_FORMATS = ['tfjs', 'tfjs-encoder'] as const;

/** Flags of the TF.js formats. */
export interface TfjsFlags {
  dtype: TfjsDtype;
  maskZero?: boolean;
  overwrite?: boolean;
  method: 'mean' | 'tfidf';
  idf?: string;
  json?: boolean;
}

/** True for --format tfjs and tfjs-encoder. */
export function isTfjsFormat(format: string): format is TfjsFormat {
  return (TFJS_FORMATS as readonly string[]).includes(format);
}

/** Adds --dtype, --mask-zero, --overwrite, --method and --idf. */
export function addTfjsFlags(command: Command): Command {
  return command
    .addOption(new Option('--dtype <type>', 'tfjs formats: float32 (exact) or float16 (half the size; TF.js expands it on load)').argParser(oneOf('float32', 'float16')).default('float32'))
    .addOption(new Option('--mask-zero', 'tfjs: set maskZero on the Embedding (for LSTM/GRU; TF.js pooling layers refuse masks)'))
    .addOption(new Option('--overwrite', 'tfjs formats: replace a non-empty output folder'))
    .addOption(new Option('--method <method>', 'tfjs-encoder: mean (w2v encode\'s default) or tfidf').argParser(oneOf('mean', 'tfidf')).default('mean'))
    .addOption(new Option('--idf <file>', 'tfjs-encoder --method tfidf: reference documents, one per line (default: the model\'s word counts)'));
}

/** Writes the TF.js export for an already loaded model and reports the size. */
export async function runTfjsExport(model: CliModel, format: TfjsFormat, output: string, flags: TfjsFlags, io: CliIo): Promise<void> {
  // imported here so the other formats never load TensorFlow.js
  const { exportTfjs } = await import('../../tf/layers-export.ts');
  if (flags.idf !== undefined && flags.method !== 'tfidf') throw new Word2VecError('E_INVALID_OPTION', '--idf needs --method tfidf');
  if (format === 'tfjs' && flags.method !== 'mean') throw new Word2VecError('E_INVALID_OPTION', '--method applies to --format tfjs-encoder only (tfjs writes the plain embedding layer)');
  let weights: Float64Array | undefined;
  if (flags.method === 'tfidf') {
    const tokenizer = await tokenizerFor(model);
    const documents = flags.idf === undefined ? undefined : (await readLines(flags.idf)).map((t) => tokenizer.tokenize(t));
    const idf = idfWeights(model.kv, documents);
    weights = idf.weights;
    io.stderr.write(`tfidf: weights from ${idf.source === 'reference documents' ? flags.idf : idf.source}\n`);
  }
  // plain vector files carry no tokenizer settings: `w2v encode` then uses the default tokenizer, keeping case
  const tokenizer = model.meta?.tokenizer ?? { ...DEFAULT_TOKENIZER_OPTIONS, keepCase: true };
  const result = await exportTfjs(output, model.kv, format, {
    dtype: flags.dtype,
    maskZero: flags.maskZero,
    method: flags.method,
    weights,
    tokenizer,
    overwrite: flags.overwrite,
  });
  if (flags.json) {
    printJson(io, { model: model.path, ...result });
    return;
  }
  const what = format === 'tfjs' ? 'embedding layer' : `${flags.method} sentence encoder`;
  io.stdout.write(
    `wrote a TF.js ${what} (${result.words} words x ${result.dim}, ${result.dtype}) to ${output}: ` +
      `weights ${megabytes(result.weightBytes)} in ${result.shards} shard${result.shards === 1 ? '' : 's'}, ${megabytes(result.totalBytes)} in all\n`,
  );
}

// --- internal ---

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
