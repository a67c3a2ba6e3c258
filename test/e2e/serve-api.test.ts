// The explorer's HTTP API in-process on a real socket (port 0): answers, bounds, unknown words, path
// traversal, the loopback default, the promise that nothing is written outside the model's cache/, and sentence
// search through the model folder's customisations.
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import type { Customization } from '../../src/encode/customize.ts';
import { customizedEncoder } from '../../src/encode/customize-embeddings.ts';
import { loadCustomization, saveCustomization } from '../../src/encode/customize-io.ts';
import { rankDocuments } from '../../src/encode/index.ts';
import { MODEL_FORMAT, type ModelMeta, writeModelFolder } from '../../src/io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS } from '../../src/options.ts';
import { answerApi } from '../../src/serve/api.ts';
import { Explorer, LIMITS } from '../../src/serve/explorer.ts';
import { type RunningServer, startServer } from '../../src/serve/server.ts';
import { loadKeyedVectors } from '../../src/vectors/load.ts';
import { Rng } from '../../src/util/rng.ts';
import { tmpDir } from '../helpers/cli.ts';
import { SHARED } from '../../scripts/shared-dir.ts';

const NAMED = ['国王', '男人', '女人', '王后', 'king', 'man', 'woman', 'queen', '苹果', '香蕉'];
const DIM = 8;

/** 300 words: the named ones placed so that king - man + woman = queen, the rest random, lowercased tokenizer. */
async function modelFolder(dir: string): Promise<string> {
  const path = join(dir, 'model');
  const rng = new Rng(3);
  const words = [...NAMED, ...Array.from({ length: 290 }, (_, i) => `w${i}`)];
  const vectors = new Float32Array(words.length * DIM);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.nextFloat() - 0.5;
  // royal on axis 0, female on axis 1, Chinese on axis 2, English on axis 3
  const place = (word: string, royal: number, female: number, zh: number, en: number): void => {
    vectors.set([royal, female, zh, en, 0, 0, 0, 0], words.indexOf(word) * DIM);
  };
  place('国王', 3, 0, 3, 0);
  place('男人', 0.3, 0, 3, 0);
  place('女人', 0.3, 3, 3, 0);
  place('王后', 3, 3, 3, 0);
  place('king', 3, 0, 0, 3);
  place('man', 0.3, 0, 0, 3);
  place('woman', 0.3, 3, 0, 3);
  place('queen', 3, 3, 0, 3);
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    vocabSize: words.length,
    dim: DIM,
    options: { ...DEFAULT_TRAIN_OPTIONS, dim: DIM },
    tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS },
    backend: 'cpu',
    corpus: { description: 'synthetic', bytes: 1, fingerprint: 'x', tokens: 1000, vocabTokens: 1000 },
    lossPerEpoch: [3, 2.5, 2.2],
    timings: { epochSeconds: [1, 1, 1], vocabSeconds: 0, totalSeconds: 3 },
    wordsPerSecond: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await writeModelFolder(path, { meta, words, counts: Float64Array.from(words, (_, i) => 1000 - i), vectors });
  return path;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET (the path goes out exactly as written: no client-side normalisation of `..`). */
function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function json(server: RunningServer, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const reply = await get(server, path);
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  return { status: reply.status, body: JSON.parse(reply.body) as Record<string, unknown> };
}

const q = encodeURIComponent;

let dir: string;
let model: string;
let server: RunningServer;
let docsPath: string;

beforeAll(async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  dir = await mkdtemp(join(tmpdir(), 'w2v-serve-api-'));
  model = await modelFolder(dir);
  docsPath = join(dir, 'docs.txt');
  await writeFile(docsPath, '国王 王后\n苹果 香蕉\nking queen\n');
  const loaded = await loadKeyedVectors(model);
  const explorer = new Explorer({ ...loaded, path: model, queryWord: (w) => w.toLowerCase() }, { docs: { path: docsPath, lines: ['国王 王后', '苹果 香蕉', 'king queen'] } });
  server = await startServer(explorer, { port: 0 });
});

