// word2vec's SGD for ns and hs as 128-bit SIMD WebAssembly: `train` runs a whole batch (hidden vector, dot,
// sigmoid, output-row and input-row updates, the loss) in one call, so no JS runs per example or per
// coefficient. The source is src/train/sgd.wat; its compiled bytes ship in sgd-wasm-bytes.ts. The module works
// on a shared WebAssembly.Memory that holds both weight tables, and each thread grows that memory by its own
// batch area (ids, labels, neu1e, hidden vector), so every worker thread instantiates it over the same memory
// and the Hogwild updates land in the one pair of tables. Set W2V_APPLY=js to train with the plain-JS loop of
// logistic-step.ts instead (the bench compares both).
import { setFlagsFromString } from 'node:v8';
import { compileWasm, type WasmModule, wasm } from '../util/wasm.ts';
import { SGD_WASM_BASE64 } from './sgd-wasm-bytes.ts';

/** The module's exports; pointers are byte offsets into the shared memory, `n` a float count. */
export interface SgdKernels {
  /** Σ a[j]·b[j] over n floats (float32 arithmetic). */
  dot(a: number, b: number, n: number): number;
  /** neu[j] += g·out[j]; out[j] += g·h[j] (out read before it is written). */
  update(out: number, h: number, neu: number, n: number, g: number): void;
  /** y[j] += a·x[j]. */
  axpy(y: number, x: number, n: number, a: number): void;
  /** exp(x) for x <= 0, float64. */
  expNeg(x: number): number;
  /** ln(x) for finite x >= 1, float64. */
  log(x: number): number;
  /**
   * One batch of sequential SGD (see sgd.wat); returns the loss sum. flags: bit 0 CBOW, bit 1 CBOW mean.
   * Ends, ids and labels are the ExampleBatch arrays copied into the memory.
   */
  train(
    n: number,
    inEnds: number,
    inIds: number,
    tEnds: number,
    tIds: number,
    labels: number,
    inTab: number,
    outTab: number,
    dim: number,
    neu: number,
    hidden: number,
    lr: number,
    flags: number,
    /** The sigmoid and softplus tables (sigmoidTables()), or 0: the exact sigmoid. */
    sigmoidTable: number,
  ): number;
  /** Subsamples the n ids at the state block's sentence in place; returns the length (see sgd.wat). */
  subsample(cfg: number, n: number): number;
  /** Trains the state block's sentence from its next centre, up to `budget` examples; returns the loss sum. */
  trainSentence(cfg: number, lr: number, budget: number): number;
  /**
   * This thread trains on its own copy of `inN` input rows from id `inLo` (at `inBase`) and of `outN` output rows
   * from `outLo` (at `outBase`); 0 rows: the shared ones (see sgd.wat).
   */
  setHot(inLo: number, inN: number, inBase: number, outLo: number, outN: number, outBase: number): void;
  /** shared += mine - seen, then mine = seen = shared, over n floats. */
  syncHot(shared: number, mine: number, seen: number, n: number): void;
}

/** A shared WebAssembly.Memory (only the members used here; the TS lib settings carry no WebAssembly types). */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
  /** Adds `pages` pages of 64 KiB; returns the previous size in pages. Atomic across threads. */
  grow(pages: number): number;
}

/** Largest shared memory: 65,535 pages of 64 KiB (the wasm32 limit is 65,536). */
const MAX_PAGES = 65535;
export const PAGE_BYTES = 65536;

/** Whether training may use the SIMD loop: WebAssembly with SIMD and threads, and not turned off. */
export function wasmSgdEnabled(): boolean {
  if (process.env.W2V_APPLY === 'js') return false;
  return compiledModule() !== undefined;
}

/**
 * A zero-filled shared memory of at least `bytes` bytes that may grow to the wasm32 limit (the threads add
 * their batch areas), or undefined (too big, or no shared memory). Only the pages in use count towards RSS.
 */
export function createSharedMemory(bytes: number): SharedWasmMemory | undefined {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  if (wasm === undefined || pages > MAX_PAGES) return undefined;
  try {
    return new wasm.Memory({ initial: pages, maximum: MAX_PAGES, shared: true }) as SharedWasmMemory;
  } catch {
    return undefined; // no address space for it: the plain SharedArrayBuffer path still works
  }
}

/** Grows `memory` by at least `bytes` and returns the byte offset of the new area, or undefined when full. */
export function growShared(memory: SharedWasmMemory, bytes: number): number | undefined {
  try {
    return memory.grow(Math.ceil(bytes / PAGE_BYTES)) * PAGE_BYTES;
  } catch {
    return undefined;
  }
}

/**
 * Grows `memory` by consecutive areas of these byte sizes, each rounded up to 16 bytes (SIMD alignment);
 * returns their byte offsets, or undefined when the memory is full.
 */
export function carveShared(memory: SharedWasmMemory, sizes: readonly number[]): number[] | undefined {
  const aligned = sizes.map((x) => Math.ceil(x / 16) * 16);
  const base = growShared(memory, aligned.reduce((s, x) => s + x, 0));
  if (base === undefined) return undefined;
  const offsets: number[] = [];
  let at = base;
  for (const size of aligned) {
    offsets.push(at);
    at += size;
  }
  return offsets;
}

/** The module over `memory` (one instance per memory and thread, cached). */
export function sgdKernels(memory: SharedWasmMemory): SgdKernels | undefined {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const module = compiledModule();
  if (module === undefined || wasm === undefined) return undefined;
  const e = new wasm.Instance(module, { env: { memory } }).exports as unknown as SgdKernels;
  const kernels: SgdKernels = { dot: e.dot, update: e.update, axpy: e.axpy, expNeg: e.expNeg, log: e.log, train: e.train, subsample: e.subsample, trainSentence: e.trainSentence, setHot: e.setHot, syncHot: e.syncHot };
  instances.set(memory, kernels);
  return kernels;
}

// --- internal ---

const instances = new WeakMap<SharedWasmMemory, SgdKernels>();
let inliningSet = false;

function compiledModule(): WasmModule | undefined {
  if (!inliningSet) {
    // V8's optimising compiler may inline the module's small functions (dot, update, the RNG) into the
    // training loop: measured ~10% faster skip-gram epochs on Node 20, where the flag is off by default; it only
    // affects WebAssembly compiled after it is set, and worker threads share the process's flags
    setFlagsFromString('--wasm-inlining');
    inliningSet = true;
  }
  return compileWasm(SGD_WASM_BASE64);
}
