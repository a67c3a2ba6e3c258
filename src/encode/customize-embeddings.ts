// Customising sentence embeddings end to end: encode the labelled texts with one of the sentence-vector
// methods, split them (texts first, then pairs), measure the raw cosine rule, learn M with TF.js, and measure
// the customised rule on the same test pairs. The threshold is always chosen on the train pairs; the best
// threshold on the test pairs is reported as well, only for comparison with figures tuned that way.
import { Word2VecError } from '../errors.ts';
import type { BackendName } from '../options.ts';
import { type CustomTrainOptions, DEFAULT_CUSTOM_TRAIN_OPTIONS, SMALL_SET_DROPOUT, SMALL_SET_PAIRS } from '../tf/customize-options.ts';
import { Rng } from '../util/rng.ts';
import type { LoadedModel } from '../vectors/load.ts';
import {
  type Accuracy,
  accuracyAt,
  bestThreshold,
  type Customization,
  DEFAULT_MAX_PAIRS,
  DEFAULT_TEST_SHARE,
  type LabelledPair,
  type LabelledText,
  multiplyRows,
  pairedImprovement,
  pairsFromLabels,
  rowCosines,
  splitPairs,
  splitTexts,
  textsOf,
} from './customize.ts';
import { buildEncoder, type EncoderSetup } from './index.ts';
import type { EncodeMethod } from './sentence-vector.ts';

/** What to learn from: explicit pairs (a pairs file) or labelled texts (a labels file). */
export type CustomizeInput = { kind: 'pairs'; pairs: LabelledPair[]; source: string } | { kind: 'labels'; rows: LabelledText[]; source: string };

/**
 * Options of `customizeEmbeddings`. Training options default to DEFAULT_CUSTOM_TRAIN_OPTIONS, but for two that
 * follow the number of train pairs unless given: the batch size (at least 10 steps an epoch) and the dropout
 * (SMALL_SET_DROPOUT below SMALL_SET_PAIRS pairs).
 */
export interface CustomizeOptions extends Partial<{ [K in keyof CustomTrainOptions]: CustomTrainOptions[K] | undefined }> {
  method: EncodeMethod;
  testShare?: number | undefined;
  /** Labels input: pairs made per side at most. */
  maxPairs?: number | undefined;
  /** Use at most this many training pairs (the rest of the train side is dropped; test is unchanged). */
  trainPairs?: number | undefined;
  backend?: BackendName | undefined;
}

/** The figures of one rule ("cos > t means similar") on the test pairs. */
export interface RuleFigures {
  /** t chosen on the train pairs. */
  threshold: number;
  /** Accuracy on the test pairs with that t (+- 1.96 se is the 95% interval). */
  test: Accuracy;
  /** Accuracy on the train pairs with that t. */
  trainAccuracy: number;
  /** The best accuracy any threshold reaches on the test pairs (tuned on test, as the cookbook reports). */
  bestTestAccuracy: number;
  bestTestThreshold: number;
}

/** Everything `w2v customize` reports and custom.json stores. */
export interface CustomizeReport {
  method: EncodeMethod;
  weights: string;
  component: string;
  input: { kind: 'pairs' | 'labels'; source: string; skipped: number; negatives: 'given' | 'synthesised' };
  split: { testShare: number; seed: number; train: SideCounts; test: SideCounts };
  training: CustomTrainOptions & { backend: string; lossPerEpoch: number[]; seconds: number };
  before: RuleFigures;
  after: RuleFigures;
  /** After minus before (test accuracy, train-chosen thresholds) and its paired standard error. */
  improvement: { accuracy: number; se: number };
}

/** Pairs and texts on one side of the split. */
export interface SideCounts {
  pairs: number;
  similar: number;
  dissimilar: number;
  texts: number;
}

/** Test-pair cosines for the figure: before and after, split by label. */
export interface CosineSamples {
  before: { similar: number[]; dissimilar: number[] };
  after: { similar: number[]; dissimilar: number[] };
}

/** The outcome: the matrix (as a Customization), the report, the samples for the picture and the pairs used. */
export interface CustomizeResult {
  customization: Customization;
  report: CustomizeReport;
  samples: CosineSamples;
  pairs: { train: LabelledPair[]; test: LabelledPair[] };
}

/** Hooks for progress and notes (the library never prints). */
export interface CustomizeHooks {
  onEpoch?: (epoch: number, loss: number) => void;
  onWarning?: (message: string) => void;
}

/**
 * Learns a customisation matrix for `model` from labelled pairs or texts and measures it.
 * @example
 * const { customization, report } = await customizeEmbeddings(model, { kind: 'labels', rows, source: 'labels.tsv' }, { method: 'mean' });
 * report.before.test.accuracy; report.after.test.accuracy; // accuracy of "cos > t" before / after
 */
