// The training step of negative sampling and hierarchical softmax: word2vec's sequential SGD over a batch,
// example by example, reading the tables as they are when the example runs (so the batch size changes only
// speed, never the result). With the tables in shared WebAssembly memory the whole batch is one call of the
// SIMD module (sgd.wat); otherwise a plain-JS loop of the same structure and loss arithmetic runs it (runtimes
// without WebAssembly SIMD or shared memory, or W2V_APPLY=js).
//
// Per example, as word2vec.c and gensim: h = the input row (skip-gram) or the mean / sum of the context rows
// (CBOW); for each target t, x = h . out[t], g = (label - sigmoid(x)) * lr, neu1e += g * out[t] (before out[t]
// moves), out[t] += g * h; finally neu1e is added to the input row(s) (divided by the context size for CBOW's
// sum, gensim cbow_mean=0). neu1e is float32, as word2vec.c and gensim keep it. The example loss is
// sum(max(z, 0)) + log(prod(1 + exp(-|x|))) with z = -x for label 1 and x for label 0: -log sigmoid(+-x)
// overflow-free, in float64, with one log per example instead of one log1p per target.
import { carveShared, type SgdKernels, sgdKernels } from './sgd-wasm.ts';
import type { ExampleBatch, StepConfig, StepResult, Tables, WasmTables } from './types.ts';

/** A reusable training step bound to one model/loss configuration. */
export interface Step {
  /** Trains on the first `batch.size` examples at learning rate `lr`, updating `tables` in place. */
  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult;
  /** Releases what the step holds; it must not be used afterwards. */
  dispose(): void;
}

/** The ns / hs step for `config` over `dim`-dimensional tables. */
export function createLogisticStep(config: StepConfig, dim: number): Step {
  if (config.loss === 'softmax') throw new RangeError('the full softmax has its own step (softmax-step.ts)');
  if (!(dim > 0)) throw new RangeError(`bad step dim ${dim}`);
  return new LogisticStep(config, dim);
}

/** Checks a batch against the tables' shape (ids out of range would write outside the tables). */
export function checkBatch(batch: ExampleBatch, tables: Tables, dim: number): number {
  const n = batch.size;
  if (n + 1 > batch.inputEnds.length || n + 1 > batch.targetEnds.length) {
    throw new RangeError(`batch of ${n} examples exceeds its capacity ${Math.min(batch.inputEnds.length, batch.targetEnds.length) - 1}`);
  }
  if (tables.dim !== dim) throw new RangeError(`tables have dim ${tables.dim}, the step ${dim}`);
  return n;
}

/**
 * word2vec.c's EXP_TABLE as gensim builds it: entry i is sigmoid(x_i) at x_i = (i / 1000 * 2 - 1) * 6, i < 1000;
 * entries 1000 + i hold the matching softplus log(1 + exp(-|x_i|)), the loss of a target on the right side.
 * A logit x in (-6, 6) reads entry trunc((x + 6) * 1000 / 12); |x| >= 6 is skipped (no update; its loss is the
 * hinge max(z, 0) alone, off by at most log(1 + e^-6) = 0.0025).
 */
export function sigmoidTables(): Float64Array {
  const t = new Float64Array(2 * SIGMOID_TABLE_SIZE);
  for (let i = 0; i < SIGMOID_TABLE_SIZE; i++) {
    const x = ((i / SIGMOID_TABLE_SIZE) * 2 - 1) * MAX_EXP;
    t[i] = 1 / (1 + Math.exp(-x));
    t[SIGMOID_TABLE_SIZE + i] = Math.log1p(Math.exp(-Math.abs(x)));
  }
  return t;
}

// --- internal ---

const SIGMOID_TABLE_SIZE = 1000;
const MAX_EXP = 6;
/** SIGMOID_TABLE_SIZE / MAX_EXP / 2, as sgd.wat spells it. */
const TABLE_SCALE = 83.33333333333333;

