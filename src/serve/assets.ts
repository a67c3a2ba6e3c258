// The explorer page's HTML and CSS (the behaviour is in page/, compiled to dist/serve/page/). The HTML is the
// whole skeleton of every view, so the first paint needs nothing but this document and the stylesheet.

/** The page; `name` is the model's folder or file name, shown in the title. */
export function pageHtml(name: string): string {
  const title = `w2v explorer · ${escapeHtml(name)}`;
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/page.css">
<script type="module" src="/page/main.js"></script>
</head>
<body>
<header>
  <h1>w2v explorer <span id="model-name">${escapeHtml(name)}</span></h1>
  <nav id="tabs">
    <a href="#/neighbors" data-view="neighbors">Neighbours</a>
    <a href="#/analogy" data-view="analogy">Analogy</a>
    <a href="#/similarity" data-view="similarity">Similarity</a>
    <a href="#/odd" data-view="odd">Odd one out</a>
    <a href="#/map" data-view="map">Map</a>
    <a href="#/sentences" data-view="sentences">Sentences</a>
    <a href="#/model" data-view="model">Model</a>
  </nav>
</header>
<main>
${queryView('neighbors', false, 'Nearest', [
  `<label class="grow">Word or expression <span class="complete"><input name="q" id="q" class="word expression" placeholder="国王 - 男人 + 女人 · king - man + woman" maxlength="200" required></span></label>`,
  `<label>Metric <select name="metric"><option value="cosine">cosine</option><option value="euclidean">Euclidean</option></select></label>`,
  K_FIELD,
])}
${queryView('analogy', true, 'Solve', [
  `${wordField('a', '男人')} is to`,
  `${wordField('b', '国王')} as`,
  `${wordField('c', '女人')} is to ?`,
  `<label>Method <select name="method"><option value="3cosadd">3CosAdd</option><option value="3cosmul">3CosMul</option></select></label>`,
  K_FIELD,
])}
${queryView('similarity', true, 'Compare', [wordField('a', '宝玉'), wordField('b', '黛玉')])}
${queryView('odd', true, 'Find the odd one', [`<label class="grow">Words <input name="words" placeholder="早饭 午饭 晚饭 宝玉" maxlength="200" required></label>`])}
  <section id="view-map" class="view" hidden>
    <form id="form-map" autocomplete="off">
      <label>Projection <select name="method"><option value="pca">PCA</option><option value="umap">UMAP</option><option value="axes">axes from words</option></select></label>
      <label>Points <input name="n" type="number" min="2" value="1000" class="num"></label>
      <label>Around <span class="complete"><input name="around" class="word" placeholder="(most frequent)"></span></label>
      <label>Clusters <input name="clusters" type="number" min="1" max="20" value="8" class="num"></label>
      <span class="axes">x <span class="complete"><input name="x1" class="word short" placeholder="man"></span> → <span class="complete"><input name="x2" class="word short" placeholder="woman"></span>
      y <span class="complete"><input name="y1" class="word short" placeholder="(auto)"></span> → <span class="complete"><input name="y2" class="word short"></span></span>
      <button type="submit">Draw</button>
      <a id="map-tsv" href="#" download hidden>Download TSV</a>
    </form>
    <div class="map-area">
      <div class="canvas-box"><canvas id="map-canvas" width="800" height="560" aria-label="2-D map of words"></canvas><div id="map-tip" hidden></div></div>
      <aside id="map-side"><p class="hint">Hover a point to see its word; click it for its neighbours.</p></aside>
    </div>
    <div id="out-map" class="out"></div>
  </section>
${queryView('sentences', true, 'Search', [
  `<label class="grow">Query text <input name="q" placeholder="宝玉笑道" maxlength="200" required></label>`,
  `<label>Method <select name="method"><option value="mean">mean</option><option value="tfidf">tfidf</option><option value="sif">sif</option></select></label>`,
  `<label id="custom-field" hidden>Customisation <select name="custom" id="sentences-custom"><option value="">none (raw vectors)</option></select></label>`,
  K_FIELD,
])}
  <section id="view-model" class="view" hidden>
    <div id="out-model" class="out"></div>
  </section>
  <p id="status" role="status"></p>
</main>
</body>
</html>
`;
}

/** The page's stylesheet; the font stack names the CJK fonts of each platform so Chinese shows as glyphs. */
export const PAGE_CSS = `:root {
  --fg: #1d2430; --muted: #5b6575; --line: #d8dde5; --bg: #fff; --panel: #f5f7fa; --accent: #2f6fde; --bad: #b3261e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif;
  color: var(--fg); background: var(--bg); font-size: 15px;
}
body { margin: 0; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 24px; padding: 10px 18px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 18px; margin: 0; }
#model-name { color: var(--muted); font-weight: normal; margin-left: 6px; }
nav a { display: inline-block; padding: 6px 10px; color: var(--muted); text-decoration: none; border-radius: 6px; }
nav a.active { color: #fff; background: var(--accent); }
main { padding: 14px 18px; max-width: 1200px; }
form { display: flex; flex-wrap: wrap; align-items: end; gap: 8px 12px; margin-bottom: 12px; }
label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 13px; color: var(--muted); }
label.grow { flex: 1 1 320px; }
label[hidden] { display: none; }
input, select, button { font: inherit; font-size: 15px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; color: var(--fg); background: #fff; }
input.num { width: 5em; } input.short { width: 7em; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
.complete { position: relative; display: block; }
.complete input { width: 100%; box-sizing: border-box; }
ul.completions { position: absolute; z-index: 5; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 2px 0; list-style: none; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 4px 12px rgb(0 0 0 / 0.12); max-height: 260px; overflow: auto; }
ul.completions li { padding: 3px 10px; cursor: pointer; color: var(--fg); }
ul.completions li.selected { background: var(--accent); color: #fff; }
table.results { border-collapse: collapse; min-width: 320px; }
table.results td, table.results th { padding: 3px 12px; border-bottom: 1px solid var(--line); text-align: left; }
table.results td.score { font-variant-numeric: tabular-nums; text-align: right; }
.bar { display: inline-block; height: 8px; background: var(--accent); opacity: 0.5; border-radius: 4px; vertical-align: middle; margin-left: 8px; }
.error { color: var(--bad); }
.note { color: var(--muted); font-size: 13px; }
.big { font-size: 28px; margin: 6px 0; }
.map-area { display: flex; gap: 14px; align-items: flex-start; }
.canvas-box { position: relative; flex: 1 1 auto; min-width: 0; }
canvas { border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: crosshair; max-width: 100%; }
#map-tip { position: absolute; pointer-events: none; background: rgb(29 36 48 / 0.9); color: #fff; padding: 2px 8px; border-radius: 4px; font-size: 14px; white-space: nowrap; }
#map-side { flex: 0 0 220px; font-size: 14px; }
#map-side table.results { min-width: 0; width: 100%; }
.hint { color: var(--muted); }
.axes { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; color: var(--muted); }
.axes .complete { width: 7em; }
dl.model { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.model dt { color: var(--muted); } dl.model dd { margin: 0; }
svg.loss { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg.loss text { font-size: 11px; fill: var(--muted); }
#status { color: var(--muted); font-size: 13px; min-height: 1.2em; }
`;

// --- internal ---

const K_FIELD = '<label>k <input name="k" type="number" min="1" max="100" value="10" class="num"></label>';

/** A word input with completion (page/ attaches it to every `.complete input.word`). */
function wordField(name: string, placeholder: string): string {
  return `<label><span class="complete"><input name="${name}" class="word" placeholder="${placeholder}" required></span></label>`;
}

/** One view of a query form and its output area: #view-NAME, #form-NAME, #out-NAME, as page/ looks them up. */
function queryView(name: string, hidden: boolean, button: string, fields: readonly string[]): string {
  return `  <section id="view-${name}" class="view"${hidden ? ' hidden' : ''}>
    <form id="form-${name}" autocomplete="off">
${fields.map((f) => `      ${f}\n`).join('')}      <button type="submit">${button}</button>
    </form>
    <div id="out-${name}" class="out"></div>
  </section>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
