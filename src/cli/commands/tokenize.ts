// `w2v tokenize`: shows exactly what the trainer will see — the corpus after decoding, tokenizing and sentence
// splitting — as space-separated tokens, one sentence per line (itself valid `--tokenized` input).
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeStreamAtomic } from '../../io/formats/write-stream.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS, resolveTokenizerOptions } from '../../options.ts';
import { addFlags, pickOptions, TOKENIZER_FLAGS, TRAIN_FLAGS } from '../flags.ts';
import { openCorpus } from '../inputs.ts';
import type { CliIo } from '../io.ts';
import { checkFreeSpace, checkOutputPath, textToFileCommand } from '../output-path.ts';
import { writeWithBackpressure } from '../stdout.ts';

/** Registers `w2v tokenize <inputs...> [-o FILE]`. */
export function register(program: Command, io: CliIo): Command {
  const command = textToFileCommand(program, 'tokenize', 'print the tokens the trainer would see: one sentence per line, tokens separated by spaces', 'the tokens');
  addFlags(command, TOKENIZER_FLAGS, DEFAULT_TOKENIZER_OPTIONS);
  addFlags(command, TRAIN_FLAGS, DEFAULT_TRAIN_OPTIONS, ['maxSentenceLength']);
  command.addHelpText(
    'after',
    `
Examples:
  w2v tokenize corpora/hongloumeng.txt | head
  w2v tokenize --encoding gb18030 xiyouji.txt -o xiyouji.tok.txt
  echo "Hello, World! 我喜欢苹果" | w2v tokenize -`,
  );
  return command.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const output = opts.output as string | undefined;
    if (output !== undefined) await checkOutputPath(output, { kind: 'file', overwrite: opts.overwrite === true });
    const tokenizer = resolveTokenizerOptions(pickOptions(TOKENIZER_FLAGS, opts));
    const corpus = await openCorpus(inputs, tokenizer, {
      maxSentenceLength: (opts.maxSentenceLength as number | undefined) ?? DEFAULT_TRAIN_OPTIONS.maxSentenceLength,
      stdin: io.stdin,
    });
    if (output !== undefined) {
      // the tokens take about as many bytes as the text (a space per word; compressed input expands ~3x)
      const estimate = corpus.files.reduce((sum, f) => sum + f.size * (f.gzip ? 3 : 1), 0);
      await checkFreeSpace(dirname(resolve(output)), estimate, output);
    }
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
