// fastText 0.9.2's binary model (`.bin`), read and written the way its FastText::saveModel / loadModel lay it out,
// every field in the machine's byte order (little-endian everywhere Node runs here):
//   int32 magic 793712314, int32 version (12)
//   args: int32 dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate; float64 t
//   dictionary: int32 size, nwords, nlabels; int64 ntokens, pruneidx_size (-1: not pruned);
//     size x (NUL-terminated word, int64 count, int8 type); pruneidx_size x (int32, int32)
//   uint8 quant flag, input DenseMatrix (int64 rows, int64 cols, rows x cols float32): nwords word rows, then
//     bucket n-gram rows
//   uint8 qout flag, output DenseMatrix (one row per word for ns, hs and softmax)
// Reading is strict and streamed: every field is checked against the file's size before anything large is
// allocated, and a short, damaged, quantised or supervised file is a BadFileError naming the byte and the fix.
// Writing streams to a temp file renamed into place, so a crash never leaves half a model.
import { isUtf8 } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { BadFileError } from '../../errors.ts';
import type { TrainOptions } from '../../options.ts';
import type { ModelFolder } from '../model-folder.ts';
import type { UnicodeErrors } from './word2vec-reader.ts';
import { type ChunkSink, writeStreamAtomic } from './write-stream.ts';

export const FASTTEXT_MAGIC = 793712314;
/** The file version fastText 0.9.2 writes; 11 (fastText 0.1) has the same layout. */
export const FASTTEXT_VERSION = 12;

/** fastText's model_name enum. */
export const FASTTEXT_MODEL = { cbow: 1, sg: 2, sup: 3 } as const;
/** fastText's loss_name enum. */
export const FASTTEXT_LOSS = { hs: 1, ns: 2, softmax: 3, ova: 4 } as const;

/** The args block of a `.bin`, fastText's names. */
export interface FastTextArgs {
  dim: number;
  ws: number;
  epoch: number;
  minCount: number;
  neg: number;
  wordNgrams: number;
  /** FASTTEXT_LOSS value. */
  loss: number;
  /** FASTTEXT_MODEL value. */
  model: number;
  bucket: number;
  minn: number;
  maxn: number;
  lrUpdateRate: number;
  t: number;
}

/** A fastText `.bin` in memory (unsupervised, unquantised: the only kind read or written here). */
export interface FastTextModel {
  version: number;
  args: FastTextArgs;
  /** The dictionary's words in file order (`</s>` included when the file has it). */
  words: string[];
  counts: Float64Array;
  ntokens: number;
  /** Rows of the input matrix: nwords + bucket. */
  inputRows: number;
  /**
   * The input matrix, inputRows x dim: word rows, then the bucket n-gram rows. With `wordRowsOnly` (or maxn 0,
   * when fastText never reads the n-gram rows, unless `output` asks for the whole file) only the nwords word rows.
   */
  input: Float32Array;
  /** Rows of the output matrix. */
  outputRows: number;
  /** The output matrix, outputRows x dim, when asked for (`output: true`). */
  output?: Float32Array | undefined;
}

/** Options of readFastTextBin. */
export interface ReadFastTextOptions {
  /** Also read the output matrix (a byte-exact rewrite needs it; vectors do not). */
  output?: boolean | undefined;
  /** Read only the word rows of the input matrix, skipping the n-gram rows. */
  wordRowsOnly?: boolean | undefined;
  /** Invalid UTF-8 in a word: strict (default) fails, replace uses U+FFFD, ignore drops the bad bytes. */
  unicodeErrors?: UnicodeErrors | undefined;
}

/** True when `path` is a file that starts with fastText's magic number (sniffed by content, not by name). */
export async function isFastTextBin(path: string): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readInt32LE(0) === FASTTEXT_MAGIC;
  } catch {
    return false; // the reader that runs next reports an unreadable file with the right message
  } finally {
    await handle?.close();
  }
}

/** Reads a fastText `.bin` strictly (see the top of this file); refuses quantised and supervised models. */
export async function readFastTextBin(path: string, options: ReadFastTextOptions = {}): Promise<FastTextModel> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const size = (await handle.stat()).size;
    return await readModel(new BinReader(path, handle, size), options);
  } finally {
    await handle.close();
  }
}

