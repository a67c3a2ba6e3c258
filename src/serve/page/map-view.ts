// The 2-D map on a canvas: points coloured by cluster, the most frequent words labelled, hover shows the
// nearest point's word, click calls back with it. A uniform grid over the screen finds the hovered point
// without scanning every point of a 100k-point map.
import type { MapData } from './map-data.ts';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363'];
const MARGIN = 36;
const CELL = 12;

/** Draws maps on one canvas and reports hover and clicks. */
export class MapView {
  private data: MapData | undefined;
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private grid = new Map<number, number[]>();
  private highlight = -1;
  private width = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly tip: HTMLElement,
    private readonly onPick: (word: string) => void,
  ) {
    canvas.addEventListener('mousemove', (event) => this.hover(event));
    canvas.addEventListener('mouseleave', () => {
      tip.hidden = true;
    });
    canvas.addEventListener('click', (event) => {
      const i = this.pointAt(event);
      if (i >= 0) {
        this.highlight = i;
        this.draw();
        this.onPick(this.data!.words[i]!);
      }
    });
  }

  /** Shows `data`, scaled to the canvas. */
  show(data: MapData): void {
    this.data = data;
    this.highlight = -1;
    this.tip.hidden = true;
    const ratio = window.devicePixelRatio || 1;
    // as wide as its box allows and no taller than what is left of the window
    const width = Math.max(320, Math.min(1000, this.canvas.parentElement?.clientWidth ?? 800) - 2);
    const top = this.canvas.getBoundingClientRect().top + window.scrollY;
    const height = Math.round(Math.max(300, Math.min(width * 0.7, window.innerHeight - top - 40)));
    this.width = width;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const n = data.words.length;
    const [x0, x1] = extent(data.x);
    const [y0, y1] = extent(data.y);
    this.sx = new Float32Array(n);
    this.sy = new Float32Array(n);
    this.grid = new Map();
    for (let i = 0; i < n; i++) {
      this.sx[i] = MARGIN + ((data.x[i]! - x0) / (x1 - x0 || 1)) * (width - 2 * MARGIN);
      this.sy[i] = height - MARGIN - ((data.y[i]! - y0) / (y1 - y0 || 1)) * (height - 2 * MARGIN);
      const key = cellKey(this.sx[i]!, this.sy[i]!);
      const cell = this.grid.get(key);
      if (cell === undefined) this.grid.set(key, [i]);
      else cell.push(i);
    }
    this.draw();
    this.canvas.dataset.points = String(n);
  }

  /** Highlights `word` if it is on the map. */
  select(word: string): void {
    if (this.data === undefined) return;
    this.highlight = this.data.words.indexOf(word);
    this.draw();
  }

  // --- internal ---

  private draw(): void {
    const data = this.data;
    if (data === undefined) return;
    const ctx = this.canvas.getContext('2d')!;
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.width / ratio;
    const height = this.canvas.height / ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const n = data.words.length;
    const radius = n > 20_000 ? 1.2 : n > 3000 ? 2 : 3;
    ctx.globalAlpha = n > 20_000 ? 0.6 : 0.85;
    // one path per colour: a 100k-point map draws in a few frames' time
    for (let c = 0; c < PALETTE.length; c++) {
      ctx.fillStyle = PALETTE[c]!;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if (data.cluster[i]! % PALETTE.length !== c) continue;
        ctx.moveTo(this.sx[i]! + radius, this.sy[i]!);
        ctx.arc(this.sx[i]!, this.sy[i]!, radius, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    const font = getComputedStyle(document.documentElement).fontFamily;
    ctx.font = `12px ${font}`;
    ctx.fillStyle = '#1d2430';
    // label the most frequent words (first in row order), as many as stay readable
    const labels = Math.min(n, n <= 200 ? n : 60);
    for (let i = 0; i < labels; i++) ctx.fillText(data.words[i]!, this.sx[i]! + 4, this.sy[i]! - 4);
    if (this.highlight >= 0) {
      const i = this.highlight;
      ctx.strokeStyle = '#d62728';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.sx[i]!, this.sy[i]!, radius + 5, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.font = `bold 14px ${font}`;
      ctx.fillText(data.words[i]!, this.sx[i]! + 8, this.sy[i]! - 8);
    }
    ctx.font = `12px ${font}`;
    ctx.fillStyle = '#5b6575';
    ctx.fillText(`→ ${data.axes[0]}`, MARGIN, height - 10);
    ctx.save();
    ctx.translate(14, height - MARGIN);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(`→ ${data.axes[1]}`, 0, 0);
    ctx.restore();
  }

  private hover(event: MouseEvent): void {
    const i = this.pointAt(event);
    if (i < 0) {
      this.tip.hidden = true;
      return;
    }
    this.tip.textContent = this.data!.words[i]!;
    this.tip.style.left = `${this.sx[i]! + 10}px`;
    this.tip.style.top = `${this.sy[i]! - 28}px`;
    this.tip.hidden = false;
  }

  /** Index of the point within 8 px of the pointer, or -1. */
  private pointAt(event: MouseEvent): number {
    if (this.data === undefined) return -1;
    // CSS may have scaled the canvas: map the pointer back to drawing coordinates
    const rect = this.canvas.getBoundingClientRect();
    const scale = this.width / (this.canvas.clientWidth || this.width);
    const px = (event.clientX - rect.left - this.canvas.clientLeft) * scale;
    const py = (event.clientY - rect.top - this.canvas.clientTop) * scale;
    let best = -1;
    let bestD = 64;
    const cx = Math.floor(px / CELL);
    const cy = Math.floor(py / CELL);
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const i of this.grid.get(gx * 100_000 + gy) ?? []) {
          const d = (this.sx[i]! - px) ** 2 + (this.sy[i]! - py) ** 2;
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

// --- internal ---

function cellKey(x: number, y: number): number {
  return Math.floor(x / CELL) * 100_000 + Math.floor(y / CELL);
}

function extent(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
