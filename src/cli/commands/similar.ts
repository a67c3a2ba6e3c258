// `w2v similar MODEL WORD... [-k 10] [--negative W...]`: nearest words; with no words, an interactive prompt
// like word2vec.c's `distance` (several words on a line are averaged; EXIT or end of input quits).
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { UnknownWordError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import { addLoadFlags, type CliModel, formatNeighbors, type LoadFlags, loadFromFlags, printJson, topNParser } from '../load-model.ts';

interface SimilarFlags extends LoadFlags {
  topN: number;
  negative?: string[];
  restrict?: number;
}

/** Registers `w2v similar`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('similar')
    .description('nearest words by cosine similarity (no WORD: interactive prompt, EXIT to quit)')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .argument('[words...]', 'query words; several are averaged (unit vectors), as gensim most_similar')
    .option('-k, --top-n <n>', 'how many neighbours', topNParser, 10)
    .option('--negative <words...>', 'words whose direction is subtracted')
    .option('--restrict <n>', 'search only the N most frequent words', topNParser);
  addLoadFlags(command);
  return command.action(async (modelPath: string, words: string[], flags: SimilarFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    if (words.length === 0 && (flags.negative ?? []).length === 0) {
      await interactive(model, flags, io);
      return;
    }
    const positive = words.map(model.queryWord);
    const negative = (flags.negative ?? []).map(model.queryWord);
    const results = model.kv.mostSimilar(positive, { negative, topN: flags.topN, restrictVocab: flags.restrict });
    if (flags.json) printJson(io, { model: modelPath, positive, negative, results });
    else io.stdout.write(formatNeighbors(results));
  });
}

// --- internal ---

async function interactive(model: CliModel, flags: SimilarFlags, io: CliIo): Promise<void> {
  const prompt = 'Enter word or sentence (EXIT to break): ';
  io.stdout.write(`${model.kv.size} words, ${model.kv.dim} dimensions\n${prompt}`);
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  for await (const line of lines) {
    const words = line.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 1 && words[0] === 'EXIT') break;
    if (words.length > 0) {
      try {
        const results = model.kv.mostSimilar(words.map(model.queryWord), { topN: flags.topN, restrictVocab: flags.restrict });
        if (flags.json) io.stdout.write(`${JSON.stringify({ positive: words, results })}\n`);
        else io.stdout.write(formatNeighbors(results));
      } catch (error) {
        if (!(error instanceof UnknownWordError)) throw error;
        io.stdout.write(`Out of dictionary: ${error.words.join(' ')}\n`);
      }
    }
    io.stdout.write(prompt);
  }
  lines.close();
  io.stdout.write('\n');
}
