// Measures the training step on the current backend: logistic formulations (broadcast mul+sum vs batched
// matMul) and batch sizes, as sg-ns pairs per second on synthetic tables of text8's size (V=71k, D=100, K=5).
// Usage: npx tsx scripts/bench-kernels.ts [--backend wasm|cpu] [--seconds 3]
import { initBackend } from '../src/train/kernels/backend.ts';
import { type LogisticFormulation, logisticKernel } from '../src/train/kernels/logistic.ts';
import { createStep } from '../src/train/step.ts';
import type { ExampleBatch, Tables } from '../src/train/types.ts';
import { Rng } from '../src/util/rng.ts';
import { NoiseTable } from '../src/vocab/noise-table.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const backend = await initBackend(flag('--backend', 'auto') as 'auto');
const seconds = Number(flag('--seconds', '3'));
const V = 71_290;
const D = 100;
const K = 5;
const T = K + 1;
const rng = new Rng(1);
const counts = Float64Array.from({ length: V }, (_, i) => 1e6 / (i + 1));
const noise = new NoiseTable(counts, 0.75);
const tables: Tables = {
  vocabSize: V,
  dim: D,
  input: Float32Array.from({ length: V * D }, () => (rng.nextFloat() - 0.5) / D),
  output: new Float32Array(V * D),
};

function makeBatch(size: number): ExampleBatch {
  const inputs = new Int32Array(size);
  const targets = new Int32Array(size * T);
  const labels = new Float32Array(size * T);
  for (let b = 0; b < size; b++) {
    inputs[b] = noise.draw(rng);
    targets[b * T] = noise.draw(rng);
    labels[b * T] = 1;
    for (let k = 1; k < T; k++) targets[b * T + k] = noise.draw(rng);
  }
  return { size, inputWidth: 1, inputs, targetWidth: T, targets, labels };
}

const lines: string[] = [`backend ${backend}, Node ${process.version}, V=${V} D=${D} K=${K}, ${seconds}s per row`];
lines.push('| measurement | batch | pairs/s |', '|---|---:|---:|');
for (const formulation of ['mul-sum', 'matmul'] as LogisticFormulation[]) {
  for (const size of [1024, 2048, 4096]) {
    const h = Float32Array.from({ length: size * D }, () => rng.nextFloat() - 0.5);
    const o = Float32Array.from({ length: size * T * D }, () => rng.nextFloat() - 0.5);
    const labels = new Float32Array(size * T);
    const mask = new Float32Array(size * T).fill(1);
    let pairs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      logisticKernel(h, o, labels, mask, size, T, D, 0.025, formulation);
      pairs += size;
    }
    lines.push(`| kernel only, ${formulation} | ${size} | ${Math.round(pairs / ((performance.now() - t0) / 1000))} |`);
  }
}
for (const size of [1024, 2048, 4096, 8192]) {
  const batches = Array.from({ length: 8 }, () => makeBatch(size));
  const step = createStep({ model: 'sg', loss: 'ns', cbowMean: true }, D, size, T, 1);
  let pairs = 0;
  let i = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    step.run(batches[i++ % batches.length]!, tables, 0.025);
    pairs += size;
  }
  const t = step.timings();
  const total = t.gatherMs + t.kernelMs + t.applyMs;
  const pct = (x: number): string => `${Math.round((100 * x) / total)}%`;
  lines.push(
    `| full step (gather ${pct(t.gatherMs)}, kernel ${pct(t.kernelMs)}, apply ${pct(t.applyMs)}) | ${size} | ${Math.round(pairs / ((performance.now() - t0) / 1000))} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
