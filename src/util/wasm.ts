// The one loader of the WebAssembly modules that ship as base64 (`*-wasm-bytes.ts`, generated from the
// `.wat` sources by scripts/build-wasm.ts): compile once, and answer undefined where WebAssembly or the
// features a module needs (SIMD, shared memory) are missing, so callers keep their plain-JS loops.

/** A WebAssembly.Memory (only the members used here: the TS lib settings carry no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The members of the global WebAssembly object used here. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}

/** A compiled module (opaque). */
export type WasmModule = object;

/** The global WebAssembly object, or undefined in a runtime without it. */
export const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled module of `base64`, cached per string; undefined when this runtime cannot compile it. */
export function compileWasm(base64: string): WasmModule | undefined {
  if (!modules.has(base64)) {
    let module: WasmModule | undefined;
    try {
      const bytes = Uint8Array.from(Buffer.from(base64, 'base64'));
      module = wasm?.validate(bytes) ? new wasm.Module(bytes) : undefined;
    } catch {
      module = undefined;
    }
    modules.set(base64, module);
  }
  return modules.get(base64);
}

// --- internal ---

const modules = new Map<string, WasmModule | undefined>();
