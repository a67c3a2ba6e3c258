import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWord2Vec } from '../../src/io/formats/index.ts';
import { MODEL_FORMAT, type ModelMeta, writeModelFolder } from '../../src/io/model-folder.ts';
import { DEFAULT_TOKENIZER_OPTIONS, DEFAULT_TRAIN_OPTIONS } from '../../src/options.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { SHARED } from '../../scripts/shared-dir.ts';

const LEE = `${SHARED}/data/interop/lee_fasttext.vec`;

/** A small model folder: Chinese and Latin words, trained-lowercased tokenizer settings. */
async function modelFolder(): Promise<string> {
  const dir = await tmpDir();
  const path = join(dir, 'model');
  const words = ['北京', '上海', '苹果', 'paris', 'london', '香蕉'];
  const counts = [60, 50, 40, 30, 20, 10];
  // fruit words point one way, city words another
  const vectors = Float32Array.from([1, 0.1, 0, 0.9, 0.2, 0.1, 0, 1, 0.1, 0.8, 0, 0.3, 0.85, 0.1, 0.2, 0.05, 0.95, 0]);
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    vocabSize: words.length,
    dim: 3,
    options: { ...DEFAULT_TRAIN_OPTIONS, dim: 3 },
    tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS },
    backend: 'cpu',
    corpus: { description: 'test corpus', bytes: 100, fingerprint: 'x', tokens: 210, vocabTokens: 210 },
    lossPerEpoch: [2.5, 1.25],
    timings: { epochSeconds: [1, 1], vocabSeconds: 0.1, totalSeconds: 2.1 },
    wordsPerSecond: 100,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await writeModelFolder(path, { meta, words, counts: Float64Array.from(counts), vectors });
  return path;
}

