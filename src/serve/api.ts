// The JSON API of the explorer: one function per `/api/...` path, reading and bounding its query parameters
// and calling Explorer. Parameters out of bounds are a 400 naming the parameter, the value and the limit.
import { Word2VecError } from '../errors.ts';
import { ApiError, type Explorer, LIMITS } from './explorer.ts';
import type { MapMethod, WordMap } from './map.ts';

/** An answer: JSON, or text with its content type (the TSV download). */
export type ApiAnswer = { status: number; json: unknown } | { status: number; text: string; contentType: string; filename?: string };

/** Answers `GET /api/<name>?<params>`. */
export async function answerApi(explorer: Explorer, name: string, params: URLSearchParams): Promise<ApiAnswer> {
  try {
    const route = ROUTES[name];
    if (route === undefined) throw new ApiError(404, `no API /api/${name}; the API has ${Object.keys(ROUTES).map((r) => `/api/${r}`).join(', ')}`);
    return await route(explorer, params);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, json: { error: error.message, ...error.extra } };
    // the library's own refusals (e.g. two words with one direction) are the caller's to fix
    if (error instanceof Word2VecError) return { status: error.code === 'E_UNKNOWN_WORD' ? 404 : 400, json: { error: error.message } };
    throw error;
  }
}

// --- internal ---

type Route = (explorer: Explorer, params: URLSearchParams) => ApiAnswer | Promise<ApiAnswer>;

const ok = (json: unknown): ApiAnswer => ({ status: 200, json });

const ROUTES: Record<string, Route> = {
  model: async (e) => ok(await e.info()),
  complete: (e, p) => ok(e.complete(text(p, 'q', { allowEmpty: true }), int(p, 'k', 1, LIMITS.completions, 10))),
  neighbors: (e, p) => ok(e.neighbors(text(p, 'q'), int(p, 'k', 1, LIMITS.k, 10), oneOf(p, 'metric', ['cosine', 'euclidean'], 'cosine'))),
  analogy: (e, p) => ok(e.analogy(text(p, 'a'), text(p, 'b'), text(p, 'c'), oneOf(p, 'method', ['3cosadd', '3cosmul'], '3cosadd'), int(p, 'k', 1, LIMITS.k, 10))),
  similarity: (e, p) => ok(e.similarity(text(p, 'a'), text(p, 'b'))),
  odd: (e, p) => {
    const words = text(p, 'words').split(/[\s,，、]+/).filter((w) => w !== '');
    if (words.length > LIMITS.oddWords) throw new ApiError(400, `words has ${words.length} words; at most ${LIMITS.oddWords}`);
    return ok(e.oddOneOut(words));
  },
  map: async (e, p) => {
    const method = oneOf(p, 'method', ['pca', 'umap', 'axes'], 'pca') as MapMethod;
    const size = e.model.kv.size;
    const maxN = method === 'umap' ? Math.min(LIMITS.umapPoints, size) : size;
    const n = int(p, 'n', 2, maxN, Math.min(method === 'umap' ? 500 : 1000, maxN), method === 'umap' ? `UMAP maps at most ${LIMITS.umapPoints} points (use pca for more)` : undefined);
    const around = p.has('around') ? text(p, 'around') : undefined;
    const x = pair(p, 'x');
    const y = pair(p, 'y');
    if (method === 'axes' && x === undefined) throw new ApiError(400, 'method=axes needs x=WORD1,WORD2 (the x axis goes from WORD1 to WORD2), and optionally y=WORD3,WORD4');
    const map = await e.map({ method, n, around, clusters: int(p, 'clusters', 1, LIMITS.clusters, 8), x, y, seed: int(p, 'seed', 0, 2 ** 31 - 1, 1) });
    const format = oneOf(p, 'format', ['json', 'tsv'], 'json');
    if (format === 'tsv') return { status: 200, text: mapTsv(map), contentType: 'text/tab-separated-values; charset=utf-8', filename: `map-${method}-${map.words.length}.tsv` };
    return ok(map);
  },
  sentences: async (e, p) => {
    // with custom=NAME the method defaults to the one the customisation was trained on
    const method = given(p, 'method') ? oneOf(p, 'method', ['mean', 'tfidf', 'sif'], 'mean') : undefined;
    const custom = given(p, 'custom') ? text(p, 'custom') : undefined;
    return ok(await e.sentences(text(p, 'q'), method, int(p, 'k', 1, LIMITS.k, 10), custom));
  },
};

/** True when the parameter is present and not empty (an empty one means its default, as for the others). */
function given(p: URLSearchParams, name: string): boolean {
  const value = p.get(name);
  return value !== null && value !== '';
}

function text(p: URLSearchParams, name: string, options: { allowEmpty?: boolean } = {}): string {
  const value = p.get(name);
  if (value === null || (!options.allowEmpty && value.trim() === '')) throw new ApiError(400, `missing parameter ${name}`);
  if ([...value].length > LIMITS.queryChars) throw new ApiError(400, `${name} is ${[...value].length} characters long; at most ${LIMITS.queryChars}`);
  return value;
}

function int(p: URLSearchParams, name: string, min: number, max: number, fallback: number, hint?: string): number {
  const raw = p.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ApiError(400, `${name}=${JSON.stringify(raw).slice(0, 40)} is out of bounds: a whole number from ${min} to ${max}${hint === undefined ? '' : ` (${hint})`}`);
  }
  return value;
}

function oneOf<T extends string>(p: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const raw = p.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ApiError(400, `${name}=${JSON.stringify(raw).slice(0, 40)} is invalid: one of ${allowed.join(', ')}`);
  return raw as T;
}

function pair(p: URLSearchParams, name: string): [string, string] | undefined {
  if (!p.has(name)) return undefined;
  const words = text(p, name).split(/[\s,，]+/).filter((w) => w !== '');
  if (words.length !== 2) throw new ApiError(400, `${name} needs two words separated by a comma (${name}=man,woman), got ${words.length}`);
  return [words[0]!, words[1]!];
}

function mapTsv(map: WordMap): string {
  const lines = ['word\tx\ty\tcluster'];
  for (let i = 0; i < map.words.length; i++) lines.push(`${map.words[i]}\t${map.x[i]}\t${map.y[i]}\t${map.cluster[i]}`);
  return `${lines.join('\n')}\n`;
}
