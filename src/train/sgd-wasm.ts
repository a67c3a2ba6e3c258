// The apply phase's hot loops (DESIGN.md §3.4) as 128-bit SIMD WebAssembly: the dot product of a hidden vector
// with an output row, word2vec's per-target update (neu1e += g·out, then out += g·h) and the final
// input-row update (row += a·neu1e). The source is src/train/sgd.wat; its compiled bytes ship in
// sgd-wasm-bytes.ts. The module works on a shared WebAssembly.Memory that holds both weight tables and one
// scratch area per thread (neu1e and a hidden vector), so every worker thread instantiates it over the same
// memory and the Hogwild updates still land in the one pair of tables.
//
// Measured here (d=100, Zipf-like rows of a 70k-word table): ~220 ns per coefficient against ~650 ns for the
// same loops in plain JS. Set W2V_APPLY=js to train with the plain-JS loops (the bench compares both).
import { SGD_WASM_BASE64 } from './sgd-wasm-bytes.ts';

/** The SIMD loops; pointers are byte offsets into the shared memory, `n` a float count. */
export interface SgdKernels {
  /** Σ a[j]·b[j] over n floats (float32 arithmetic). */
  dot(a: number, b: number, n: number): number;
  /** neu[j] += g·out[j]; out[j] += g·h[j] (out read before it is written). */
  update(out: number, h: number, neu: number, n: number, g: number): void;
  /** y[j] += a·x[j]. */
  axpy(y: number, x: number, n: number, a: number): void;
}

/** A shared WebAssembly.Memory (only the members used here; the TS lib settings carry no WebAssembly types). */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** Largest shared memory asked for: 65,536 pages of 64 KiB (the wasm32 limit) minus one page. */
const MAX_PAGES = 65535;

/** Whether training may use the SIMD loops: WebAssembly with SIMD and threads, and not turned off. */
export function wasmSgdEnabled(): boolean {
  if (process.env.W2V_APPLY === 'js') return false;
  return compiledModule() !== undefined;
}

/** A zero-filled shared memory of at least `bytes` bytes, or undefined (too big, or no shared memory). */
export function createSharedMemory(bytes: number): SharedWasmMemory | undefined {
  const pages = Math.ceil(bytes / 65536);
  if (wasm === undefined || pages > MAX_PAGES) return undefined;
  try {
    return new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined; // no address space for it: the plain SharedArrayBuffer path still works
  }
}

/** The SIMD loops over `memory` (one instance per memory and thread, cached). */
export function sgdKernels(memory: SharedWasmMemory): SgdKernels | undefined {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const module = compiledModule();
  if (module === undefined || wasm === undefined) return undefined;
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as SgdKernels;
  const kernels: SgdKernels = { dot: exports.dot, update: exports.update, axpy: exports.axpy };
  instances.set(memory, kernels);
  return kernels;
}

// --- internal ---

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedWasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const instances = new WeakMap<SharedWasmMemory, SgdKernels>();
let cachedModule: object | null | undefined;

function compiledModule(): object | undefined {
  if (cachedModule === undefined) {
    try {
      const bytes = Uint8Array.from(Buffer.from(SGD_WASM_BASE64, 'base64'));
      cachedModule = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      cachedModule = null;
    }
  }
  return cachedModule ?? undefined;
}
