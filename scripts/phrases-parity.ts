// Phrase parity with gensim 4.2: learns phrases of a text8-style file with ours (`--tokenized`, the library
// path `w2v phrases` runs) and with gensim's Phrases(Text8Corpus(...)).export_phrases(), for the default
// scoring, npmi, and English connector words, and compares phrases, counts and scores; also times both.
// Usage: npx tsx scripts/phrases-parity.ts [file-or-zip] [megabytes]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { openCorpus } from '../src/cli/inputs.ts';
import { type PhraseOptions, resolvePhraseOptions, resolveTokenizerOptions } from '../src/options.ts';
import { resolveConnectorWords } from '../src/phrases/connector-words.ts';
import { learnPhrases } from '../src/phrases/learn.ts';
import { unzipSingle } from './vocab-parity.ts';

const PYTHON = '/usr/bin/python3';

/** The settings of the parity check, as our options and as gensim keyword arguments. */
export const PARITY_CASES: readonly { name: string; options: Partial<PhraseOptions>; gensim: string }[] = [
  { name: 'default', options: { minCount: 5, threshold: 10 }, gensim: 'min_count=5, threshold=10' },
  { name: 'npmi', options: { minCount: 5, threshold: 0.5, scoring: 'npmi' }, gensim: "min_count=5, threshold=0.5, scoring='npmi'" },
  { name: 'english connectors', options: { minCount: 5, threshold: 10, connectorWords: 'english' }, gensim: 'min_count=5, threshold=10, connector_words=ENGLISH_CONNECTOR_WORDS' },
  // not one of gensim's defaults, but the pruning rule is part of the semantics: prunes many times on text8
  { name: 'pruning', options: { minCount: 5, threshold: 10, maxTypes: 50_000 }, gensim: 'min_count=5, threshold=10, max_vocab_size=50000' },
];

/** One side's phrases: phrase -> [count, score], the types counted, and the seconds learning took. */
export interface PhraseRun {
  phrases: Record<string, [number, number]>;
  types: number;
  seconds: number;
}

/**
 * gensim 4.2's export_phrases() of `file` read as Text8Corpus, once per entry of `kwargs` (Python keyword
 * arguments), in one Python process.
 */
export function gensimPhrases(file: string, kwargs: readonly string[]): PhraseRun[] {
  const code = `
import json, sys, time
from gensim.models.phrases import Phrases, ENGLISH_CONNECTOR_WORDS
from gensim.models.word2vec import Text8Corpus
runs = []
for kwargs in sys.argv[2:]:
    t = time.time()
    p = eval("Phrases(Text8Corpus(sys.argv[1]), " + kwargs + ")")
    e = p.export_phrases()
    seconds = time.time() - t
    runs.append({"phrases": {k: [p.vocab[k], v] for k, v in e.items()}, "types": len(p.vocab), "seconds": seconds})
print(json.dumps(runs))
`;
  const r = spawnSync(PYTHON, ['-c', code, file, ...kwargs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`gensim failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PhraseRun[];
}

/** Our phrases of `file` (`--tokenized`, 10,000-token sentences as Text8Corpus cuts them). */
export async function ourPhrases(file: string, options: Partial<PhraseOptions>): Promise<PhraseRun> {
  const t = performance.now();
  const tokenizer = resolveTokenizerOptions({ tokenized: true });
  const corpus = await openCorpus([file], tokenizer, { maxSentenceLength: 10_000 });
  const resolved = resolvePhraseOptions(options);
  const connectorWords = await resolveConnectorWords(resolved.connectorWords, tokenizer);
  const { table, stats } = await learnPhrases(corpus, { ...resolved, connectorWords });
  const phrases: Record<string, [number, number]> = {};
  for (const p of table.passes[0]?.values() ?? []) phrases[p.phrase] = [p.count, p.score];
  return { phrases, types: stats[0]?.types ?? 0, seconds: (performance.now() - t) / 1000 };
}

/** Differences between two runs: missing/extra phrases, count mismatches, the largest score difference. */
export function comparePhrases(ours: PhraseRun, theirs: PhraseRun): { missing: string[]; extra: string[]; countMismatches: string[]; maxScoreDiff: number } {
  const missing = Object.keys(theirs.phrases).filter((p) => !(p in ours.phrases));
  const extra = Object.keys(ours.phrases).filter((p) => !(p in theirs.phrases));
  const countMismatches: string[] = [];
  let maxScoreDiff = 0;
  for (const [p, [count, score]] of Object.entries(theirs.phrases)) {
    const mine = ours.phrases[p];
    if (mine === undefined) continue;
    if (mine[0] !== count) countMismatches.push(`${p}: ${mine[0]} vs ${count}`);
    maxScoreDiff = Math.max(maxScoreDiff, Math.abs(mine[1] - score));
  }
  return { missing, extra, countMismatches, maxScoreDiff };
}

/** Writes the first `megabytes` MB of `file` (cut at a space) to `out`. */
export function headOf(file: string, megabytes: number, out: string): void {
  const code = 'import sys\nb = open(sys.argv[1], "rb").read(int(float(sys.argv[2]) * 1e6))\nopen(sys.argv[3], "wb").write(b[: b.rfind(b" ")])';
  const r = spawnSync(PYTHON, ['-c', code, file, String(megabytes), out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`head failed: ${r.stderr}`);
}

async function main(): Promise<void> {
  const input = process.argv[2] ?? 'corpora/text8_head12500000.zip';
  const megabytes = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const { file: whole, dir } = input.endsWith('.zip') ? unzipSingle(input) : { file: input, dir: undefined };
  const file = megabytes === undefined ? whole : `${whole}.head`;
  if (megabytes !== undefined) headOf(whole, megabytes, file);
  try {
    const gensim = gensimPhrases(file, PARITY_CASES.map((c) => c.gensim));
    for (const [i, c] of PARITY_CASES.entries()) {
      const ours = await ourPhrases(file, c.options);
      const theirs = gensim[i]!;
      const diff = comparePhrases(ours, theirs);
      process.stdout.write(
        `${JSON.stringify({
          file: input,
          megabytes: megabytes ?? 'all',
          case: c.name,
          ourPhrases: Object.keys(ours.phrases).length,
          gensimPhrases: Object.keys(theirs.phrases).length,
          ourTypes: ours.types,
          gensimTypes: theirs.types,
          missing: diff.missing.length,
          extra: diff.extra.length,
          countMismatches: diff.countMismatches.length,
          maxScoreDiff: diff.maxScoreDiff,
          ourSeconds: +ours.seconds.toFixed(2),
          gensimSeconds: +theirs.seconds.toFixed(2),
        })}\n`,
      );
    }
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    else if (megabytes !== undefined) rmSync(file, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
