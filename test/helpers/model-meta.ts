// model.json for a model folder a test writes by hand (no training run): the fields every reader checks, with
// placeholder timings and corpus figures.
import { MODEL_FORMAT, type ModelMeta } from '../../src/io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS, type TokenizerOptions, type TrainOptions } from '../../src/options.ts';

export function handMadeMeta(vocabSize: number, dim: number, parts: { options?: Partial<TrainOptions>; tokenizer?: Partial<TokenizerOptions>; tokens?: number } = {}): ModelMeta {
  const tokens = parts.tokens ?? 10;
  return {
    format: MODEL_FORMAT,
    formatVersion: 1,
    vocabSize,
    dim,
    options: { ...DEFAULT_TRAIN_OPTIONS, ...parts.options, dim },
    tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS, ...parts.tokenizer },
    backend: 'cpu',
    corpus: { description: 'test', bytes: 1, fingerprint: 'x', tokens, vocabTokens: tokens },
    lossPerEpoch: [1],
    timings: { epochSeconds: [1], vocabSeconds: 0, totalSeconds: 1 },
    wordsPerSecond: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}
