// Tokenizer throughput in MB/s (of UTF-8 text, uncompressed) on one core, for the real corpora: the tokenizer
// alone on lines already in memory, and the whole streaming path (read, gunzip, decode, split lines, tokenize).
// Usage: npx tsx scripts/tokenizer-throughput.ts [file...]   (defaults to the shared corpora)
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openCorpus } from '../src/corpus/open-corpus.ts';
import { resolveTokenizerOptions, type TokenizerOptions } from '../src/options.ts';
import { createTokenizer } from '../src/tokenize/index.ts';
import { SHARED } from './shared-dir.ts';

const CORPORA = `${SHARED}/corpora`;
const DEFAULT_RUNS: [string, Partial<TokenizerOptions>][] = [
  [`${CORPORA}/zh/hongloumeng.txt`, {}],
  [`${CORPORA}/zh/zh-laws-national.txt.gz`, {}],
  [`${CORPORA}/zh/pg24264-hongloumeng-traditional.txt`, {}],
  [`${CORPORA}/zh/xiyouji.gb18030.txt`, { encoding: 'gb18030' }],
  [`${CORPORA}/en/pg1342-pride-and-prejudice.txt`, {}],
  [`${CORPORA}/zh/hongloumeng.txt`, { hmm: false }],
];

async function measure(path: string, overrides: Partial<TokenizerOptions>): Promise<Record<string, unknown>> {
  const options = resolveTokenizerOptions(overrides);
  const raw = readFileSync(path);
  const bytes = path.endsWith('.gz') ? gunzipSync(raw) : raw;
  const text = new TextDecoder(options.encoding ?? 'utf-8').decode(bytes);
  const mb = Buffer.byteLength(text, 'utf8') / 1e6;
  const lines = text.split(/\r\n|\r|\n/);
  const loadStart = performance.now();
  const tokenizer = await createTokenizer(options);
  tokenizer.tokenize('预热一下 warm up'); // loads jieba in auto mode
  const loadSeconds = (performance.now() - loadStart) / 1000;
  let tokens = 0;
  const t0 = performance.now();
  for (const line of lines) tokens += tokenizer.tokenize(line).length;
  const tokenizeSeconds = (performance.now() - t0) / 1000;
  const corpus = await openCorpus([path], options, { maxSentenceLength: 10_000 });
  const t1 = performance.now();
  let streamed = 0;
  for await (const sentence of corpus) streamed += sentence.length;
  const pipelineSeconds = (performance.now() - t1) / 1000;
  return {
    file: path.replace(`${CORPORA}/`, ''),
    options: overrides,
    utf8MB: +mb.toFixed(2),
    tokens,
    jiebaLoadSeconds: +loadSeconds.toFixed(2),
    tokenizeMBps: +(mb / tokenizeSeconds).toFixed(2),
    pipelineMBps: +(mb / pipelineSeconds).toFixed(2),
    sameTokenCount: streamed === tokens,
  };
}

const files = process.argv.slice(2);
const runs: [string, Partial<TokenizerOptions>][] = files.length > 0 ? files.map((f) => [f, {}]) : DEFAULT_RUNS;
for (const [path, overrides] of runs) process.stdout.write(`${JSON.stringify(await measure(path, overrides))}\n`);
