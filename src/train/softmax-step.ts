// The full-softmax step: one true batch gradient from the rows as they are at the start of the batch, by the
// TF.js kernel of src/tf/softmax.ts (a dense B x V product, where TF.js pays). Loaded on demand (step.ts), so
// ns / hs runs never import TF.js.
import { softmaxKernel } from '../tf/softmax.ts';
import { checkBatch, type Step } from './logistic-step.ts';
import type { ExampleBatch, StepConfig, StepResult, Tables } from './types.ts';

/** The softmax step for `config` over `dim`-dimensional tables. */
export function createSoftmaxStep(config: StepConfig, dim: number): Step {
  return new SoftmaxStep(config, dim);
}

// --- internal ---

class SoftmaxStep implements Step {
  private h = new Float32Array(0);
  private classes = new Int32Array(0);
  private readonly neu1e: Float64Array;

  constructor(
    private readonly config: StepConfig,
    private readonly dim: number,
  ) {
    this.neu1e = new Float64Array(dim);
  }

  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult {
    const n = checkBatch(batch, tables, this.dim);
    if (n === 0) return { lossSum: 0, examples: 0 };
    const d = this.dim;
    const { input, output, vocabSize: v } = tables;
    const { inputEnds, inputs, targetEnds, targets } = batch;
    if (this.classes.length < n) {
      this.h = new Float32Array(n * d);
      this.classes = new Int32Array(n);
    }
    const { h, classes, neu1e } = this;
    const cbowMean = this.config.model === 'cbow' && this.config.cbowMean;
    // h[b] = the input row (sg) or the mean / sum of the context rows (CBOW)
    h.fill(0, 0, n * d);
    for (let b = 0; b < n; b++) {
      const i0 = inputEnds[b]!;
      const i1 = inputEnds[b + 1]!;
      for (let i = i0; i < i1; i++) {
        const off = inputs[i]! * d;
        for (let j = 0; j < d; j++) h[b * d + j] += input[off + j]!;
      }
      const count = i1 - i0;
      if (cbowMean && count > 1) for (let j = 0; j < d; j++) h[b * d + j] /= count;
      const c = targets[targetEnds[b]!]!;
      if (!(c >= 0 && c < v)) throw new RangeError(`softmax target ${c} of example ${b} is outside the vocabulary (size ${v})`);
      classes[b] = c;
    }
    const { gradOut, gradH, loss } = softmaxKernel(h, output, classes, n, v, d, lr);
    let lossSum = 0;
    for (let b = 0; b < n; b++) {
      const i0 = inputEnds[b]!;
      const i1 = inputEnds[b + 1]!;
      const count = i1 - i0;
      if (count === 0) continue;
      lossSum += loss[b]!;
      for (let j = 0; j < d; j++) neu1e[j] = gradH[b * d + j]!;
      // CBOW's mean gives every context row the whole gradient (gensim 4.2 cbow_mean=1, word2vec.c); the sum
      // divides it by the context size (gensim cbow_mean=0)
      const scale = this.config.model === 'cbow' && !this.config.cbowMean && count > 1 ? 1 / count : 1;
      for (let i = i0; i < i1; i++) {
        const off = inputs[i]! * d;
        for (let j = 0; j < d; j++) input[off + j] += neu1e[j]! * scale;
      }
    }
    // Examples without inputs have h = 0, so they add nothing to gradOut (G^T . h = 0).
    for (let i = 0; i < v * d; i++) output[i] += gradOut[i]!;
    return { lossSum, examples: n };
  }

  dispose(): void {}
}
