// A customisation on disk: `<model>/custom/<name>/` holds matrix.f32 (little-endian float32, dim x outDim,
// row-major), custom.json (settings, figures, the sentence-vector method, the SIF component when there is one)
// and cosines.svg (the picture). Written to a temp folder and renamed, so a name is either absent or complete.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadFileError, Word2VecError } from '../errors.ts';
import { replaceAtomic, tempPathFor } from '../io/atomic.ts';
import type { Customization } from './customize.ts';
import { pathExists } from '../io/atomic.ts';

/** The folder of a model's customisations. */
export const CUSTOM_DIR = 'custom';
/** File names inside one customisation's folder. */
export const CUSTOM_FILES = Object.freeze({ matrix: 'matrix.f32', meta: 'custom.json', figure: 'cosines.svg' });
/** custom.json's format tag and version. */
export const CUSTOM_FORMAT = 'tfjs-word2vec-custom';

/** What custom.json holds besides the report. */
export interface CustomMeta {
  format: typeof CUSTOM_FORMAT;
  formatVersion: 1;
  name: string;
  dim: number;
  outDim: number;
  method: Customization['method'];
  component: number[] | null;
  createdAt: string;
  report: unknown;
}

/** One saved customisation as `listCustomizations` describes it (from custom.json; the matrix is not read). */
export interface CustomSummary {
  name: string;
  /** The sentence-vector method the matrix was trained on (and must be applied to). */
  method: Customization['method'];
  dim: number;
  outDim: number;
  createdAt: string | null;
}

/** A name usable as one folder: letters, digits, `.`, `_`, `-`, not starting with a dot. */
export function checkCustomName(name: string): void {
  if (!CUSTOM_NAME.test(name)) {
    throw new Word2VecError('E_INVALID_OPTION', `-o ${JSON.stringify(name)} is invalid: a customisation name is one folder name (letters, digits, . _ -)`);
  }
}

/** Where customisation `name` of the model at `modelPath` lives. */
export function customPath(modelPath: string, name: string): string {
  return join(modelPath, CUSTOM_DIR, name);
}

/**
 * Saves a customisation with its report and picture into the model folder. Refuses an existing name unless
 * `overwrite`; either way the folder appears complete or not at all.
 */
