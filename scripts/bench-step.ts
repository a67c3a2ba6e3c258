// Measures the ns / hs batch step alone (the batch call of sgd.wat, as the tests use it; training itself runs
// sgd.wat's trainSentence, which builds its examples inside the module), in CPU seconds of this thread (steadier than wall time on a shared
// machine): batches of the first --words words of a tokenized corpus are built once, then every mode's step
// trains on them from fresh tables, --repeats times. Also times batch building the same way.
// Usage: npx tsx scripts/bench-step.ts <corpus file> [--words 300000] [--repeats 3]   (W2V_APPLY=js: plain-JS step)
import { readFileSync } from 'node:fs';
import { resolveTrainOptions } from '../src/options.ts';
import { allocateBatch, BatchBuilder } from '../src/train/batches.ts';
import { samplingTables } from '../src/train/setup.ts';
import { createStep } from '../src/train/step.ts';
import { createTables } from '../src/train/tables.ts';
import type { ExampleBatch } from '../src/train/types.ts';
import { Rng } from '../src/util/rng.ts';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const words = flag('--words', 300_000);
const repeats = flag('--repeats', 3);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const text = readFileSync(argv[0]!, 'utf8').split(/\s+/).filter((w) => w.length > 0);
const counts = new Map<string, number>();
for (const w of text) counts.set(w, (counts.get(w) ?? 0) + 1);
const vocab = [...counts.entries()].filter(([, c]) => c >= 5).sort((a, b) => b[1] - a[1]);
const index = new Map(vocab.map(([w], i) => [w, i]));
const ids = Int32Array.from(text.slice(0, words).map((w) => index.get(w) ?? -1).filter((i) => i >= 0));
const countArray = Float64Array.from(vocab, ([, c]) => c);

for (const mode of ['sg', 'cbow', 'hs']) {
  const options = resolveTrainOptions({ model: mode === 'cbow' ? 'cbow' : 'sg', loss: mode === 'hs' ? 'hs' : 'ns', workers: 1 });
  const builder = new BatchBuilder(options, options.batchSize, options.maxSentenceLength, samplingTables(options, countArray), new Rng(1));
  const step = await createStep({ model: options.model, loss: options.loss, cbowMean: options.cbowMean }, options.dim);
  const batches: ExampleBatch[] = [];
  const keep = (b: ExampleBatch): void => {
    const c = allocateBatch(b.size, b.inputEnds[b.size]!, b.targetEnds[b.size]!);
    c.inputEnds.set(b.inputEnds.subarray(0, b.size + 1));
    c.targetEnds.set(b.targetEnds.subarray(0, b.size + 1));
    c.inputs.set(b.inputs.subarray(0, c.inputs.length));
    c.targets.set(b.targets.subarray(0, c.targets.length));
    c.labels.set(b.labels.subarray(0, c.labels.length));
    c.size = b.size;
    batches.push(c);
  };
  const b0 = cpu();
  for (let s = 0; s < ids.length; s += 10_000) {
    builder.setSentence(ids.subarray(s, s + 10_000));
    while (builder.hasSentence) {
      if (builder.fill()) {
        keep(builder.batch);
        builder.clear();
      }
    }
  }
  if (builder.batch.size > 0) keep(builder.batch);
  const buildSeconds = cpu() - b0;
  const examples = batches.reduce((s, b) => s + b.size, 0);
  const times: number[] = [];
  let loss = 0;
  for (let r = 0; r < repeats; r++) {
    const tables = createTables(vocab.length, options.dim, options.loss, new Rng(1));
    const t0 = cpu();
    loss = 0;
    for (const b of batches) loss += step.run(b, tables, options.alpha).lossSum;
    times.push(cpu() - t0);
  }
  const best = Math.min(...times);
  process.stdout.write(
    `${mode}: ${examples} examples; step ${best.toFixed(2)} CPU s (best of ${repeats}: ${times.map((t) => t.toFixed(2)).join(' ')}), ${((examples / best) / 1e3).toFixed(0)}k examples/CPU s; batch building ${buildSeconds.toFixed(2)} CPU s; loss ${(loss / examples).toFixed(6)}\n`,
  );
}
