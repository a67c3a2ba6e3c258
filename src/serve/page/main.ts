// The explorer page: one view per tab, each with a bookmarkable URL (`#/neighbors?q=国王&k=10`). Submitting a
// form only changes the hash; the hash change runs the query, so a pasted or reloaded URL shows the same view.
import { api, ApiFailure, apiUrl } from './api.ts';
import { lossChart } from './chart.ts';
import { attachCompletion } from './complete.ts';
import { byId, el, scoreTable, showError } from './dom.ts';
import type { MapData } from './map-data.ts';
import { MapView } from './map-view.ts';

type Params = Record<string, string>;
type ViewName = 'neighbors' | 'analogy' | 'similarity' | 'odd' | 'map' | 'sentences' | 'model';

interface ModelInfo {
  name: string;
  format: string;
  vocabSize: number;
  dim: number;
  options: Record<string, unknown> | null;
  tokenizer: Record<string, unknown> | null;
  corpus: { description: string; tokens: number; vocabTokens: number; bytes?: number } | null;
  lossPerEpoch: number[];
  timings: { totalSeconds: number } | null;
  backend: string | null;
  createdAt: string | null;
  firstWords: string[];
  docs: { name: string; lines: number } | null;
  /** The model folder's custom/NAME/ matrices, offered in the sentences view. */
  customizations: Customisation[];
  limits: { umapPoints: number };
}

interface Customisation {
  name: string;
  method: string;
  outDim: number;
}

interface Scored {
  word: string;
  similarity?: number;
  distance?: number;
}

const VIEWS: readonly ViewName[] = ['neighbors', 'analogy', 'similarity', 'odd', 'map', 'sentences', 'model'];
const status = byId('status');
let info: ModelInfo | undefined;
const mapView = new MapView(byId<HTMLCanvasElement>('map-canvas'), byId('map-tip'), (word) => void showMapNeighbours(word));

/** What each view does with its parameters; `ready` says whether they are enough to run. */
const RUNNERS: Record<ViewName, { ready: (p: Params) => boolean; run: (p: Params) => Promise<void> }> = {
  neighbors: { ready: (p) => !!p.q, run: runNeighbors },
  analogy: { ready: (p) => !!(p.a && p.b && p.c), run: runAnalogy },
  similarity: { ready: (p) => !!(p.a && p.b), run: runSimilarity },
  odd: { ready: (p) => !!p.words, run: runOdd },
  map: { ready: () => true, run: runMap },
  sentences: { ready: (p) => !!p.q, run: runSentences },
  model: { ready: () => true, run: runModel },
};

for (const input of document.querySelectorAll<HTMLInputElement>('input.word')) attachCompletion(input);
for (const view of VIEWS) {
  const form = document.getElementById(`form-${view}`) as HTMLFormElement | null;
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const params: Params = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') params[k] = v.trim();
    const hash = `#/${view}?${new URLSearchParams(params)}`;
    // the same URL again fires no hashchange: run it directly
    if (location.hash === hash) void route();
    else location.hash = hash;
  });
}
window.addEventListener('hashchange', () => void route());
void start();

async function start(): Promise<void> {
  try {
    info = await api<ModelInfo>('model');
    byId('model-name').textContent = `${info.name} · ${info.vocabSize.toLocaleString()} words × ${info.dim}`;
    offerCustomisations(info.customizations);
  } catch (error) {
    status.textContent = `cannot reach the server: ${(error as Error).message}`;
  }
  await route();
}

/** Shows the view the hash names and runs it when its parameters are complete. */
async function route(): Promise<void> {
  const match = /^#\/([a-z]+)(?:\?(.*))?$/.exec(location.hash);
  const view: ViewName = VIEWS.includes(match?.[1] as ViewName) ? (match![1] as ViewName) : 'neighbors';
  const params = Object.fromEntries(new URLSearchParams(match?.[2] ?? '')) as Params;
  for (const v of VIEWS) byId(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('#tabs a')) a.classList.toggle('active', a.dataset.view === view);
  fillForm(view, params);
  if (view === 'sentences') showCustomisation(params);
  const runner = RUNNERS[view];
  if (!runner.ready(params)) return;
  const started = performance.now();
  status.textContent = 'working…';
  try {
    await runner.run(params);
    status.textContent = `done in ${Math.round(performance.now() - started)} ms`;
  } catch (error) {
    status.textContent = '';
    const out = byId(`out-${view}`);
    showError(out, error instanceof ApiFailure ? error.message : `error: ${(error as Error).message}`);
  }
}

function fillForm(view: ViewName, params: Params): void {
  const form = document.getElementById(`form-${view}`) as HTMLFormElement | null;
  if (form === null) return;
  for (const [k, v] of Object.entries(params)) {
    const field = form.elements.namedItem(k);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = v;
  }
}

