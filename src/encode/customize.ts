// Customised embeddings, the data side (plain TypeScript, no TF.js): reading labelled pairs or labelled texts,
// the train/test split (made on texts, before any negative pair is synthesised, so no text sits on both sides),
// pair synthesis, the "cos > t means similar" rule with its threshold chosen on the train pairs, accuracies with
// standard errors, and applying a learned matrix to a sentence vector. The matrix itself is learned in
// src/tf/customize-train.ts. Depends on io/ helpers and util/ only.
import { BadFileError, Word2VecError } from '../errors.ts';
import type { Rng } from '../util/rng.ts';
import { shuffle } from '../util/shuffle.ts';

/** One labelled pair: +1 similar, -1 dissimilar. `line` is the 1-based line of the pairs file, when from one. */
export interface LabelledPair {
  text1: string;
  text2: string;
  label: 1 | -1;
  line?: number | undefined;
}

/** One labelled text (a row of a `--labels` file). */
export interface LabelledText {
  text: string;
  label: string;
  line: number;
}

/** Pairs of one side of the split, and the distinct texts they use. */
export interface PairSplit {
  train: LabelledPair[];
  test: LabelledPair[];
  /** How the negatives came about: read from the file, or synthesised within each side. */
  negatives: 'given' | 'synthesised';
  /** Pairs left out because their two texts fell on different sides (only when groups could not be kept whole). */
  dropped: number;
}

/** A learned linear map applied after the sentence vector: custom = e . M (M is dim x outDim, row-major). */
export interface Customization {
  name: string;
  dim: number;
  outDim: number;
  matrix: Float32Array;
  /** The sentence-vector method the matrix was trained on. */
  method: 'mean' | 'tfidf' | 'sif';
  /** sif: the principal component removed when the matrix was trained (applied again so vectors match). */
  component?: Float32Array | undefined;
}

/** Accuracy of a threshold rule with its standard error and the counts behind it. */
export interface Accuracy {
  accuracy: number;
  /** Standard error sqrt(p(1-p)/n); the 95% interval is accuracy +- 1.96 se. */
  se: number;
  correct: number;
  total: number;
}

/** Names of the label column that mark a first line as a header (a typo on line 1 stays an error). */
const HEADER_LABELS = new Set(['label', 'labels', 'score', 'similar', 'similarity', 'target', 'y']);

/** Default test share of the split (half the texts, as the cookbook's test_fraction). */
export const DEFAULT_TEST_SHARE = 0.5;
/** Pairs made per side from a labels file at most (all within-label pairs of 200 texts are already ~20,000). */
export const DEFAULT_MAX_PAIRS = 4000;

/**
 * Parses a pairs file: `text_1, text_2, label` per line, tab-separated (TSV) or comma-separated (CSV with
 * double-quoted fields), labels +1/-1 or 1/0. A first line whose third column is named label, score, similar,
 * similarity, target or y is a header; blank lines are skipped. Bad rows are errors naming the file and line.
 */
export function parsePairsFile(path: string, lines: readonly string[]): LabelledPair[] {
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (firstLine === -1) throw new BadFileError('E_INPUT', path, undefined, 'has no pairs; expected lines of text_1, text_2, label (+1/-1 or 1/0)');
  const tsv = lines[firstLine]!.includes('\t');
  const pairs: LabelledPair[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `line ${i + 1}`;
    const fields = tsv ? raw.split('\t') : splitCsvLine(raw, path, where);
    if (fields.length !== 3) {
      throw new BadFileError('E_INPUT', path, where, `expected 3 ${tsv ? 'tab' : 'comma'}-separated columns (text_1, text_2, label), found ${fields.length}${tsv ? '' : ' (quote texts that contain commas)'}`);
    }
    const [text1, text2, labelText] = fields.map((f) => f.trim()) as [string, string, string];
    const label = parseLabel(labelText);
    if (label === undefined) {
      if (i === firstLine && HEADER_LABELS.has(labelText.toLowerCase())) return; // a header such as text_1,text_2,label
      throw new BadFileError('E_INPUT', path, where, `label ${JSON.stringify(labelText)} is not one of +1, -1, 1, 0`);
    }
    if (text1 === '' || text2 === '') throw new BadFileError('E_INPUT', path, where, `text_${text1 === '' ? 1 : 2} is empty`);
    pairs.push({ text1, text2, label, line: i + 1 });
  });
  if (pairs.length === 0) throw new BadFileError('E_INPUT', path, undefined, 'has a header but no pairs');
  if (!pairs.some((p) => p.label === 1)) throw new BadFileError('E_INPUT', path, undefined, 'has no similar pair (label +1 or 1); nothing to learn from');
  return pairs;
}

