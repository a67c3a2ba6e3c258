// A 128-bit SIMD WebAssembly kernel for the one hot loop of the query side: dot products of a query with
// every row of the unit-normalised matrix. Plain JS reaches ~20 ms for 100k x 300; this runs ~4 rows at a
// time with f32x4 lanes. No toolchain is needed: the module is the hand-assembled bytes below (the WAT is in
// the comment). Used only when dim is a multiple of 4 and WebAssembly SIMD is available; otherwise the caller
// keeps its JS loop.
//
// (func (export "dots") (param $p i32) (param $q i32) (param $out i32) (param $n i32) (param $bpr i32)
//   ;; rows are processed four at a time (n is padded to a multiple of 4, the pad rows are zeros);
//   ;; $bpr = bytes per row (dim * 4, a multiple of 16); one f32x4 accumulator per row
//   (local $r i32) (local $j i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
//   (local $qv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
//   block loop  (br_if 1 (i32.ge_u r n))
//     p1 = p + bpr; p2 = p1 + bpr; p3 = p2 + bpr; a0..a3 = 0; j = 0
//     loop  qv = load(q + j); aK += load(pK + j) * qv; j += 16; (br_if 0 (i32.lt_u j bpr)) end
//     out[0..3] = hsum(a0..a3); out += 16; p = p3 + bpr; r += 4; br 0
//   end end)

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
  const module = compiled();
  if (module === undefined) return undefined;
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
    memory = new wasm!.Memory({ initial: pages, maximum: pages });
    const instance = new wasm!.Instance(module, { env: { memory } });
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

// --- internal ---

// the lib settings here carry no WebAssembly declarations (no DOM lib), so declare the few members used
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let cached: object | null | undefined;

function compiled(): object | undefined {
  if (cached === undefined) {
    try {
      const bytes = moduleBytes();
      cached = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

function moduleBytes(): Uint8Array {
  const GET = 0x20;
  const SET = 0x21;
  const TEE = 0x22;
  const I32_ADD = 0x6a;
  const SIMD = 0xfd;
  const load = (ptrLocal: number): number[] => [GET, ptrLocal, GET, 6, I32_ADD, SIMD, 0x00, 0x04, 0x00];
  const accumulate = (acc: number, ptrLocal: number): number[] => [GET, acc, ...load(ptrLocal), GET, 10, SIMD, 0xe6, 0x01, SIMD, 0xe4, 0x01, SET, acc];
  const lane = (acc: number, i: number): number[] => [GET, acc, SIMD, 0x1f, i];
  const hsum = (acc: number): number[] => [...lane(acc, 0), ...lane(acc, 1), 0x92, ...lane(acc, 2), ...lane(acc, 3), 0x92, 0x92];
  const store = (acc: number, offset: number): number[] => [GET, 2, ...hsum(acc), 0x38, 0x02, offset];
  const body = [
    0x02, 0x05, 0x7f, 0x05, 0x7b, // locals: 5 x i32 (r j p1 p2 p3), 5 x v128 (qv a0 a1 a2 a3)
    0x02, 0x40, // block
    0x03, 0x40, // loop (rows)
    GET, 5, GET, 3, 0x4f, 0x0d, 0x01, // br_if 1 (r >= n)
    GET, 0, GET, 4, I32_ADD, TEE, 7, GET, 4, I32_ADD, TEE, 8, GET, 4, I32_ADD, SET, 9,
    SIMD, 0x0c, ...new Array<number>(16).fill(0), TEE, 11, TEE, 12, TEE, 13, SET, 14,
    0x41, 0x00, SET, 6,
    0x03, 0x40, // loop (columns)
    GET, 1, GET, 6, I32_ADD, SIMD, 0x00, 0x04, 0x00, SET, 10,
    ...accumulate(11, 0),
    ...accumulate(12, 7),
    ...accumulate(13, 8),
    ...accumulate(14, 9),
    GET, 6, 0x41, 0x10, I32_ADD, TEE, 6, GET, 4, 0x49, 0x0d, 0x00, // br_if 0 (j < bpr)
    0x0b,
    ...store(11, 0),
    ...store(12, 4),
    ...store(13, 8),
    ...store(14, 12),
    GET, 2, 0x41, 0x10, I32_ADD, SET, 2,
    GET, 9, GET, 4, I32_ADD, SET, 0,
    GET, 5, 0x41, 0x04, I32_ADD, SET, 5,
    0x0c, 0x00, // br 0
    0x0b, // end loop
    0x0b, // end block
    0x0b, // end function
  ];
  const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('dots'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(body.length), ...body]),
  ]);
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
