import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVocabTsv } from '../../src/io/model-folder.ts';
import { gensimVocab, unzipSingle } from '../../scripts/vocab-parity.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { skipWithoutGensim } from '../helpers/gensim.ts';
import { SHARED } from '../../scripts/shared-dir.ts';

describe('w2v vocab', () => {
  it.skipIf(skipWithoutGensim())('gives exactly gensim 4.2 Text8Corpus min_count=5 words and counts on text8 (12.5 MB, one line), on 1 and 2 threads', async () => {
    const { file, dir } = unzipSingle(`${SHARED}/corpora/text8_head12500000.zip`);
    try {
      const theirs = gensimVocab(file, 5);
      const theirCount = new Map(theirs.words.map((w, i) => [w, theirs.counts[i]]));
      const files: string[] = [];
      for (const workers of ['1', '2']) {
        const out = join(await tmpDir(), 'vocab.tsv');
        const run = await cli(['vocab', '--tokenized', '--min-count', '5', '--workers', workers, file, '-o', out]);
        expect(run.stderr).not.toMatch(/error|warning/);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^2,131,263 tokens, .* kept 22,491 words \(min-count 5\) covering/);
        const text = await readFile(out, 'utf8');
        files.push(text);
        const ours = parseVocabTsv(out, text);
        expect(ours.words.length).toBe(theirs.words.length);
        const mismatches = ours.words.filter((w, i) => theirCount.get(w) !== ours.counts[i]);
        expect(mismatches).toEqual([]);
        // the order of distinct counts is identical; only the order inside ties differs (gensim's sort is unstable)
        expect(Array.from(ours.counts)).toEqual(theirs.counts);
      }
      // and two threads give one thread's vocab.tsv byte for byte, tie order included
      expect(files[1]).toBe(files[0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints vocab.tsv to stdout and the summary to stderr; --quiet silences the summary', async () => {
    const stdin = 'the cat sat on the mat\nthe dog sat\n';
    const run = await cli(['vocab', '--min-count', '2', '-'], { stdin });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('the\t3\nsat\t2\n');
    expect(run.stderr).toMatch(/^9 tokens, 6 distinct words; kept 2 words \(min-count 2\) covering 55\.56% of tokens/);
    const quiet = await cli(['vocab', '--min-count', '2', '--quiet', '-'], { stdin });
    expect(quiet.stderr).toBe('');
  });

  it('draws a progress bar on a terminal', async () => {
    const run = await cli(['vocab', `${SHARED}/corpora/zh/hongloumeng.txt`], { isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\rcounting  [');
    expect(run.stderr).toMatch(/tokens\/s/);
  });

  it('warns when --max-types forces pruning and says the type count is an upper bound', async () => {
    const run = await cli(['vocab', '--max-types', '3', '--min-count', '1', '-'], { stdin: 'a a a b c d e\na f g\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('a\t4');
    expect(run.stderr).toMatch(/^warning: more than 3 distinct words: pruning the rarest as word2vec\.c does/);
    expect(run.stderr).toMatch(/10 tokens, at most \d+ distinct words; .*rare-word counts pruned while counting/);
  });

  it('explains an empty vocabulary', async () => {
    const run = await cli(['vocab', '--min-count', '9', '-'], { stdin: 'a b a\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: --min-count 9 left an empty vocabulary (the most frequent word occurs 2 times); lower --min-count\n');
  });

  it('rejects bad inputs with one line naming the input, exit code 1', async () => {
    const dir = await tmpDir();
    const run = await cli(['vocab', join(dir, 'missing.txt')]);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `error: ${join(dir, 'missing.txt')}: no such file or folder\n` });
  });
});