/** What writeFastTextBin writes: the args, the dictionary and both matrices. */
export interface FastTextWrite {
  args: FastTextArgs;
  words: readonly string[];
  counts: ArrayLike<number>;
  ntokens: number;
  /** The input matrix as consecutive row blocks (word rows, then n-gram rows), so no copy joins them. */
  input: readonly Float32Array[];
  output: Float32Array;
}

/** Writes a fastText 0.9.2 `.bin` atomically, streaming the matrices. */
export async function writeFastTextBin(path: string, model: FastTextWrite): Promise<void> {
  const { args, words } = model;
  const dim = args.dim;
  const inputFloats = model.input.reduce((n, part) => n + part.length, 0);
  if (!Number.isInteger(dim) || dim < 1 || inputFloats % dim !== 0 || model.output.length % dim !== 0 || model.counts.length !== words.length) {
    throw new RangeError(`cannot write ${path}: ${words.length} words, ${model.counts.length} counts, ${inputFloats} input and ${model.output.length} output floats do not fit dim ${dim}`);
  }
  if (inputFloats / dim !== words.length + args.bucket) {
    throw new RangeError(`cannot write ${path}: the input matrix has ${inputFloats / dim} rows, fastText expects nwords + bucket = ${words.length + args.bucket}`);
  }
  const encoded = words.map((word, i) => {
    const bytes = Buffer.from(word, 'utf8');
    // fastText ends each word at its first NUL, so a word holding one (or an empty word) would not read back
    if (bytes.length === 0 || bytes.includes(0)) throw new BadFileError('E_BAD_VECTOR_FILE', path, `word ${i + 1}`, `${JSON.stringify(word)} is empty or holds a NUL, which a fastText .bin cannot store`);
    return bytes;
  });
  await writeStreamAtomic(path, async (sink) => {
    const head = Buffer.alloc(8 + 12 * 4 + 8 + 12 + 16);
    let at = 0;
    at = head.writeInt32LE(FASTTEXT_MAGIC, at);
    at = head.writeInt32LE(FASTTEXT_VERSION, at);
    for (const key of INT_ARGS) at = head.writeInt32LE(args[key], at);
    at = head.writeDoubleLE(args.t, at);
    at = head.writeInt32LE(words.length, at);
    at = head.writeInt32LE(words.length, at); // nwords
    at = head.writeInt32LE(0, at); // nlabels
    at = head.writeBigInt64LE(BigInt(Math.round(model.ntokens)), at);
    head.writeBigInt64LE(-1n, at); // pruneidx_size: not pruned
    await sink.write(head);
    const chunk = new ChunkedWriter(sink);
    for (let i = 0; i < words.length; i++) {
      const entry = chunk.reserve(encoded[i]!.length + 10);
      encoded[i]!.copy(entry.buffer, entry.at);
      let p = entry.at + encoded[i]!.length;
      entry.buffer[p++] = 0;
      p = entry.buffer.writeBigInt64LE(BigInt(Math.round(model.counts[i]!)), p);
      entry.buffer[p] = 0; // entry_type word
      await chunk.drain();
    }
    await chunk.flush();
    await sink.write(matrixHeader(inputFloats / dim, dim));
    for (const part of model.input) await writeFloats(sink, part);
    await sink.write(matrixHeader(model.output.length / dim, dim));
    await writeFloats(sink, model.output);
  });
}

/** The args of a `.bin` for our training options (subwords off: maxn 0 and bucket 0, fastText's plain word vectors). */
export function fastTextArgs(options: TrainOptions, dim: number): FastTextArgs {
  const subwords = options.subwords === true;
  return {
    dim,
    ws: options.window,
    epoch: options.epochs,
    minCount: options.minCount,
    // our hs trains no negatives; gensim's load_facebook_model would train both on one matrix if neg said so
    neg: options.loss === 'hs' ? 0 : options.negative,
    wordNgrams: 1,
    loss: FASTTEXT_LOSS[options.loss],
    model: FASTTEXT_MODEL[options.model],
    bucket: subwords ? options.bucket : 0,
    minn: subwords ? options.minn : 0,
    maxn: subwords ? options.maxn : 0,
    lrUpdateRate: 100,
    t: options.sample,
  };
}

/**
 * Writes a model folder (read with its output weights) as a fastText `.bin`: input matrix = the words' own rows
 * then the n-gram rows of a subword model, or the word vectors of a plain one (maxn 0, bucket 0); output matrix =
 * output.f32. For hs, fastText sizes the output at one row per word where ours has the V - 1 inner nodes, so a
 * zero row is appended. fastText's own Huffman tree breaks count ties differently and labels the branches the
 * other way round, so fastText's hs would misread that matrix; gensim's load_facebook_model builds our tree (we
 * build gensim's) and takes the matrix as its syn1, so training goes on there. The word vectors are exact either
 * way. A folder without output.f32 gets a zero output matrix. Returns what was filled in.
 */
