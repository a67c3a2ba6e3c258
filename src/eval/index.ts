// Evaluation of word vectors: analogy accuracy and word-pair correlation, matching gensim 4.2's evaluators.
// Depends only on vectors/; never on train/.
export { type AnalogyEvalOptions, type AnalogyResult, type AnalogySection, DEFAULT_RESTRICT_VOCAB, evaluateAnalogies } from './analogies.ts';
export { evaluatePairs, type PairEvalOptions, type PairResult, pearson, spearman } from './pairs.ts';
