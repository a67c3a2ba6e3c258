// One training step over a batch: JS gathers the rows the batch touches into preallocated buffers, a TF.js
// kernel computes the update coefficients, and JS applies word2vec's rank-1 updates back into the tables.
//
// Apply order follows word2vec.c / gensim example by example, reading the tables afresh: for each target t,
// neu1e += g_t * out[t] (before out[t] moves), then out[t] += g_t * h; finally the input row(s) get neu1e.
// ns/hs: the kernel's coefficients come from the rows as they were at the start of the batch; where a row
// has moved since (an earlier example of the batch wrote it) the coefficient is recomputed in JS, so the
// result is word2vec's sequential SGD, not a stale batch gradient. Full softmax is a true batch gradient.
import type { ExampleBatch, StepConfig, StepResult, Tables, WasmTables } from './types.ts';
import { type LogisticOutput, logisticKernel } from './kernels/logistic.ts';
import { type SgdKernels, sgdKernels } from './sgd-wasm.ts';
import { softmaxKernel } from './kernels/softmax.ts';

/** Milliseconds spent in each phase since the step was created (the bench's profile of where time goes). */
export interface StepTimings {
  gatherMs: number;
  kernelMs: number;
  applyMs: number;
  /** Coefficients recomputed in JS because their rows had moved earlier in the same batch. */
  recomputed: number;
  /** Coefficients the TF.js kernel computed (rows untouched so far in their batch). */
  kernelPairs: number;
  batches: number;
  examples: number;
}

/** A reusable training step bound to one model/loss configuration and batch shape. */
export interface Step {
  /** Trains on the first `batch.size` examples at learning rate `lr`, updating `tables` in place. */
  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult;
  /** Time spent per phase so far. */
  timings(): StepTimings;
  /** Releases buffers; the step must not be used afterwards. */
  dispose(): void;
}

/**
 * Creates the step for `config` with room for `capacity` examples of `targetWidth` targets and `inputWidth`
 * inputs each, over `dim`-dimensional tables. TF.js must be initialised first (kernels/backend initBackend).
 * `threadSlot` picks this thread's scratch area when the tables live in shared WebAssembly memory (0 for the
 * main thread, the worker's slot otherwise); two steps running at once must not share a slot.
 */
export function createStep(config: StepConfig, dim: number, capacity: number, targetWidth: number, inputWidth: number, threadSlot = 0): Step {
  if (!(dim > 0 && capacity > 0 && targetWidth > 0 && inputWidth > 0)) {
    throw new RangeError(`bad step shape: dim ${dim}, capacity ${capacity}, targetWidth ${targetWidth}, inputWidth ${inputWidth}`);
  }
  return config.loss === 'softmax'
    ? new SoftmaxStep(config, dim, capacity, targetWidth, inputWidth)
    : new LogisticStep(config, dim, capacity, targetWidth, inputWidth, threadSlot);
}

// --- internal ---

const now = (): number => performance.now();

/**
 * Bound on the pairs gathered for one TF.js kernel call, so the gather buffers stay small (6.5 MB each at dim 100)
 * whatever the batch size and Huffman code length; in text almost every coefficient of a large batch is dirty
 * anyway (recomputed while applying), so the bound rarely binds.
 */
const KERNEL_PAIRS_MAX = 16_384;

/** The SIMD loops bound to one shared memory, with this thread's scratch (neu1e, hidden vector). */
interface WasmApply {
  wasm: WasmTables;
  kernels: SgdKernels;
  neuPtr: number;
  hPtr: number;
  neu: Float32Array;
  hidden: Float32Array;
}

/** Shared gather of the hidden vector and the input-row spread rule. */
abstract class BaseStep implements Step {
  protected readonly h: Float32Array;
  /** Number of valid context words per example (CBOW); 1 for sg, 0 when an example has no input. */
  protected readonly inputCount: Int32Array;
  protected readonly neu1e: Float64Array;
  protected readonly t: StepTimings = { gatherMs: 0, kernelMs: 0, applyMs: 0, recomputed: 0, kernelPairs: 0, batches: 0, examples: 0 };

  constructor(
    protected readonly config: StepConfig,
    protected readonly dim: number,
    protected readonly capacity: number,
    protected readonly targetWidth: number,
    protected readonly inputWidth: number,
  ) {
    this.h = new Float32Array(capacity * dim);
    this.inputCount = new Int32Array(capacity);
    this.neu1e = new Float64Array(dim);
  }

  abstract run(batch: ExampleBatch, tables: Tables, lr: number): StepResult;

  timings(): StepTimings {
    return { ...this.t };
  }

