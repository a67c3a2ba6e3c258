// Phrases: tokens -> tokens. Learns bigram phrases from a corpus with gensim 4.2's Phrases semantics (counts,
// scores, connector words, pruning), stores them as phrases.tsv and applies them in the tokenizer, so training,
// vocabularies, queries and sentence vectors all see `new_york`. Depends on corpus/ and tokenize/ types only;
// never on vocab/, train/ or vectors/.
export { ENGLISH_CONNECTOR_WORDS, resolveConnectorWords } from './connector-words.ts';
export { type LearnPhraseOptions, learnPhrases, type PassStats, PhraseCounter, type PhraseHooks, type PhraseProgress } from './learn.ts';
export { applyPass, type Phrase, type PhraseLearning, PhraseTable, PhraseTokenizer } from './phrase-table.ts';
export { parsePhrasesTsv, phrasesTsv, readPhraseTable } from './phrases-file.ts';
export { type BigramCounts, defaultScore, npmiScore } from './scoring.ts';
