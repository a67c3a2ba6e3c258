// A 128-bit SIMD WebAssembly kernel for the one hot loop of the query side: dot products of a query with
// every row of the unit-normalised matrix, four rows per pass with f32x4 lanes (timings in BENCHMARKS.md).
// The source is simd-dot.wat; its compiled bytes ship in simd-dot-wasm-bytes.ts. Used only when dim is a
// multiple of 4 and WebAssembly SIMD is available; otherwise the caller keeps its JS loop.
import { compileWasm, type WasmMemory, wasm } from '../util/wasm.ts';
import { SIMD_DOT_WASM_BASE64 } from './simd-dot-wasm-bytes.ts';

/** Scores rows of a matrix held in WebAssembly memory. */
export interface SimdMatrix {
  /** The matrix (rows x dim), a view into WebAssembly memory: write the rows here. */
  readonly matrix: Float32Array;
  /** Dot product of `query` with the first `n` rows; the result view is overwritten by the next call. */
  score(query: ArrayLike<number>, n: number): Float32Array;
}

/** A SIMD-backed matrix of `rows` x `dim`, or undefined when SIMD cannot be used (dim % 4, no support, too big). */
export function createSimdMatrix(rows: number, dim: number): SimdMatrix | undefined {
  if (dim % 4 !== 0 || rows === 0) return undefined;
  const module = compileWasm(SIMD_DOT_WASM_BASE64);
  if (module === undefined || wasm === undefined) return undefined;
  const padded = Math.ceil(rows / 4) * 4;
  const matrixBytes = padded * dim * 4;
  const queryOffset = matrixBytes;
  const outOffset = queryOffset + dim * 4;
  const totalBytes = outOffset + padded * 4;
  if (totalBytes > 2 ** 32 - 65536) return undefined;
  let memory: WasmMemory;
  let dots: (p: number, q: number, out: number, n: number, bpr: number) => void;
  try {
    const pages = Math.ceil(totalBytes / 65536);
    memory = new wasm.Memory({ initial: pages, maximum: pages });
    const instance = new wasm.Instance(module, { env: { memory } });
    dots = instance.exports.dots as typeof dots;
  } catch {
    return undefined; // not enough address space: the JS loop still works
  }
  const matrix = new Float32Array(memory.buffer, 0, rows * dim);
  const query = new Float32Array(memory.buffer, queryOffset, dim);
  const out = new Float32Array(memory.buffer, outOffset, padded);
  return {
    matrix,
    score(q, n) {
      for (let j = 0; j < dim; j++) query[j] = q[j]!;
      const groups = Math.ceil(Math.min(n, rows) / 4) * 4;
      dots(0, queryOffset, outOffset, groups, dim * 4);
      return out.subarray(0, Math.min(n, rows));
    },
  };
}
