// `w2v similar MODEL WORD... [-k 10] [--negative W]...`: nearest words. With no words: a prompt like
// word2vec.c's `distance` on a terminal (line editing and history; several words or a sentence on a line are
// segmented and averaged), or one query per line of piped input.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Word2VecError } from '../../errors.ts';
import { EXIT, ExitRequest } from '../exit.ts';
import { collect, topNParser } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { printJson, printJsonLine } from '../json-output.ts';
import { addLoadFlags, type CliModel, type LoadFlags, loadFromFlags } from '../load-flags.ts';
import { errorJson, withFlagNames } from '../messages.ts';
import { argumentWords, composedField, composedNote, composedWords, noteWords } from '../query-words.ts';
import { formatNeighbors } from '../text-output.ts';

interface SimilarFlags extends LoadFlags {
  topN: number;
  negative?: string[];
  restrict?: number;
}

/** Registers `w2v similar`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('similar')
    .description('nearest words by cosine similarity (no WORD: a prompt on a terminal, or one query per line of stdin)')
    .argument('<model>', 'model folder or vector file')
    .argument('[words...]', 'query words; several are averaged (unit vectors), as gensim most_similar')
    .option('-k, --top-n <n>', 'how many neighbours', topNParser, 10)
    .option('--negative <word>', 'a word whose direction is subtracted; repeat for several (--negative a --negative b)', collect)
    .option('--restrict <n>', 'search only the N most frequent words', topNParser);
  addLoadFlags(command);
  command.addHelpText(
    'after',
    `
Query words are read the way the model's tokenizer read its corpus (NFKC, case, apostrophes, punctuation,
jieba for Chinese): ＥＬＩＺＡＢＥＴＨ finds elizabeth, 宝玉， finds 宝玉, and 宝玉笑道 is 宝玉 + 笑道.
At the prompt: Up/Down for history, Ctrl-C clears the line (on an empty line it quits), exit or quit ends.

Examples:
  w2v similar models/hlm 宝玉 -k 5
  w2v similar models/text8 king woman --negative man -k 3
  echo 宝玉 | w2v similar models/hlm --json`,
  );
  return command.action(async (modelPath: string, words: string[], flags: SimilarFlags) => {
    const model = await loadFromFlags(modelPath, flags);
    if (words.length === 0 && (flags.negative ?? []).length === 0) {
      const failures = await queryLoop(model, flags, io);
      if (failures > 0) throw new ExitRequest(EXIT.error);
      return;
    }
    const positive = argumentWords(model, words);
    const negative = argumentWords(model, flags.negative ?? []);
    noteWords(io, [...words, ...(flags.negative ?? [])], [...positive, ...negative], 'words', model.kv);
    const results = model.kv.mostSimilar(positive, { negative, topN: flags.topN, restrictVocab: flags.restrict });
    if (flags.json) printJson(io, { model: modelPath, positive, negative, ...composedField(model.kv, [...positive, ...negative]), results });
    else io.stdout.write(formatNeighbors(results));
  });
}

// --- internal ---

/** Answers one query per line; returns how many failed. A prompt with line editing only on a terminal. */
async function queryLoop(model: CliModel, flags: SimilarFlags, io: CliIo): Promise<number> {
  const tty = io.stdin.isTTY === true && io.stderr.isTTY === true;
  const prompt = 'Enter word or sentence (exit to quit): ';
  let failures = 0;
  const answer = (line: string): boolean => {
    const text = line.trim();
    if (text === '') return true;
    if (/^(exit|quit)$/i.test(text)) return false;
    const parsed = model.parse(text);
    try {
      if (parsed.words.length === 0) {
        throw new Word2VecError('E_UNKNOWN_WORD', parsed.unknown.length > 0 ? `not in the vocabulary: ${parsed.unknown.join(' ')}` : 'no word in the query');
      }
      const results = model.kv.mostSimilar(parsed.words, { topN: flags.topN, restrictVocab: flags.restrict });
      if (flags.json) {
        printJsonLine(io.stdout, { query: text, words: parsed.words, unknown: parsed.unknown, ...composedField(model.kv, parsed.words), results });
      } else {
        if (parsed.unknown.length > 0) io.stderr.write(`skipped, not in the vocabulary: ${parsed.unknown.join(' ')}\n`);
        if (parsed.words.length > 1 || parsed.words[0] !== text) io.stderr.write(`words: ${parsed.words.join(' ')}\n`);
        for (const c of composedWords(model.kv, parsed.words)) io.stderr.write(`${composedNote(model.kv, c)}\n`);
        io.stdout.write(formatNeighbors(results));
      }
    } catch (error) {
      if (!(error instanceof Word2VecError)) throw error;
      failures++;
      if (flags.json) printJsonLine(io.stdout, { query: text, error: { ...errorJson(error), message: withFlagNames(error.message) } });
      else io.stderr.write(`${tty ? '' : 'error: '}${withFlagNames(error.message)}\n`);
    }
    return true;
  };

  if (!tty) {
    const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    for await (const line of lines) if (!answer(line)) break;
    lines.close();
    return failures;
  }

  io.stderr.write(`${model.kv.size} words, ${model.kv.dim} dimensions\n`);
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true, historySize: 1000, removeHistoryDuplicates: true, prompt });
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (answer(line)) rl.prompt();
      else rl.close();
    });
    // Ctrl-C: with text typed it clears the line; on an empty line it quits (readline keeps the terminal in raw mode)
    rl.on('SIGINT', () => {
      if (rl.line.length > 0) {
        io.stderr.write('^C\n');
        (rl as unknown as { line: string }).line = '';
        rl.prompt();
      } else {
        io.stderr.write('\n');
        rl.close();
      }
    });
    rl.on('close', () => resolve());
    rl.prompt();
  });
  // interactive use: the errors were seen and answered at the prompt
  return 0;
}
