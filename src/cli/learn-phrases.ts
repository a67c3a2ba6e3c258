// Phrase learning as the CLI runs it: `w2v phrases` and `train --phrases auto` share the progress display and
// the temp-file hand-off (a tokenizer names its phrase table by path, and the model folder keeps a copy).
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../corpus/corpus.ts';
import { TextCorpus } from '../corpus/text-corpus.ts';
import { DEFAULT_PHRASE_OPTIONS, type PhraseOptions, type TokenizerOptions } from '../options.ts';
import { resolveConnectorWords } from '../phrases/connector-words.ts';
import { learnPhrases, type PassStats } from '../phrases/learn.ts';
import { type PhraseTable, phrasesTsv } from '../phrases/index.ts';
import { createTokenizer } from '../tokenize/index.ts';
import type { CliIo } from './io.ts';
import { formatBytes, formatCount, type ProgressWriter } from './progress.ts';

/** Learns phrases over `corpus` with a progress line and warnings on stderr. */
export async function learnWithProgress(
  corpus: Corpus,
  tokenizer: TokenizerOptions,
  options: Readonly<PhraseOptions>,
  io: CliIo,
  progress: ProgressWriter,
): Promise<{ table: PhraseTable; stats: PassStats[] }> {
  const connectorWords = await resolveConnectorWords(options.connectorWords, tokenizer);
  const started = performance.now();
  return learnPhrases(
    corpus,
    { ...options, connectorWords },
    {
      onProgress: ({ pass, passes, bytes, totalBytes, words }) => {
        const seconds = (performance.now() - started) / 1000;
        const fraction = totalBytes === undefined || totalBytes === 0 ? undefined : (pass - 1 + bytes / totalBytes) / passes;
        progress.update({
          label: passes > 1 ? `phrases pass ${pass}/${passes}` : 'phrases',
          fraction,
          fields: {
            read: totalBytes === undefined ? formatBytes(bytes) : `${formatBytes(bytes)}/${formatBytes(totalBytes)}`,
            tokens: formatCount(words),
          },
          etaSeconds: fraction !== undefined && fraction > 0 ? (seconds * (1 - fraction)) / fraction : undefined,
        });
      },
      onWarning: (message) => {
        progress.done();
        io.stderr.write(`warning: ${message}\n`);
      },
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    },
  );
}

/**
 * `train --phrases auto`: learns phrases (gensim's defaults) in one extra pass over `corpus`, writes them to a
 * temp file (removed at exit; the model folder keeps its own copy) and returns the corpus re-tokenized with them.
 */
export async function learnAutoPhrases(
  corpus: Corpus,
  tokenizer: TokenizerOptions,
  io: CliIo,
  progress: ProgressWriter,
): Promise<{ corpus: TextCorpus; tokenizer: TokenizerOptions; table: PhraseTable }> {
  if (!(corpus instanceof TextCorpus)) throw new TypeError('--phrases auto needs a TextCorpus');
  const { table } = await learnWithProgress(corpus, tokenizer, DEFAULT_PHRASE_OPTIONS, io, progress);
  progress.done();
  const dir = await mkdtemp(join(tmpdir(), 'w2v-phrases-'));
  if (temporary.length === 0) process.once('exit', removeTemporary);
  temporary.push(dir);
  const path = join(dir, 'phrases.tsv');
  await writeFile(path, phrasesTsv(table));
  const phrased: TokenizerOptions = { ...tokenizer, phrases: path };
  // the same files (stdin stays spooled), now tokenized with the phrases
  // the settings travel with the corpus: its tokenizing threads build their tokenizer from them
  return { corpus: new TextCorpus(corpus.files, await createTokenizer(phrased), { ...corpus.options, tokenizerOptions: phrased }), tokenizer: phrased, table };
}

/** One line per pass: types counted and phrases kept. */
export function describePasses(stats: readonly PassStats[]): string {
  return stats
    .map((s, i) => `${stats.length > 1 ? `pass ${i + 1}: ` : ''}${formatCount(s.types)} unigram+bigram types, ${s.phrases} phrases${s.prunings > 0 ? ` (${s.prunings} prunings past --max-types)` : ''}`)
    .join('; ');
}

// --- internal ---

const temporary: string[] = [];

function removeTemporary(): void {
  // 'exit' handlers must be synchronous
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}
