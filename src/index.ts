// The public API of tfjs-word2vec: an explicit export list (citty src/index.ts). Training lives in Word2Vec,
// everything done with trained vectors in KeyedVectors, which never imports TensorFlow.js.

export type { Corpus } from './corpus/corpus.ts';
export { type OpenCorpusOptions, openCorpus } from './corpus/open-corpus.ts';
export { TextCorpus } from './corpus/text-corpus.ts';
export { buildEncoder, compareVectors, kMeans, SentenceEncoder, type EncodeMethod, type SentenceVector } from './encode/index.ts';
export {
  applyCustomization,
  type Customization,
  type LabelledPair,
  type LabelledText,
  parseLabelsFile,
  parsePairsFile,
} from './encode/customize.ts';
export { type CustomizeOptions, type CustomizeReport, type CustomizeResult, customizeEmbeddings, customizedEncoder } from './encode/customize-embeddings.ts';
export { type CustomSummary, listCustomizations, loadCustomization, saveCustomization } from './encode/customize-io.ts';
export { cosineHistogramSvg } from './encode/customize-svg.ts';
export { BadFileError, UnknownWordError, Word2VecError, type Word2VecErrorCode } from './errors.ts';
export { evaluateAnalogies, evaluatePairs, type AnalogyResult, type PairResult } from './eval/index.ts';
export { readWord2Vec, writeProjectorTsv, writeVectors, type VectorFormat } from './io/formats/index.ts';
export { readModelFolder, writeModelFolder, type ModelFolder, type ModelMeta } from './io/model-folder.ts';
export {
  DEFAULT_PHRASE_OPTIONS,
  DEFAULT_TOKENIZER_OPTIONS,
  DEFAULT_TRAIN_OPTIONS,
  DEFAULT_VOCAB_OPTIONS,
  resolvePhraseOptions,
  resolveTokenizerOptions,
  resolveTrainOptions,
  type Convert,
  type Loss,
  type Model,
  type PhraseOptions,
  type TokenizerOptions,
  type TrainOptions,
  type VocabOptions,
} from './options.ts';
export { ENGLISH_CONNECTOR_WORDS, learnPhrases, type Phrase, PhraseTable, phrasesTsv, readPhraseTable, resolveConnectorWords } from './phrases/index.ts';
export { exportTfjs, type TfjsDtype, type TfjsExportOptions, type TfjsExportResult, type TfjsFormat } from './tf/layers-export.ts';
export { fromTensor, toTensor } from './tf/tensor.ts';
export { createConverter, createTokenizer, type Tokenizer } from './tokenize/index.ts';
export { Word2Vec, type TrainHooks, type TrainProgress, type TrainSummary } from './train/word2vec.ts';
export { Rng } from './util/rng.ts';
export { KeyedVectors, loadKeyedVectors, type Neighbor } from './vectors/index.ts';
export { buildVocab, type VocabStats } from './vocab/build-vocab.ts';
export { Vocab } from './vocab/vocab.ts';
