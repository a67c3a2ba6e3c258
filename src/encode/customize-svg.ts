// The picture of a customisation: histograms of the cosine similarity of similar and dissimilar test pairs,
// before (raw sentence vectors) and after (e . M), side by side, with the train-chosen threshold of each rule.
// Hand-written standalone SVG: any browser or image viewer shows it, nothing else is needed.
import type { CosineSamples, CustomizeReport } from './customize-embeddings.ts';

const WIDTH = 960;
const HEIGHT = 400;
const BINS = 40;
const COLORS = Object.freeze({ similar: '#1f77b4', dissimilar: '#ff7f0e' });

/** The standalone SVG document for a customisation's test-pair cosines. */
export function cosineHistogramSvg(samples: CosineSamples, report: CustomizeReport, title: string): string {
  const panelWidth = (WIDTH - 130) / 2;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  const panels = [
    { label: 'before (raw cosine)', data: samples.before, rule: report.before },
    { label: 'after (customised)', data: samples.after, rule: report.after },
  ];
  panels.forEach((panel, k) => {
    const x0 = 45 + k * (panelWidth + 40);
    parts.push(histogramPanel(x0, 40, panelWidth, HEIGHT - 80, panel.label, panel.data, panel.rule.threshold, panel.rule.test));
  });
  // legend
  const ly = HEIGHT - 14;
  parts.push(
    `<rect x="${WIDTH / 2 - 190}" y="${ly - 10}" width="14" height="10" fill="${COLORS.similar}" fill-opacity="0.5" stroke="${COLORS.similar}"/>`,
    `<text x="${WIDTH / 2 - 170}" y="${ly}">similar test pairs (${samples.before.similar.length})</text>`,
    `<rect x="${WIDTH / 2 + 10}" y="${ly - 10}" width="14" height="10" fill="${COLORS.dissimilar}" fill-opacity="0.5" stroke="${COLORS.dissimilar}"/>`,
    `<text x="${WIDTH / 2 + 30}" y="${ly}">dissimilar test pairs (${samples.before.dissimilar.length})</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

// --- internal ---

function histogramPanel(
  x0: number,
  y0: number,
  width: number,
  height: number,
  label: string,
  data: { similar: number[]; dissimilar: number[] },
  threshold: number,
  test: { accuracy: number; se: number },
): string {
  const plotTop = y0 + 52;
  const plotHeight = height - 76;
  const plotBottom = plotTop + plotHeight;
  // each panel spans its own data: raw cosines of averaged word vectors often all sit in [0.9, 1]
  const [lo, hi] = rangeOf([...data.similar, ...data.dissimilar, threshold]);
  const similar = histogram(data.similar, lo, hi);
  const dissimilar = histogram(data.dissimilar, lo, hi);
  const peak = Math.max(1e-9, ...similar, ...dissimilar);
  const xOf = (cos: number): number => x0 + ((cos - lo) / (hi - lo)) * width;
  const yOf = (share: number): number => plotBottom - (share / peak) * plotHeight;
  const out: string[] = [
    `<text x="${x0 + width / 2}" y="${y0 + 12}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(label)}</text>`,
    `<text x="${x0 + width / 2}" y="${y0 + 28}" text-anchor="middle">test accuracy ${pct(test.accuracy)} ± ${pct(1.96 * test.se)} at t = ${threshold.toFixed(3)} (chosen on train)</text>`,
    `<line x1="${x0}" y1="${plotBottom}" x2="${x0 + width}" y2="${plotBottom}" stroke="#333"/>`,
  ];
  const step = niceStep((hi - lo) / 5);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let tick = Math.ceil(lo / step) * step; tick <= hi + 1e-12; tick += step) {
    const x = xOf(tick).toFixed(1);
    out.push(`<line x1="${x}" y1="${plotBottom}" x2="${x}" y2="${plotBottom + 5}" stroke="#333"/>`, `<text x="${x}" y="${plotBottom + 18}" text-anchor="middle">${tick.toFixed(decimals)}</text>`);
  }
  for (const [bins, color] of [
    [dissimilar, COLORS.dissimilar],
    [similar, COLORS.similar],
  ] as const) {
    const binWidth = width / BINS;
    let d = `M${x0.toFixed(1)},${plotBottom}`;
    bins.forEach((share, b) => {
      const y = yOf(share).toFixed(1);
      d += ` L${(x0 + b * binWidth).toFixed(1)},${y} L${(x0 + (b + 1) * binWidth).toFixed(1)},${y}`;
    });
    d += ` L${(x0 + width).toFixed(1)},${plotBottom} Z`;
    out.push(`<path d="${d}" fill="${color}" fill-opacity="0.4" stroke="${color}" stroke-width="1.5"/>`);
  }
  const tx = xOf(threshold).toFixed(1);
  out.push(`<line x1="${tx}" y1="${plotTop - 4}" x2="${tx}" y2="${plotBottom}" stroke="#000" stroke-dasharray="5,4"/>`, `<text x="${tx}" y="${plotTop - 8}" text-anchor="middle" font-size="11">t</text>`);
  out.push(`<text x="${x0 + width / 2}" y="${plotBottom + 34}" text-anchor="middle" fill="#555">cosine similarity (each colour: share of its pairs per bin)</text>`);
  return out.join('\n');
}

/** Share of the values in each of BINS equal bins over [lo, hi]. */
function histogram(values: readonly number[], lo: number, hi: number): number[] {
  const bins = new Array<number>(BINS).fill(0);
  for (const v of values) bins[Math.min(BINS - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * BINS)))]!++;
  return bins.map((c) => (values.length === 0 ? 0 : c / values.length));
}

/** [min, max] of the values, padded by 2% and clipped to [-1, 1] (cosines), never empty. */
function rangeOf(values: readonly number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.02, 1e-3);
  lo = Math.max(-1, lo - pad);
  hi = Math.min(1, hi + pad);
  return hi > lo ? [lo, hi] : [lo - 1e-3, hi + 1e-3];
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999)!;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
