// Small DOM helpers for the page: element building without innerHTML (words are user data), result tables.

/** Creates an element with attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** The element with `id`, which the page skeleton guarantees. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

/** A result table of words and scores; clicking a word calls `onWord`. */
export function scoreTable(rows: readonly { word: string; score: number }[], label: string, onWord?: (word: string) => void): HTMLTableElement {
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.score)));
  const table = el('table', { class: 'results' }, el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'word'), el('th', {}, label))));
  const body = el('tbody');
  rows.forEach((r, i) => {
    const word = el('a', { href: `#/neighbors?q=${encodeURIComponent(r.word)}`, class: 'word-link' }, r.word);
    if (onWord !== undefined) {
      word.addEventListener('click', (event) => {
        event.preventDefault();
        onWord(r.word);
      });
    }
    const bar = el('span', { class: 'bar', style: `width:${Math.round((60 * Math.abs(r.score)) / max)}px` });
    body.append(el('tr', {}, el('td', {}, String(i + 1)), el('td', { class: 'word' }, word), el('td', { class: 'score' }, r.score.toFixed(4), bar)));
  });
  table.append(body);
  return table;
}

/** Replaces the children of `out` with an error line. */
export function showError(out: HTMLElement, message: string): void {
  out.replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
}