afterAll(async () => {
  await server?.close();
  const { rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
});

describe('explorer API answers', () => {
  it('nearest words of a word and of an expression, Chinese and Latin, exact, cosine and Euclidean', async () => {
    const zh = await json(server, `/api/neighbors?q=${q('国王 - 男人 + 女人')}&k=3`);
    expect(zh.status).toBe(200);
    expect(zh.body).toMatchObject({ positive: ['国王', '女人'], negative: ['男人'], metric: 'cosine' });
    expect((zh.body.results as { word: string }[])[0]!.word).toBe('王后');
    // typed upper case is looked up lowercased, as the model's tokenizer lowercased
    const en = await json(server, `/api/neighbors?q=${q('KING - man + woman')}&k=3&metric=euclidean`);
    const first = (en.body.results as { word: string; distance: number }[])[0]!;
    expect(first.word).toBe('queen');
    // queen = king - man + woman exactly on the placed axes: distance is 0 up to float error
    expect(first.distance).toBeLessThan(1e-3);
  });

  it('Euclidean neighbours equal a brute-force scan of the raw vectors', async () => {
    const { kv } = await loadKeyedVectors(model);
    const answer = await json(server, '/api/neighbors?q=w5&k=5&metric=euclidean');
    const me = kv.get('w5');
    const brute = kv.words
      .map((w) => ({ w, d: Math.hypot(...Array.from(kv.get(w), (v, j) => v - me[j]!)) }))
      .filter((x) => x.w !== 'w5')
      .sort((a, b) => a.d - b.d)
      .slice(0, 5);
    const got = answer.body.results as { word: string; distance: number }[];
    expect(got.map((r) => r.word)).toEqual(brute.map((b) => b.w));
    for (const [i, r] of got.entries()) expect(r.distance).toBeCloseTo(brute[i]!.d, 4);
  });

  it('completion, analogy, similarity, odd one out, model info', async () => {
    expect((await json(server, `/api/complete?q=${q('王')}`)).body.words).toEqual(['王后']);
    expect((await json(server, '/api/complete?q=W1&k=3')).body.words).toEqual(['w1', 'w10', 'w11']);
    const analogy = await json(server, '/api/analogy?a=man&b=king&c=woman&method=3cosmul&k=1');
    expect((analogy.body.results as { word: string }[])[0]!.word).toBe('queen');
    const sim = await json(server, `/api/similarity?a=${q('国王')}&b=${q('王后')}`);
    // 国王 = (3, 0, 3, 0, ...), 王后 = (3, 3, 3, 0, ...)
    expect(sim.body.cosine).toBeCloseTo(18 / Math.sqrt(18 * 27), 6);
    expect(sim.body.euclidean).toBeCloseTo(3, 5);
    const odd = await json(server, `/api/odd?words=${q('国王 王后 男人 w7')}`);
    expect(odd.body.odd).toBe('w7');
    const info = await json(server, '/api/model');
    expect(info.body).toMatchObject({ name: 'model', vocabSize: 300, dim: DIM, lossPerEpoch: [3, 2.5, 2.2], docs: { name: 'docs.txt', lines: 3 }, customizations: [] });
  });

  it('sentences: the lines of --docs nearest to a query text', async () => {
    const answer = await json(server, `/api/sentences?q=${q('王后')}&k=2&method=mean`);
    expect(answer.status).toBe(200);
    expect((answer.body.results as { line: number }[]).map((r) => r.line)[0]).toBe(1);
    const unknown = await json(server, `/api/sentences?q=${q('xyzzy')}`);
    expect(unknown.status).toBe(404);
  });

  it('maps: PCA over the top N, axes from word pairs, UMAP around a word, TSV download, clusters in range', async () => {
    const pca = await json(server, '/api/map?method=pca&n=120&clusters=5');
    expect(pca.status).toBe(200);
    const words = pca.body.words as string[];
    expect(words).toHaveLength(120);
    expect(words.slice(0, 3)).toEqual(['国王', '男人', '女人']);
    expect((pca.body.cluster as number[]).every((c) => c >= 0 && c < 5)).toBe(true);
    expect(new Set(pca.body.cluster as number[]).size).toBeGreaterThan(1);
    const axes = await json(server, '/api/map?method=axes&n=10&x=man,woman&y=man,king');
    const x = axes.body.x as number[];
    // man -> woman: woman lies further along x than man; king -> queen the same
    expect(x[words.indexOf('woman')]!).toBeGreaterThan(x[words.indexOf('man')]!);
    expect(x[words.indexOf('queen')]!).toBeGreaterThan(x[words.indexOf('king')]!);
    const umap = await json(server, `/api/map?method=umap&n=40&around=${q('国王')}&clusters=3`);
    expect(umap.status).toBe(200);
    expect((umap.body.words as string[])[0]).toBe('国王');
    expect(umap.body.words).toHaveLength(40);
    expect((umap.body.x as number[]).every(Number.isFinite)).toBe(true);
    const tsv = await get(server, '/api/map?method=pca&n=120&clusters=5&format=tsv');
    expect(tsv.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
    const lines = tsv.body.trimEnd().split('\n');
    expect(lines[0]).toBe('word\tx\ty\tcluster');
    expect(lines).toHaveLength(121);
    expect(lines[1]!.split('\t')[0]).toBe('国王');
  });
});

describe('explorer sentences through a customisation', () => {
  // a model folder of its own, so the shared one stays without custom/
  let cdir: string;
  let cmodel: string;
  let cserver: RunningServer;
  const warnings: string[] = [];
  // single-word lines: the mean vector of a line is its word's direction, so the cosines have closed forms
  const DOCS = ['国王', 'queen', '苹果 香蕉'];

  /** A dim x outDim matrix with M[from][to] = 1 for each pair. */
  function matrix(outDim: number, ones: [number, number][]): Float32Array {
    const m = new Float32Array(DIM * outDim);
    for (const [from, to] of ones) m[from * outDim + to] = 1;
    return m;
  }

  const save = (custom: Omit<Customization, 'dim'>): Promise<string> => saveCustomization(cmodel, { dim: DIM, ...custom }, { made: 'by the test' }, '<svg xmlns="http://www.w3.org/2000/svg"/>');

  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    cdir = await mkdtemp(join(tmpdir(), 'w2v-serve-custom-'));
    cmodel = await modelFolder(cdir);
    // "language-blind": drops the Chinese and English axes (2, 3), keeps royal, female and the rest
    await save({ name: 'nolang', outDim: DIM, method: 'mean', matrix: matrix(DIM, [0, 1, 4, 5, 6, 7].map((j) => [j, j])) });
    // a half-written folder (no custom.json) is not offered
    await mkdir(join(cmodel, 'custom', 'broken'), { recursive: true });
    const loaded = await loadKeyedVectors(cmodel);
    const explorer = new Explorer({ ...loaded, path: cmodel }, { docs: { path: join(cdir, 'docs.txt'), lines: DOCS }, onWarning: (m) => warnings.push(m) });
    cserver = await startServer(explorer, { port: 0 });
  });

  afterAll(async () => {
    await cserver?.close();
    const { rm } = await import('node:fs/promises');
    await rm(cdir, { recursive: true, force: true });
  });

  it('the model info lists the customisations; a folder without custom.json is left out with a warning', async () => {
    const info = await json(cserver, '/api/model');
    expect(info.body.customizations).toEqual([{ name: 'nolang', method: 'mean', dim: DIM, outDim: DIM, createdAt: expect.any(String) }]);
    expect(warnings).toEqual([expect.stringMatching(/^customisation broken left out: .*custom\/broken\/custom\.json: missing$/)]);
  });

  it('custom=NAME ranks by the customised vectors e . M: the language-blind matrix puts queen above 国王 for 王后', async () => {
    // 王后 = (3, 3, 3, 0), 国王 = (3, 0, 3, 0), queen = (3, 3, 0, 3) on the placed axes, 0 elsewhere
    const raw = await json(cserver, `/api/sentences?q=${q('王后')}&k=2`);
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ method: 'mean', custom: null, dim: DIM, tokens: ['王后'] });
    const rawResults = raw.body.results as { line: number; score: number }[];
    expect(rawResults.map((r) => r.line)).toEqual([1, 2]);
    expect(rawResults[0]!.score).toBeCloseTo(Math.sqrt(2 / 3), 5); // 18 / sqrt(27 * 18)
    expect(rawResults[1]!.score).toBeCloseTo(2 / 3, 5); // 18 / 27

    const custom = await json(cserver, `/api/sentences?q=${q('王后')}&k=2&custom=nolang`);
    expect(custom.status).toBe(200);
    // the method defaults to the one the customisation was trained on
    expect(custom.body).toMatchObject({ method: 'mean', custom: 'nolang', dim: DIM, tokens: ['王后'] });
    const results = custom.body.results as { line: number; text: string; score: number }[];
    // without the language axes: 王后 -> (3, 3), queen -> (3, 3), 国王 -> (3, 0)
    expect(results.map((r) => r.text)).toEqual(['queen', '国王']);
    expect(results[0]!.score).toBeCloseTo(1, 5);
    expect(results[1]!.score).toBeCloseTo(Math.SQRT1_2, 5);
    // method=mean said explicitly is the same search
    expect((await json(cserver, `/api/sentences?q=${q('王后')}&k=2&custom=nolang&method=mean`)).body.results).toEqual(results);
  });

  it('a customisation saved while the server runs is offered at once, with its method and output size', async () => {
    // sif vectors with a saved component, mapped to 2 dims: royal and female
    const component = new Float32Array(DIM);
    component[4] = 1;
    await save({ name: 'two', outDim: 2, method: 'sif', component, matrix: matrix(2, [[0, 0], [1, 1]]) });
    const info = await json(cserver, '/api/model');
    expect((info.body.customizations as { name: string; method: string; outDim: number }[]).map((c) => [c.name, c.method, c.outDim])).toEqual([
      ['nolang', 'mean', DIM],
      ['two', 'sif', 2],
    ]);
    const answer = await json(cserver, `/api/sentences?q=${q('王后')}&k=3&custom=two`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ method: 'sif', custom: 'two', dim: 2 });
    const got = answer.body.results as { line: number; score: number }[];
    // (royal, female): 王后 -> (3, 3) = queen, 国王 -> (3, 0)
    expect(got[0]!.line).toBe(2);
    expect(got[0]!.score).toBeCloseTo(1, 5);
    expect(got.find((r) => r.line === 1)!.score).toBeCloseTo(Math.SQRT1_2, 5);
    // the same ranking as the library's customised encoder over the same lines (as w2v search --custom two)
    const loaded = await loadKeyedVectors(cmodel);
    const { encoder } = await customizedEncoder(loaded, await loadCustomization(cmodel, 'two', DIM));
    expect(encoder.component).toEqual(component);
    const expected = rankDocuments(encoder.encode('王后'), DOCS.map((t) => encoder.encode(t)), 3);
    expect(got.map((r) => r.line)).toEqual(expected.map((e) => e.index + 1));
    for (const [i, r] of got.entries()) expect(r.score).toBeCloseTo(expected[i]!.score, 6);
  });

  it('an unknown name is a 404 naming it and listing the available ones; another method is a 400', async () => {
    const unknown = await json(cserver, `/api/sentences?q=${q('王后')}&custom=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('no customisation "nope" in model; it has nolang, two');
    expect(unknown.body.customizations).toEqual(['nolang', 'two']);
    // a folder without custom.json does not exist as far as the API goes; nor does a path
    expect((await json(cserver, `/api/sentences?q=${q('王后')}&custom=broken`)).status).toBe(404);
    expect((await json(cserver, `/api/sentences?q=${q('王后')}&custom=${q('../nolang')}`)).status).toBe(404);
    const wrong = await json(cserver, `/api/sentences?q=${q('王后')}&custom=nolang&method=sif`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('customisation nolang was trained on mean sentence vectors; pass method=mean or leave method out');
    expect((await json(cserver, `/api/sentences?q=${q('王后')}&custom=${'x'.repeat(LIMITS.queryChars + 1)}`)).body.error).toMatch(/custom is 201 characters long/);
  });

  it('custom on a model folder without customisations, or on a vector file, is a 400', async () => {
    const none = await json(server, `/api/sentences?q=${q('王后')}&custom=nolang`);
    expect(none.status).toBe(400);
    expect(none.body.error).toBe(`custom="nolang" is refused: the model folder model has no customisations (make one with w2v customize ${model} --labels FILE -o NAME)`);
    // an empty custom= is no customisation, as the page's "none" sends
    expect((await json(server, `/api/sentences?q=${q('王后')}&custom=`)).status).toBe(200);
    const folder = await tmpDir();
    const file = join(folder, 'two.txt');
    await writeFile(file, '2 2\nfire 1 0\nblaze 0 1\n');
    const vectors = new Explorer({ ...(await loadKeyedVectors(file)), path: file }, { docs: { path: join(folder, 'docs.txt'), lines: ['fire', 'blaze'] } });
    expect(await vectors.info()).toMatchObject({ customizations: [] });
    const answer = await answerApi(vectors, 'sentences', new URLSearchParams({ q: 'fire', custom: 'nolang' }));
    expect(answer).toEqual({ status: 400, json: { error: 'custom="nolang" is refused: two.txt is a vector file; customisations live in a model folder\'s custom/' } });
  });
});

describe('explorer API bounds', () => {
  const cases: [string, RegExp][] = [
    [`/api/neighbors?q=${'a'.repeat(LIMITS.queryChars + 1)}`, /q is 201 characters long; at most 200/],
    ['/api/neighbors?q=king&k=0', /k="0" is out of bounds: a whole number from 1 to 100/],
    ['/api/neighbors?q=king&k=101', /k="101" is out of bounds/],
    ['/api/neighbors?q=king&k=ten', /k="ten" is out of bounds/],
    ['/api/neighbors?q=king&metric=manhattan', /metric="manhattan" is invalid: one of cosine, euclidean/],
    ['/api/neighbors', /missing parameter q/],
    ['/api/neighbors?q=-king', /only negative words/],
    ['/api/complete?q=k&k=51', /k="51" is out of bounds/],
    ['/api/map?n=301', /n="301" is out of bounds: a whole number from 2 to 300/],
    ['/api/map?n=1', /n="1" is out of bounds/],
    ['/api/map?method=umap&n=301', /from 2 to 300 \(UMAP maps at most 3000 points/],
    ['/api/map?clusters=21', /clusters="21" is out of bounds: a whole number from 1 to 20/],
    ['/api/map?method=axes', /method=axes needs x=WORD1,WORD2/],
    ['/api/map?method=axes&x=king', /x needs two words/],
    ['/api/map?method=axes&x=king,king', /have the same direction/],
    [`/api/odd?words=${Array.from({ length: 21 }, () => 'king').join('+')}`, /words has 21 words; at most 20/],
    ['/api/odd?words=king+queen', /at least 3 words/],
  ];
  for (const [path, message] of cases) {
    it(`${decodeURIComponent(path).slice(0, 60)} -> 400`, async () => {
      const reply = await json(server, path);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatch(message);
    });
  }

  it('an unknown API, a non-GET method and an over-long URL get 404, 405, 414', async () => {
    expect((await json(server, '/api/nope')).status).toBe(404);
    const post = await get(server, '/api/model', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await get(server, `/api/neighbors?q=${'x'.repeat(5000)}`)).status).toBe(414);
  });
});

describe('explorer API unknown words', () => {
  it('get a 404 naming every unknown word', async () => {
    const one = await json(server, `/api/neighbors?q=${q('国王 - 皇帝')}`);
    expect(one).toEqual({ status: 404, body: { error: '"皇帝" is not in the vocabulary', words: ['皇帝'] } });
    const two = await json(server, '/api/analogy?a=man&b=emperor&c=empress');
    expect(two).toEqual({ status: 404, body: { error: 'not in the vocabulary: "emperor", "empress"', words: ['emperor', 'empress'] } });
    expect((await json(server, '/api/similarity?a=king&b=zzz')).body.words).toEqual(['zzz']);
    expect((await json(server, '/api/odd?words=king+queen+zzz')).body.words).toEqual(['zzz']);
    expect((await json(server, `/api/map?around=${q('皇帝')}`)).body.words).toEqual(['皇帝']);
    expect((await json(server, '/api/map?method=axes&x=man,emperor')).body.words).toEqual(['emperor']);
  });
});

describe('explorer static files', () => {
  it('serves the page, its stylesheet and its modules', async () => {
    const page = await get(server, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<meta charset="utf-8">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get(server, '/page.css')).body).toContain('Noto Sans CJK SC');
    // the compiled page (npm test builds before running the tests)
    const main = await get(server, '/page/main.js');
    expect(main.status).toBe(200);
    expect(main.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  const traversals = [
    '/../package.json',
    '/page/../package.json',
    '/page/../../package.json',
    '/page/%2e%2e/%2e%2e/package.json',
    '/page/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/page/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/page/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/page/..%2f..%2fpackage.json',
    '/page/..%2f..%2f..%2fpackage.json',
    '/page/..%5c..%5cpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '//etc/passwd',
    '/page/main.js/../../../package.json',
    '/page/main.js%00.json',
    '/page/',
    '/page/main.ts',
    '/page/main.js.map',
    '/dist/serve/page/main.js',
    '/api/../package.json',
    '/api/%2e%2e/package.json',
  ];
  for (const path of traversals) {
    it(`${path} -> 404`, async () => {
      const reply = await get(server, path);
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('tfjs-word2vec');
      expect(reply.body).not.toContain('root:');
    });
  }
});

describe('explorer network defaults', () => {
  it('binds to loopback by default and refuses foreign Host headers there', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
    const rebinding = await get(server, '/api/model', { host: 'attacker.example:80' });
    expect(rebinding.status).toBe(403);
    expect((await get(server, '/api/model', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('w2v serve prints its URL, stops on the abort signal, and warns for a non-loopback host', async () => {
    for (const host of [undefined, '0.0.0.0']) {
      const controller = new AbortController();
      let stdout = '';
      let stderr = '';
      let seen: Promise<number> | undefined;
      const io: CliIo = {
        stdout: {
          write: (s: string) => {
            stdout += s;
            const url = /http:\/\/\S+\//.exec(stdout)?.[0];
            // once the URL is printed the server answers; then ask it to stop
            if (url !== undefined && seen === undefined) {
              const port = Number(/:(\d+)\//.exec(url)![1]);
              seen = fetch(`http://127.0.0.1:${port}/api/model`).then((r) => {
                controller.abort('SIGINT');
                return r.status;
              });
            }
            return true;
          },
        },
        stderr: { write: (s: string) => (stderr += s), isTTY: false },
        stdin: process.stdin,
        env: {},
        signal: controller.signal,
      };
      const code = await runCli(['serve', model, '--port', '0', ...(host === undefined ? [] : ['--host', host])], io);
      expect(code).toBe(0);
      expect(await seen).toBe(200);
      if (host === undefined) {
        expect(stdout).toMatch(/^w2v explorer: 300 words x 8 dims\nhttp:\/\/127\.0\.0\.1:\d+\/\n/);
        expect(stderr).toBe('explorer stopped\n');
      } else {
        expect(stdout).toContain('http://0.0.0.0:');
        expect(stderr).toContain('warning: listening on 0.0.0.0: anyone who can reach this address can read the model');
      }
    }
  });

  it('a port in use is an error naming the port and the fix', async () => {
    const run = await cliCapture(['serve', model, '--port', String(server.port)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: port ${server.port} on 127.0.0.1 is in use; pick another with --port N (--port 0 picks a free one)\n`);
    const bad = await cliCapture(['serve', model, '--port', '70000']);
    expect(bad.code).toBe(2);
  });
});

describe('explorer writes', () => {
  it('map results go to cache/ in the model folder and nowhere else; a second server reads them back', async () => {
    const before = await listTree(dir);
    const first = await json(server, '/api/map?method=pca&n=50&clusters=4&seed=9');
    expect(first.body.cached).toBe(false);
    expect((await json(server, '/api/map?method=pca&n=50&clusters=4&seed=9')).body.cached).toBe('memory');
    const after = await listTree(dir);
    const added = after.filter((f) => !before.includes(f));
    expect(added.length).toBeGreaterThan(0);
    for (const f of added) expect(f).toMatch(/^model\/cache\/map-[0-9a-f]{20}\.json$/);
    expect(before.filter((f) => !after.includes(f))).toEqual([]);
    const loaded = await loadKeyedVectors(model);
    const again = await startServer(new Explorer({ ...loaded, path: model }), { port: 0 });
    try {
      const reply = await json(again, '/api/map?method=pca&n=50&clusters=4&seed=9');
      expect(reply.body.cached).toBe('disk');
      expect(reply.body.x).toEqual(first.body.x);
    } finally {
      await again.close();
    }
  });

  it('a plain vector file gets no cache beside it', async () => {
    const folder = await tmpDir();
    const file = join(folder, 'toy-model.vec');
    await copyFile(`${SHARED}/data/interop/toy-model.vec`, file);
    const loaded = await loadKeyedVectors(file);
    const other = await startServer(new Explorer({ ...loaded, path: file }), { port: 0 });
    try {
      const reply = await json(other, '/api/map?method=pca&n=5');
      expect(reply.status).toBe(200);
      expect(await readdir(folder)).toEqual(['toy-model.vec']);
    } finally {
      await other.close();
    }
  });
});

// --- helpers ---

async function listTree(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listTree(root, rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function cliCapture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, stdin: process.stdin, env: {}, signal: AbortSignal.abort() };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
