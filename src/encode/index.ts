// Sentence encoding set up from a loaded model: the tokenizer the model was trained with, word weights for
// tfidf/sif, and the SIF component (fitted on reference texts, or read from the model folder's sif.json).
// Search and clustering sit on top. Depends on vectors/, tokenize/ and io/; never on train/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadFileError, Word2VecError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { DEFAULT_TOKENIZER_OPTIONS } from '../options.ts';
import { createTokenizer } from '../tokenize/index.ts';
import type { Tokenizer } from '../tokenize/tokenizer.ts';
import type { LoadedModel } from '../vectors/load.ts';
import { cosine } from '../vectors/similarity.ts';
import { type EncodeMethod, fitComponent, idfWeights, SentenceEncoder, type SentenceVector, SIF_A, sifWeights, type WeightSource } from './sentence-vector.ts';

export { type Clustering, kMeans } from './cluster.ts';
// the documents and reference texts the encoders read (one strict UTF-8 reader for every small text file)
export { readLines } from '../io/text-file.ts';
export { compareVectors, type EncodeMethod, fitComponent, idfWeights, SentenceEncoder, type SentenceVector, SIF_A, sifWeights, type WeightSource, type WordWeights } from './sentence-vector.ts';

/** The file a fitted SIF component is saved to inside a model folder. */
export const SIF_FILE = 'sif.json';

/** An encoder and a note of where its weights and component came from. */
export interface EncoderSetup {
  encoder: SentenceEncoder;
  weights: WeightSource;
  /** 'none', 'sif.json', 'fitted on N texts' (--fit) or 'fitted on the N documents' (the fallback texts). */
  component: string;
}

/** Options of `buildEncoder`. */
export interface BuildEncoderOptions {
  method: EncodeMethod;
  /** tfidf: documents whose document frequencies give the idf (else the model's counts). */
  idfTexts?: readonly string[] | undefined;
  /** sif: texts the principal component is fitted on (else sif.json in the model folder, else none). */
  fitTexts?: readonly string[] | undefined;
  /** Folder of the model, to find sif.json. */
  modelPath?: string | undefined;
  /**
   * sif: texts to fit the component on when neither `fitTexts` nor sif.json gives one (the documents a search
   * or clustering runs over); fewer than two encodable texts leave no component.
   */
  fallbackTexts?: readonly string[] | undefined;
}

/**
 * The tokenizer a model was trained with (model.json `tokenizer`). Plain vector files carry no settings, so
 * they get the default tokenizer with case kept (their words are used as written).
 */
export function tokenizerFor(model: LoadedModel): Promise<Tokenizer> {
  return createTokenizer(model.meta?.tokenizer ?? { ...DEFAULT_TOKENIZER_OPTIONS, keepCase: true });
}

/** Builds the encoder for `method`, computing weights and the SIF component as the options say. */
export async function buildEncoder(model: LoadedModel, options: BuildEncoderOptions): Promise<EncoderSetup> {
  const tokenizer = await tokenizerFor(model);
  const { kv } = model;
  if (options.method === 'mean') return { encoder: new SentenceEncoder(kv, tokenizer, { method: 'mean' }), weights: 'none', component: 'none' };
  if (options.method === 'tfidf') {
    const documents = options.idfTexts?.map((t) => tokenizer.tokenize(t));
    const { weights, source, unseen, oov } = idfWeights(kv, documents);
    return { encoder: new SentenceEncoder(kv, tokenizer, { method: 'tfidf', weights, unseenWeight: unseen, oovWeights: oov }), weights: source, component: 'none' };
  }
  const { weights, source, unseen } = sifWeights(kv, SIF_A);
  const encoder = new SentenceEncoder(kv, tokenizer, { method: 'sif', weights, unseenWeight: unseen });
  let component = 'none';
  const fitOn = (texts: readonly string[], what: string): void => {
    const vectors = texts.map((t) => encoder.encode(t).vector).filter((v): v is Float32Array => v !== null);
    if (what === 'documents' && vectors.length < 2) return;
    encoder.component = fitComponent(vectors, kv.dim);
    component = what === 'texts' ? `fitted on ${vectors.length} texts` : `fitted on the ${vectors.length} documents`;
  };
  if (options.fitTexts !== undefined) fitOn(options.fitTexts, 'texts');
  else {
    const saved = model.format === 'model' && options.modelPath !== undefined ? await readSifComponent(options.modelPath, kv.dim) : undefined;
    if (saved !== undefined) {
      encoder.component = saved;
      component = SIF_FILE;
    } else if (options.fallbackTexts !== undefined) fitOn(options.fallbackTexts, 'documents');
  }
  return { encoder, weights: source, component };
}

/** Writes the SIF component into the model folder as sif.json (atomically). */
export async function saveSifComponent(modelPath: string, component: Float32Array, fittedOn: string, texts: number): Promise<string> {
  const path = join(modelPath, SIF_FILE);
  const doc = { a: SIF_A, dim: component.length, fittedOn, texts, createdAt: new Date().toISOString(), component: Array.from(component) };
  await writeFileAtomic(path, `${JSON.stringify(doc)}\n`);
  return path;
}

/** Reads sif.json from a model folder; undefined when there is none. */
export async function readSifComponent(modelPath: string, dim: number): Promise<Float32Array | undefined> {
  const path = join(modelPath, SIF_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let doc: { component?: unknown };
  try {
    doc = JSON.parse(text) as { component?: unknown };
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `is not JSON (${(error as Error).message}); delete it or refit with --fit FILE --save-component`);
  }
  if (!Array.isArray(doc.component) || doc.component.length !== dim || !doc.component.every((x) => typeof x === 'number')) {
    throw new BadFileError('E_BAD_MODEL', path, undefined, `expected "component": ${dim} numbers; refit with --fit FILE --save-component`);
  }
  return Float32Array.from(doc.component as number[]);
}

/** Ranks `docs` by cosine similarity to `query`; documents without a known word are left out. */
export function rankDocuments(query: SentenceVector, docs: readonly SentenceVector[], topN: number): { index: number; score: number }[] {
  if (query.vector === null) throw new Word2VecError('E_UNKNOWN_WORD', `the query has no word in the vocabulary (unknown: ${query.unknown.join(', ') || 'no tokens'})`);
  const q = query.vector;
  const scored: { index: number; score: number }[] = [];
  docs.forEach((d, index) => {
    if (d.vector !== null) scored.push({ index, score: cosine(q, d.vector) });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, topN);
}
