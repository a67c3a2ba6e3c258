// Word vectors as TensorFlow.js LayersModels, for apps that use them in TF.js (Node or a browser page):
//   tfjs          ids -> Embedding: the table as a layer to build a model on (a classifier, an RNN, ...).
//   tfjs-encoder  ids -> the sentence vector of `w2v encode --method mean|tfidf`, made of built-in layers
//                 only, so `tf.loadLayersModel` needs no custom-layer registration in the consumer.
// Both write model.json + 4 MiB weight shards (the layout tfjs-converter writes, which browsers cache well),
// vocab.json (word -> id and the tokenizer settings) and tokenizer.js (text -> ids), to a temp folder that is
// renamed into place. Id 0 is padding: its vector row is all zeros and word i of the table has id i + 1.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Word2VecError } from '../errors.ts';
import { replaceAtomic } from '../io/atomic.ts';
import type { TokenizerOptions } from '../options.ts';
import { tf } from './backend.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';
import { toFloat16 } from './float16.ts';
import { TOKENIZER_MODULE_FILE, tokenizerModuleSource } from './tokenizer-module.ts';

/** Which model to write. */
export type TfjsFormat = 'tfjs' | 'tfjs-encoder';

/** Storage type of the large weights (the vectors, the customised matrix); float16 halves the files. */
export type TfjsDtype = 'float32' | 'float16';

/** A learned matrix applied after the encoder, as a Dense layer without bias: out = sentence . matrix. */
export interface TfjsCustomMatrix {
  name: string;
  /** dim x outDim, row-major (the Dense kernel layout). */
  matrix: Float32Array;
  outDim: number;
}

/** Options of `exportTfjs`. */
export interface TfjsExportOptions {
  /** Default float32 (exact). */
  dtype?: TfjsDtype | undefined;
  /**
   * tfjs only: set the Embedding's maskZero. Off by default because TF.js's pooling, Flatten and Conv1D layers
   * throw on a mask; turn it on to feed an LSTM/GRU that should skip padding.
   */
  maskZero?: boolean | undefined;
  /** tfjs-encoder: 'mean' (default) or 'tfidf' with `weights`. */
  method?: 'mean' | 'tfidf' | undefined;
  /** tfidf: one positive weight per word (idfWeights). */
  weights?: Float64Array | undefined;
  /** tfjs-encoder: a customised matrix appended as a Dense layer. */
  custom?: TfjsCustomMatrix | undefined;
  /** The tokenizer the vectors were trained with, written to vocab.json for tokenizer.js. */
  tokenizer?: TokenizerOptions | undefined;
  /** Replace a non-empty output folder (otherwise refused). */
  overwrite?: boolean | undefined;
}

/** What was written. */
export interface TfjsExportResult {
  dir: string;
  format: TfjsFormat;
  dtype: TfjsDtype;
  words: number;
  dim: number;
  /** Width of the model's output vector (dim, or the custom matrix's outDim). */
  outputDim: number;
  /** File names inside `dir`. */
  files: string[];
  shards: number;
  weightBytes: number;
  totalBytes: number;
}

/** Bytes per weight shard: tfjs-converter's default, small enough for browser caches and parallel fetches. */
export const SHARD_BYTES = 4 * 1024 * 1024;

/** The id that pads a sequence (its vector is zeros; the encoder gives it no weight). */
export const PADDING_ID = 0;

/**
 * Score of the padding id before the encoder's softmax over the words of a text: exp(-10000) is 0 in float32,
 * so padding gets no weight; a text of padding only gets equal weights on zero rows, i.e. a zero vector.
 */
export const PADDING_SCORE = -1e4;

/**
 * Writes `kv` as a TF.js LayersModel folder.
 * @example
 * await exportTfjs('web/encoder', kv, 'tfjs-encoder', { tokenizer: meta.tokenizer, dtype: 'float16' });
 * // in a page: const model = await tf.loadLayersModel('web/encoder/model.json');
 */