export async function writeFastTextBinFromModel(path: string, model: ModelFolder, folder: string): Promise<{ zeroOutput: boolean; hsOutput: boolean }> {
  const { meta, words, counts } = model;
  const { options, dim } = meta;
  const args = fastTextArgs(options, dim);
  let input: Float32Array[];
  if (options.subwords === true) {
    if (model.inputWords === undefined || model.ngrams === undefined) {
      const missing = model.inputWords === undefined ? 'input.f32 (the words’ own rows)' : 'ngrams.f32 (the n-gram rows)';
      throw new BadFileError('E_BAD_MODEL', folder, undefined, `this subword model folder lacks ${missing}, which a fastText .bin needs; copy the whole model folder again, or retrain`);
    }
    input = [model.inputWords, model.ngrams];
  } else {
    input = [model.vectors];
  }
  const rows = words.length;
  let output = model.output;
  const zeroOutput = output === undefined;
  if (output === undefined) output = new Float32Array(rows * dim);
  else if (options.loss === 'hs' && output.length === Math.max(0, rows - 1) * dim) {
    const padded = new Float32Array(rows * dim);
    padded.set(output);
    output = padded;
  }
  if (output.length !== rows * dim) throw new RangeError(`cannot write ${path}: output.f32 has ${output.length} floats, expected ${rows} x ${dim}`);
  await writeFastTextBin(path, { args, words, counts, ntokens: meta.corpus?.tokens ?? 0, input, output });
  return { zeroOutput, hsOutput: options.loss === 'hs' };
}

/** The size in bytes of the `.bin` that writeFastTextBin writes. */
export function fastTextBinBytes(words: readonly string[], dim: number, inputRows: number, outputRows: number): number {
  let dict = 0;
  for (const w of words) dict += Buffer.byteLength(w, 'utf8') + 10;
  return 8 + 12 * 4 + 8 + 12 + 16 + dict + 2 * 17 + (inputRows + outputRows) * dim * 4;
}

// --- internal ---

const INT_ARGS = ['dim', 'ws', 'epoch', 'minCount', 'neg', 'wordNgrams', 'loss', 'model', 'bucket', 'minn', 'maxn', 'lrUpdateRate'] as const;

/** The longest word accepted: a run of bytes this long without a NUL is not a dictionary any more. */
const MAX_WORD_BYTES = 1 << 16;