export async function saveCustomization(modelPath: string, custom: Customization, report: unknown, svg: string, overwrite = false): Promise<string> {
  checkCustomName(custom.name);
  const target = customPath(modelPath, custom.name);
  if (!overwrite && (await pathExists(target))) {
    throw new Word2VecError('E_INVALID_OPTION', `${target} exists; pass --overwrite to replace it, or choose another -o NAME`);
  }
  const meta: CustomMeta = {
    format: CUSTOM_FORMAT,
    formatVersion: 1,
    name: custom.name,
    dim: custom.dim,
    outDim: custom.outDim,
    method: custom.method,
    component: custom.component === undefined ? null : Array.from(custom.component),
    createdAt: new Date().toISOString(),
    report,
  };
  const fill = async (tmp: string): Promise<void> => {
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, CUSTOM_FILES.matrix), littleEndian(custom.matrix));
    await writeFile(join(tmp, CUSTOM_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
    await writeFile(join(tmp, CUSTOM_FILES.figure), svg);
  };
  if (overwrite) {
    await replaceAtomic(target, fill);
  } else {
    await mkdir(join(modelPath, CUSTOM_DIR), { recursive: true });
    const tmp = tempPathFor(target);
    try {
      await fill(tmp);
      await rename(tmp, target); // fails (ENOTEMPTY/EEXIST) if another run created the name meanwhile
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
  }
  return target;
}

/**
 * Loads customisation `name` of the model at `modelPath`, checking its sizes against `dim` when given.
 * @example
 * const custom = await loadCustomization('models/hlm', 'sources');
 * const encoder = new SentenceEncoder(kv, tokenizer, { method: custom.method, custom });
 */
export async function loadCustomization(modelPath: string, name: string, dim?: number): Promise<Customization> {
  checkCustomName(name);
  const folder = customPath(modelPath, name);
  const metaPath = join(folder, CUSTOM_FILES.meta);
  let text: string;
  try {
    text = await readFile(metaPath, 'utf8');
  } catch {
    throw new Word2VecError('E_INPUT', `no customisation ${JSON.stringify(name)} in ${modelPath} (${metaPath} is missing); create it with w2v customize ${modelPath} --labels FILE -o ${name}`);
  }
  let meta: CustomMeta;
  try {
    meta = JSON.parse(text) as CustomMeta;
  } catch (error) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `is not JSON (${(error as Error).message}); run w2v customize again with --overwrite`);
  }
  if (!isCustomMeta(meta)) {
    throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `is not a ${CUSTOM_FORMAT} file with dim, outDim and method; run w2v customize again with --overwrite`);
  }
  if (dim !== undefined && meta.dim !== dim) throw new BadFileError('E_BAD_MODEL', metaPath, undefined, `was trained on ${meta.dim}-dimensional vectors but the model has ${dim}`);
  const matrixPath = join(folder, CUSTOM_FILES.matrix);
  let bytes: Buffer;
  try {
    bytes = await readFile(matrixPath);
  } catch {
    throw new BadFileError('E_BAD_MODEL', matrixPath, undefined, 'is missing; run w2v customize again with --overwrite');
  }
  const expected = meta.dim * meta.outDim * 4;
  if (bytes.length !== expected) throw new BadFileError('E_BAD_MODEL', matrixPath, undefined, `has ${bytes.length} bytes, expected ${expected} (${meta.dim} x ${meta.outDim} float32)`);
  const matrix = new Float32Array(meta.dim * meta.outDim);
  for (let i = 0; i < matrix.length; i++) matrix[i] = bytes.readFloatLE(i * 4);
  const component = Array.isArray(meta.component) && meta.component.length === meta.dim ? Float32Array.from(meta.component) : undefined;
  return { name, dim: meta.dim, outDim: meta.outDim, matrix, method: meta.method, component };
}

/**
 * The customisations saved in the model folder at `modelPath` (custom/NAME/custom.json for each NAME), sorted
 * by name; none when the folder has no custom/. A folder whose custom.json is missing or not one (a half-copied
 * or hand-made folder) is left out and reported to `onSkip`.
 * @example
 * (await listCustomizations('models/hlm')).map((c) => c.name); // ['sources']
 */
export async function listCustomizations(modelPath: string, onSkip?: (name: string, problem: string) => void): Promise<CustomSummary[]> {
  let names: string[];
  try {
    const entries = await readdir(join(modelPath, CUSTOM_DIR), { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory() && CUSTOM_NAME.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  const found: CustomSummary[] = [];
  for (const name of names.sort()) {
    const metaPath = join(customPath(modelPath, name), CUSTOM_FILES.meta);
    let meta: unknown;
    try {
      meta = JSON.parse(await readFile(metaPath, 'utf8'));
    } catch (error) {
      onSkip?.(name, `${metaPath}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not readable JSON (${(error as Error).message})`}`);
      continue;
    }
    if (!isCustomMeta(meta)) {
      onSkip?.(name, `${metaPath}: not a ${CUSTOM_FORMAT} file with dim, outDim and method`);
      continue;
    }
    found.push({ name, method: meta.method, dim: meta.dim, outDim: meta.outDim, createdAt: typeof meta.createdAt === 'string' ? meta.createdAt : null });
  }
  return found;
}

// --- internal ---

const CUSTOM_NAME = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

function isCustomMeta(meta: unknown): meta is CustomMeta {
  const m = meta as Partial<CustomMeta> | null;
  return typeof m === 'object' && m !== null && m.format === CUSTOM_FORMAT && Number.isInteger(m.dim) && Number.isInteger(m.outDim) && ['mean', 'tfidf', 'sif'].includes(m.method as string);
}

function littleEndian(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i]!, i * 4);
  return out;
}