/** Parses a labels file: `text<TAB>label` per line (an optional `text<TAB>label` header; blank lines skipped). */
export function parseLabelsFile(path: string, lines: readonly string[]): LabelledText[] {
  const rows: LabelledText[] = [];
  const seen = new Map<string, LabelledText>();
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `line ${i + 1}`;
    const tab = raw.lastIndexOf('\t');
    if (tab === -1) throw new BadFileError('E_INPUT', path, where, 'expected text<TAB>label (no tab found)');
    const text = raw.slice(0, tab).trim();
    const label = raw.slice(tab + 1).trim();
    if (rows.length === 0 && text.toLowerCase() === 'text' && label.toLowerCase() === 'label') return;
    if (label === '') throw new BadFileError('E_INPUT', path, where, 'the label (after the last tab) is empty');
    if (text === '') throw new BadFileError('E_INPUT', path, where, 'the text (before the last tab) is empty');
    const earlier = seen.get(text);
    if (earlier !== undefined) {
      if (earlier.label !== label) throw new BadFileError('E_INPUT', path, where, `the same text has label ${JSON.stringify(label)} here and ${JSON.stringify(earlier.label)} on line ${earlier.line}`);
      return; // a repeated row: one text, one place in the split
    }
    const row = { text, label, line: i + 1 };
    seen.set(text, row);
    rows.push(row);
  });
  const labels = new Set(rows.map((r) => r.label));
  if (labels.size < 2) throw new BadFileError('E_INPUT', path, undefined, `needs at least two labels to make dissimilar pairs (found ${labels.size})`);
  return rows;
}

/**
 * Splits labelled texts into train and test texts, stratified by label and seeded: of each label's texts a
 * share `testShare` (rounded) goes to test, at least 2 to each side when the label has 4 or more.
 */
export function splitTexts(rows: readonly LabelledText[], testShare: number, rng: Rng): { train: LabelledText[]; test: LabelledText[] } {
  checkShare(testShare);
  const byLabel = groupBy(rows, (r) => r.label);
  const train: LabelledText[] = [];
  const test: LabelledText[] = [];
  for (const group of byLabel.values()) {
    const shuffled = shuffle([...group], rng);
    let nTest = Math.round(shuffled.length * testShare);
    if (shuffled.length >= 4) nTest = Math.min(Math.max(nTest, 2), shuffled.length - 2);
    test.push(...shuffled.slice(0, nTest));
    train.push(...shuffled.slice(nTest));
  }
  return { train, test };
}

/**
 * Pairs from labelled texts of one side: positives are pairs of texts with the same label, negatives pairs with
 * different labels, as many negatives as positives, at most `maxPairs` in all (sampled without repeats).
 */
export function pairsFromLabels(rows: readonly LabelledText[], maxPairs: number, rng: Rng): LabelledPair[] {
  const byLabel = [...groupBy(rows, (r) => r.label).values()];
  const within = byLabel.map((g) => (g.length * (g.length - 1)) / 2);
  const totalWithin = within.reduce((s, x) => s + x, 0);
  const totalAcross = (rows.length * (rows.length - 1)) / 2 - totalWithin;
  const nPositive = Math.min(totalWithin, totalAcross, Math.floor(maxPairs / 2));
  if (nPositive === 0) return [];
  const positives: LabelledPair[] = [];
  const taken = new Set<string>();
  if (nPositive === totalWithin) {
    for (const g of byLabel) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) positives.push({ text1: g[i]!.text, text2: g[j]!.text, label: 1 });
  } else {
    while (positives.length < nPositive) {
      // a label with probability proportional to its number of pairs, then a uniform pair within it
      let r = rng.nextFloat() * totalWithin;
      let k = 0;
      while (r >= within[k]! && k < within.length - 1) r -= within[k++]!;
      const g = byLabel[k]!;
      const [i, j] = twoDistinct(g.length, rng);
      if (taken.has(`${k}:${i}:${j}`)) continue;
      taken.add(`${k}:${i}:${j}`);
      positives.push({ text1: g[i]!.text, text2: g[j]!.text, label: 1 });
    }
  }
  const negatives: LabelledPair[] = [];
  const takenAcross = new Set<string>();
  while (negatives.length < nPositive) {
    const [i, j] = twoDistinct(rows.length, rng);
    if (rows[i]!.label === rows[j]!.label || takenAcross.has(`${i}:${j}`)) continue;
    takenAcross.add(`${i}:${j}`);
    negatives.push({ text1: rows[i]!.text, text2: rows[j]!.text, label: -1 });
  }
  return shuffle([...positives, ...negatives], rng);
}