async function readModel(r: BinReader, options: ReadFastTextOptions): Promise<FastTextModel> {
  const path = r.path;
  const magic = await r.int32('the magic number');
  if (magic !== FASTTEXT_MAGIC) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, 'byte 0', `starts with ${magic}, not fastText's magic number ${FASTTEXT_MAGIC}: not a fastText .bin (fastText before 0.2 wrote no magic; re-save such a model with a newer fastText)`);
  }
  const versionAt = r.offset;
  const version = await r.int32('the version');
  if (version !== 11 && version !== FASTTEXT_VERSION) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${versionAt}`, `fastText file version ${version}; this reader knows versions 11 and ${FASTTEXT_VERSION} (fastText 0.1 to 0.9.2): re-save the model with fastText 0.9.2, or export its vectors as .vec`);
  }
  const args = {} as FastTextArgs;
  const argsAt = r.offset;
  for (const key of INT_ARGS) args[key] = await r.int32(`the args (${key})`);
  args.t = await r.float64('the args (t)');
  if (args.model === FASTTEXT_MODEL.sup) {
    const quantised = await supervisedIsQuantised(r);
    throw new BadFileError(
      'E_BAD_VECTOR_FILE',
      path,
      `byte ${argsAt + 7 * 4}`,
      `is a ${quantised ? 'quantised (.ftz) ' : ''}supervised fastText model (a text classifier, \`fasttext supervised\`): its vectors serve labels, not word queries; load a skipgram or cbow model, or its word vectors as .vec`,
    );
  }
  if (args.model !== FASTTEXT_MODEL.cbow && args.model !== FASTTEXT_MODEL.sg) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${argsAt + 7 * 4}`, `model ${args.model} is none of fastText's (1 cbow, 2 skipgram, 3 supervised): the file is damaged`);
  }
  if (args.dim < 1 || args.bucket < 0 || args.minn < 0 || args.maxn < 0) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${argsAt}`, `the args say dim ${args.dim}, bucket ${args.bucket}, minn ${args.minn}, maxn ${args.maxn}; the file is damaged`);
  }
  const dictAt = r.offset;
  const size = await r.int32('the dictionary size');
  const nwords = await r.int32('the dictionary word count');
  const nlabels = await r.int32('the dictionary label count');
  if (nlabels > 0) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${dictAt + 8}`, `holds ${nlabels} labels: a supervised fastText model (a text classifier); load a skipgram or cbow model, or its word vectors as .vec`);
  }
  if (size < 0 || nwords !== size || nlabels < 0) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${dictAt}`, `the dictionary says ${size} entries, ${nwords} words, ${nlabels} labels; the file is damaged`);
  }
  const ntokens = await r.int64('the dictionary token count');
  const pruneAt = r.offset;
  const pruneSize = await r.int64('the dictionary prune index size');
  const words: string[] = new Array(size);
  const counts = new Float64Array(size);
  const seen = new Map<string, number>();
  const unicodeErrors = options.unicodeErrors ?? 'strict';
  for (let i = 0; i < size; i++) {
    const at = r.offset;
    const bytes = await r.cstring(`dictionary entry ${i + 1} of ${size}`);
    const word = decodeWord(path, bytes, at, unicodeErrors);
    if (word === '') throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${at}`, `dictionary entry ${i + 1} is an empty word; the file is damaged`);
    const count = await r.int64(`dictionary entry ${i + 1} of ${size}`);
    const typeAt = r.offset;
    const type = await r.int8(`dictionary entry ${i + 1} of ${size}`);
    if (type !== 0) {
      throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${typeAt}`, type === 1 ? `${JSON.stringify(word)} is a label: a supervised fastText model; load a skipgram or cbow model` : `entry type ${type} of ${JSON.stringify(word)} is neither word nor label; the file is damaged`);
    }
    const first = seen.get(word);
    if (first !== undefined) throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${at}`, `dictionary entry ${i + 1} ${JSON.stringify(word)} repeats entry ${first}${unicodeErrors === 'strict' ? '; the file is damaged' : ` (after --unicode-errors ${unicodeErrors}); load it strictly`}`);
    seen.set(word, i + 1);
    words[i] = word;
    counts[i] = count;
  }
  if (pruneSize !== -1) {
    // only `fasttext quantize -cutoff` prunes the dictionary, and fastText itself refuses a pruned model that is
    // not quantised: say quantised when the flag after the prune index says so
    if (pruneSize > 0) {
      r.need(pruneSize * 8, 'the prune index');
      r.skip(pruneSize * 8);
    }
    const flagAt = r.offset;
    if (pruneSize >= 0 && (await r.int8('the quantisation flag')) !== 0) throw quantisedError(path, flagAt);
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${pruneAt}`, `the dictionary's prune index size is ${pruneSize}, not -1: a pruned dictionary, which only a quantised model has and fastText itself refuses without quantisation; use the .bin it was quantised from`);
  }
  const quantAt = r.offset;
  if ((await r.int8('the quantisation flag')) !== 0) throw quantisedError(path, quantAt);
  const inputAt = r.offset;
  const inputRows = await r.int64('the input matrix rows');
  const inputCols = await r.int64('the input matrix columns');
  if (inputCols !== args.dim || inputRows !== nwords + args.bucket) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${inputAt}`, `the input matrix is ${inputRows} x ${inputCols}, expected nwords + bucket = ${nwords + args.bucket} rows of dim ${args.dim}; the file is damaged`);
  }
  // with maxn 0 (or no buckets) fastText never reads the n-gram rows: skip them, unless a full copy is asked for
  const wordRowsOnly = options.wordRowsOnly === true || (options.output !== true && (args.maxn === 0 || args.bucket === 0));
  const keepRows = wordRowsOnly ? nwords : inputRows;
  const inputBytes = inputRows * inputCols * 4;
  r.need(inputBytes, 'the input matrix');
  const input = allocate(path, keepRows * args.dim, 'the input matrix');
  await r.floats(input, 'the input matrix');
  r.skip((inputRows - keepRows) * args.dim * 4);
  const qoutAt = r.offset;
  if ((await r.int8('the output quantisation flag')) !== 0) throw quantisedError(path, qoutAt);
  const outputAt = r.offset;
  const outputRows = await r.int64('the output matrix rows');
  const outputCols = await r.int64('the output matrix columns');
  if (outputCols !== args.dim || outputRows < 0) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${outputAt}`, `the output matrix is ${outputRows} x ${outputCols}, expected rows of dim ${args.dim}; the file is damaged`);
  }
  const outputBytes = outputRows * outputCols * 4;
  r.need(outputBytes, 'the output matrix');
  const end = r.offset + outputBytes;
  if (end !== r.size) {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${end}`, `${r.size - end} bytes follow the output matrix, where a fastText .bin ends; the file is damaged or two files were joined`);
  }
  let output: Float32Array | undefined;
  if (options.output === true) {
    output = allocate(path, outputRows * outputCols, 'the output matrix');
    await r.floats(output, 'the output matrix');
  }
  return { version, args, words, counts, ntokens, inputRows, input, outputRows, output };
}

/**
 * Whether a supervised model's quantisation flag is set, to name an .ftz as such: the reader is at its
 * dictionary, which it walks (labels and all) to the flag. A file too damaged to get there says no.
 */
async function supervisedIsQuantised(r: BinReader): Promise<boolean> {
  try {
    const size = await r.int32('the dictionary size');
    r.skip(8 + 8); // nwords, nlabels, ntokens
    const pruneSize = await r.int64('the dictionary prune index size');
    for (let i = 0; i < size; i++) {
      await r.cstring('a dictionary entry');
      r.skip(9); // count, type
    }
    r.skip(Math.max(0, pruneSize) * 8);
    return (await r.int8('the quantisation flag')) !== 0;
  } catch {
    return false;
  }
}

function quantisedError(path: string, at: number): BadFileError {
  return new BadFileError(
    'E_BAD_VECTOR_FILE',
    path,
    `byte ${at}`,
    'is a quantised fastText model (.ftz, `fasttext quantize`): its vectors are product-quantised codes, which this reader does not expand; load the .bin it was quantised from, or its word vectors as .vec',
  );
}

function decodeWord(path: string, bytes: Buffer, at: number, unicodeErrors: UnicodeErrors): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  if (unicodeErrors === 'strict') {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, `byte ${at}`, `word ${JSON.stringify(bytes.toString('utf8'))} is not valid UTF-8; pass unicodeErrors 'replace' or 'ignore' (--unicode-errors) to load it anyway (its vector is then composed from the n-grams of the repaired word)`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  // 'ignore' drops what 'replace' marks (a genuine U+FFFD in the same word goes too), as the word2vec reader does
  return unicodeErrors === 'replace' ? text : text.replaceAll('\uFFFD', '');
}

function allocate(path: string, floats: number, what: string): Float32Array {
  try {
    return new Float32Array(floats);
  } catch {
    throw new BadFileError('E_BAD_VECTOR_FILE', path, undefined, `${what} needs ${(floats * 4) / 2 ** 30 >= 1 ? `${((floats * 4) / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil((floats * 4) / 2 ** 20)} MiB`} of memory, more than this process can allocate; free memory or raise Node's limit (--max-old-space-size)`);
  }
}

