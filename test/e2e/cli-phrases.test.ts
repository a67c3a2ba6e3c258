import { open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizerFor } from '../../src/encode/index.ts';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { parsePhrasesTsv } from '../../src/tokenize/phrase-table.ts';
import { loadKeyedVectors } from '../../src/vectors/load.ts';
import { comparePhrases, gensimPhrases, PARITY_CASES, type PhraseRun } from '../../scripts/phrases-parity.ts';
import { SHARED } from '../../scripts/shared-dir.ts';
import { unzipSingle } from '../../scripts/vocab-parity.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { skipWithoutGensim } from '../helpers/gensim.ts';

// the text8 head, cut to its first MB to keep the suite fast: the whole 12.5 MB is scripts/phrases-parity.ts's job
// (BENCHMARKS.md, "Phrases")
let unzipped: { file: string; dir: string };
let slice: string;
beforeAll(async () => {
  unzipped = unzipSingle(`${SHARED}/corpora/text8_head12500000.zip`);
  slice = join(unzipped.dir, 'text8-1mb');
  await writeFile(slice, await headAtSpace(unzipped.file, 1_000_000));
});
afterAll(async () => {
  await rm(unzipped.dir, { recursive: true, force: true });
});

describe('w2v phrases', () => {
  it.skipIf(skipWithoutGensim())('gives exactly the phrases, counts and scores (1e-9) of gensim 4.2 Phrases(Text8Corpus) on 1 MB of text8', async () => {
    const gensim = gensimPhrases(slice, PARITY_CASES.map((c) => c.gensim));
    const dir = await tmpDir();
    for (const [i, c] of PARITY_CASES.entries()) {
      const out = join(dir, `${i}.tsv`);
      const flags = Object.entries(c.options).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`, String(v)]);
      const run = await cli(['phrases', '--tokenized', '-q', slice, '-o', out, ...flags]);
      expect(run.stderr).toBe(c.options.maxTypes === undefined ? '' : `warning: more than ${c.options.maxTypes} unigram and bigram types: pruning the rarest as gensim's Phrases does (max_vocab_size); counts become undercounts and rare phrases may be missed; raise --max-types if memory allows\n`);
      expect(run.code).toBe(0);
      const table = parsePhrasesTsv(out, await readFile(out, 'utf8'));
      const ours: PhraseRun = { phrases: {}, types: 0, seconds: 0 };
      for (const p of table.passes[0]!.values()) ours.phrases[p.phrase] = [p.count, p.score];
      const diff = comparePhrases(ours, gensim[i]!);
      expect({ case: c.name, ...diff, maxScoreDiff: diff.maxScoreDiff <= 1e-9 }).toEqual({ case: c.name, missing: [], extra: [], countMismatches: [], maxScoreDiff: true });
      // a phrase table that learned nothing would pass the comparison above
      expect(Object.keys(ours.phrases).length).toBeGreaterThan(100);
    }
  });

  it('writes the table atomically and refuses to overwrite a file without --overwrite', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'phrases.tsv');
    const stdin = 'new york is big\nnew york city\ni love new york\n'.repeat(3);
    const first = await cli(['phrases', '--min-count', '1', '--threshold', '1', '-', '-o', out], { stdin });
    expect(first.code).toBe(0);
    // 7 words and 6 bigrams; new_york (9), i_love and is_big (3) score above 1, york_city (3) does not
    expect(first.stdout).toMatch(/^33 tokens; 13 unigram\+bigram types, 3 phrases; 3 phrases in all \(default scoring, threshold 1, min-count 1\) \(\d+\.\d s\); wrote /);
    expect((await readFile(out, 'utf8')).split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      `new_york\t9\t${((9 - 1) / 81) * 13}`,
      `i_love\t3\t${((3 - 1) / 9) * 13}`,
      `is_big\t3\t${((3 - 1) / 9) * 13}`,
      '',
    ]);
    const again = await cli(['phrases', '-', '-o', out], { stdin });
    expect(again).toMatchObject({ code: 1, stderr: `error: ${out}: already exists; pass --overwrite to replace it, or choose another name\n` });
    expect((await cli(['phrases', '--overwrite', '-q', '-', '-o', out], { stdin })).code).toBe(0);
    expect(await readdir(dir)).toEqual(['phrases.tsv']); // no temp file left behind
  });

  it('learns trigrams with --passes 2 and applies them with tokenize --phrases', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'phrases.tsv');
    const stdin = Array.from({ length: 20 }, (_, i) => `word${i} new york city other${i}`).join('\n');
    expect((await cli(['phrases', '--passes', '2', '--threshold', '1', '-q', '-', '-o', out], { stdin })).code).toBe(0);
    const run = await cli(['tokenize', '--phrases', out, '-'], { stdin: 'In New York City, and in New York.\n' });
    expect(run).toEqual({ code: 0, stdout: 'in new_york_city and in new_york\n', stderr: '' });
  });

  it('learns phrases of Chinese text from jieba tokens', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'phrases.tsv');
    const run = await cli(['phrases', `${SHARED}/corpora/zh/hongloumeng.txt`, '-o', out, '-q']);
    expect(run.code).toBe(0);
    const table = parsePhrasesTsv(out, await readFile(out, 'utf8'));
    // jieba cuts the names 李纨, 麝月 and 袭人 in two (麝 musk + 月 moon); the phrases join them again
    const phrases = [...table.passes[0]!.keys()];
    for (const name of ['李_纨', '麝_月', '袭_人']) expect(phrases).toContain(name);
  });

  it('refuses a malformed phrase table with the file and the line, and bad settings as usage errors', async () => {
    const dir = await tmpDir();
    const bad = join(dir, 'bad.tsv');
    await writeFile(bad, '# pass: 1\nnew_york\t12\t3.5\nnew york\t3\t1\n');
    for (const command of ['tokenize', 'vocab']) {
      const run = await cli([command, '--phrases', bad, '-'], { stdin: 'new york\n' });
      expect(run).toMatchObject({ code: 1, stderr: `error: ${bad}, line 3: the phrase "new york" must be one token (no whitespace)\n` });
    }
    const scoring = await cli(['phrases', '--scoring', 'pmi', '-'], { stdin: 'a b\n' });
    expect(scoring.code).toBe(2);
    expect(scoring.stderr).toContain("error: option '--scoring <name>' argument 'pmi' is invalid. expected one of default, npmi");
    const npmi = await cli(['phrases', '--scoring', 'npmi', '-'], { stdin: 'a b\n' });
    expect(npmi).toMatchObject({ code: 1, stderr: 'error: --threshold 10 is invalid: npmi scores lie in [-1, 1]; pick a threshold there, such as 0.5\n' });
  });
});

