// The customisation matrix's hyper-parameters and their defaults, apart from the TF.js training code so the CLI
// can show the defaults in --help without loading TF.js (about 50 MB and 0.3 s at start-up).

/** Hyper-parameters of the matrix training. */
export interface CustomTrainOptions {
  /** Columns of M: the size of the customised vectors. */
  outDim: number;
  epochs: number;
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  /** Share of each input coordinate zeroed during training (inverted dropout, independent for e1 and e2). */
  dropout: number;
  seed: number;
  /** identity (plus `noise`) or random (normal, std 1/sqrt(dim)). */
  init: 'identity' | 'random';
  /** Standard deviation of the noise added to the identity. */
  noise: number;
}

/**
 * Defaults measured on the two labelled sets of BENCHMARKS.md ("Customised embeddings"), with 4,000 and with
 * 100 train pairs: Adam at 0.01 (0.001 and 0.1 gain almost nothing on 100 pairs); 30 epochs (10 are as good on
 * 4,000 pairs but lose 1-7 points on 100, where 30 epochs are only 30 steps); dropout 0.1 (0 and 0.3 within a
 * standard error at 4,000 pairs; on small sets 0.3 is better, hence SMALL_SET_DROPOUT below); batch 100, as the
 * cookbook (customizeEmbeddings lowers it, down to 10, so that an epoch makes at least 10 steps). Identity init:
 * a random normal M (std 1/sqrt(dim)) nearly keeps
 * cosines (Johnson-Lindenstrauss), and after 30 epochs both inits end within a standard error of each other;
 * the identity starts *exactly* at the raw-cosine rule, so a short or weak run stays near "before" instead of
 * at a random perturbation of it, and only the small noise (0.01) depends on the seed. Below SMALL_SET_PAIRS
 * train pairs customizeEmbeddings raises the dropout to SMALL_SET_DROPOUT unless one is given (see there).
 */
export const DEFAULT_CUSTOM_TRAIN_OPTIONS: Readonly<Omit<CustomTrainOptions, 'outDim'>> = Object.freeze({
  epochs: 30,
  batchSize: 100,
  lr: 0.01,
  dropout: 0.1,
  seed: 1,
  init: 'identity',
  noise: 0.01,
});

/** Fewer train pairs than this get SMALL_SET_DROPOUT instead of the default dropout (when none is given). */
export const SMALL_SET_PAIRS = 250;
/** The dropout of small sets: stronger regularisation where 100 pairs fit any direction (BENCHMARKS.md, section 7). */
export const SMALL_SET_DROPOUT = 0.3;
