// A learned phrase table and its application to a token stream, as gensim 4.2's FrozenPhrases applies its
// phrasegrams: left to right, greedily, without overlaps; connector words may sit inside a phrase but never
// start or end one. A table of several passes applies them in order (trigram[bigram[sentence]]).
import type { Tokenizer } from '../tokenize/tokenizer.ts';

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
