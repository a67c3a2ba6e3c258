// Analogy accuracy (Google questions-words, CA8): "a b c d" lines under ": section" headers. Follows gensim
// 4.2 evaluate_word_analogies exactly, so the figures are comparable: only the first `restrictVocab` words
// take part, case-insensitive matching keeps the first (most frequent) casing, a question with any word
// outside that vocabulary is OOV and skipped, and the answer is the best of the top 5 3CosAdd candidates
// that is not a question word.
import { BadFileError } from '../errors.ts';
import { readTextFile } from '../io/text-file.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';

/** Options of `evaluateAnalogies`. */
export interface AnalogyEvalOptions {
  /** Only the first N words are candidates and known (gensim default 300,000). */
  restrictVocab?: number | undefined;
  /** Compare words uppercased (gensim default true). */
  caseInsensitive?: boolean | undefined;
}

/** Accuracy of one section, or of a whole file. */
export interface AnalogySection {
  name: string;
  correct: number;
  /** Questions answered (OOV questions are not counted). */
  total: number;
  /** correct / total, 0 when nothing was answered. */
  accuracy: number;
}

/** The result of one analogy file. */
export interface AnalogyResult {
  file: string;
  correct: number;
  total: number;
  /** Over all sections (gensim "Total accuracy"), a fraction 0-1. */
  accuracy: number;
  /** Questions skipped because a word is outside the restricted vocabulary. */
  oov: number;
  /** oov / all questions, a fraction 0-1. */
  oovRatio: number;
  /** All well-formed questions in the file. */
  questions: number;
  sections: AnalogySection[];
}

/** Default vocabulary restriction of gensim's evaluators. */
export const DEFAULT_RESTRICT_VOCAB = 300_000;

/** Analogy accuracy of `kv` on the questions in `path` (gensim evaluate_word_analogies semantics). */
export async function evaluateAnalogies(kv: KeyedVectors, path: string, options: AnalogyEvalOptions = {}): Promise<AnalogyResult> {
  const text = await readTextFile(path);
  const { n, ok, key } = evalVocab(kv, options);
  const unit = kv.unitMatrix();
  const dim = kv.dim;
  const sections: AnalogySection[] = [];
  let section: AnalogySection | undefined;
  let oov = 0;
  let questions = 0;
  const lines = text.split('\n');
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    const line = lines[lineNo]!;
    if (line.startsWith(': ')) {
      section = { name: line.replace(/^[: ]+/, '').trim(), correct: 0, total: 0, accuracy: 0 };
      sections.push(section);
      continue;
    }
    const parts = line.split(/\s+/).filter((p) => p !== '');
    if (parts.length === 0) continue;
    if (section === undefined) throw new BadFileError('E_INPUT', path, `line ${lineNo + 1}`, 'a question comes before the first ": section" header');
    if (parts.length !== 4) continue; // gensim skips malformed lines without counting them
    questions++;
    const [a, b, c, expected] = parts.map(key) as [string, string, string, string];
    const ia = ok.get(a);
    const ib = ok.get(b);
    const ic = ok.get(c);
    if (ia === undefined || ib === undefined || ic === undefined || !ok.has(expected)) {
      oov++;
      continue;
    }
    // gensim most_similar(positive=[b, c], negative=[a]): mean of unit vectors, then cosine ranking
    const query = new Float64Array(dim);
    for (let j = 0; j < dim; j++) query[j] = unit[ib * dim + j]! + unit[ic * dim + j]! - unit[ia * dim + j]!;
    const { indices } = kv.rankRows(query, 5, n, new Set([ia, ib, ic]));
    const ignore = new Set([a, b, c]);
    let predicted: string | undefined;
    for (const i of indices) {
      predicted = key(kv.words[i]!);
      if (ok.has(predicted) && !ignore.has(predicted)) break;
    }
    section.total++;
    if (predicted === expected) section.correct++;
  }
  let correct = 0;
  let total = 0;
  for (const s of sections) {
    s.accuracy = s.total === 0 ? 0 : s.correct / s.total;
    correct += s.correct;
    total += s.total;
  }
  if (questions === 0) throw new BadFileError('E_INPUT', path, undefined, 'no analogy questions found; expected ": section" headers and "a b c d" lines');
  return { file: path, correct, total, accuracy: total === 0 ? 0 : correct / total, oov, oovRatio: oov / questions, questions, sections };
}

/**
 * The vocabulary both evaluators use (gensim): the first `restrictVocab` words, as a map word -> row in which,
 * with case folding, the first (most frequent) casing wins; `key` folds a word from the file the same way.
 */
export function evalVocab(kv: KeyedVectors, options: { restrictVocab?: number | undefined; caseInsensitive?: boolean | undefined }): { n: number; ok: Map<string, number>; key: (word: string) => string } {
  const caseInsensitive = options.caseInsensitive ?? true;
  const n = Math.min(options.restrictVocab ?? DEFAULT_RESTRICT_VOCAB, kv.size);
  const key = caseInsensitive ? (w: string) => w.toUpperCase() : (w: string) => w;
  const ok = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = key(kv.words[i]!);
    if (!ok.has(k)) ok.set(k, i);
  }
  return { n, ok, key };
}
