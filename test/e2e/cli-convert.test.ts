import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenizerFor } from '../../src/encode/index.ts';
import { parseVocabTsv } from '../../src/io/model-folder.ts';
import { loadKeyedVectors } from '../../src/vectors/load.ts';
import { SHARED } from '../../scripts/shared-dir.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

const TRADITIONAL = `${SHARED}/corpora/zh/pg24264-hongloumeng-traditional.txt`;
const SIMPLIFIED = `${SHARED}/corpora/zh/hongloumeng.txt`;

describe('--convert', () => {
  it('vocab --convert t2s of the traditional 紅樓夢 shares >= 90% of its top 1,000 words with the simplified edition', async () => {
    const dir = await tmpDir();
    const vocab = async (file: string, convert: string): Promise<string[]> => {
      const out = join(dir, `${convert}-${file.length}.tsv`);
      const run = await cli(['vocab', '--convert', convert, file, '-o', out, '-q']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return parseVocabTsv(out, await readFile(out, 'utf8')).words;
    };
    const simplified = new Set(await vocab(SIMPLIFIED, 'none'));
    const shared = (words: string[]): number => words.slice(0, 1000).filter((w) => simplified.has(w)).length / 1000;
    const converted = shared(await vocab(TRADITIONAL, 't2s'));
    const unconverted = shared(await vocab(TRADITIONAL, 'none'));
    // measured: 0.991 with t2s, 0.648 without (BENCHMARKS.md); the words without a traditional form (的 了 他 我 ...)
    // are shared anyway, which is why "without" is not near 0
    expect(converted).toBeGreaterThanOrEqual(0.9);
    expect(unconverted).toBeLessThan(0.75);
  });

  it('converts stdin in tokenize, either way', async () => {
    expect(await cli(['tokenize', '--convert', 't2s', '-'], { stdin: '賈寶玉笑道：「林妹妹」\n' })).toEqual({ code: 0, stdout: '贾宝玉 笑 道 林妹妹\n', stderr: '' });
    expect((await cli(['tokenize', '--convert', 's2t', '--lang', 'en', '-'], { stdin: '宝玉\n' })).stdout).toBe('寶 玉\n');
  });

  it('is recorded in model.json, so a query in either script is tokenized into the words the model holds', async () => {
    const dir = await tmpDir();
    const model = join(dir, 'model');
    const stdin = '賈寶玉笑道林黛玉哭了\n'.repeat(20);
    expect((await cli(['train', '--convert', 't2s', '-', '-o', model, '--epochs', '1', '--workers', '1', '--min-count', '1', '-q'], { stdin })).code).toBe(0);
    const loaded = await loadKeyedVectors(model);
    expect(loaded.meta?.tokenizer.convert).toBe('t2s');
    expect(loaded.kv.has('贾宝玉')).toBe(true);
    const tokenizer = await tokenizerFor(loaded);
    expect(tokenizer.tokenize('賈寶玉')).toEqual(['贾宝玉']);
    expect(tokenizer.tokenize('贾宝玉')).toEqual(['贾宝玉']);
  });

  it('an unknown value is a usage error (exit 2) in every command that reads text', async () => {
    for (const command of ['tokenize', 'vocab', 'train', 'phrases']) {
      const run = await cli([command, '--convert', 'tw2s', '-'], { stdin: '紅樓夢\n' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("error: option '--convert <mode>' argument 'tw2s' is invalid. expected one of t2s, s2t, none");
    }
  });
});