  dispose(): void {}

  protected check(batch: ExampleBatch, tables: Tables): number {
    const n = batch.size;
    if (n > this.capacity) throw new RangeError(`batch of ${n} examples exceeds the step's capacity ${this.capacity}`);
    if (batch.targetWidth !== this.targetWidth || batch.inputWidth !== this.inputWidth) {
      throw new RangeError(
        `batch widths (targets ${batch.targetWidth}, inputs ${batch.inputWidth}) differ from the step's (${this.targetWidth}, ${this.inputWidth})`,
      );
    }
    if (tables.dim !== this.dim) throw new RangeError(`tables have dim ${tables.dim}, the step ${this.dim}`);
    return n;
  }

  /** h[b] = the input row (sg) or the mean / sum of the valid context rows (CBOW), for every example. */
  protected gatherHidden(batch: ExampleBatch, input: Float32Array, n: number): void {
    for (let b = 0; b < n; b++) this.inputCount[b] = this.gatherOne(batch, input, b);
  }

  /** h[b] for one example; returns its number of valid inputs. */
  protected gatherOne(batch: ExampleBatch, input: Float32Array, b: number): number {
    const { dim: d, inputWidth: iw, h } = this;
    const hOff = b * d;
    h.fill(0, hOff, hOff + d);
    let count = 0;
    for (let k = 0; k < iw; k++) {
      const id = batch.inputs[b * iw + k]!;
      if (id < 0) continue;
      const off = id * d;
      for (let j = 0; j < d; j++) h[hOff + j] += input[off + j]!;
      count++;
    }
    if (this.config.model === 'cbow' && this.config.cbowMean && count > 1) {
      const inv = 1 / count;
      for (let j = 0; j < d; j++) h[hOff + j] *= inv;
    }
    return count;
  }

  /**
   * Adds neu1e to the example's input rows: sg its one row; CBOW every context row, in full for the mean
   * (gensim 4.2 cbow_mean=1 and word2vec.c) or divided by the context size for the sum (gensim cbow_mean=0).
   */
  protected spreadToInputs(batch: ExampleBatch, input: Float32Array, b: number): void {
    const { dim: d, inputWidth: iw, neu1e } = this;
    const count = this.inputCount[b]!;
    const scale = this.config.model === 'cbow' && !this.config.cbowMean && count > 1 ? 1 / count : 1;
    for (let k = 0; k < iw; k++) {
      const id = batch.inputs[b * iw + k]!;
      if (id < 0) continue;
      const off = id * d;
      for (let j = 0; j < d; j++) input[off + j] += neu1e[j]! * scale;
    }
  }
}

/**
 * ns and hs: binary logistic. A first JS pass plans the batch in order: a coefficient is "clean" when none of
 * its rows is written by an earlier example of the batch, so the rows gathered now are exactly what
 * sequential SGD would read; only clean (h, o) pairs go to the TF.js kernel. "Dirty" ones are recomputed in
 * JS from the current rows while applying, so the step equals word2vec's sequential SGD (up to float32
 * rounding of the kernel). Without this, repeated pairs stack stale updates: text8 has a run of 38 identical
 * tokens whose (w, w) pairs pushed both rows of w to |x| ~ 1e5 within 10% of an epoch at batch 2048
 * (measured with a stale batch gradient). In sg text ~95% of coefficients are dirty (each context word is
 * the input of up to 2 x window consecutive pairs), so the kernel sees few of them; CBOW and hs see more.
 */
class LogisticStep extends BaseStep {
  /** Most (h, o) pairs one kernel call takes; the rest of a batch's clean pairs are computed while applying. */
  private readonly kernelCapacity: number;
  private readonly hPairs: Float32Array;
  private readonly oPairs: Float32Array;
  private readonly labelPairs: Float32Array;
  private readonly ones: Float32Array;
  /** Per coefficient: -1 skipped (padding), -2 recompute in JS, else its slot in the kernel's output. */
  private readonly slot: Int32Array;
  /** Per example: 1 when an input row was written by an earlier example of the batch. */
  private readonly dirtyInput: Uint8Array;
  private readonly hFresh: Float32Array;
  private inStamp: Int32Array | undefined;
  private outStamp: Int32Array | undefined;
  private stamp = 0;
  private wasmApply: WasmApply | undefined;

