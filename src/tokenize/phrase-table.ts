// A learned phrase table and its application to a token stream, as gensim 4.2's FrozenPhrases applies its
// phrasegrams: left to right, greedily, without overlaps; connector words may sit inside a phrase but never
// start or end one. A table of several passes applies them in order (trigram[bigram[sentence]]).
// Learning a table is phrases/'s; the file format is io/formats/phrases-tsv.ts.
import { type ParsedPhrases, type Phrase, type PhraseLearning, parsePhrasesData, readPhrasesData } from '../io/formats/phrases-tsv.ts';
import type { Tokenizer } from './tokenizer.ts';

export type { Phrase, PhraseLearning } from '../io/formats/phrases-tsv.ts';
export { phrasesTsv } from '../io/formats/phrases-tsv.ts';

/** Phrases by pass, plus what applying them needs: the delimiter and the connector words. */
export class PhraseTable {
  /** Each pass's phrases by joined token. */
  readonly passes: readonly ReadonlyMap<string, Phrase>[];

  constructor(
    passes: readonly (ReadonlyMap<string, Phrase> | readonly Phrase[])[],
    readonly delimiter: string,
    readonly connectorWords: ReadonlySet<string>,
    readonly learning?: PhraseLearning,
  ) {
    this.passes = passes.map((p) => (p instanceof Map ? p : new Map((p as readonly Phrase[]).map((e) => [e.phrase, e]))));
  }

  /** Phrases over all passes. */
  get size(): number {
    return this.passes.reduce((n, p) => n + p.size, 0);
  }

  /**
   * Joins the phrases of `tokens`, pass after pass.
   * @example
   * table.apply(['the', 'mayor', 'of', 'new', 'york']); // ['the', 'mayor', 'of', 'new_york']
   */
  apply(tokens: readonly string[]): string[] {
    let out = tokens as string[];
    for (const pass of this.passes) {
      if (pass.size > 0) out = applyPass(out, pass, this.connectorWords, this.delimiter);
    }
    return out === tokens ? [...tokens] : out;
  }
}

/** Reads a phrases.tsv file into a table; a malformed line is refused with the file, the line and what was expected. */
export async function readPhraseTable(path: string): Promise<PhraseTable> {
  return tableOf(await readPhrasesData(path));
}

/** Parses the text of phrases.tsv into a table (`path` names it in errors). */
export function parsePhrasesTsv(path: string, text: string): PhraseTable {
  return tableOf(parsePhrasesData(path, text));
}

function tableOf(data: ParsedPhrases): PhraseTable {
  return new PhraseTable(data.passes, data.delimiter, data.connectorWords, data.learning);
}

/** Applies a phrase table after an inner tokenizer (and its stopword filter) has run. */
export class PhraseTokenizer implements Tokenizer {
  constructor(
    private readonly inner: Tokenizer,
    readonly table: PhraseTable,
  ) {}

  tokenize(text: string): string[] {
    return this.table.apply(this.inner.tokenize(text));
  }
}

/**
 * One pass of gensim's `analyze_sentence` with a frozen table: a candidate runs from a non-connector word over
 * any connector words to the next non-connector word; if it is in `phrases` it becomes one token and the next
 * candidate starts after it, otherwise its first word is emitted alone and the candidate restarts at its end.
 */
export function applyPass(tokens: readonly string[], phrases: ReadonlyMap<string, Phrase>, connectors: ReadonlySet<string>, delimiter: string): string[] {
  const out: string[] = [];
  let start: string | undefined;
  let between: string[] = [];
  const hasConnectors = connectors.size > 0;
  for (const word of tokens) {
    if (!hasConnectors || !connectors.has(word)) {
      if (start === undefined) {
        start = word;
        continue;
      }
      const joined = between.length === 0 ? start + delimiter + word : `${start}${delimiter}${between.join(delimiter)}${delimiter}${word}`;
      const phrase = phrases.get(joined);
      if (phrase !== undefined) {
        out.push(phrase.phrase);
        start = undefined;
      } else {
        out.push(start);
        for (const w of between) out.push(w);
        start = word;
      }
      if (between.length > 0) between = [];
    } else if (start !== undefined) {
      between.push(word);
    } else {
      out.push(word);
    }
  }
  if (start !== undefined) {
    out.push(start);
    for (const w of between) out.push(w);
  }
  return out;
}
