// Learning phrases: bigram phrases from a corpus with gensim 4.2's Phrases semantics (counts, scores, connector
// words, pruning), into a PhraseTable that every tokenizer applies (tokenize/phrase-table.ts) and phrases.tsv
// stores (io/formats/phrases-tsv.ts), so training, vocabularies, queries and sentence vectors all see `new_york`.
// Depends on corpus/ and tokenize/ only; never on vocab/, train/ or vectors/.
export { ENGLISH_CONNECTOR_WORDS, resolveConnectorWords } from './connector-words.ts';
export { type LearnPhraseOptions, learnPhrases, type PassStats, PhraseCounter, type PhraseHooks, type PhraseProgress } from './learn.ts';
// the table, its application and its file, re-exported: phrases/ stays the one place to reach for
export { applyPass, type Phrase, type PhraseLearning, PhraseTable, PhraseTokenizer, parsePhrasesTsv, phrasesTsv, readPhraseTable } from '../tokenize/phrase-table.ts';
export { type BigramCounts, defaultScore, npmiScore } from './scoring.ts';