/**
 * Splits given pairs into train and test so that no text is on both sides: pairs that share a text (connected
 * through any chain of pairs) stay together. Groups are assigned in seeded order, each to the side whose share
 * of similar and dissimilar pairs it fills least beyond `testShare` (stratified by label). When the file has no
 * dissimilar pairs, as many are synthesised within each side (text_1 of one pair with text_2 of another that is
 * not known to be similar). Pairs too connected to keep whole are split by text, dropping the pairs that cross.
 */
export function splitPairs(pairs: readonly LabelledPair[], testShare: number, rng: Rng): PairSplit {
  checkShare(testShare);
  const groups = connectedGroups(pairs);
  const totalPos = pairs.filter((p) => p.label === 1).length;
  const totalNeg = pairs.length - totalPos;
  const train: LabelledPair[] = [];
  const test: LabelledPair[] = [];
  let testPos = 0;
  let testNeg = 0;
  for (const group of shuffle(groups, rng)) {
    const pos = group.filter((p) => p.label === 1).length;
    const neg = group.length - pos;
    // join test while adding the group overshoots the target by less than half the group
    const fits = (pos === 0 || testPos + pos / 2 <= testShare * totalPos) && (neg === 0 || testNeg + neg / 2 <= testShare * totalNeg);
    if (fits) {
      test.push(...group);
      testPos += pos;
      testNeg += neg;
    } else {
      train.push(...group);
    }
  }
  let dropped = 0;
  const bothLabels = (side: LabelledPair[]): boolean => side.some((p) => p.label === 1) && (totalNeg === 0 || side.some((p) => p.label === -1));
  if (!bothLabels(train) || !bothLabels(test)) {
    // the pairs are too connected to keep groups whole (e.g. every pair shares one text): split the texts
    // instead and leave out the pairs whose texts fall on different sides
    train.length = 0;
    test.length = 0;
    const texts = shuffle([...textsOf(pairs)].sort(), rng);
    const inTest = new Set(texts.slice(0, Math.round(texts.length * testShare)));
    for (const p of pairs) {
      const a = inTest.has(p.text1);
      if (a !== inTest.has(p.text2)) dropped++;
      else (a ? test : train).push(p);
    }
  }
  if (totalNeg > 0) return { train, test, negatives: 'given', dropped };
  return { train: withNegatives(train, rng), test: withNegatives(test, rng), negatives: 'synthesised', dropped };
}

/** The distinct texts of a list of pairs. */
export function textsOf(pairs: readonly LabelledPair[]): Set<string> {
  const texts = new Set<string>();
  for (const p of pairs) {
    texts.add(p.text1);
    texts.add(p.text2);
  }
  return texts;
}

/**
 * The threshold t that maximises the accuracy of "score > t means similar" on these pairs (a midpoint between
 * two neighbouring scores), with that accuracy.
 */
export function bestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; accuracy: number } {
  const n = scores.length;
  if (n === 0) throw new Word2VecError('E_INVALID_OPTION', 'no pairs to choose a threshold on');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // threshold below every score: all predicted similar, so correct = number of positives
  let correct = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0) correct++;
  let best = correct;
  let threshold = scores[order[0]!]! - 1e-6;
  for (let k = 0; k < n; k++) {
    // move order[k] to "dissimilar"
    correct += labels[order[k]!]! > 0 ? -1 : 1;
    const here = scores[order[k]!]!;
    const next = k + 1 < n ? scores[order[k + 1]!]! : here + 2e-6;
    if (next === here) continue; // ties move together
    if (correct > best) {
      best = correct;
      threshold = (here + next) / 2;
    }
  }
  return { threshold, accuracy: best / n };
}

/** Accuracy of "score > threshold means similar", with its standard error. */
export function accuracyAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Accuracy {
  const total = scores.length;
  let correct = 0;
  for (let i = 0; i < total; i++) if (scores[i]! > threshold === labels[i]! > 0) correct++;
  const accuracy = total === 0 ? 0 : correct / total;
  return { accuracy, se: total === 0 ? 0 : Math.sqrt((accuracy * (1 - accuracy)) / total), correct, total };
}

/**
 * The change in accuracy between two rules on the same pairs, with the standard error of that change from the
 * per-pair differences (paired: both rules see the same pairs, so their errors are correlated).
 */