export async function customizeEmbeddings(model: LoadedModel, input: CustomizeInput, options: CustomizeOptions, hooks: CustomizeHooks = {}): Promise<CustomizeResult> {
  const dim = model.kv.dim;
  const train: CustomTrainOptions = {
    ...DEFAULT_CUSTOM_TRAIN_OPTIONS,
    outDim: dim,
    ...definedOnly({ outDim: options.outDim, epochs: options.epochs, batchSize: options.batchSize, lr: options.lr, dropout: options.dropout, seed: options.seed, init: options.init, noise: options.noise }),
  };
  if (!(train.dropout >= 0 && train.dropout < 1)) throw new Word2VecError('E_INVALID_OPTION', `--dropout ${train.dropout} is invalid: expected a number in [0, 1)`);
  if (!(train.lr > 0)) throw new Word2VecError('E_INVALID_OPTION', `--lr ${train.lr} is invalid: expected a positive number`);
  const testShare = options.testShare ?? DEFAULT_TEST_SHARE;
  const rng = new Rng(train.seed);

  // an encoder without the SIF component decides which texts have a known word (the component does not change that)
  const probe = (await buildEncoder(model, { method: options.method === 'sif' ? 'mean' : options.method })).encoder;
  const known = (text: string): boolean => probe.encode(text).vector !== null;

  let trainPairs: LabelledPair[];
  let testPairs: LabelledPair[];
  let skipped: number;
  let negatives: 'given' | 'synthesised';
  if (input.kind === 'labels') {
    const usable = input.rows.filter((r) => known(r.text));
    skipped = input.rows.length - usable.length;
    const sides = splitTexts(usable, testShare, rng);
    const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
    trainPairs = pairsFromLabels(sides.train, maxPairs, rng);
    testPairs = pairsFromLabels(sides.test, maxPairs, rng);
    negatives = 'synthesised';
  } else {
    const usable = input.pairs.filter((p) => known(p.text1) && known(p.text2));
    skipped = input.pairs.length - usable.length;
    const sides = splitPairs(usable, testShare, rng);
    trainPairs = sides.train;
    testPairs = sides.test;
    negatives = sides.negatives;
    if (sides.dropped > 0) hooks.onWarning?.(`${input.source}: the pairs share texts too much to keep connected pairs on one side; split by text, leaving out ${sides.dropped} pairs whose texts fell on different sides`);
  }
  if (skipped > 0) hooks.onWarning?.(`${skipped} ${input.kind === 'labels' ? 'rows' : 'pairs'} of ${input.source} skipped: a text with no word in the vocabulary`);
  if (options.trainPairs !== undefined && trainPairs.length > options.trainPairs) trainPairs = balancedPrefix(trainPairs, options.trainPairs);
  for (const [side, pairs] of [['train', trainPairs], ['test', testPairs]] as const) {
    if (!pairs.some((p) => p.label === 1) || !pairs.some((p) => p.label === -1)) {
      throw new Word2VecError('E_INPUT', `${input.source}: the ${side} side has ${pairs.length} pairs, not both similar and dissimilar ones; give more labelled data or change --test-share`);
    }
  }

  // batch size unless given: 100 (the cookbook's), but at least 10 steps per epoch. With 100 train pairs one batch
  // per epoch made 30 Adam steps in all, too few to move M: over seeds 1-3, zh mean and tfidf lost 0.1-1.5 points
  // and en sif gained 1.5-2.8; with batches of 10 they gained 1.1-6.2 and 1.2-2.7 (BENCHMARKS.md, section 7)
  if (options.batchSize === undefined) train.batchSize = Math.min(DEFAULT_CUSTOM_TRAIN_OPTIONS.batchSize, Math.max(10, Math.ceil(trainPairs.length / 10)));
  // dropout unless given: 0.3 below 250 train pairs, else 0.1. Change of test accuracy in points, each row (three
  // sets x three methods) as its mean over seeds 1-3, summed over the nine rows: with 100 pairs 0.1 -> 0.3 took the
  // sum from +15.8 to +26.5 (zh-laws and en gained in 17 runs of 18); with 500 pairs from +53.9 to +49.9 (the zh set
  // lost 1.2-2.7 a row), and with 4,000 it cost 0.1-3.5 a row. The boundary lies somewhere between 100 and 500 pairs,
  // not measured closer (BENCHMARKS.md, section 7)
  if (options.dropout === undefined && trainPairs.length < SMALL_SET_PAIRS) train.dropout = SMALL_SET_DROPOUT;

  // the encoder proper: for sif, the component is fitted on the train texts only
  const trainTexts = [...textsOf(trainPairs)];
  const setup = await buildEncoder(model, { method: options.method, fitTexts: options.method === 'sif' ? trainTexts : undefined });
  const cache = new Map<string, Float32Array>();
  const vectorOf = (text: string): Float32Array => {
    let v = cache.get(text);
    if (v === undefined) {
      v = setup.encoder.encode(text).vector!;
      cache.set(text, v);
    }
    return v;
  };
  const trainData = pairVectors(trainPairs, dim, vectorOf);
  const testData = pairVectors(testPairs, dim, vectorOf);

  // TF.js loads only here: applying a saved customisation (customizedEncoder) needs none
  const { startCustomBackend, trainCustomMatrix } = await import('../tf/customize-train.ts');
  const backend = await startCustomBackend(options.backend ?? 'auto', hooks.onWarning === undefined ? {} : { onWarning: hooks.onWarning });
  const started = performance.now();
  const { matrix, lossPerEpoch } = trainCustomMatrix(trainData, train, hooks.onEpoch === undefined ? {} : { onEpoch: hooks.onEpoch });
  const seconds = (performance.now() - started) / 1000;
  if (!matrix.every(Number.isFinite)) throw new Word2VecError('E_DIVERGED', `training the matrix diverged (non-finite values); lower --lr (was ${train.lr})`);

  const cosines = (data: ReturnType<typeof pairVectors>, m?: Float32Array): Float64Array =>
    m === undefined ? rowCosines(data.left, data.right, dim) : rowCosines(multiplyRows(data.left, m, dim, train.outDim), multiplyRows(data.right, m, dim, train.outDim), train.outDim);
  const beforeTrain = cosines(trainData);
  const beforeTest = cosines(testData);
  const afterTrain = cosines(trainData, matrix);
  const afterTest = cosines(testData, matrix);
  const before = ruleFigures(beforeTrain, trainData.labels, beforeTest, testData.labels);
  const after = ruleFigures(afterTrain, trainData.labels, afterTest, testData.labels);
  const improvement = pairedImprovement(beforeTest, afterTest, testData.labels, before.threshold, after.threshold);

  const component = setup.encoder.component;
  const customization: Customization = { name: '', dim, outDim: train.outDim, matrix, method: options.method, component };
  const report: CustomizeReport = {
    method: options.method,
    weights: setup.weights,
    component: setup.component === 'none' ? 'none' : `fitted on the ${trainTexts.length} train texts`,
    input: { kind: input.kind, source: input.source, skipped, negatives },
    split: { testShare, seed: train.seed, train: sideCounts(trainPairs), test: sideCounts(testPairs) },
    training: { ...train, backend, lossPerEpoch, seconds },
    before,
    after,
    improvement: { accuracy: improvement.change, se: improvement.se },
  };
  const split = (scores: Float64Array): { similar: number[]; dissimilar: number[] } => ({
    similar: Array.from(scores).filter((_, i) => testData.labels[i]! > 0),
    dissimilar: Array.from(scores).filter((_, i) => testData.labels[i]! <= 0),
  });
  return { customization, report, samples: { before: split(beforeTest), after: split(afterTest) }, pairs: { train: trainPairs, test: testPairs } };
}