/** This thread's batch area inside the shared memory: the batch arrays, neu1e and the hidden vector. */
interface WasmArea {
  wasm: WasmTables;
  kernels: SgdKernels;
  /** Entries each array holds. */
  examples: number;
  inputs: number;
  targets: number;
  inEndsPtr: number;
  inIdsPtr: number;
  tEndsPtr: number;
  tIdsPtr: number;
  labelsPtr: number;
  neuPtr: number;
  hPtr: number;
  /** The sigmoid tables in this area, or 0 (exact sigmoid). */
  tablePtr: number;
  inEnds: Int32Array;
  inIds: Int32Array;
  tEnds: Int32Array;
  tIds: Int32Array;
  labels: Uint8Array;
}

class LogisticStep implements Step {
  private area: WasmArea | undefined;
  private readonly neu: Float32Array;
  private readonly h: Float32Array;
  private readonly flags: number;
  private readonly table: Float64Array | undefined;

  constructor(
    config: StepConfig,
    private readonly dim: number,
  ) {
    this.neu = new Float32Array(dim);
    this.h = new Float32Array(dim);
    this.flags = (config.model === 'cbow' ? 1 : 0) | (config.cbowMean ? 2 : 0);
    this.table = config.sigmoid === 'table' ? sigmoidTables() : undefined;
  }

  run(batch: ExampleBatch, tables: Tables, lr: number): StepResult {
    const n = checkBatch(batch, tables, this.dim);
    if (n === 0) return { lossSum: 0, examples: 0 };
    const area = tables.wasm === undefined ? undefined : this.areaFor(tables.wasm, batch);
    const lossSum = area === undefined ? this.runJs(batch, tables, lr, n) : this.runWasm(batch, area, lr, n);
    return { lossSum, examples: n };
  }

  dispose(): void {
    this.area = undefined;
  }

  /** The batch into this thread's area (a few memcpy-like copies), then one call of the SIMD module. */
  private runWasm(batch: ExampleBatch, a: WasmArea, lr: number, n: number): number {
    const inputs = batch.inputEnds[n]!;
    const targets = batch.targetEnds[n]!;
    a.inEnds.set(batch.inputEnds.subarray(0, n + 1));
    a.inIds.set(batch.inputs.subarray(0, inputs));
    a.tEnds.set(batch.targetEnds.subarray(0, n + 1));
    a.tIds.set(batch.targets.subarray(0, targets));
    a.labels.set(batch.labels.subarray(0, targets));
    const w = a.wasm;
    try {
      return a.kernels.train(n, a.inEndsPtr, a.inIdsPtr, a.tEndsPtr, a.tIdsPtr, a.labelsPtr, w.inputPtr, w.outputPtr, this.dim, a.neuPtr, a.hPtr, lr, this.flags, a.tablePtr);
    } catch (error) {
      // the module's exp/log turn an infinite or NaN argument into an integer exponent and trap: the run has
      // diverged, which a NaN loss reports (the trainer then stops with its divergence error)
      if (error instanceof Error && error.name === 'RuntimeError') return Number.NaN;
      throw error;
    }
  }