describe('phrases in vocab and train', () => {
  it('vocab --phrases counts phrase tokens', async () => {
    const dir = await tmpDir();
    const table = join(dir, 'p.tsv');
    await writeFile(table, 'new_york\t1\t1\n');
    const run = await cli(['vocab', '--min-count', '1', '--phrases', table, '-', '-q'], { stdin: 'new york new york\nyork\n' });
    expect(run).toEqual({ code: 0, stdout: 'new_york\t2\nyork\t1\n', stderr: '' });
  });

  it('train --phrases keeps phrases.tsv in the model folder, records it, and queries tokenize with it', async () => {
    const dir = await tmpDir();
    const phrases = join(dir, 'phrases.tsv');
    expect((await cli(['phrases', '--tokenized', slice, '-o', phrases, '-q'])).code).toBe(0);
    const model = join(dir, 'model');
    const train = await cli(['train', '--tokenized', '--phrases', phrases, slice, '-o', model, '--epochs', '1', '--workers', '1', '--dim', '20', '-q']);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect((await readdir(model)).sort()).toContain('phrases.tsv');
    expect(await readFile(join(model, 'phrases.tsv'), 'utf8')).toBe(await readFile(phrases, 'utf8'));
    const meta = JSON.parse(await readFile(join(model, 'model.json'), 'utf8'));
    expect(meta.tokenizer.phrases).toBe('phrases.tsv');
    expect(meta.phrases).toMatchObject({ file: 'phrases.tsv', passes: 1, delimiter: '_', learned: { scoring: 'default', threshold: 10, minCount: 5 } });
    const similar = await cli(['similar', model, 'new_york', '-k', '5']);
    expect(similar.code).toBe(0);
    expect(similar.stdout.trim().split('\n')).toHaveLength(5);
    // the words typed apart are joined by the same table: the same query
    const typed = await cli(['similar', model, 'new york', '-k', '5']);
    expect(typed).toEqual({ code: 0, stdout: similar.stdout, stderr: 'words: new_york\n' });
    // the model's tokenizer (queries, sentence vectors) joins "new york" as training did
    const loaded = await loadKeyedVectors(model);
    expect((await tokenizerFor(loaded)).tokenize('new york united states')).toEqual(['new_york', 'united_states']);
    expect(loaded.kv.has('new_york')).toBe(true);
    // a model trained further from this one keeps the table
    const more = join(dir, 'more');
    expect((await cli(['train', '--from', model, slice, '-o', more, '--epochs', '1', '--workers', '1', '-q'])).code).toBe(0);
    expect((await readModelFolder(more)).meta.tokenizer.phrases).toBe(join(more, 'phrases.tsv'));
  });

  it('train --phrases auto learns the table first (one extra pass) and applies it, from stdin too', async () => {
    const dir = await tmpDir();
    const model = join(dir, 'model');
    const stdin = await readFile(slice, 'utf8');
    const run = await cli(['train', '--tokenized', '--phrases', 'auto', '-', '-o', model, '--epochs', '1', '--workers', '1', '--dim', '20'], { stdin });
    expect(run.code).toBe(0);
    const learned = join(dir, 'learned.tsv');
    expect((await cli(['phrases', '--tokenized', slice, '-o', learned, '-q'])).code).toBe(0);
    const size = parsePhrasesTsv(learned, await readFile(learned, 'utf8')).size;
    expect(size).toBeGreaterThan(100);
    expect(run.stderr).toContain(`phrases: learned ${size} (gensim's defaults; \`w2v phrases\` sets others), applied from here on\n`);
    // the same table as `w2v phrases` with its defaults, and the vocabulary is counted on phrase tokens
    expect(await readFile(join(model, 'phrases.tsv'), 'utf8')).toBe(await readFile(learned, 'utf8'));
    expect(await readFile(join(model, 'vocab.tsv'), 'utf8')).toMatch(/^united_states\t\d+$/m);
  });

  it('model folder without the phrases.tsv its model.json names is refused with the fix', async () => {
    const dir = await tmpDir();
    const table = join(dir, 'p.tsv');
    await writeFile(table, 'new_york\t1\t1\n');
    const model = join(dir, 'model');
    const stdin = 'new york is a city\n'.repeat(10);
    expect((await cli(['train', '--phrases', table, '-', '-o', model, '--epochs', '1', '--workers', '1', '--min-count', '1', '-q'], { stdin })).code).toBe(0);
    await rm(join(model, 'phrases.tsv'));
    const run = await cli(['similar', model, 'city']);
    expect(run).toMatchObject({ code: 1, stderr: `error: ${model}: model.json applies the phrase table phrases.tsv, which is missing from the folder\n` });
  });
});

/** The first `bytes` bytes of `file`, cut back to the last space so no word is split. */
async function headAtSpace(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, buffer.lastIndexOf(0x20, bytesRead - 1));
  } finally {
    await handle.close();
  }
}
