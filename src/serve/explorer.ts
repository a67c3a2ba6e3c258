// The explorer's queries over one loaded model: completion, neighbours of a word or an expression (cosine
// through KeyedVectors, Euclidean on the raw vectors from the same SIMD scores), analogies, similarity, odd
// one out, maps (cached in the model folder's cache/) and sentence search over --docs lines, raw or through a
// customisation of the model folder (custom/NAME/, from w2v customize). Every answer is a plain object ready
// for JSON; bad requests throw ApiError with the HTTP status. No HTTP here.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { customizedEncoder } from '../encode/customize-embeddings.ts';
import { type CustomSummary, listCustomizations, loadCustomization } from '../encode/customize-io.ts';
import { buildEncoder, type EncodeMethod, fitComponent, rankDocuments, type SentenceEncoder, type SentenceVector } from '../encode/index.ts';
import { UnknownWordError, Word2VecError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { cosine } from '../vectors/similarity.ts';
import type { LoadedModel } from '../vectors/load.ts';
import { topK } from '../vectors/top-k.ts';
import { parseExpression } from './expression.ts';
import { computeMap, type MapRequest, type WordMap } from './map.ts';

/** Limits on every input; a request outside them gets a 400 naming the limit. */
export const LIMITS = Object.freeze({
  /** Characters of a query, an expression or a sentence. */
  queryChars: 200,
  /** Results of a neighbour, analogy or sentence query. */
  k: 100,
  /** Completions per prefix. */
  completions: 50,
  /** Words of an odd-one-out query. */
  oddWords: 20,
  /** Points of a UMAP map (umap-js takes ~8 s for 2,000 points on one core). */
  umapPoints: 3000,
  /** k-means clusters of a map. */
  clusters: 20,
  /** Lines of a --docs file. */
  docsLines: 200_000,
  /** Map files kept in cache/ (the oldest are removed beyond this). */
  cachedMaps: 100,
});

/** Customised encodings of the --docs lines kept in memory (each is lines x outDim floats; the oldest goes first). */
const CACHED_CUSTOM_DOCS = 4;

/** A request the explorer refuses, with the HTTP status to answer and extra fields for the JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What the explorer serves: a loaded model, how typed words map to vocabulary words, and optional documents. */
export interface ExplorerModel extends LoadedModel {
  /** The model folder or vector file. */
  path: string;
  /** Typed word -> vocabulary word (lowercasing for models trained lowercased). */
  queryWord?: ((word: string) => string) | undefined;
}

/** Options of the explorer. */
export interface ExplorerOptions {
  /** Lines of the --docs file, searchable by sentence vectors. */
  docs?: { path: string; lines: readonly string[] } | undefined;
  /** Called with a warning the CLI prints (the library never prints). */
  onWarning?: ((message: string) => void) | undefined;
}

/** A query word outside the vocabulary of a subword model: its vector is the mean of `ngrams` n-gram rows (0: zeros). */
export interface ComposedWord {
  word: string;
  ngrams: number;
}

/** One neighbour; `similarity` for cosine, `distance` for Euclidean. */
export interface ScoredWord {
  word: string;
  similarity?: number;
  distance?: number;
}

/** Queries over one model, as the HTTP API exposes them. */
export class Explorer {
  private readonly sorted: Int32Array;
  private readonly queryWord: (word: string) => string;
  private readonly maps = new Map<string, Promise<WordMap>>();
  /** Encoded --docs lines by method (`mean`, `tfidf`, `sif`) or customisation (`custom:NAME:createdAt`). */
  private readonly encoders = new Map<string, Promise<{ encoder: SentenceEncoder; docs: SentenceVector[] }>>();
  private readonly skippedCustom = new Set<string>();
  private umapRunning: string | undefined;
  private cacheBroken = false;

  constructor(
    readonly model: ExplorerModel,
    private readonly options: ExplorerOptions = {},
  ) {
    const { words } = model.kv;
    // completion: rows sorted by word (UTF-16 order), so a prefix is one contiguous range
    this.sorted = Int32Array.from(words.keys()).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : a - b));
    this.queryWord = model.queryWord ?? ((w) => w);
    if (options.docs !== undefined && options.docs.lines.length > LIMITS.docsLines) {
      throw new Word2VecError('E_INVALID_OPTION', `${options.docs.path} has ${options.docs.lines.length} lines; the explorer searches at most ${LIMITS.docsLines} (split the file)`);
    }
  }

  /** The model's description for the model view, with the customisations its folder holds now. */
  async info(): Promise<Record<string, unknown>> {
    const { kv, meta, format } = this.model;
    const customizations = await this.customizations();
    return {
      name: basename(this.model.path),
      format,
      vocabSize: kv.size,
      dim: kv.dim,
      options: meta?.options ?? null,
      tokenizer: meta?.tokenizer ?? null,
      corpus: meta?.corpus ?? null,
      lossPerEpoch: meta?.lossPerEpoch ?? [],
      timings: meta?.timings ?? null,
      backend: meta?.backend ?? null,
      createdAt: meta?.createdAt ?? null,
      firstWords: kv.words.slice(0, 20),
      docs: this.options.docs === undefined ? null : { name: basename(this.options.docs.path), lines: this.options.docs.lines.length },
      customizations,
      limits: LIMITS,
    };
  }

  /** Up to `k` vocabulary words starting with `prefix`, most frequent first. */
  complete(prefix: string, k: number): { prefix: string; words: string[] } {
    const p = this.queryWord(prefix.trim());
    if (p === '') return { prefix: p, words: [] };
    const { words } = this.model.kv;
    // every word starting with p sorts at or after p and before p + U+FFFF
    const rows = this.sorted.slice(this.lowerBound(p), this.lowerBound(`${p}\uffff`));
    // row order is frequency order in files written by the trainer (a typed-array sort is numeric)
    rows.sort();
    return { prefix: p, words: Array.from(rows.subarray(0, k), (r) => words[r]!) };
  }

  /** Nearest words to a word or an expression such as `国王 - 男人 + 女人`, exact over the whole vocabulary. */
  neighbors(query: string, k: number, metric: 'cosine' | 'euclidean'): { query: string; positive: string[]; negative: string[]; metric: string; composed?: ComposedWord[]; results: ScoredWord[] } {
    const { kv } = this.model;
    // operators and split words are told apart by the vocabulary, not by what subwords could compose
    const { positive, negative } = parseExpression(query, (w) => kv.has(w), this.queryWord);
    if (positive.length + negative.length === 0) throw new ApiError(400, 'q is empty: type a word or an expression such as "king - man + woman"');
    if (positive.length === 0) throw new ApiError(400, `"${query}" has only negative words; start with a word, as in "king - man + woman"`);
    this.requireKnown([...positive, ...negative]);
    let results: ScoredWord[];
    if (metric === 'cosine') {
      results = kv.mostSimilar(positive, { negative, topN: k }).map((n) => ({ word: n.word, similarity: n.similarity }));
    } else {
      // Euclidean on the raw vectors: |x - q|^2 = |x|^2 - 2|x|(x̂·q) + |q|^2, with x̂·q from the SIMD scorer
      const query = [...positive, ...negative];
      const q = new Float64Array(kv.dim);
      query.forEach((w, i) => {
        const sign = i < positive.length ? 1 : -1;
        // a vocabulary row, or (subword models) the vector composed from the word's n-grams
        const vector = kv.get(w);
        for (let j = 0; j < kv.dim; j++) q[j] += sign * vector[j]!;
      });
      let q2 = 0;
      for (let j = 0; j < kv.dim; j++) q2 += q[j]! * q[j]!;
      const lengths = kv.norms();
      const { scores } = kv.rankRows(q, 0, undefined);
      const negDist = new Float64Array(kv.size);
      for (let r = 0; r < kv.size; r++) negDist[r] = -Math.max(0, lengths[r]! * lengths[r]! - 2 * lengths[r]! * scores[r]! + q2);
      const exclude = new Set(query.map((w) => kv.indexOf(w)).filter((i) => i !== -1));
      // that expansion loses digits to cancellation near 0 (float32 scores): re-rank a margin of candidates
      // by the exact float64 distance
      results = topK(negDist, kv.size, k + 16, (i) => exclude.has(i))
        .map((i) => {
          let d2 = 0;
          for (let j = 0; j < kv.dim; j++) d2 += (kv.vectors[i * kv.dim + j]! - q[j]!) ** 2;
          return { word: kv.words[i]!, distance: Math.sqrt(d2), i };
        })
        .sort((a, b) => a.distance - b.distance || a.i - b.i)
        .slice(0, k)
        .map(({ word, distance }) => ({ word, distance }));
    }
    return { query, positive, negative, metric, ...this.composed([...positive, ...negative]), results };
  }

  /** a is to b as c is to ? */
  analogy(a: string, b: string, c: string, method: '3cosadd' | '3cosmul', k: number): { a: string; b: string; c: string; method: string; composed?: ComposedWord[]; results: ScoredWord[] } {
    const [wa, wb, wc] = [a, b, c].map((w) => this.queryWord(w.trim())) as [string, string, string];
    this.requireKnown([wa, wb, wc]);
    const results = this.model.kv.analogy(wa, wb, wc, { method, topN: k }).map((n) => ({ word: n.word, similarity: n.similarity }));
    return { a: wa, b: wb, c: wc, method, ...this.composed([wa, wb, wc]), results };
  }

  /** Cosine similarity and Euclidean distance of two words. */
  similarity(a: string, b: string): { a: string; b: string; cosine: number; euclidean: number; composed?: ComposedWord[] } {
    const [wa, wb] = [a, b].map((w) => this.queryWord(w.trim())) as [string, string];
    this.requireKnown([wa, wb]);
    const { kv } = this.model;
    const va = kv.get(wa);
    const vb = kv.get(wb);
    let d2 = 0;
    for (let j = 0; j < kv.dim; j++) d2 += (va[j]! - vb[j]!) ** 2;
    return { a: wa, b: wb, cosine: kv.similarity(wa, wb), euclidean: Math.sqrt(d2), ...this.composed([wa, wb]) };
  }

  /** The word that fits least, and each word's cosine to the mean of the unit vectors. */
  oddOneOut(words: readonly string[]): { words: string[]; odd: string; scores: ScoredWord[]; composed?: ComposedWord[] } {
    const list = words.map((w) => this.queryWord(w));
    if (list.length < 3) throw new ApiError(400, `odd one out needs at least 3 words, got ${list.length}`);
    this.requireKnown(list);
    const { kv } = this.model;
    const mean = kv.meanVector(list, { unit: true });
    const scores = list.map((w) => ({ word: w, similarity: cosine(kv.getUnit(w), mean) }));
    return { words: list, odd: kv.doesntMatch(list), scores, ...this.composed(list) };
  }

  /** A 2-D map, from the memory cache, the model folder's cache/ or computed now. */
  async map(typed: MapRequest): Promise<WordMap & { cached: 'memory' | 'disk' | false }> {
    const q = this.queryWord;
    const request: MapRequest = {
      ...typed,
      around: typed.around === undefined ? undefined : q(typed.around.trim()),
      x: typed.x === undefined ? undefined : [q(typed.x[0]), q(typed.x[1])],
      y: typed.y === undefined ? undefined : [q(typed.y[0]), q(typed.y[1])],
    };
    const words = [request.around, ...(request.x ?? []), ...(request.y ?? [])].filter((w): w is string => w !== undefined);
    // the map places vocabulary rows (its centre is one), so a composed word cannot anchor it
    this.requireKnown(words, { vocabularyOnly: true });
    const key = this.mapKey(request);
    const pending = this.maps.get(key);
    if (pending !== undefined) return { ...(await pending), cached: 'memory' };
    const fromDisk = await this.readCachedMap(key);
    if (fromDisk !== undefined) {
      this.remember(key, Promise.resolve(fromDisk));
      return { ...fromDisk, cached: 'disk' };
    }
    if (request.method === 'umap') {
      // one UMAP at a time: it is seconds of CPU, and a second one would only slow both down
      if (this.umapRunning !== undefined) throw new ApiError(503, 'another UMAP map is being computed; retry in a few seconds', { retryAfter: 5 });
      this.umapRunning = key;
    }
    const computing = computeMap(this.model.kv, request);
    this.remember(key, computing);
    try {
      const map = await computing;
      await this.writeCachedMap(key, map);
      return { ...map, cached: false };
    } catch (error) {
      this.maps.delete(key);
      throw error;
    } finally {
      if (this.umapRunning === key) this.umapRunning = undefined;
    }
  }

  /**
   * The customisations of the model folder (custom/NAME/) that fit this model, read afresh each time, so one
   * made by `w2v customize` while the server runs shows up; none for a vector file.
   */
  async customizations(): Promise<CustomSummary[]> {
    if (this.model.format !== 'model') return [];
    const warnOnce = (name: string, problem: string): void => {
      if (this.skippedCustom.has(name)) return;
      this.skippedCustom.add(name);
      this.options.onWarning?.(`customisation ${name} left out: ${problem}`);
    };
    const found = await listCustomizations(this.model.path, warnOnce);
    const dim = this.model.kv.dim;
    for (const c of found) if (c.dim !== dim) warnOnce(c.name, `it was trained on ${c.dim}-dimensional vectors but the model has ${dim}`);
    return found.filter((c) => c.dim === dim);
  }

  /**
   * Lines of the --docs file nearest to `query` by sentence vectors; with `custom`, by the customised vectors
   * e . M of that customisation, whose method it was trained on is the default (another `method` is refused).
   */
  async sentences(query: string, method: EncodeMethod | undefined, k: number, custom?: string): Promise<{ query: string; method: string; custom: string | null; dim: number; tokens: string[]; unknown: string[]; composed?: ComposedWord[]; results: { line: number; text: string; score: number }[] }> {
    const docs = this.options.docs;
    if (docs === undefined) throw new ApiError(409, 'no documents: start the server with --docs FILE (one text a line) to search sentences');
    const chosen = custom === undefined ? undefined : await this.findCustomization(custom);
    if (chosen !== undefined && method !== undefined && method !== chosen.method) {
      throw new ApiError(400, `customisation ${chosen.name} was trained on ${chosen.method} sentence vectors; pass method=${chosen.method} or leave method out`);
    }
    const used = chosen?.method ?? method ?? 'mean';
    const { encoder, docs: encoded } = chosen === undefined ? await this.encoder(used) : await this.customEncoder(chosen);
    const q = encoder.encode(query);
    if (q.vector === null) throw new ApiError(404, `no word of the query is in the vocabulary (unknown: ${q.unknown.join(' ') || 'no tokens'})`, { words: q.unknown });
    const results = rankDocuments(q, encoded, k).map((r) => ({ line: r.index + 1, text: docs.lines[r.index]!, score: r.score }));
    return { query, method: used, custom: chosen?.name ?? null, dim: q.vector.length, tokens: q.tokens, unknown: q.unknown, ...(q.composed === undefined ? {} : { composed: q.composed }), results };
  }

  // --- internal ---

  /** First position in `sorted` whose word is >= `text`. */
  private lowerBound(text: string): number {
    const { words } = this.model.kv;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[this.sorted[mid]!]! < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** 404 naming the words without a vector (in a subword model every word has one, unless `vocabularyOnly`). */
  private requireKnown(words: readonly string[], options: { vocabularyOnly?: boolean } = {}): void {
    const { kv } = this.model;
    if (kv.subwords !== undefined && !options.vocabularyOnly) return;
    const missing = words.filter((w, i) => !kv.has(w) && words.indexOf(w) === i);
    if (missing.length > 0) throw new ApiError(404, new UnknownWordError(missing).message, { words: missing });
  }

  /** Subword models: `{ composed }`, the query words outside the vocabulary and their n-gram counts; nothing otherwise. */
  private composed(words: readonly string[]): { composed?: ComposedWord[] } {
    const { kv } = this.model;
    if (kv.subwords === undefined) return {};
    const composed: ComposedWord[] = [];
    for (const w of words) {
      const origin = kv.describe(w);
      if (origin !== undefined && origin.row === -1 && !composed.some((c) => c.word === w)) composed.push({ word: w, ngrams: origin.ngrams });
    }
    return { composed };
  }

  /** The customisation named `name`: 400 when the model has none at all, 404 naming the ones it has. */
  private async findCustomization(name: string): Promise<CustomSummary> {
    const available = await this.customizations();
    if (available.length === 0) {
      const why =
        this.model.format === 'model'
          ? `the model folder ${basename(this.model.path)} has no customisations (make one with w2v customize ${this.model.path} --labels FILE -o NAME)`
          : `${basename(this.model.path)} is a vector file; customisations live in a model folder's custom/`;
      throw new ApiError(400, `custom=${JSON.stringify(name).slice(0, 60)} is refused: ${why}`);
    }
    const found = available.find((c) => c.name === name);
    if (found === undefined) {
      const names = available.map((c) => c.name);
      throw new ApiError(404, `no customisation ${JSON.stringify(name).slice(0, 60)} in ${basename(this.model.path)}; it has ${names.join(', ')}`, { customizations: names });
    }
    return found;
  }

  /** The --docs lines encoded through a customisation, as `w2v search --custom NAME` does. */
  private customEncoder(summary: CustomSummary): Promise<{ encoder: SentenceEncoder; docs: SentenceVector[] }> {
    // createdAt in the key: a customisation saved again with --overwrite is loaded again
    const key = `custom:${summary.name}:${summary.createdAt ?? ''}`;
    let pending = this.encoders.get(key);
    if (pending === undefined) {
      const lines = this.options.docs!.lines;
      pending = (async () => {
        const custom = await loadCustomization(this.model.path, summary.name, this.model.kv.dim);
        const { encoder } = await customizedEncoder(this.model, custom);
        return { encoder, docs: lines.map((t) => encoder.encode(t)) };
      })();
      pending.catch(() => this.encoders.delete(key));
      this.encoders.set(key, pending);
      // each customised encoding holds lines x outDim floats: keep the few most recently made
      const customKeys = [...this.encoders.keys()].filter((k) => k.startsWith('custom:'));
      for (const old of customKeys.slice(0, Math.max(0, customKeys.length - CACHED_CUSTOM_DOCS))) this.encoders.delete(old);
    }
    return pending;
  }

  private encoder(method: EncodeMethod): Promise<{ encoder: SentenceEncoder; docs: SentenceVector[] }> {
    let pending = this.encoders.get(method);
    if (pending === undefined) {
      const lines = this.options.docs!.lines;
      pending = (async () => {
        // as `w2v search`: the documents are the idf reference, and the SIF component is fitted on them
        // unless the model folder has a saved one
        const setup = await buildEncoder(this.model, { method, idfTexts: method === 'tfidf' ? lines : undefined, modelPath: this.model.path });
        let docs = lines.map((t) => setup.encoder.encode(t));
        if (method === 'sif' && setup.component === 'none') {
          const vectors = docs.map((d) => d.vector).filter((v): v is Float32Array => v !== null);
          if (vectors.length > 1) {
            setup.encoder.component = fitComponent(vectors, this.model.kv.dim);
            docs = lines.map((t) => setup.encoder.encode(t));
          }
        }
        return { encoder: setup.encoder, docs };
      })();
      pending.catch(() => this.encoders.delete(method));
      this.encoders.set(method, pending);
    }
    return pending;
  }

  private remember(key: string, map: Promise<WordMap>): void {
    this.maps.set(key, map);
    // a small memory cache: the oldest entry goes first
    if (this.maps.size > 20) this.maps.delete(this.maps.keys().next().value!);
  }

  private mapKey(request: MapRequest): string {
    const { kv } = this.model;
    return JSON.stringify({ v: 1, size: kv.size, dim: kv.dim, created: this.model.meta?.createdAt ?? null, ...request });
  }

  /** The cache folder, or undefined when the model is a vector file (nothing is written beside it). */
  private cacheDir(): string | undefined {
    return this.model.format === 'model' && !this.cacheBroken ? join(this.model.path, 'cache') : undefined;
  }

  private cacheFile(key: string): string | undefined {
    const dir = this.cacheDir();
    return dir === undefined ? undefined : join(dir, `map-${createHash('sha256').update(key).digest('hex').slice(0, 20)}.json`);
  }

  private async readCachedMap(key: string): Promise<WordMap | undefined> {
    const file = this.cacheFile(key);
    if (file === undefined) return undefined;
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as { key?: string; map?: WordMap };
      // the key inside guards against hash collisions and hand-edited files
      return doc.key === key && doc.map !== undefined && Array.isArray(doc.map.words) ? doc.map : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCachedMap(key: string, map: WordMap): Promise<void> {
    const file = this.cacheFile(key);
    if (file === undefined) return;
    try {
      await writeFileAtomic(file, JSON.stringify({ key, map }));
      await this.pruneCache();
    } catch (error) {
      // a read-only model folder still serves maps, from memory
      this.cacheBroken = true;
      this.options.onWarning?.(`cannot write the map cache in ${this.cacheDir() ?? join(this.model.path, 'cache')} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); maps are kept in memory only`);
    }
  }

  private async pruneCache(): Promise<void> {
    const dir = this.cacheDir();
    if (dir === undefined) return;
    const names = (await readdir(dir)).filter((n) => /^map-[0-9a-f]{20}\.json$/.test(n));
    if (names.length <= LIMITS.cachedMaps) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n))).mtimeMs })));
    dated.sort((a, b) => a.t - b.t);
    for (const { n } of dated.slice(0, dated.length - LIMITS.cachedMaps)) await rm(join(dir, n), { force: true });
  }
}