/** The sentences view's customisation selector: shown only when the model folder has customisations. */
function offerCustomisations(list: readonly Customisation[]): void {
  const select = byId<HTMLSelectElement>('sentences-custom');
  for (const c of list) select.append(el('option', { value: c.name }, `${c.name} (${c.method}, ${c.outDim} dims)`));
  byId('custom-field').hidden = list.length === 0;
  select.addEventListener('change', () => lockMethod());
}

/** The selector as the URL says (none when `custom` is absent, so going back to a raw search shows none). */
function showCustomisation(params: Params): void {
  byId<HTMLSelectElement>('sentences-custom').value = params.custom ?? '';
  lockMethod();
}

/**
 * A customisation fixes the sentence vectors it was trained on: its method is shown and the method selector is
 * disabled (so the URL carries only `custom`, and the server applies that method).
 */
function lockMethod(): void {
  const chosen = info?.customizations.find((c) => c.name === byId<HTMLSelectElement>('sentences-custom').value);
  const method = byId<HTMLFormElement>('form-sentences').elements.namedItem('method') as HTMLSelectElement;
  if (chosen !== undefined) method.value = chosen.method;
  method.disabled = chosen !== undefined;
}

function score(s: Scored): number {
  return s.similarity ?? s.distance ?? 0;
}

async function runNeighbors(p: Params): Promise<void> {
  const answer = await api<{ positive: string[]; negative: string[]; metric: string; results: Scored[] }>('neighbors', { q: p.q!, k: p.k ?? '10', metric: p.metric ?? 'cosine' });
  const expression = [...answer.positive.map((w, i) => (i === 0 ? w : `+ ${w}`)), ...answer.negative.map((w) => `− ${w}`)].join(' ');
  byId('out-neighbors').replaceChildren(
    el('p', { class: 'note' }, `Nearest to ${expression}, ${answer.metric === 'cosine' ? 'cosine similarity' : 'Euclidean distance'}, exact over ${info?.vocabSize.toLocaleString() ?? 'all'} words`),
    scoreTable(
      answer.results.map((r) => ({ word: r.word, score: score(r) })),
      answer.metric === 'cosine' ? 'similarity' : 'distance',
      (w) => {
        location.hash = `#/neighbors?${new URLSearchParams({ q: w, k: p.k ?? '10', metric: p.metric ?? 'cosine' })}`;
      },
    ),
  );
}

async function runAnalogy(p: Params): Promise<void> {
  const answer = await api<{ a: string; b: string; c: string; method: string; results: Scored[] }>('analogy', { a: p.a!, b: p.b!, c: p.c!, method: p.method ?? '3cosadd', k: p.k ?? '10' });
  byId('out-analogy').replaceChildren(
    el('p', { class: 'note' }, `${answer.a} : ${answer.b} = ${answer.c} : ?  (${answer.method === '3cosadd' ? '3CosAdd' : '3CosMul'})`),
    scoreTable(answer.results.map((r) => ({ word: r.word, score: score(r) })), answer.method === '3cosadd' ? 'cosine' : '3CosMul score'),
  );
}

async function runSimilarity(p: Params): Promise<void> {
  const answer = await api<{ a: string; b: string; cosine: number; euclidean: number }>('similarity', { a: p.a!, b: p.b! });
  byId('out-similarity').replaceChildren(
    el('p', { class: 'big' }, `cos(${answer.a}, ${answer.b}) = ${answer.cosine.toFixed(4)}`),
    el('p', { class: 'note' }, `Euclidean distance ${answer.euclidean.toFixed(4)}`),
  );
}

async function runOdd(p: Params): Promise<void> {
  const answer = await api<{ odd: string; scores: Scored[] }>('odd', { words: p.words! });
  byId('out-odd').replaceChildren(el('p', { class: 'big' }, `odd one out: ${answer.odd}`), scoreTable(answer.scores.map((r) => ({ word: r.word, score: score(r) })), 'cosine to the mean'));
}

function mapParams(p: Params): Params {
  const params: Params = { method: p.method ?? 'pca', n: p.n ?? (p.method === 'umap' ? '500' : '1000'), clusters: p.clusters ?? '8' };
  if (p.around) params.around = p.around;
  if (p.x1 && p.x2) params.x = `${p.x1},${p.x2}`;
  if (p.y1 && p.y2) params.y = `${p.y1},${p.y2}`;
  if (info !== undefined) {
    const max = params.method === 'umap' ? Math.min(info.limits.umapPoints, info.vocabSize) : info.vocabSize;
    if (Number(params.n) > max) params.n = String(max);
  }
  return params;
}

