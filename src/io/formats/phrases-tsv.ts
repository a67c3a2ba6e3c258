// phrases.tsv: `phrase<TAB>count<TAB>score` lines, most frequent first, after a header of `# key: value`
// lines that say how to apply the table (delimiter, connector words) and how it was learned. `# pass: N` starts
// the phrases of learning pass N (trigrams from a second pass). Phrase tokens never contain whitespace, so a
// line starting with "# " can never be a phrase. This is the file format only, on plain data:
// tokenize/phrase-table.ts builds the PhraseTable that applies it.
import { readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { BadFileError } from '../../errors.ts';

/** One phrase: its joined token, how often the bigram was counted, and its score. */
export interface Phrase {
  readonly phrase: string;
  readonly count: number;
  readonly score: number;
}

/** How a table was learned (written in the phrases.tsv header; informative, not needed to apply it). */
export interface PhraseLearning {
  scoring: string;
  threshold: number;
  minCount: number;
  /** Tokens counted in the first pass (gensim corpus_word_count). */
  corpusWords?: number;
}

/** What phrases.tsv holds: phrases by pass (arrays or maps by joined token), the delimiter, the connector words. */
export interface PhrasesData {
  readonly passes: readonly { values(): Iterable<Phrase> }[];
  readonly delimiter: string;
  readonly connectorWords: ReadonlySet<string>;
  readonly learning?: PhraseLearning | undefined;
}

/** What `parsePhrasesData` returns: the passes as arrays in file order. */
export interface ParsedPhrases extends PhrasesData {
  readonly passes: Phrase[][];
}

/** The text of phrases.tsv for `table` (a PhraseTable, or the data `parsePhrasesData` returns). */
export function phrasesTsv(table: PhrasesData): string {
  const lines = [
    '# phrases: phrase<TAB>count<TAB>score, most frequent first (gensim Phrases semantics; w2v phrases)',
    `# delimiter: ${table.delimiter}`,
    `# connector-words: ${[...table.connectorWords].join(' ')}`,
  ];
  const l = table.learning;
  if (l !== undefined) {
    lines.push(`# scoring: ${l.scoring}`, `# threshold: ${l.threshold}`, `# min-count: ${l.minCount}`);
    if (l.corpusWords !== undefined) lines.push(`# corpus-words: ${l.corpusWords}`);
  }
  table.passes.forEach((pass, i) => {
    lines.push(`# pass: ${i + 1}`);
    for (const p of pass.values()) lines.push(`${p.phrase}\t${p.count}\t${p.score}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Reads a phrases.tsv file; a malformed line is refused with the file, the line and what was expected. */
export async function readPhrasesData(path: string): Promise<ParsedPhrases> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BadFileError('E_INPUT', path, undefined, `cannot read the phrase table (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass a phrases.tsv written by \`w2v phrases\``);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadFileError('E_INPUT', path, undefined, 'is not UTF-8 text; a phrase table is the UTF-8 phrases.tsv written by `w2v phrases`');
  }
  return parsePhrasesData(path, text);
}

/** Parses the text of phrases.tsv (`path` names it in errors). */
export function parsePhrasesData(path: string, text: string): ParsedPhrases {
  let delimiter = '_';
  let connectors: string[] | undefined;
  const learning: Partial<PhraseLearning> = {};
  const passes: Phrase[][] = [];
  const seen = new Map<string, number>(); // phrase -> line, within the current pass
  let data = false;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const bad = (detail: string): BadFileError => new BadFileError('E_INPUT', path, `line ${i + 1}`, detail);
    if (line === '') continue;
    if (line === '#' || line.startsWith('# ')) {
      const m = /^# ([a-z-]+): ?(.*)$/.exec(line);
      if (m === null) continue; // a comment
      const [, key, value] = m as unknown as [string, string, string];
      if (key === 'pass') {
        const n = Number(value);
        if (n !== passes.length + 1) throw bad(`"# pass: ${value}" out of order; passes are numbered 1, 2, ... in the order they apply`);
        passes.push([]);
        seen.clear();
        continue;
      }
      if (data && (key === 'delimiter' || key === 'connector-words')) throw bad(`"# ${key}:" must come before the first phrase`);
      if (key === 'delimiter') {
        if (value === '' || /\s/.test(value)) throw bad(`the delimiter ${JSON.stringify(value)} must be non-empty and without whitespace`);
        delimiter = value;
      } else if (key === 'connector-words') connectors = value.split(' ').filter((w) => w !== '');
      else if (key === 'scoring') learning.scoring = value;
      else if (key === 'threshold') learning.threshold = Number(value);
      else if (key === 'min-count') learning.minCount = Number(value);
      else if (key === 'corpus-words') learning.corpusWords = Number(value);
      continue;
    }
    const fields = line.split('\t');
    if (fields.length !== 3) throw bad(`expected "phrase<TAB>count<TAB>score" (3 tab-separated fields), got ${fields.length}: ${JSON.stringify(line.slice(0, 80))}`);
    const [phrase, count, score] = fields as [string, string, string];
    if (phrase === '' || /\s/.test(phrase)) throw bad(`the phrase ${JSON.stringify(phrase)} must be one token (no whitespace)`);
    if (!phrase.includes(delimiter) || phrase.startsWith(delimiter) || phrase.endsWith(delimiter)) {
      throw bad(`${JSON.stringify(phrase)} is not a phrase: it must join two or more words with the delimiter ${JSON.stringify(delimiter)}`);
    }
    if (!/^[1-9]\d*$/.test(count) || !Number.isSafeInteger(Number(count))) throw bad(`the count ${JSON.stringify(count)} must be a whole number >= 1`);
    const s = Number(score);
    if (score.trim() === '' || !Number.isFinite(s)) throw bad(`the score ${JSON.stringify(score)} must be a finite number`);
    const earlier = seen.get(phrase);
    if (earlier !== undefined) throw bad(`${JSON.stringify(phrase)} repeats line ${earlier} of the same pass`);
    seen.set(phrase, i + 1);
    if (passes.length === 0) passes.push([]);
    passes[passes.length - 1]!.push({ phrase, count: Number(count), score: s });
    data = true;
  }
  // a hand-written table without a header: the words inside its phrases are the connector words (applying it
  // then joins exactly the listed phrases)
  const connectorWords = new Set(connectors ?? passes.flatMap((pass) => pass.flatMap((p) => p.phrase.split(delimiter).slice(1, -1))));
  const complete = learning.scoring !== undefined && learning.threshold !== undefined && learning.minCount !== undefined;
  return { passes, delimiter, connectorWords, learning: complete ? (learning as PhraseLearning) : undefined };
}