export function pairedImprovement(before: ArrayLike<number>, after: ArrayLike<number>, labels: ArrayLike<number>, tBefore: number, tAfter: number): { change: number; se: number } {
  const n = labels.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]! > 0;
    const d = (after[i]! > tAfter === y ? 1 : 0) - (before[i]! > tBefore === y ? 1 : 0);
    sum += d;
    sumSq += d * d;
  }
  const mean = sum / n;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  return { change: mean, se: Math.sqrt(Math.max(variance, 0) / n) };
}

/** Cosine similarity of row i of `a` and row i of `b` (both n x dim), in float64. */
export function rowCosines(a: Float32Array, b: Float32Array, dim: number): Float64Array {
  const n = a.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = i * dim; j < (i + 1) * dim; j++) {
      dot += a[j]! * b[j]!;
      na += a[j]! * a[j]!;
      nb += b[j]! * b[j]!;
    }
    out[i] = na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
  }
  return out;
}

/** e . M for every row of `rows` (n x dim) with M dim x outDim; returns n x outDim. */
export function multiplyRows(rows: Float32Array, matrix: Float32Array, dim: number, outDim: number): Float32Array {
  const n = rows.length / dim;
  const out = new Float32Array(n * outDim);
  const acc = new Float64Array(outDim);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let j = 0; j < dim; j++) {
      const x = rows[i * dim + j]!;
      if (x === 0) continue;
      const base = j * outDim;
      for (let k = 0; k < outDim; k++) acc[k] += x * matrix[base + k]!;
    }
    out.set(acc, i * outDim);
  }
  return out;
}

/** Applies a customisation to one sentence vector: e . M. */
export function applyCustomization(vector: Float32Array, custom: Customization): Float32Array {
  if (vector.length !== custom.dim) throw new Word2VecError('E_INVALID_OPTION', `customisation ${custom.name} expects ${custom.dim}-dimensional vectors, got ${vector.length}`);
  return multiplyRows(vector, custom.matrix, custom.dim, custom.outDim);
}

// --- internal ---

function parseLabel(text: string): 1 | -1 | undefined {
  if (!/^[+-]?\d+(\.0*)?$/.test(text)) return undefined;
  const n = Number(text);
  if (n === 1) return 1;
  if (n === -1 || n === 0) return -1;
  return undefined;
}

/** RFC 4180 fields of one line: commas separate, double quotes enclose, "" is a quote inside quotes. */
function splitCsvLine(line: string, path: string, where: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
    i++;
  }
  if (quoted) throw new BadFileError('E_INPUT', path, where, 'a quoted field is not closed (texts spanning lines are not supported)');
  fields.push(field);
  return fields;
}

function checkShare(share: number): void {
  if (!(share > 0 && share < 1)) throw new Word2VecError('E_INVALID_OPTION', `--test-share ${share} is invalid: expected a number between 0 and 1 (exclusive)`);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [item]);
    else g.push(item);
  }
  return groups;
}

function twoDistinct(n: number, rng: Rng): [number, number] {
  const i = rng.nextInt(n);
  let j = rng.nextInt(n - 1);
  if (j >= i) j++;
  return i < j ? [i, j] : [j, i];
}

/** Pairs grouped by shared texts (union-find over the texts). */
function connectedGroups(pairs: readonly LabelledPair[]): LabelledPair[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let y = x;
    while (parent.get(y) !== root) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const p of pairs) {
    if (!parent.has(p.text1)) parent.set(p.text1, p.text1);
    if (!parent.has(p.text2)) parent.set(p.text2, p.text2);
    const a = find(p.text1);
    const b = find(p.text2);
    if (a !== b) parent.set(a, b);
  }
  return [...groupBy(pairs, (p) => find(p.text1)).values()];
}

/** Adds as many synthesised dissimilar pairs as there are similar ones (the cookbook's negatives). */
function withNegatives(positives: LabelledPair[], rng: Rng): LabelledPair[] {
  const known = new Set(positives.flatMap((p) => [`${p.text1}\u0000${p.text2}`, `${p.text2}\u0000${p.text1}`]));
  const negatives: LabelledPair[] = [];
  const n = positives.length;
  let attempts = 0;
  while (negatives.length < n && n > 1 && attempts < 50 * n) {
    attempts++;
    const [i, j] = twoDistinct(n, rng);
    const a = positives[i]!.text1;
    const b = positives[j]!.text2;
    const key = `${a}\u0000${b}`;
    if (a === b || known.has(key)) continue;
    known.add(key);
    known.add(`${b}\u0000${a}`);
    negatives.push({ text1: a, text2: b, label: -1 });
  }
  return shuffle([...positives, ...negatives], rng);
}