async function runMap(p: Params): Promise<void> {
  const params = mapParams(p);
  const out = byId('out-map');
  out.replaceChildren(el('p', { class: 'note' }, params.method === 'umap' ? 'computing UMAP (seconds for a few thousand points; cached afterwards)…' : 'computing…'));
  const data = await api<MapData>('map', params);
  mapView.show(data);
  byId('map-side').replaceChildren(el('p', { class: 'hint' }, 'Hover a point to see its word; click it for its neighbours.'));
  if (params.around !== undefined) mapView.select(data.words[0]!);
  const link = byId<HTMLAnchorElement>('map-tsv');
  link.href = apiUrl('map', { ...params, format: 'tsv' });
  link.hidden = false;
  const source = data.cached === false ? `computed in ${data.seconds.toFixed(2)} s` : `from the ${data.cached} cache`;
  out.replaceChildren(el('p', { class: 'note' }, `${data.words.length.toLocaleString()} words, ${data.method.toUpperCase()}, ${new Set(data.cluster).size} k-means clusters; ${source}`));
}

async function showMapNeighbours(word: string): Promise<void> {
  const side = byId('map-side');
  try {
    const answer = await api<{ results: Scored[] }>('neighbors', { q: word, k: '10' });
    side.replaceChildren(
      el('h3', {}, word),
      scoreTable(answer.results.map((r) => ({ word: r.word, score: score(r) })), 'similarity', (w) => {
        mapView.select(w);
        void showMapNeighbours(w);
      }),
    );
  } catch (error) {
    showError(side, (error as Error).message);
  }
}

async function runSentences(p: Params): Promise<void> {
  // with a customisation the server defaults the method to the one it was trained on
  const params = { q: p.q!, method: p.method ?? (p.custom ? '' : 'mean'), custom: p.custom ?? '', k: p.k ?? '10' };
  const answer = await api<{ method: string; custom: string | null; dim: number; unknown: string[]; results: { line: number; text: string; score: number }[] }>('sentences', params);
  const table = el('table', { class: 'results' }, el('thead', {}, el('tr', {}, el('th', {}, 'line'), el('th', {}, 'text'), el('th', {}, 'cosine'))));
  const body = el('tbody');
  for (const r of answer.results) body.append(el('tr', {}, el('td', {}, String(r.line)), el('td', {}, r.text), el('td', { class: 'score' }, r.score.toFixed(4))));
  table.append(body);
  const vectors = answer.custom === null ? `${answer.method} sentence vectors` : `${answer.method} sentence vectors customised by ${answer.custom} (e · M, ${answer.dim} dims)`;
  const notes = [`${vectors} over ${info?.docs?.lines.toLocaleString() ?? ''} lines of ${info?.docs?.name ?? 'the documents'}`];
  if (answer.unknown.length > 0) notes.push(`skipped unknown: ${answer.unknown.join(' ')}`);
  byId('out-sentences').replaceChildren(el('p', { class: 'note' }, notes.join('; ')), table);
}

async function runModel(): Promise<void> {
  const m = info ?? (await api<ModelInfo>('model'));
  const rows: [string, string][] = [
    ['name', m.name],
    ['format', m.format === 'model' ? 'model folder' : `word2vec ${m.format} file`],
    ['vocabulary', `${m.vocabSize.toLocaleString()} words`],
    ['dimension', String(m.dim)],
    ['first words', m.firstWords.join(' ')],
  ];
  if (m.options !== null) rows.push(['options', Object.entries(m.options).map(([k, v]) => `${k}=${v}`).join(' ')]);
  if (m.tokenizer !== null) rows.push(['tokenizer', Object.entries(m.tokenizer).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(' ')]);
  if (m.corpus !== null) rows.push(['corpus', `${m.corpus.description}: ${m.corpus.tokens.toLocaleString()} tokens (${m.corpus.vocabTokens.toLocaleString()} in the vocabulary)`]);
  if (m.backend !== null) rows.push(['trained', `${m.createdAt ?? ''} on ${m.backend}${m.timings === null ? '' : `, ${m.timings.totalSeconds.toFixed(1)} s`}`]);
  rows.push(['documents', m.docs === null ? 'none (start with --docs FILE to search sentences)' : `${m.docs.name}, ${m.docs.lines.toLocaleString()} lines`]);
  rows.push(['customisations', m.customizations.length === 0 ? 'none (w2v customize makes them)' : m.customizations.map((c) => `${c.name} (${c.method}, ${c.outDim} dims)`).join(', ')]);
  const list = el('dl', { class: 'model' });
  for (const [k, v] of rows) list.append(el('dt', {}, k), el('dd', {}, v));
  const out = byId('out-model');
  out.replaceChildren(list);
  if (m.lossPerEpoch.length > 0) out.append(el('h3', {}, 'Mean training loss per epoch'), lossChart(m.lossPerEpoch));
}
