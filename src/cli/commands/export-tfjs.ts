// The TF.js formats of `w2v export` (`--format tfjs|tfjs-encoder`): flags and the step that writes them.
// Kept apart from export.ts so the text/binary/tsv path never loads TensorFlow.js.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { idfWeights, readLines, tokenizerFor } from '../../encode/index.ts';
import { BadFileError, Word2VecError } from '../../errors.ts';
import { DEFAULT_TOKENIZER_OPTIONS } from '../../options.ts';
import type { TfjsCustomMatrix, TfjsDtype, TfjsFormat } from '../../tf/layers-export.ts';
import { oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { printJson } from '../json-output.ts';
import type { CliModel } from '../load-flags.ts';

/** The formats this block handles. */
export const TFJS_FORMATS = ['tfjs', 'tfjs-encoder'] as const;

/** Flags of the TF.js formats. */
export interface TfjsFlags {
  dtype: TfjsDtype;
  maskZero?: boolean;
  overwrite?: boolean;
  method: 'mean' | 'tfidf';
  idf?: string;
  custom?: string;
  json?: boolean;
}

/** True for --format tfjs and tfjs-encoder. */
export function isTfjsFormat(format: string): format is TfjsFormat {
  return (TFJS_FORMATS as readonly string[]).includes(format);
}

/** Adds --dtype, --mask-zero, --method, --idf and --custom (export.ts adds --overwrite for every format). */
export function addTfjsFlags(command: Command): Command {
  return command
    .addOption(new Option('--dtype <type>', 'tfjs formats: float32 (exact) or float16 (half the size; TF.js expands it on load)').argParser(oneOf('float32', 'float16')).default('float32'))
    .addOption(new Option('--mask-zero', 'tfjs: set maskZero on the Embedding (for LSTM/GRU; TF.js pooling layers refuse masks)'))
    .addOption(new Option('--method <method>', 'tfjs-encoder: mean (w2v encode\'s default) or tfidf').argParser(oneOf('mean', 'tfidf')).default('mean'))
    .addOption(new Option('--idf <file>', 'tfjs-encoder --method tfidf: reference documents, one per line (default: the model\'s word counts)'))
    .addOption(new Option('--custom <name>', 'tfjs-encoder: append the customisation custom/NAME of the model folder (w2v customize) as a Dense layer'));
}

/** Writes the TF.js export for an already loaded model and reports the size. */
export async function runTfjsExport(model: CliModel, format: TfjsFormat, output: string, flags: TfjsFlags, io: CliIo): Promise<void> {
  // imported here so the other formats never load TensorFlow.js
  const { exportTfjs } = await import('../../tf/layers-export.ts');
  if (flags.idf !== undefined && flags.method !== 'tfidf') throw new Word2VecError('E_INVALID_OPTION', '--idf needs --method tfidf');
  if (format === 'tfjs' && flags.method !== 'mean') throw new Word2VecError('E_INVALID_OPTION', '--method applies to --format tfjs-encoder only (tfjs writes the plain embedding layer)');
  if (format === 'tfjs' && flags.custom !== undefined) throw new Word2VecError('E_INVALID_OPTION', '--custom applies to --format tfjs-encoder only');
  const custom = flags.custom === undefined ? undefined : await readCustomization(model, flags.custom, flags);
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
    custom,
    overwrite: flags.overwrite,
  });
  if (flags.json) {
    printJson(io, { model: model.path, ...result });
    return;
  }
  const what = format === 'tfjs' ? 'embedding layer' : `${flags.method} sentence encoder${custom === undefined ? '' : ` with custom ${custom.name} (${result.dim} x ${result.outputDim})`}`;
  io.stdout.write(
    `wrote a TF.js ${what} (${result.words} words x ${result.dim}, ${result.dtype}) to ${output}: ` +
      `weights ${megabytes(result.weightBytes)} in ${result.shards} shard${result.shards === 1 ? '' : 's'}, ${megabytes(result.totalBytes)} in all\n`,
  );
}

// --- internal ---

/**
 * Reads `MODEL/custom/NAME/` as `w2v customize` writes it: custom.json (format tfjs-word2vec-custom, dim, outDim,
 * the sentence-vector method it was trained on) and matrix.f32 (little-endian float32, dim x outDim, row-major:
 * the Dense kernel layout). The customisation fixes its method, and its tfidf weights come from the model's counts.
 */
async function readCustomization(model: CliModel, name: string, flags: TfjsFlags): Promise<TfjsCustomMatrix> {
  if (model.format !== 'model') throw new Word2VecError('E_INVALID_OPTION', `--custom needs a model folder; ${model.path} is a vector file`);
  if (!/^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u.test(name)) throw new Word2VecError('E_INVALID_OPTION', `--custom ${JSON.stringify(name)} is not a customisation name (one folder name)`);
  const folder = join(model.path, 'custom', name);
  const metaPath = join(folder, 'custom.json');
  let meta: { format?: unknown; dim?: unknown; outDim?: unknown; method?: unknown };
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Word2VecError('E_INPUT', `no customisation ${JSON.stringify(name)} in ${model.path} (${metaPath} is missing); create it with w2v customize`);
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `cannot be read as JSON (${(error as Error).message}); run w2v customize again`);
  }
  const { dim, outDim, method } = meta;
  if (meta.format !== 'tfjs-word2vec-custom' || !Number.isInteger(dim) || !Number.isInteger(outDim) || typeof method !== 'string') {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, 'is not a tfjs-word2vec-custom file with dim, outDim and method; run w2v customize again');
  }
  if (dim !== model.kv.dim) throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `was trained on ${dim}-dimensional vectors but the model has ${model.kv.dim}`);
  if (method === 'sif') throw new Word2VecError('E_INVALID_OPTION', `customisation ${name} was trained on sif vectors, which the TF.js encoder does not export (mean and tfidf only)`);
  if (method !== flags.method) throw new Word2VecError('E_INVALID_OPTION', `customisation ${name} was trained on ${method} sentence vectors; pass --method ${method}`);
  if (flags.idf !== undefined) throw new Word2VecError('E_INVALID_OPTION', `--custom ${name} keeps the weights it was trained with (the model's counts); leave out --idf`);
  const matrixPath = join(folder, 'matrix.f32');
  let bytes: Buffer;
  try {
    bytes = await readFile(matrixPath);
  } catch {
    throw new BadFileError('E_BAD_MODEL', matrixPath, undefined, 'is missing; run w2v customize again');
  }
  const expected = (dim as number) * (outDim as number) * 4;
  if (bytes.length !== expected) throw new BadFileError('E_BAD_MODEL', matrixPath, undefined, `has ${bytes.length} bytes, expected ${expected} (${dim} x ${outDim} float32)`);
  const matrix = new Float32Array(expected / 4);
  for (let i = 0; i < matrix.length; i++) matrix[i] = bytes.readFloatLE(i * 4);
  return { name, matrix, outDim: outDim as number };
}

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
