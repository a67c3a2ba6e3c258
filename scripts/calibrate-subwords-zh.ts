// Calibrates the Chinese case of test/e2e/subwords.test.ts: trains it on seeds 1..N (through the CLI, as the
// test does) and prints, per seed, the AUC with which the vectors of words absent from training predict the
// words around them, for the trained model and for the same model with its input rows back at random.
// Usage: npx tsx scripts/calibrate-subwords-zh.ts [--seeds 3] [--args="--minn 2 --maxn 4"]   (~20 s of training per seed)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readModelFolder } from '../src/io/model-folder.ts';
import { KeyedVectors } from '../src/vectors/keyed-vectors.ts';
import { splitNovel, trainZh, unseenContextAuc, untrainedTwin, ZH_ARGS } from '../test/e2e/subwords-zh-case.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, args: { type: 'string' } } });
const extra = values.args === undefined ? [] : values.args.split(/\s+/).filter((x) => x !== '');
const dir = await mkdtemp(join(tmpdir(), 'w2v-calibrate-zh-'));
try {
  const { train, heldBack } = await splitNovel(dir);
  process.stdout.write(`w2v train ${[...ZH_ARGS, ...extra].join(' ')} on 9/10 of 红楼梦; AUC of unseen words' vectors against their context\n`);
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const model = await trainZh(train, seed, dir, extra);
    const m = await readModelFolder(model, true, 'continue');
    const trained = await unseenContextAuc(await KeyedVectors.load(model), m.output!, heldBack);
    const untrained = untrainedTwin(m);
    const chance = await unseenContextAuc(untrained, m.output!, heldBack);
    process.stdout.write(`seed ${seed}: trained ${trained.auc.toFixed(4)}, untrained input rows ${chance.auc.toFixed(4)} (${trained.tokens} unseen tokens)\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
