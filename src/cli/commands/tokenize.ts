// `w2v tokenize`: shows exactly what the trainer will see — the corpus after decoding, tokenizing and sentence
// splitting — as space-separated tokens, one sentence per line (itself valid `--tokenized` input).
import type { Command } from 'commander';
import { writeStreamAtomic } from '../../io/formats/write-stream.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS, resolveTokenizerOptions } from '../../options.ts';
import { addFlags, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';

/** Registers `w2v tokenize <inputs...> [-o FILE]`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('tokenize')
    .description('print the tokens the trainer would see: one sentence per line, tokens separated by spaces')
    .argument('<inputs...>', 'text files, folders, globs ("data/**/*.txt"), .gz files, or - for stdin')
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout');
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS);
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS, ['maxSentenceLength']);
  command.addHelpText(
    'after',
    `
Examples:
  w2v tokenize corpora/zh/hongloumeng.txt | head
  w2v tokenize --encoding gb18030 xiyouji.txt -o xiyouji.tok.txt
  echo "Hello, World! 我喜欢苹果" | w2v tokenize -`,
  );
  return command.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const tokenizer = resolveTokenizerOptions(pickOptions(TOKENIZER_FLAGS, opts));
    const corpus = await openCorpus(inputs, tokenizer, {
      maxSentenceLength: (opts.maxSentenceLength as number | undefined) ?? DEFAULT_TRAIN_OPTIONS.maxSentenceLength,
      stdin: io.stdin,
    });
    const output = opts.output as string | undefined;
    const emit = async (write: (chunk: string) => Promise<void>): Promise<void> => {
      let buffer = '';
      for await (const sentence of corpus) {
        buffer += `${sentence.join(' ')}\n`;
        if (buffer.length >= 1 << 16) {
          await write(buffer);
          buffer = '';
        }
      }
      if (buffer !== '') await write(buffer);
    };
    if (output === undefined) await emit((chunk) => writeWithBackpressure(io.stdout, chunk));
    else await writeStreamAtomic(output, (sink) => emit((chunk) => sink.write(chunk)));
  });
}

// --- internal ---

function writeWithBackpressure(stdout: CliIo['stdout'], chunk: string): Promise<void> {
  const ok = stdout.write(chunk);
  const stream = stdout as Partial<NodeJS.WritableStream>;
  if (ok !== false || typeof stream.once !== 'function') return Promise.resolve();
  return new Promise((resolve) => stream.once?.('drain', () => resolve()));
}