/** Buffered reads from a file at a known offset; every read names what it was reading when the file ends. */
class BinReader {
  private buf = Buffer.allocUnsafe(1 << 20);
  private start = 0; // file offset of buf[0]
  private pos = 0; // next unread byte in buf
  private end = 0; // bytes of buf filled

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** File offset of the next byte. */
  get offset(): number {
    return this.start + this.pos;
  }

  /** Fails unless `bytes` more bytes are in the file (checked before a large allocation). */
  need(bytes: number, what: string): void {
    if (this.offset + bytes > this.size) throw this.truncated(what, bytes);
  }

  async int8(what: string): Promise<number> {
    await this.fill(1, what);
    return this.buf.readInt8(this.pos++);
  }

  async int32(what: string): Promise<number> {
    await this.fill(4, what);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  async int64(what: string): Promise<number> {
    const at = this.offset;
    await this.fill(8, what);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new BadFileError('E_BAD_VECTOR_FILE', this.path, `byte ${at}`, `${what} is ${v}, beyond any real model; the file is damaged`);
    }
    return Number(v);
  }

  async float64(what: string): Promise<number> {
    await this.fill(8, what);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** The bytes up to the next NUL (which is consumed). */
  async cstring(what: string): Promise<Buffer> {
    const at = this.offset;
    for (let scanned = 0; ; ) {
      const nul = this.buf.indexOf(0, this.pos + scanned);
      if (nul !== -1 && nul < this.end) {
        const bytes = Buffer.from(this.buf.subarray(this.pos, nul));
        this.pos = nul + 1;
        return bytes;
      }
      scanned = this.end - this.pos;
      if (scanned > MAX_WORD_BYTES) throw new BadFileError('E_BAD_VECTOR_FILE', this.path, `byte ${at}`, `${what} runs ${scanned} bytes without the NUL that ends a word; the file is damaged`);
      if (this.offset + scanned >= this.size) throw this.truncated(what, scanned + 1);
      await this.fill(scanned + 1, what);
    }
  }

  /** Fills `target` with float32 from the file, straight into its memory past what is buffered. */
  async floats(target: Float32Array, what: string): Promise<void> {
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    this.need(bytes.length, what);
    const buffered = Math.min(this.end - this.pos, bytes.length);
    bytes.set(this.buf.subarray(this.pos, this.pos + buffered));
    this.pos += buffered;
    let done = buffered;
    let fileAt = this.offset;
    while (done < bytes.length) {
      const n = Math.min(bytes.length - done, 1 << 26);
      const { bytesRead } = await this.handle.read(bytes, done, n, fileAt);
      if (bytesRead === 0) throw this.truncated(what, bytes.length - done);
      done += bytesRead;
      fileAt += bytesRead;
    }
    // the buffer is spent: continue reading after the matrix
    this.start = fileAt;
    this.pos = 0;
    this.end = 0;
  }

  /** Skips `bytes` (already checked to be in the file). */
  skip(bytes: number): void {
    const buffered = Math.min(this.end - this.pos, bytes);
    this.pos += buffered;
    if (buffered < bytes) {
      this.start = this.offset + (bytes - buffered);
      this.pos = 0;
      this.end = 0;
    }
  }

  /** Makes `n` bytes available at `pos`. */
  private async fill(n: number, what: string): Promise<void> {
    if (this.end - this.pos >= n) return;
    if (this.offset + n > this.size) throw this.truncated(what, n);
    const left = this.end - this.pos;
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(bigger, 0, this.pos, this.end);
      this.buf = bigger;
    } else {
      this.buf.copy(this.buf, 0, this.pos, this.end);
    }
    this.start += this.pos;
    this.pos = 0;
    this.end = left;
    while (this.end < n) {
      const { bytesRead } = await this.handle.read(this.buf, this.end, this.buf.length - this.end, this.start + this.end);
      if (bytesRead === 0) throw this.truncated(what, n);
      this.end += bytesRead;
    }
  }

