// The loss-per-epoch chart of the model view: a small SVG line chart, no library.

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG chart of `values` (one per epoch). */
export function lossChart(values: readonly number[], width = 420, height = 180): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'loss');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'mean training loss per epoch');
  const left = 52;
  const bottom = 36;
  const top = 12;
  const right = 14;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  const x = (i: number): number => left + (values.length === 1 ? 0.5 : i / (values.length - 1)) * (width - left - right);
  const y = (v: number): number => top + (1 - (v - lo) / span) * (height - top - bottom);
  const add = (tag: string, attrs: Record<string, string | number>, text?: string): void => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  };
  add('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#d8dde5' });
  add('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#d8dde5' });
  add('text', { x: 4, y: y(hi) + 4 }, hi.toFixed(4));
  add('text', { x: 4, y: y(lo) + 4 }, lo.toFixed(4));
  for (let i = 0; i < values.length; i++) add('text', { x: x(i) - 3, y: height - bottom + 14 }, String(i + 1));
  add('text', { x: left + (width - left - right) / 2 - 14, y: height - 4 }, 'epoch');
  add('polyline', { points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '), fill: 'none', stroke: '#2f6fde', 'stroke-width': 2 });
  for (let i = 0; i < values.length; i++) add('circle', { cx: x(i).toFixed(1), cy: y(values[i]!).toFixed(1), r: 3, fill: '#2f6fde' });
  return svg;
}
