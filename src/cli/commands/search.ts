// `w2v search MODEL --docs FILE --query TEXT [-k 5]`: the lines of FILE most similar to the query.
import type { Command } from 'commander';
import { rankDocuments, readLines } from '../../encode/index.ts';
import { addCustomFlag, applyCustomFlag } from '../custom-flag.ts';
import type { CliIo } from '../io.ts';
import { formatScore } from '../text-output.ts';
import { addEncodeFlags, type EncodeFlags, reportUnknown, setupEncoder } from '../encode-flags.ts';
import { topNParser } from '../flags.ts';
import { printJson } from '../json-output.ts';
import { addLoadFlags, loadFromFlags } from '../load-flags.ts';

interface SearchFlags extends EncodeFlags {
  docs: string;
  query: string;
  topN: number;
}

/** Registers `w2v search`. */
export function register(program: Command, io: CliIo): Command {
  const command = program
    .command('search')
    .description('rank the lines of a file by similarity to a query text')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .requiredOption('--docs <file>', 'documents, one per line')
    .requiredOption('--query <text>', 'the query text')
    .option('-k, --top-n <n>', 'how many lines to show', topNParser, 5);
  addEncodeFlags(command);
  addCustomFlag(command);
  addLoadFlags(command);
  return command.action(async (modelPath: string, flags: SearchFlags) => {
    const lines = await readLines(flags.docs);
    const model = await loadFromFlags(modelPath, flags);
    const { encoder } = await applyCustomFlag(model, flags, await setupEncoder(model, flags, io, lines), io);
    const docs = lines.map((t) => encoder.encode(t));
    const skipped = docs.filter((d) => d.vector === null && d.tokens.length > 0).length;
    if (skipped > 0) io.stderr.write(`${skipped === 1 ? '1 line' : `${skipped} lines`} of ${flags.docs} ${skipped === 1 ? 'has' : 'have'} no word ${model.kv.subwords === undefined ? 'in the vocabulary' : 'with a vector'} and ${skipped === 1 ? 'is' : 'are'} not ranked\n`);
    const query = encoder.encode(flags.query);
    reportUnknown(io, 'query', query, model);
    const hits = rankDocuments(query, docs, flags.topN);
    if (flags.json) {
      printJson(io, { model: modelPath, method: flags.method, query: flags.query, ...(query.composed === undefined ? {} : { composed: query.composed }), results: hits.map((h) => ({ line: h.index + 1, score: h.score, text: lines[h.index] })) });
      return;
    }
    io.stdout.write(hits.map((h) => `${formatScore(h.score)}  ${h.index + 1}: ${lines[h.index]}\n`).join(''));
  });
}
