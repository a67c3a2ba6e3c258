// Connector words: words a phrase may contain but never start or end with (bank_of_america,
// eye_of_the_beholder). They are not counted as unigrams and never begin a bigram candidate.
import { readFile } from 'node:fs/promises';
import { BadFileError } from '../errors.ts';
import type { TokenizerOptions } from '../options.ts';
import { normalizeText } from '../tokenize/normalize.ts';

/**
 * gensim 4.2's ENGLISH_CONNECTOR_WORDS: articles, a deliberately incomplete set of prepositions and two
 * conjunctions (gensim keeps it small to minimise false negatives).
 */
export const ENGLISH_CONNECTOR_WORDS: ReadonlySet<string> = new Set(
  ['a', 'an', 'the', 'for', 'of', 'with', 'without', 'at', 'from', 'to', 'in', 'on', 'by', 'and', 'or'],
);

/**
 * The connector words `spec` names: `english`, `none`, or a file (one word a line, or several separated by
 * spaces; `#` starts a comment line), normalised the way `tokenizer` normalises text.
 */
export async function resolveConnectorWords(spec: string, tokenizer: Pick<TokenizerOptions, 'tokenized' | 'keepCase'>): Promise<ReadonlySet<string>> {
  if (spec === 'english') return ENGLISH_CONNECTOR_WORDS;
  if (spec === 'none') return new Set();
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch (error) {
    throw new BadFileError('E_INPUT', spec, undefined, `cannot read the connector-word file (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass english, none or a file of words`);
  }
  const words = new Set<string>();
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const word of line.split(/\s+/)) words.add(tokenizer.tokenized ? word : normalizeText(word, tokenizer.keepCase));
  }
  return words;
}
