// Calibrates the Chinese case of test/e2e/subwords.test.ts: trains it on seeds 1..N (through the CLI, as the
// test does) and prints, per seed, the AUC with which the vectors of words absent from training predict the
// words around them, for the trained model and for the same model with its input rows back at random.
// Usage: npx tsx scripts/calibrate-subwords-zh.ts [--seeds 3]   (~20 s of training per seed)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readModelFolder } from '../src/io/model-folder.ts';
import { Rng } from '../src/util/rng.ts';
import { KeyedVectors } from '../src/vectors/keyed-vectors.ts';
import { composeVocabulary, SubwordVectors } from '../src/vectors/subwords.ts';
import { splitNovel, trainZh, unseenContextAuc, ZH_ARGS } from '../test/e2e/subwords-zh-case.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' } } });
const dir = await mkdtemp(join(tmpdir(), 'w2v-calibrate-zh-'));
try {
  const { train, heldBack } = await splitNovel(dir);
  process.stdout.write(`w2v train ${ZH_ARGS.join(' ')} on 9/10 of 红楼梦; AUC of unseen words' vectors against their context\n`);
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const model = await trainZh(train, seed, dir);
    const m = await readModelFolder(model, true, 'continue');
    const trained = await unseenContextAuc(await KeyedVectors.load(model), m.output!, heldBack);
    const rng = new Rng(9);
    const d = m.meta.dim;
    const words = Float32Array.from(m.inputWords!, () => (rng.nextFloat() * 2 - 1) / d);
    const ngrams = Float32Array.from(m.ngrams!, () => (rng.nextFloat() * 2 - 1) / d);
    const untrained = new KeyedVectors(m.words, composeVocabulary(m.words, words, ngrams, m.meta.options, d), d, m.counts, new SubwordVectors(m.meta.options, d, ngrams));
    const chance = await unseenContextAuc(untrained, m.output!, heldBack);
    process.stdout.write(`seed ${seed}: trained ${trained.auc.toFixed(4)}, untrained input rows ${chance.auc.toFixed(4)} (${trained.tokens} unseen tokens)\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
