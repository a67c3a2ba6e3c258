// Loading KeyedVectors from anything we can read: a model folder (model.json + vocab.tsv + vectors.f32) or a
// word2vec text/binary file, told apart by content (a folder with model.json; binary vs text by the bytes
// after the header), not by the extension.
import { existsSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { looksLikeProjectorRow, readProjectorTsv } from '../io/formats/projector-tsv.ts';
import { BadFileError } from '../errors.ts';
import { type ReadVectorsOptions, readWord2Vec } from '../io/formats/word2vec-reader.ts';
import { isModelFolder, type ModelMeta, readModelFolder } from '../io/model-folder.ts';
import { KeyedVectors } from './keyed-vectors.ts';

/** Where loaded vectors came from. */
export type SourceFormat = 'model' | 'text' | 'binary' | 'projector';

/** KeyedVectors plus what is known about their source. */
export interface LoadedModel {
  kv: KeyedVectors;
  format: SourceFormat;
  /** model.json, when the source is a model folder. */
  meta?: ModelMeta | undefined;
  /** Rows dropped from a vector file because their word repeated an earlier one. */
  duplicates: number;
  /** False for headerless (GloVe-style) text files. */
  header: boolean;
}

/** Loads a model folder or a word2vec text/binary file (sniffed), honouring `limit` and `unicodeErrors`. */
export async function loadKeyedVectors(path: string, options: ReadVectorsOptions = {}): Promise<LoadedModel> {
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a model folder or a word2vec vector file`);
  }
  if (isDir) {
    if (!(await isModelFolder(path))) {
      if (existsSync(join(path, 'vectors.tsv')) && existsSync(join(path, 'metadata.tsv'))) return await projector(join(path, 'vectors.tsv'), options);
      throw new BadFileError('E_BAD_MODEL', path, undefined, 'is a folder without model.json; expected a folder written by `w2v train` or a vector file');
    }
    const model = await readModelFolder(path);
    let kv = new KeyedVectors(model.words, model.vectors, model.meta.dim, model.counts);
    if (options.limit !== undefined && options.limit < kv.size) kv = kv.slice(options.limit);
    return { kv, format: 'model', meta: model.meta, duplicates: 0, header: true };
  }
  if (looksLikeProjectorRow(await firstLine(path))) return await projector(path, options);
  const loaded = await readWord2Vec(path, options);
  return { kv: new KeyedVectors(loaded.words, loaded.vectors, loaded.dim), format: loaded.format, duplicates: loaded.duplicates, header: loaded.header };
}

/** Typed query text turned into vocabulary words. */
export interface ParsedQuery {
  /** Vocabulary words in the order typed (a word typed twice counts twice, as word2vec.c `distance` sums). */
  words: string[];
  /** Tokens that are not in the vocabulary, each once. */
  unknown: string[];
}

/** Turns typed text (one word, or a sentence) into the vocabulary words it stands for. */
export type QueryParser = (text: string) => ParsedQuery;

/**
 * The query parser of a loaded model: the tokenizer settings the model was trained with (model.json) applied
 * to what a user types, so `ＥＬＩＺＡＢＥＴＨ` finds `elizabeth`, `don’t` finds `don't`, `宝玉，` finds `宝玉`
 * and `宝玉笑道` is segmented into 宝玉 and 笑道. A word the vocabulary holds exactly as typed is taken as it is.
 * Plain vector files record no tokenizer: each whitespace-separated word is tried as typed, in NFKC, then
 * lowercased, then without surrounding punctuation.
 * @example
 * const model = await loadKeyedVectors('models/hlm');
 * const parse = await queryParser(model);
 * model.kv.mostSimilar(parse('宝玉，').words);
 */
export async function queryParser(model: LoadedModel): Promise<QueryParser> {
  const { kv } = model;
  const settings = model.meta?.tokenizer;
  const split = (text: string): string[] => text.split(/\s+/u).filter((w) => w !== '');
  const collect = (pieces: readonly (readonly string[])[]): ParsedQuery => {
    const words: string[] = [];
    const unknown: string[] = [];
    for (const candidates of pieces) {
      const known = candidates.find((c) => kv.has(c));
      if (known !== undefined) words.push(known);
      else if (candidates[0] !== undefined && !unknown.includes(candidates[0])) unknown.push(candidates[0]);
    }
    return { words, unknown };
  };
  if (settings === undefined || settings.tokenized) {
    // pre-tokenized training used tokens verbatim; vector files get a few forgiving spellings
    const exact = settings?.tokenized === true;
    return (text) =>
      collect(
        split(text).map((w) => {
          if (exact) return [w];
          const nfkc = w.normalize('NFKC').replaceAll('\u2019', "'");
          const bare = nfkc.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
          return [w, nfkc, nfkc.toLowerCase(), bare, bare.toLowerCase()].filter((c) => c !== '');
        }),
      );
  }
  const { createTokenizer } = await import('../tokenize/index.ts');
  // stopwords are left out (a stopword is not in the vocabulary anyway), a user dictionary only if it is still
  // there, and jieba loads only when a query has Han characters (zh and auto segment Han runs the same way)
  const userDict = settings.userDict !== undefined && existsSync(settings.userDict) ? settings.userDict : undefined;
  const tokenizer = await createTokenizer({ ...settings, lang: settings.lang === 'zh' ? 'auto' : settings.lang, stopwords: undefined, userDict });
  return (text) => collect(split(text).flatMap((w) => (kv.has(w) ? [[w]] : tokenizer.tokenize(w).map((t) => [t]))));
}

// --- internal ---

/** The first line of a file (at most 64 KiB of it), for sniffing; empty for gzip and binary-looking starts. */
async function firstLine(path: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf(0x0a);
    return head.subarray(0, end === -1 ? head.length : end).toString('latin1');
  } catch {
    return ''; // the word2vec reader reports an unreadable file with the right message
  } finally {
    await handle?.close();
  }
}

/** A TensorFlow Embedding Projector vectors.tsv: its words are in the metadata.tsv beside it. */
async function projector(vectorsPath: string, options: ReadVectorsOptions): Promise<LoadedModel> {
  const metadataPath = join(dirname(vectorsPath), 'metadata.tsv');
  if (!existsSync(metadataPath)) {
    throw new BadFileError(
      'E_BAD_VECTOR_FILE',
      vectorsPath,
      'line 1',
      'holds tab-separated numbers and no words: an Embedding Projector vectors.tsv; its words are in metadata.tsv, which must sit beside it',
    );
  }
  const read = await readProjectorTsv(vectorsPath, metadataPath);
  let kv = new KeyedVectors(read.words, read.vectors, read.dim, read.counts);
  if (options.limit !== undefined && options.limit < kv.size) kv = kv.slice(options.limit);
  return { kv, format: 'projector', duplicates: 0, header: false };
}