  /** The same loop as sgd.wat's `train`, in plain JS with Math.exp / Math.log. */
  private runJs(batch: ExampleBatch, tables: Tables, lr: number, n: number): number {
    const { dim: d, neu, h: hBuf } = this;
    const { input, output } = tables;
    const { inputEnds, inputs, targetEnds, targets, labels } = batch;
    const cbow = (this.flags & 1) !== 0;
    const mean = (this.flags & 2) !== 0;
    const table = this.table;
    let loss = 0;
    for (let b = 0; b < n; b++) {
      const i0 = inputEnds[b]!;
      const i1 = inputEnds[b + 1]!;
      const count = i1 - i0;
      if (count <= 0) continue;
      let h: Float32Array;
      let hOff: number;
      if (cbow) {
        hBuf.fill(0);
        for (let i = i0; i < i1; i++) {
          const off = inputs[i]! * d;
          for (let j = 0; j < d; j++) hBuf[j] += input[off + j]!;
        }
        if (mean && count > 1) {
          const inv = Math.fround(1 / count);
          for (let j = 0; j < d; j++) hBuf[j] *= inv;
        }
        h = hBuf;
        hOff = 0;
      } else {
        h = input;
        hOff = inputs[i0]! * d;
      }
      neu.fill(0);
      let hinge = 0;
      let product = 1;
      let soft = 0;
      const t1 = targetEnds[b + 1]!;
      for (let t = targetEnds[b]!; t < t1; t++) {
        const off = targets[t]! * d;
        const label = labels[t]!;
        // four accumulators: V8 does not vectorise, but independent chains pipeline
        let x0 = 0;
        let x1 = 0;
        let x2 = 0;
        let x3 = 0;
        let j = 0;
        for (; j + 3 < d; j += 4) {
          x0 += h[hOff + j]! * output[off + j]!;
          x1 += h[hOff + j + 1]! * output[off + j + 1]!;
          x2 += h[hOff + j + 2]! * output[off + j + 2]!;
          x3 += h[hOff + j + 3]! * output[off + j + 3]!;
        }
        for (; j < d; j++) x0 += h[hOff + j]! * output[off + j]!;
        const x = Math.fround(x0 + x1 + (x2 + x3));
        hinge += Math.max(label === 1 ? -x : x, 0);
        let sig: number;
        if (table !== undefined) {
          if (Math.abs(x) >= MAX_EXP) continue;
          const idx = Math.trunc((x + MAX_EXP) * TABLE_SCALE);
          sig = table[idx]!;
          soft += table[SIGMOID_TABLE_SIZE + idx]!;
        } else {
          // one exp serves the sigmoid and the loss: e = exp(-|x|), sigmoid(x) = 1/(1+e) or e/(1+e)
          const ex = Math.exp(-Math.abs(x));
          sig = x >= 0 ? 1 / (1 + ex) : ex / (1 + ex);
          product *= 1 + ex;
        }
        const g = Math.fround((label - sig) * lr);
        for (let k = 0; k < d; k++) {
          const o = output[off + k]!;
          neu[k] += g * o;
          output[off + k] = o + g * h[hOff + k]!;
        }
      }
      loss += table !== undefined ? hinge + soft : hinge + Math.log(product);
      const scale = cbow && !mean && count > 1 ? Math.fround(1 / count) : 1;
      for (let i = i0; i < i1; i++) {
        const off = inputs[i]! * d;
        for (let j = 0; j < d; j++) input[off + j] += neu[j]! * scale;
      }
    }
    return loss;
  }

  /** This thread's area in `wasm`'s memory, grown for `batch`'s array sizes when they do not fit yet. */
  private areaFor(wasm: WasmTables, batch: ExampleBatch): WasmArea | undefined {
    const examples = batch.inputEnds.length;
    const inputs = batch.inputs.length;
    const targets = batch.targets.length;
    const a = this.area;
    if (a !== undefined && a.wasm === wasm && a.examples >= examples && a.inputs >= inputs && a.targets >= targets) return a;
    const kernels = sgdKernels(wasm.memory);
    if (kernels === undefined) return undefined;
    const rowBytes = this.dim * 4;
    const table = this.table;
    const ptrs = carveShared(wasm.memory, [examples * 4, inputs * 4, examples * 4, targets * 4, targets, rowBytes, rowBytes, table?.byteLength ?? 0]);
    if (ptrs === undefined) return undefined;
    const [inEndsPtr, inIdsPtr, tEndsPtr, tIdsPtr, labelsPtr, neuPtr, hPtr, tablePtr] = ptrs as [number, number, number, number, number, number, number, number];
    const buffer = wasm.memory.buffer;
    if (table !== undefined) new Float64Array(buffer, tablePtr, table.length).set(table);
    this.area = {
      wasm,
      kernels,
      examples,
      inputs,
      targets,
      inEndsPtr,
      inIdsPtr,
      tEndsPtr,
      tIdsPtr,
      labelsPtr,
      neuPtr,
      hPtr,
      tablePtr: table === undefined ? 0 : tablePtr,
      inEnds: new Int32Array(buffer, inEndsPtr, examples),
      inIds: new Int32Array(buffer, inIdsPtr, inputs),
      tEnds: new Int32Array(buffer, tEndsPtr, examples),
      tIds: new Int32Array(buffer, tIdsPtr, targets),
      labels: new Uint8Array(buffer, labelsPtr, targets),
    };
    return this.area;
  }
}