  constructor(
    config: StepConfig,
    dim: number,
    capacity: number,
    targetWidth: number,
    inputWidth: number,
    private readonly threadSlot: number,
  ) {
    super(config, dim, capacity, targetWidth, inputWidth);
    this.kernelCapacity = Math.min(capacity * targetWidth, KERNEL_PAIRS_MAX);
    this.hPairs = new Float32Array(this.kernelCapacity * dim);
    this.oPairs = new Float32Array(this.kernelCapacity * dim);
    this.labelPairs = new Float32Array(this.kernelCapacity);
    this.ones = new Float32Array(this.kernelCapacity).fill(1);
    this.slot = new Int32Array(capacity * targetWidth);
    this.dirtyInput = new Uint8Array(capacity);
    this.hFresh = new Float32Array(dim);
  }

  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult {
    const n = this.check(batch, tables);
    if (n === 0) return { lossSum: 0, examples: 0 };
    const { dim: d, targetWidth: tw, inputWidth: iw, h, hPairs, oPairs, labelPairs, slot } = this;
    const { input, output } = tables;
    const stamp = this.nextStamp(tables);
    const inStamp = this.inStamp!;
    const outStamp = this.outStamp!;

    let t0 = now();
    const sg = this.config.model === 'sg';
    let m = 0;
    for (let b = 0; b < n; b++) {
      let count = 0;
      let dirtyIn = false;
      for (let k = 0; k < iw; k++) {
        const id = batch.inputs[b * iw + k]!;
        if (id < 0) continue;
        count++;
        if (inStamp[id] === stamp) dirtyIn = true;
      }
      this.inputCount[b] = count;
      this.dirtyInput[b] = dirtyIn ? 1 : 0;
      const has = count > 0;
      // The hidden vector is needed as gathered now only when no input row moved earlier in the batch (else
      // every coefficient of the example is recomputed from fresh rows); sg reads its one input row in place.
      const hSrc = sg ? input : h;
      const hOff = sg ? batch.inputs[b * iw]! * d : b * d;
      if (has && !dirtyIn && !sg) this.gatherOne(batch, input, b);
      for (let k = 0; k < tw; k++) {
        const e = b * tw + k;
        const id = batch.targets[e]!;
        if (id < 0 || !has) {
          slot[e] = -1;
          continue;
        }
        if (dirtyIn || outStamp[id] === stamp || m === this.kernelCapacity) {
          slot[e] = -2;
        } else {
          slot[e] = m;
          const pOff = m * d;
          const src = id * d;
          // plain loops: subarray() would allocate a view per row, which measured ~20% of the step
          for (let j = 0; j < d; j++) {
            hPairs[pOff + j] = hSrc[hOff + j]!;
            oPairs[pOff + j] = output[src + j]!;
          }
          labelPairs[m] = batch.labels[e]!;
          m++;
        }
        outStamp[id] = stamp;
      }
      if (has) {
        for (let k = 0; k < iw; k++) {
          const id = batch.inputs[b * iw + k]!;
          if (id >= 0) inStamp[id] = stamp;
        }
      }
    }
    let t1 = now();
    this.t.gatherMs += t1 - t0;

    const kernel = m > 0 ? logisticKernel(hPairs, oPairs, labelPairs, this.ones, m, 1, d, lr) : undefined;
    t0 = now();
    this.t.kernelMs += t0 - t1;

    const fast = this.wasmFor(tables);
    const { lossSum, recomputed } = fast === undefined ? this.applyJs(batch, tables, lr, n, kernel) : this.applyWasm(batch, tables, lr, n, kernel, fast);
    this.t.recomputed += recomputed;
    this.t.kernelPairs += m;
    t1 = now();
    this.t.applyMs += t1 - t0;
    this.t.batches++;
    this.t.examples += n;
    return { lossSum, examples: n };
  }

