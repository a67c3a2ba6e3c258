// `w2v cluster MODEL --docs FILE -k N [--seed S]`: k-means++ on the sentence vectors of each line.
import type { Command } from 'commander';
import { kMeans, readLines } from '../../encode/index.ts';
import { normalize } from '../../vectors/similarity.ts';
import { int } from '../flags.ts';
import { addCustomFlag, applyCustomFlag } from '../custom-flag.ts';
import type { CliIo } from '../io.ts';
import { addEncodeFlags, type EncodeFlags, setupEncoder } from '../encode-flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, loadFromFlags } from '../load-flags.ts';

interface ClusterFlags extends EncodeFlags {
  docs: string;
  clusters: number;
  seed: number;
}

/** Registers `w2v cluster`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('cluster')
    .description('group the lines of a file with k-means++ on their sentence vectors; prints "cluster<TAB>line" (- when no word is known)')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .requiredOption('--docs <file>', 'documents, one per line')
    .requiredOption('-k, --clusters <n>', 'number of clusters', int(1))
    .option('--seed <n>', 'random seed of the k-means++ initialisation', int(0), 1);
  addEncodeFlags(command);
  addCustomFlag(command);
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: ClusterFlags) => {
    const lines = await readLines(flags.docs);
    const model = await loadFromFlags(modelPath, flags);
    const { encoder } = await applyCustomFlag(model, flags, await setupEncoder(model, flags, io, lines), io);
    const docs = lines.map((t) => encoder.encode(t));
    const known = docs.map((d, i) => ({ i, v: d.vector })).filter((d): d is { i: number; v: Float32Array } => d.v !== null);
    // cosine geometry: cluster unit-length vectors so long texts do not dominate
    const unit = known.map(({ v }) => normalize(Float32Array.from(v)));
    const result = kMeans(unit, flags.clusters, { seed: flags.seed });
    const clusterOf = new Array<number>(lines.length).fill(-1);
    known.forEach(({ i }, k) => {
      clusterOf[i] = result.assignments[k]!;
    });
    const unassigned = lines.length - known.length;
    const none = model.kv.subwords === undefined ? 'no word in the vocabulary' : 'no word with a vector';
    if (unassigned > 0) io.stderr.write(`${unassigned === 1 ? '1 line has' : `${unassigned} lines have`} ${none} (cluster -)\n`);
    if (flags.json) {
      printJson(io, { model: modelPath, method: flags.method, k: flags.clusters, seed: flags.seed, iterations: result.iterations, inertia: result.inertia, lines: lines.map((text, i) => ({ line: i + 1, cluster: clusterOf[i] === -1 ? null : clusterOf[i], text })) });
      return;
    }
    io.stdout.write(lines.map((text, i) => `${clusterOf[i] === -1 ? '-' : clusterOf[i]}\t${text}\n`).join(''));
  });
}
