// Human output: aligned columns in a terminal, where CJK characters take two columns, and one number format
// for every similarity the CLI prints.

/** Every cosine and score is printed with this many decimals (similar, analogy, similarity, compare, search, demo). */
export const SCORE_DECIMALS = 4;

/** A similarity or score as printed. */
export function formatScore(x: number): string {
  return x.toFixed(SCORE_DECIMALS);
}

/** Aligned `word  similarity` lines. */
export function formatNeighbors(neighbors: readonly { word: string; similarity: number }[]): string {
  const width = Math.max(4, ...neighbors.map((n) => displayWidth(n.word)));
  return neighbors.map((n) => `${n.word}${' '.repeat(width - displayWidth(n.word) + 2)}${formatScore(n.similarity)}\n`).join('');
}

/** Terminal columns: CJK and other wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

// --- internal ---

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