  private truncated(what: string, wanted: number): BadFileError {
    return new BadFileError(
      'E_BAD_VECTOR_FILE',
      this.path,
      `byte ${this.offset}`,
      `the file ends inside ${what} (${wanted} more bytes needed, ${Math.max(0, this.size - this.offset)} left of ${this.size}): it is truncated; copy or download it again, or re-save it with fastText`,
    );
  }
}

/** Gathers small records into 1 MiB chunks for the sink. */
class ChunkedWriter {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private pending: Buffer[] = [];

  constructor(private readonly sink: ChunkSink) {}

  /** Space for one record of `bytes`; the caller writes it at `at`. */
  reserve(bytes: number): { buffer: Buffer; at: number } {
    if (this.used + bytes > this.buffer.length) {
      this.pending.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(1 << 20, bytes));
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return { buffer: this.buffer, at };
  }

  /** Writes the chunks that are full. */
  async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) await this.sink.write(chunk);
  }

  /** Writes everything. */
  async flush(): Promise<void> {
    this.pending.push(this.buffer.subarray(0, this.used));
    this.used = 0;
    await this.drain();
  }
}

function matrixHeader(rows: number, cols: number): Buffer {
  const b = Buffer.alloc(17);
  b[0] = 0; // not quantised
  b.writeBigInt64LE(BigInt(rows), 1);
  b.writeBigInt64LE(BigInt(cols), 9);
  return b;
}

async function writeFloats(sink: ChunkSink, floats: Float32Array): Promise<void> {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  const step = 1 << 22;
  for (let at = 0; at < bytes.length; at += step) await sink.write(bytes.subarray(at, Math.min(bytes.length, at + step)));
}