describe('w2v similar / analogy / similarity / doesnt-match', () => {
  it('similar prints neighbours and --json one document', async () => {
    const model = await modelFolder();
    const run = await cli(['similar', model, '北京', '-k', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^上海\s+0\.9\d{3}$/);
    const json = await cli(['similar', model, 'PARIS', '-k', '1', '--json']);
    // the model was trained lowercased, so PARIS is looked up as paris
    expect(JSON.parse(json.stdout)).toMatchObject({ positive: ['paris'], results: [{ word: 'london' }] });
  });

  it('unknown words fail with exit 1 and name every unknown word', async () => {
    const run = await cli(['similar', LEE, 'the', 'qqq', 'zzz']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: not in the vocabulary: "qqq", "zzz"\n');
  });

  it('piped queries: one answer per line, no prompt, unknown words on stderr and exit 1 at the end, exit stops', async () => {
    const model = await modelFolder();
    const run = await cli(['similar', model, '-k', '1'], { stdin: '苹果\n不存在\n北京 上海\nexit\n苹果\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Enter');
    const answers = run.stdout.trim().split('\n');
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^香蕉\s/);
    expect(answers[1]).toMatch(/^paris\s|^london\s/);
    expect(run.stderr).toBe('error: not in the vocabulary: 不 存在\nwords: 北京 上海\n');
  });

  it('piped queries with --json: one JSON document per line, errors as objects', async () => {
    const model = await modelFolder();
    const run = await cli(['similar', model, '-k', '1', '--json'], { stdin: '苹果\n不存在\n北京，上海！\n' });
    expect(run.code).toBe(1);
    const docs = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs).toHaveLength(3);
    expect(docs[0]).toMatchObject({ query: '苹果', words: ['苹果'], results: [{ word: '香蕉' }] });
    expect(docs[1]).toMatchObject({ query: '不存在', error: { code: 'E_UNKNOWN_WORD' } });
    // a sentence is segmented with the model's tokenizer; its punctuation is dropped
    expect(docs[2]).toMatchObject({ query: '北京，上海！', words: ['北京', '上海'] });
  });

  it('analogy, similarity and doesnt-match', async () => {
    const model = await modelFolder();
    const analogy = await cli(['analogy', model, '北京', '上海', 'paris', '-k', '1', '--json']);
    expect(JSON.parse(analogy.stdout).results[0].word).toBe('london');
    const cosmul = await cli(['analogy', model, '北京', '上海', 'paris', '--method', '3cosmul', '-k', '1']);
    expect(cosmul.stdout).toMatch(/^london\s/);
    const sim = await cli(['similarity', LEE, 'the', 'of', '--json']);
    expect(JSON.parse(sim.stdout).similarity).toBeCloseTo(0.779987, 5); // gensim 4.2 similarity('the', 'of')
    // every printed score has four decimals
    expect((await cli(['similarity', LEE, 'the', 'of'])).stdout).toBe('0.7800\n');
    const odd = await cli(['doesnt-match', model, '北京', '上海', '苹果', 'london']);
    expect(odd.stdout).toBe('苹果\n');
  });
});

describe('w2v info / export', () => {
  it('info shows model.json details for a model folder', async () => {
    const model = await modelFolder();
    const run = await cli(['info', model]);
    expect(run.stdout).toContain('format      model folder');
    expect(run.stdout).toContain('vocabulary  6 words');
    expect(run.stdout).toContain('loss/epoch  2.5000 1.2500');
    const json = JSON.parse((await cli(['info', LEE, '--json'])).stdout);
    expect(json).toMatchObject({ format: 'word2vec text', vocabSize: 1762, dim: 10 });
    const limited = JSON.parse((await cli(['info', LEE, '--limit', '5', '--json'])).stdout);
    expect(limited).toMatchObject({ vocabSize: 5, firstWords: ['the', 'to', 'of', 'in', 'and'] });
    const limitedModel = JSON.parse((await cli(['info', model, '--limit', '2', '--json'])).stdout);
    expect(limitedModel).toMatchObject({ vocabSize: 2, firstWords: ['北京', '上海'] });
  });

  it('export writes text, binary and projector TSV with counts', async () => {
    const model = await modelFolder();
    const dir = await tmpDir();
    for (const format of ['text', 'binary'] as const) {
      const out = join(dir, `v.${format}`);
      expect((await cli(['export', model, '--format', format, '-o', out])).code).toBe(0);
      const back = await readWord2Vec(out);
      expect(back.format).toBe(format);
      expect(back.words).toEqual(['北京', '上海', '苹果', 'paris', 'london', '香蕉']);
    }
    const glove = join(dir, 'glove.txt');
    expect((await cli(['export', model, '--format', 'text', '--no-header', '-o', glove])).code).toBe(0);
    expect((await readFile(glove, 'utf8')).split('\n')[0]).toBe('北京 1 0.1 0');
    expect((await readWord2Vec(glove)).header).toBe(false);
    expect((await cli(['export', model, '--format', 'tsv', '-o', join(dir, 'tsv')])).code).toBe(0);
    const metadata = await readFile(join(dir, 'tsv', 'metadata.tsv'), 'utf8');
    expect(metadata.split('\n').slice(0, 2)).toEqual(['word\tcount', '北京\t60']);
    const vectors = await readFile(join(dir, 'tsv', 'vectors.tsv'), 'utf8');
    expect(vectors.split('\n')[0]).toBe('1\t0.1\t0');
  });
});

describe('w2v similar (real process)', () => {
  it('answers the interactive prompt from a stdin pipe and fails a corrupt file with one line', async () => {
    const bin = join(import.meta.dirname, '../../src/cli/bin.ts');
    const run = (args: string[], input: string): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { input, encoding: 'utf8', timeout: 60_000 });
    const ok = run(['similar', LEE, '-k', '2'], 'government\nEXIT\n');
    expect(ok.status).toBe(0);
    // piped: answers only, no banner or prompt on either stream
    expect(ok.stdout).toMatch(/^\S+\s+0\.\d{4}\n\S+\s+0\.\d{4}\n$/);
    expect(ok.stderr).toBe('');
    const dir = await tmpDir();
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, '2 3\na 1 2 3\nb 1 2\n');
    const failed = run(['similar', bad, 'a'], '');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe(`error: ${bad}, line 3: expected 3 numbers after "b", found 2; the line is truncated or the header is wrong\n`);
  });
});