// --- internal ---

function definedOnly<T extends object>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

function pairVectors(pairs: readonly LabelledPair[], dim: number, vectorOf: (text: string) => Float32Array): { dim: number; count: number; left: Float32Array; right: Float32Array; labels: Float32Array } {
  const left = new Float32Array(pairs.length * dim);
  const right = new Float32Array(pairs.length * dim);
  const labels = new Float32Array(pairs.length);
  pairs.forEach((p, i) => {
    left.set(vectorOf(p.text1), i * dim);
    right.set(vectorOf(p.text2), i * dim);
    labels[i] = p.label;
  });
  return { dim, count: pairs.length, left, right, labels };
}

function ruleFigures(trainScores: Float64Array, trainLabels: Float32Array, testScores: Float64Array, testLabels: Float32Array): RuleFigures {
  const chosen = bestThreshold(trainScores, trainLabels);
  const best = bestThreshold(testScores, testLabels);
  return {
    threshold: chosen.threshold,
    test: accuracyAt(testScores, testLabels, chosen.threshold),
    trainAccuracy: chosen.accuracy,
    bestTestAccuracy: best.accuracy,
    bestTestThreshold: best.threshold,
  };
}

function sideCounts(pairs: readonly LabelledPair[]): SideCounts {
  const similar = pairs.filter((p) => p.label === 1).length;
  return { pairs: pairs.length, similar, dissimilar: pairs.length - similar, texts: textsOf(pairs).size };
}

/** The first n pairs keeping the similar/dissimilar balance of the whole (pairs are already shuffled). */
function balancedPrefix(pairs: readonly LabelledPair[], n: number): LabelledPair[] {
  const pos = pairs.filter((p) => p.label === 1);
  const neg = pairs.filter((p) => p.label === -1);
  const nPos = Math.min(pos.length, Math.max(1, Math.round((n * pos.length) / pairs.length)));
  return [...pos.slice(0, nPos), ...neg.slice(0, n - nPos)];
}

/**
 * The encoder a customisation was trained with, applying it: the same method, weights from the model's counts
 * (tfidf, sif), the saved SIF component, then e . M.
 */
export async function customizedEncoder(model: LoadedModel, custom: Customization): Promise<EncoderSetup> {
  const setup = await buildEncoder(model, { method: custom.method });
  setup.encoder.component = custom.component;
  setup.encoder.custom = custom;
  if (custom.component !== undefined) setup.component = `saved with custom/${custom.name}`;
  return setup;
}