export async function exportTfjs(dir: string, kv: KeyedVectors, format: TfjsFormat, options: TfjsExportOptions = {}): Promise<TfjsExportResult> {
  const dtype = options.dtype ?? 'float32';
  const method = options.method ?? 'mean';
  if (format === 'tfjs' && (options.custom !== undefined || method !== 'mean')) {
    throw new Word2VecError('E_INVALID_OPTION', '--custom and --method apply to --format tfjs-encoder only (tfjs writes the plain embedding layer)');
  }
  if (format === 'tfjs-encoder' && options.maskZero) throw new Word2VecError('E_INVALID_OPTION', '--mask-zero applies to --format tfjs only (the encoder handles padding itself)');
  if (method === 'tfidf' && options.weights?.length !== kv.size) throw new Word2VecError('E_INVALID_OPTION', 'tfidf needs one weight per word');
  const custom = options.custom;
  if (custom !== undefined && custom.matrix.length !== kv.dim * custom.outDim) {
    throw new Word2VecError('E_BAD_MODEL', `custom matrix ${custom.name} has ${custom.matrix.length} floats, expected ${kv.dim} x ${custom.outDim}`);
  }
  await refuseNonEmpty(dir, options.overwrite ?? false);

  const topology = buildTopology(kv.size, kv.dim, format, options.maskZero ?? false, custom?.outDim);
  const weights = weightSources(kv, format, method, options.weights, custom, dtype);
  const weightBytes = weights.reduce((sum, w) => sum + w.bytes, 0);
  const shards = Math.max(1, Math.ceil(weightBytes / SHARD_BYTES));
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  const modelJson = {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'tfjs-word2vec (w2v export)',
    weightsManifest: [{ paths, weights: weights.map((w) => w.spec) }],
  };
  const vocabJson = vocabDocument(kv, format, method, custom, options.tokenizer);
  const files = ['model.json', ...paths, 'vocab.json', TOKENIZER_MODULE_FILE];
  let totalBytes = 0;
  await replaceAtomic(dir, async (tmp) => {
    await mkdir(tmp);
    await writeShards(tmp, paths, weights);
    const texts: [string, string][] = [
      ['model.json', `${JSON.stringify(modelJson)}\n`],
      ['vocab.json', `${JSON.stringify(vocabJson)}\n`],
      [TOKENIZER_MODULE_FILE, tokenizerModuleSource()],
    ];
    for (const [name, text] of texts) await writeFile(join(tmp, name), text);
    for (const name of files) totalBytes += (await stat(join(tmp, name))).size;
  });
  return { dir, format, dtype, words: kv.size, dim: kv.dim, outputDim: custom?.outDim ?? kv.dim, files, shards, weightBytes, totalBytes };
}

// --- internal ---

interface WeightSource {
  spec: { name: string; shape: number[]; dtype: 'float32'; quantization?: { dtype: 'float16' } };
  bytes: number;
  /** The weight's bytes in order, in pieces. */
  chunks: () => Iterable<Uint8Array>;
}

/**
 * The layer graph, serialised by tf.layers itself so model.json is exactly what this TF.js version reads.
 * The Embedding/Dense variables are created with zeros and discarded; the real weights go straight to the
 * shards from the vectors.
 */
function buildTopology(words: number, dim: number, format: TfjsFormat, maskZero: boolean, outDim: number | undefined): unknown {
  // PROD keeps TF.js from printing its Node banner; the backend module sets it too when training
  tf.env().set('PROD', true);
  const ids = tf.input({ shape: [null], dtype: 'int32', name: 'ids' });
  const embedding = (name: string, width: number, trainable: boolean, mask: boolean) =>
    tf.layers.embedding({ name, inputDim: words + 1, outputDim: width, embeddingsInitializer: 'zeros', maskZero: mask, trainable });
  let output: tf.SymbolicTensor;
  if (format === 'tfjs') {
    output = embedding('vectors', dim, true, maskZero).apply(ids) as tf.SymbolicTensor;
  } else {
    const vectors = embedding('vectors', dim, false, false).apply(ids) as tf.SymbolicTensor;
    // masked (weighted) mean with built-in layers: softmax over per-word scores (0 for mean, ln w for tfidf,
    // PADDING_SCORE for id 0) gives each known word w / sum(w), then a batched dot sums the weighted rows
    const scores = embedding('word_scores', 1, false, false).apply(ids) as tf.SymbolicTensor;
    // softmax in TF.js works on the last axis only: [batch, length, 1] -> [batch, 1, length]
    const byRow = tf.layers.permute({ name: 'scores_by_text', dims: [2, 1] }).apply(scores) as tf.SymbolicTensor;
    const share = tf.layers.softmax({ name: 'word_weights', axis: -1 }).apply(byRow) as tf.SymbolicTensor;
    const sum = tf.layers.dot({ name: 'weighted_sum', axes: [2, 1] }).apply([share, vectors]) as tf.SymbolicTensor;
    output = tf.layers.flatten({ name: 'sentence_vector' }).apply(sum) as tf.SymbolicTensor;
    if (outDim !== undefined) {
      output = tf.layers.dense({ name: 'custom', units: outDim, useBias: false, kernelInitializer: 'zeros', trainable: false }).apply(output) as tf.SymbolicTensor;
    }
  }
  const model = tf.model({ inputs: ids, outputs: output, name: format === 'tfjs' ? 'word_vectors' : 'sentence_encoder' });
  try {
    return model.toJSON(null, false);
  } finally {
    model.dispose();
  }
}

