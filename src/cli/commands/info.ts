// `w2v info MODEL`: vocabulary size, dimension, format and, for model folders, what model.json records.
import type { Command } from 'commander';
import { readSifComponent, SIF_FILE } from '../../encode/index.ts';
import type { CliIo } from '../io.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';

/** Registers `w2v info`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('info')
    .description('vocabulary size, dimension, format; for a model folder also options, backend, loss per epoch and corpus')
    .argument('<model>', 'model folder or word2vec text/binary file');
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: LoadFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    const { kv, meta } = model;
    const sif = model.format === 'model' && (await readSifComponent(modelPath, kv.dim)) !== undefined;
    const summary = {
      path: modelPath,
      format: model.format === 'model' ? 'model folder' : model.format === 'projector' ? 'Embedding Projector TSV (vectors.tsv + metadata.tsv)' : `word2vec ${model.format}${model.header ? '' : ' (no header)'}`,
      vocabSize: kv.size,
      dim: kv.dim,
      firstWords: kv.words.slice(0, 10),
      ...(model.duplicates > 0 ? { duplicatesDropped: model.duplicates } : {}),
      ...(meta === undefined ? {} : { model: meta }),
      ...(sif ? { sifComponent: SIF_FILE } : {}),
    };
    if (flags.json) {
      printJson(io, summary);
      return;
    }
    const out: string[] = [
      `path        ${modelPath}`,
      `format      ${summary.format}`,
      `vocabulary  ${kv.size} words`,
      `dimension   ${kv.dim}`,
      `first words ${kv.words.slice(0, 10).join(' ')}`,
    ];
    if (model.duplicates > 0) out.push(`duplicates  ${model.duplicates} repeated words dropped (the first vector is kept)`);
    if (meta !== undefined) {
      const o = meta.options;
      out.push(
        `trained     ${meta.createdAt} on backend ${meta.backend}`,
        `options     model=${o.model} loss=${o.loss} dim=${o.dim} window=${o.window} negative=${o.negative} sample=${o.sample} min-count=${o.minCount} epochs=${o.epochs} alpha=${o.alpha} seed=${o.seed} workers=${o.workers}`,
        `tokenizer   ${Object.entries(meta.tokenizer)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
        `corpus      ${meta.corpus.description}: ${meta.corpus.tokens} tokens (${meta.corpus.vocabTokens} in vocabulary)`,
        `loss/epoch  ${meta.lossPerEpoch.map((l) => l.toFixed(4)).join(' ')}`,
        `speed       ${Math.round(meta.wordsPerSecond)} words/s, ${meta.timings.totalSeconds.toFixed(1)} s total`,
      );
      if (sif) out.push(`sif         principal component saved in ${SIF_FILE} (used by encode/compare/search/cluster --method sif)`);
    }
    io.stdout.write(`${out.join('\n')}\n`);
  });
}