  /** The apply phase in plain JS (tables on plain SharedArrayBuffers, or W2V_APPLY=js). */
  private applyJs(batch: ExampleBatch, tables: Tables, lr: number, n: number, kernel: LogisticOutput | undefined): { lossSum: number; recomputed: number } {
    const { dim: d, targetWidth: tw, inputWidth: iw, h, slot, neu1e, hFresh } = this;
    const { input, output } = tables;
    const sg = this.config.model === 'sg';
    let lossSum = 0;
    let recomputed = 0;
    for (let b = 0; b < n; b++) {
      if (this.inputCount[b] === 0) continue;
      // sg's hidden vector is its input row as it is now; CBOW's the gathered mean, or a fresh one when a
      // context row moved earlier in this batch (then every coefficient of the example is dirty).
      let hSrc = h;
      let hBase = b * d;
      if (sg) {
        hSrc = input;
        hBase = batch.inputs[b * iw]! * d;
      } else if (this.dirtyInput[b] === 1) {
        this.freshHidden(batch, input, b);
        hSrc = hFresh;
        hBase = 0;
      }
      neu1e.fill(0);
      for (let k = 0; k < tw; k++) {
        const e = b * tw + k;
        const s = slot[e]!;
        if (s === -1) continue;
        const off = batch.targets[e]! * d;
        const label = batch.labels[e]!;
        let x: number;
        let ge: number;
        if (s === -2) {
          // four accumulators: V8 does not vectorise, but independent chains pipeline (~15% faster here)
          let x0 = 0;
          let x1 = 0;
          let x2 = 0;
          let x3 = 0;
          let j = 0;
          for (; j + 3 < d; j += 4) {
            x0 += hSrc[hBase + j]! * output[off + j]!;
            x1 += hSrc[hBase + j + 1]! * output[off + j + 1]!;
            x2 += hSrc[hBase + j + 2]! * output[off + j + 2]!;
            x3 += hSrc[hBase + j + 3]! * output[off + j + 3]!;
          }
          for (; j < d; j++) x0 += hSrc[hBase + j]! * output[off + j]!;
          x = x0 + x1 + (x2 + x3);
          ge = (label - 1 / (1 + Math.exp(-x))) * lr;
          recomputed++;
        } else {
          x = kernel!.logits[s]!;
          ge = kernel!.g[s]!;
        }
        // -log sigmoid(x) for label 1, -log sigmoid(-x) for label 0, in float64 and overflow-free.
        const z = label > 0.5 ? -x : x;
        lossSum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
        for (let j = 0; j < d; j++) {
          const o = output[off + j]!;
          neu1e[j] += ge * o;
          output[off + j] = o + ge * hSrc[hBase + j]!;
        }
      }
      this.spreadToInputs(batch, input, b);
    }
    return { lossSum, recomputed };
  }

  /**
   * The apply phase with the SIMD loops of sgd-wasm.ts: the same order of reads and writes as applyJs, in
   * float32 (neu1e included, as word2vec.c and gensim keep it), on this thread's scratch area.
   */
  private applyWasm(batch: ExampleBatch, tables: Tables, lr: number, n: number, kernel: LogisticOutput | undefined, fast: WasmApply): { lossSum: number; recomputed: number } {
    const { dim: d, targetWidth: tw, inputWidth: iw, h, slot } = this;
    const { dot, update, axpy } = fast.kernels;
    const { neuPtr, hPtr, neu, hidden } = fast;
    const rowBytes = d * 4;
    const inputPtr = fast.wasm.inputPtr;
    const outputPtr = fast.wasm.outputPtr;
    const sg = this.config.model === 'sg';
    let lossSum = 0;
    let recomputed = 0;
    for (let b = 0; b < n; b++) {
      const count = this.inputCount[b]!;
      if (count === 0) continue;
      let hRow: number;
      if (sg) {
        hRow = inputPtr + batch.inputs[b * iw]! * rowBytes;
      } else {
        // CBOW's hidden vector into the scratch area: as gathered, or fresh when a context row moved
        if (this.dirtyInput[b] === 1) {
          this.freshHidden(batch, tables.input, b, hidden);
        } else {
          for (let j = 0; j < d; j++) hidden[j] = h[b * d + j]!;
        }
        hRow = hPtr;
      }
      neu.fill(0);
      // the example's loss is sum(max(z, 0)) + sum(log1p(e_k)) = sum(max(z, 0)) + log(prod(1 + e_k)): one log per
      // example instead of one log1p per target (each factor is in (1, 2], so the product of even a 40-node
      // Huffman path stays far from overflow; float64 keeps it to ~1e-15 relative)
      let hinge = 0;
      let product = 1;
      for (let k = 0; k < tw; k++) {
        const e = b * tw + k;
        const s = slot[e]!;
        if (s === -1) continue;
        const outRow = outputPtr + batch.targets[e]! * rowBytes;
        const label = batch.labels[e]!;
        let x: number;
        let ge: number;
        let ex: number;
        if (s === -2) {
          x = dot(hRow, outRow, d);
          // one exp serves the sigmoid and the loss: e = exp(-|x|), sigmoid(x) = 1/(1+e) or e/(1+e)
          ex = Math.exp(-Math.abs(x));
          ge = (label - (x >= 0 ? 1 / (1 + ex) : ex / (1 + ex))) * lr;
          recomputed++;
        } else {
          x = kernel!.logits[s]!;
          ge = kernel!.g[s]!;
          ex = Math.exp(-Math.abs(x));
        }
        // -log sigmoid(x) for label 1, -log sigmoid(-x) for label 0 is max(z, 0) + log1p(exp(-|x|))
        hinge += Math.max(label > 0.5 ? -x : x, 0);
        product *= 1 + ex;
        update(outRow, hRow, neuPtr, d, ge);
      }
      lossSum += hinge + Math.log(product);
      const scale = !sg && !this.config.cbowMean && count > 1 ? 1 / count : 1;
      for (let k = 0; k < iw; k++) {
        const id = batch.inputs[b * iw + k]!;
        if (id >= 0) axpy(inputPtr + id * rowBytes, neuPtr, d, scale);
      }
    }
    return { lossSum, recomputed };
  }

