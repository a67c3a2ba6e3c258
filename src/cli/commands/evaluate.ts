// `w2v evaluate MODEL [--analogies FILE]... [--pairs FILE]... [--restrict N] [--json]`: analogy accuracy per
// section and overall, word-pair Pearson/Spearman with the OOV ratio; the same figures gensim 4.2 reports.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { type AnalogyResult, DEFAULT_RESTRICT_VOCAB, evaluateAnalogies, evaluatePairs, type PairResult } from '../../eval/index.ts';
import { int } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { collect } from '../flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, type LoadFlags, loadFromFlags } from '../load-flags.ts';

interface EvaluateFlags extends LoadFlags {
  analogies?: string[];
  pairs?: string[];
  restrict: number;
  caseSensitive?: boolean;
}

/** Registers `w2v evaluate`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('evaluate')
    .description('analogy accuracy (questions-words, CA8) and word-pair correlation (WordSim-353, SimLex-999, COS960), as gensim computes them')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .option('--analogies <file>', 'analogy questions (": section" headers, "a b c d" lines); repeatable', collect)
    .option('--pairs <file>', 'word pairs with a human score ("w1<TAB>w2<TAB>score", or space-separated); repeatable', collect)
    .option('--restrict <n>', 'only the N most frequent words take part (gensim restrict_vocab)', int(1), DEFAULT_RESTRICT_VOCAB)
    .option('--case-sensitive', 'match words exactly (default: case-insensitive, as gensim)');
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: EvaluateFlags) => {
    const analogyFiles = flags.analogies ?? [];
    const pairFiles = flags.pairs ?? [];
    if (analogyFiles.length + pairFiles.length === 0) {
      throw new Word2VecError('E_INVALID_OPTION', 'nothing to evaluate: give --analogies FILE and/or --pairs FILE (e.g. questions-words.txt, wordsim353.tsv)');
    }
    const { kv } = await loadFromFlags(modelPath, flags);
    const options = { restrictVocab: flags.restrict, caseInsensitive: !flags.caseSensitive };
    const analogies: AnalogyResult[] = [];
    for (const file of analogyFiles) analogies.push(await evaluateAnalogies(kv, file, options));
    const pairs: PairResult[] = [];
    for (const file of pairFiles) pairs.push(await evaluatePairs(kv, file, options));
    if (flags.json) {
      printJson(io, { model: modelPath, restrict: flags.restrict, caseInsensitive: options.caseInsensitive, analogies, pairs });
      return;
    }
    const out: string[] = [];
    for (const a of analogies) {
      out.push(`${basename(a.file)}: accuracy ${pct(a.accuracy)} (${a.correct}/${a.total}), ${a.oov} of ${a.questions} questions OOV (${pct(a.oovRatio)})`);
      for (const s of a.sections) out.push(`  ${s.name}: ${pct(s.accuracy)} (${s.correct}/${s.total})`);
    }
    for (const p of pairs) {
      out.push(`${basename(p.file)}: Spearman ${p.spearman.toFixed(4)}, Pearson ${p.pearson.toFixed(4)}, ${p.pairs} pairs, OOV ${pct(p.oovRatio)}`);
    }
    io.stdout.write(`${out.join('\n')}\n`);
  });
}

// --- internal ---

function pct(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}
