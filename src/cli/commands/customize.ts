// `w2v customize MODEL --pairs FILE|--labels FILE -o NAME`: learn a matrix M from labelled pairs so that
// cos(e1 M, e2 M) separates similar from dissimilar texts better than the raw cosine; saved in the model
// folder as custom/NAME/ (matrix.f32, custom.json, cosines.svg) and applied by encode/compare/search/cluster
// with --custom NAME.
import type { Command } from 'commander';
import { Option } from 'commander';
import { DEFAULT_MAX_PAIRS, DEFAULT_TEST_SHARE, parseLabelsFile, parsePairsFile } from '../../encode/customize.ts';
import { type CustomizeInput, type CustomizeReport, customizeEmbeddings } from '../../encode/customize-embeddings.ts';
import { checkCustomName, saveCustomization } from '../../encode/customize-io.ts';
import { cosineHistogramSvg } from '../../encode/customize-svg.ts';
import { type EncodeMethod, readLines } from '../../encode/index.ts';
import { Word2VecError } from '../../errors.ts';
import type { BackendName } from '../../options.ts';
import { type CustomTrainOptions, DEFAULT_CUSTOM_TRAIN_OPTIONS, SMALL_SET_DROPOUT, SMALL_SET_PAIRS } from '../../tf/customize-options.ts';
import { float, int, oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { printJson } from '../json-output.ts';
import { loadFromFlags } from '../load-flags.ts';

/** The flags: the matrix training's options (but `noise`, and `outDim` optional) and the command's own. */
interface CustomizeFlags extends Omit<CustomTrainOptions, 'outDim' | 'noise' | 'batchSize' | 'dropout'> {
  /** Unless given, customizeEmbeddings chooses them from the number of train pairs. */
  batchSize?: number;
  dropout?: number;
  pairs?: string;
  labels?: string;
  output: string;
  method: EncodeMethod;
  testShare: number;
  maxPairs: number;
  trainPairs?: number;
  outDim?: number;
  backend: BackendName;
  overwrite?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `w2v customize`. */
export function register(program: Command, io: CliIo): Command {
  const d = DEFAULT_CUSTOM_TRAIN_OPTIONS;
  const command = program
    .command('customize')
    .description('learn a matrix from labelled pairs that makes "cosine > t" match your notion of similar (saved as custom/NAME in the model folder)')
    .argument('<model>', 'model folder (written by w2v train)')
    .option('--pairs <file>', 'TSV or CSV rows text_1, text_2, label (+1/-1 or 1/0); a header line is allowed')
    .option('--labels <file>', 'text<TAB>label rows: texts with the same label are similar, with different labels dissimilar')
    .requiredOption('-o, --output <name>', 'name of the customisation (folder custom/NAME in the model folder)')
    .addOption(new Option('--method <method>', 'sentence vectors: mean, tfidf (idf from the model counts) or sif (component fitted on the train texts)').argParser(oneOf('mean', 'tfidf', 'sif')).default('mean'))
    .addOption(new Option('--test-share <x>', 'share of the texts held out for testing (stratified by label)').argParser(float).default(DEFAULT_TEST_SHARE))
    .addOption(new Option('--max-pairs <n>', '--labels: pairs made per side at most (half similar, half dissimilar)').argParser(int(2)).default(DEFAULT_MAX_PAIRS))
    .addOption(new Option('--train-pairs <n>', 'train on at most N of the train pairs (the test pairs stay the same)').argParser(int(2)))
    .addOption(new Option('--out-dim <n>', "columns of the matrix: size of the customised vectors (default: the model's dim)").argParser(int(1)))
    .addOption(new Option('--epochs <n>', 'passes over the train pairs').argParser(int(1)).default(d.epochs))
    .addOption(new Option('--batch-size <n>', `pairs per Adam step (default: ${d.batchSize}, or fewer so that an epoch makes at least 10 steps)`).argParser(int(1)))
    .addOption(new Option('--lr <x>', 'Adam learning rate').argParser(float).default(d.lr))
    .addOption(new Option('--dropout <x>', `share of input coordinates zeroed during training (default: ${d.dropout}, or ${SMALL_SET_DROPOUT} below ${SMALL_SET_PAIRS} train pairs)`).argParser(float))
    .addOption(new Option('--init <init>', 'identity (plus small noise: starts from the raw cosine) or random').argParser(oneOf('identity', 'random')).default(d.init))
    .addOption(new Option('--seed <n>', 'seed of the split, the negatives, the initial noise, the shuffling and the dropout').argParser(int(0)).default(d.seed))
    .addOption(new Option('--backend <name>', 'TF.js backend: auto, tensorflow (tfjs-node), wasm or cpu').argParser(oneOf('auto', 'tensorflow', 'wasm', 'cpu')).default('auto'))
    .option('--overwrite', 'replace an existing customisation of that name')
    .option('--json', 'print the figures as one JSON document')
    .option('-q, --quiet', 'no progress');
  command.addHelpText(
    'after',
    `
The test pairs never share a text with the train pairs (texts are split first, negatives made after).
Figures: accuracy of "cos > t means similar" on the test pairs, t chosen on the train pairs, before and after.

Examples:
  w2v customize models/hlm --labels passages.tsv -o sources --method mean
  w2v compare models/hlm "宝玉笑道" "行者道" --custom sources`,
  );
  return command.action(async (modelPath: string, flags: CustomizeFlags) => {
    if ((flags.pairs === undefined) === (flags.labels === undefined)) throw new Word2VecError('E_INVALID_OPTION', 'give exactly one of --pairs FILE or --labels FILE');
    checkCustomName(flags.output);
    const model = await loadFromFlags(modelPath, {});
    if (model.format !== 'model') throw new Word2VecError('E_INVALID_OPTION', `${modelPath} is a vector file; customize needs a model folder (w2v train) to save custom/${flags.output} in`);
    const source = (flags.pairs ?? flags.labels)!;
    const lines = await readLines(source);
    const input: CustomizeInput = flags.pairs !== undefined ? { kind: 'pairs', pairs: parsePairsFile(source, lines), source } : { kind: 'labels', rows: parseLabelsFile(source, lines), source };
    const progress = flags.quiet || flags.json ? undefined : io.stderr;
    const { customization, report, samples } = await customizeEmbeddings(
      model,
      input,
      {
        method: flags.method,
        testShare: flags.testShare,
        maxPairs: flags.maxPairs,
        trainPairs: flags.trainPairs,
        outDim: flags.outDim,
        epochs: flags.epochs,
        batchSize: flags.batchSize,
        lr: flags.lr,
        dropout: flags.dropout,
        seed: flags.seed,
        init: flags.init,
        backend: flags.backend,
      },
      {
        onWarning: (m) => io.stderr.write(`warning: ${m}\n`),
        onEpoch: (epoch, loss) => progress?.write(`epoch ${epoch}/${flags.epochs}  loss ${loss.toFixed(5)}\n`),
      },
    );
    customization.name = flags.output;
    const svg = cosineHistogramSvg(samples, report, `${flags.output}: ${flags.method} sentence vectors, ${report.split.test.pairs} test pairs`);
    const folder = await saveCustomization(modelPath, customization, report, svg, flags.overwrite === true);
    if (flags.json) {
      printJson(io, { model: modelPath, name: flags.output, folder, ...report });
      return;
    }
    io.stdout.write(summary(report, folder));
  });
}

// --- internal ---

function summary(r: CustomizeReport, folder: string): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const rule = (label: string, f: CustomizeReport['before']): string =>
    `${label}  test accuracy ${pct(f.test.accuracy)} ± ${pct(1.96 * f.test.se)} (t = ${f.threshold.toFixed(4)} chosen on train; best t on test: ${pct(f.bestTestAccuracy)})\n`;
  return [
    `${r.method} sentence vectors; train ${r.split.train.pairs} pairs (${r.split.train.texts} texts), test ${r.split.test.pairs} pairs (${r.split.test.texts} texts)\n`,
    rule('before', r.before),
    rule('after ', r.after),
    `change  ${r.improvement.accuracy >= 0 ? '+' : ''}${pct(r.improvement.accuracy)} ± ${pct(1.96 * r.improvement.se)} (paired)\n`,
    `saved ${folder} (matrix.f32, custom.json, cosines.svg)\n`,
  ].join('');
}