function weightSources(
  kv: KeyedVectors,
  format: TfjsFormat,
  method: 'mean' | 'tfidf',
  wordWeights: Float64Array | undefined,
  custom: TfjsCustomMatrix | undefined,
  dtype: TfjsDtype,
): WeightSource[] {
  const padded = (name: string, width: number, body: Float32Array, quantize: boolean): WeightSource =>
    matrixSource(name, [kv.size + 1, width], [new Float32Array(width), body], quantize);
  const sources = [padded('vectors/embeddings', kv.dim, kv.vectors, dtype === 'float16')];
  if (format === 'tfjs-encoder') {
    // scores stay float32 whatever --dtype says: they are tiny and ln(idf) needs the precision
    const scores = new Float32Array(kv.size);
    if (method === 'tfidf') for (let i = 0; i < kv.size; i++) scores[i] = Math.log(wordWeights![i]!);
    const source = matrixSource('word_scores/embeddings', [kv.size + 1, 1], [Float32Array.of(PADDING_SCORE), scores], false);
    sources.push(source);
    if (custom !== undefined) sources.push(matrixSource('custom/kernel', [kv.dim, custom.outDim], [custom.matrix], dtype === 'float16'));
  }
  return sources;
}

function matrixSource(name: string, shape: number[], parts: Float32Array[], quantize: boolean): WeightSource {
  const values = parts.reduce((n, p) => n + p.length, 0);
  const spec: WeightSource['spec'] = quantize ? { name, shape, dtype: 'float32', quantization: { dtype: 'float16' } } : { name, shape, dtype: 'float32' };
  return {
    spec,
    bytes: values * (quantize ? 2 : 4),
    *chunks() {
      for (const part of parts) {
        // 64k values at a time keeps the float16 copy small; float32 goes out as views (little-endian, as TF.js reads)
        for (let start = 0; start < part.length; start += 65536) {
          const piece = part.subarray(start, Math.min(part.length, start + 65536));
          const typed = quantize ? toFloat16(piece) : piece;
          yield new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
        }
      }
    },
  };
}

async function writeShards(dir: string, paths: readonly string[], weights: readonly WeightSource[]): Promise<void> {
  let shard = new Uint8Array(SHARD_BYTES);
  let filled = 0;
  let index = 0;
  const flush = async () => {
    await writeFile(join(dir, paths[index]!), shard.subarray(0, filled));
    index++;
    shard = new Uint8Array(SHARD_BYTES);
    filled = 0;
  };
  for (const weight of weights) {
    for (const chunk of weight.chunks()) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(chunk.length - offset, SHARD_BYTES - filled);
        shard.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === SHARD_BYTES) await flush();
      }
    }
  }
  if (filled > 0 || index === 0) await flush();
}

function vocabDocument(kv: KeyedVectors, format: TfjsFormat, method: string, custom: TfjsCustomMatrix | undefined, tokenizer: TokenizerOptions | undefined) {
  // a prototype-free object, so a word such as "__proto__" is an ordinary key
  const vocab: Record<string, number> = Object.create(null);
  for (let i = 0; i < kv.size; i++) if (!(kv.words[i]! in vocab)) vocab[kv.words[i]!] = i + 1;
  return {
    format: 'tfjs-word2vec-vocab',
    version: 1,
    model: format,
    ...(format === 'tfjs-encoder' ? { method, custom: custom?.name ?? null } : {}),
    padding: PADDING_ID,
    words: kv.size,
    dim: kv.dim,
    tokenizer:
      tokenizer === undefined
        ? null
        : {
            lang: tokenizer.lang,
            tokenized: tokenizer.tokenized,
            keepCase: tokenizer.keepCase,
            hmm: tokenizer.hmm,
            // file names only: absolute paths of the training machine do not belong in a published file
            userDict: tokenizer.userDict === undefined ? null : basename(tokenizer.userDict),
            stopwords: tokenizer.stopwords === undefined ? null : basename(tokenizer.stopwords),
          },
    vocab,
  };
}

async function refuseNonEmpty(dir: string, overwrite: boolean): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Word2VecError('E_INVALID_OPTION', `${dir} exists and is not a folder; a TF.js export is a folder (model.json, shards, vocab.json): choose another -o`);
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0 && !overwrite) {
    throw new Word2VecError('E_INVALID_OPTION', `${dir} is not empty (${entries.length} entries); pass --overwrite to replace it, or choose another -o`);
  }
}
