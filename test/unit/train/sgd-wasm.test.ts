// The SIMD module of the ns / hs step (src/train/sgd.wat): its vector loops against float64 loops for lengths that
// exercise the 8- and 4-float SIMD bodies and the scalar tail, its exp and log against Math's, and the shipped
// bytes against a fresh compile of the WAT. The batch call itself is checked in step.test.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesModuleSource, compileSgdWat } from '../../../scripts/build-wasm.ts';
import { createSharedMemory, sgdKernels, wasmSgdEnabled } from '../../../src/train/sgd-wasm.ts';
import { SGD_WASM_BASE64 } from '../../../src/train/sgd-wasm-bytes.ts';
import { createTables, tablesHandle, tablesOver } from '../../../src/train/tables.ts';
import { Rng } from '../../../src/util/rng.ts';

describe('SIMD SGD loops', () => {
  it('are available on this Node (the tables then live in shared WebAssembly memory)', () => {
    expect(wasmSgdEnabled()).toBe(true);
    const tables = createTables(50, 12, 'ns', new Rng(1));
    expect(tables.wasm).toBeDefined();
    // a worker's view of the handle is the same memory
    const other = tablesOver(tablesHandle(tables));
    other.output[7] = 3.5;
    expect(tables.output[7]).toBe(3.5);
    expect(other.input).toEqual(tables.input);
  });

  it('dot, update and axpy match float64 loops for every length class', () => {
    const memory = createSharedMemory(65536)!;
    const k = sgdKernels(memory)!;
    const f = new Float32Array(memory.buffer);
    const rng = new Rng(9);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 100, 101, 300]) {
      const [a, b, c] = [0, 1024, 2048]; // float offsets of three rows
      for (let i = 0; i < 3072; i++) f[i] = rng.nextFloat() - 0.5;
      const x = Float64Array.from(f.subarray(a, a + n));
      const y = Float64Array.from(f.subarray(b, b + n));
      const z = Float64Array.from(f.subarray(c, c + n));
      const guard = f[a + n]!;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += x[j]! * y[j]!;
      expect(Math.abs(k.dot(a * 4, b * 4, n) - dot), `dot n=${n}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(dot)));
      // update(out = a, h = b, neu = c, g): neu += g*out (old), out += g*h
      const g = 0.37;
      k.update(a * 4, b * 4, c * 4, n, g);
      for (let j = 0; j < n; j++) {
        expect(f[c + j]!, `neu n=${n} j=${j}`).toBeCloseTo(z[j]! + g * x[j]!, 6);
        expect(f[a + j]!, `out n=${n} j=${j}`).toBeCloseTo(x[j]! + g * y[j]!, 6);
      }
      expect(f[a + n], `no write past n=${n}`).toBe(guard);
      k.axpy(b * 4, c * 4, n, -2);
      for (let j = 0; j < n; j++) expect(f[b + j]!, `axpy n=${n} j=${j}`).toBeCloseTo(y[j]! - 2 * (z[j]! + g * x[j]!), 6);
    }
  });

  it('exp (x <= 0) and log (x >= 1) are within 2 ulp of Math.exp / Math.log (the loss stays exact)', () => {
    const k = sgdKernels(createSharedMemory(65536)!)!;
    const rng = new Rng(4);
    let worstExp = 0;
    let worstLog = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = -rng.nextFloat() * (i % 2 === 0 ? 1 : 700);
      worstExp = Math.max(worstExp, Math.abs(k.expNeg(x) - Math.exp(x)) / Math.exp(x));
      const y = 1 + rng.nextFloat() * 2 ** (rng.nextFloat() * 80);
      worstLog = Math.max(worstLog, Math.abs(k.log(y) - Math.log(y)) / Math.max(Math.log(y), Number.MIN_VALUE));
    }
    expect(worstExp).toBeLessThan(4.5e-16);
    expect(worstLog).toBeLessThan(4.5e-16);
    expect(k.log(1)).toBe(0);
    expect(k.expNeg(0)).toBe(1);
    expect(k.expNeg(-800)).toBe(0);
  });

  it('ship the bytes that src/train/sgd.wat compiles to (run npm run build:wasm after editing the WAT)', async () => {
    const fresh = await compileSgdWat();
    expect(Buffer.from(SGD_WASM_BASE64, 'base64').equals(Buffer.from(fresh))).toBe(true);
    const shipped = readFileSync(fileURLToPath(new URL('../../../src/train/sgd-wasm-bytes.ts', import.meta.url)), 'utf8');
    expect(shipped).toBe(bytesModuleSource(fresh));
  });
});