  /** The SIMD loops and this thread's scratch views when the tables live in shared WebAssembly memory. */
  private wasmFor(tables: Tables): WasmApply | undefined {
    const wasm = tables.wasm;
    if (wasm === undefined || this.threadSlot >= wasm.scratchSlots) return undefined;
    if (this.wasmApply?.wasm === wasm) return this.wasmApply;
    const kernels = sgdKernels(wasm.memory);
    if (kernels === undefined) return undefined;
    const neuPtr = wasm.scratchPtr + this.threadSlot * wasm.scratchStride;
    const hPtr = neuPtr + wasm.scratchStride / 2;
    this.wasmApply = {
      wasm,
      kernels,
      neuPtr,
      hPtr,
      neu: new Float32Array(wasm.memory.buffer, neuPtr, this.dim),
      hidden: new Float32Array(wasm.memory.buffer, hPtr, this.dim),
    };
    return this.wasmApply;
  }

  /** A new batch stamp, (re)allocating the per-row stamp arrays for these tables' row counts. */
  private nextStamp(tables: Tables): number {
    const inRows = tables.input.length / this.dim;
    const outRows = tables.output.length / this.dim;
    if (this.inStamp?.length !== inRows || this.outStamp?.length !== outRows || this.stamp >= 0x7fffffff) {
      this.inStamp = new Int32Array(inRows);
      this.outStamp = new Int32Array(outRows);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** CBOW: the mean (or sum) of example b's context rows as they are now, into hFresh (or the given vector). */
  private freshHidden(batch: ExampleBatch, input: Float32Array, b: number, hFresh: Float32Array = this.hFresh): void {
    const { dim: d, inputWidth: iw } = this;
    hFresh.fill(0);
    for (let k = 0; k < iw; k++) {
      const id = batch.inputs[b * iw + k]!;
      if (id < 0) continue;
      for (let j = 0; j < d; j++) hFresh[j] += input[id * d + j]!;
    }
    const count = this.inputCount[b]!;
    if (this.config.cbowMean && count > 1) for (let j = 0; j < d; j++) hFresh[j] /= count;
  }
}

/** Full softmax: dense gradient of the output table, per-example gradient of the hidden vector. */
class SoftmaxStep extends BaseStep {
  private readonly classes: Int32Array;

  constructor(config: StepConfig, dim: number, capacity: number, targetWidth: number, inputWidth: number) {
    super(config, dim, capacity, targetWidth, inputWidth);
    this.classes = new Int32Array(capacity);
  }

  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult {
    const n = this.check(batch, tables);
    if (n === 0) return { lossSum: 0, examples: 0 };
    const { dim: d, targetWidth: tw, h, classes, neu1e } = this;
    const { input, output, vocabSize: v } = tables;

    let t0 = now();
    this.gatherHidden(batch, input, n);
    for (let b = 0; b < n; b++) {
      const c = batch.targets[b * tw]!;
      if (c < 0 || c >= v) throw new RangeError(`softmax target ${c} of example ${b} is outside the vocabulary (size ${v})`);
      classes[b] = c;
    }
    let t1 = now();
    this.t.gatherMs += t1 - t0;

    const { gradOut, gradH, loss } = softmaxKernel(h, output, classes, n, v, d, lr);
    t0 = now();
    this.t.kernelMs += t0 - t1;

    let lossSum = 0;
    for (let b = 0; b < n; b++) {
      if (this.inputCount[b] === 0) continue;
      lossSum += loss[b]!;
      for (let j = 0; j < d; j++) neu1e[j] = gradH[b * d + j]!;
      this.spreadToInputs(batch, input, b);
    }
    // Examples without inputs have h = 0, so they add nothing to gradOut (G^T . h = 0).
    for (let i = 0; i < v * d; i++) output[i] += gradOut[i]!;
    t1 = now();
    this.t.applyMs += t1 - t0;
    this.t.batches++;
    this.t.examples += n;
    return { lossSum, examples: n };
  }
}
