// Reading what users bring: gzipped vector files, gensim's own pickles (refused with how to convert), our own
// Embedding Projector export; and query words read the way the model's tokenizer read its corpus.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../../scripts/shared-dir.ts';
import { writeModelFolder } from '../../src/io/model-folder.ts';
import type { TokenizerOptions } from '../../src/options.ts';
import { handMadeMeta } from '../helpers/model-meta.ts';
import { loadKeyedVectors, queryParser } from '../../src/vectors/load.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

const VEC = `${SHARED}/data/interop/lee_fasttext.vec`;

/**
 * A model folder trained (by its model.json) with the default tokenizer: NFKC, lowercase, jieba for Han; or with
 * the tokenizer settings `tokenizer` changes (a phrase table, pre-tokenized text).
 */
async function modelFolder(words: string[], tokenizer: Partial<TokenizerOptions> = {}): Promise<string> {
  const path = join(await tmpDir(), 'model');
  const dim = 4;
  // word i points along axis i % 4, a little towards the next: neighbours are well defined
  const vectors = Float32Array.from(words.flatMap((_, i) => [0, 1, 2, 3].map((j) => (j === i % 4 ? 1 : j === (i + 1) % 4 ? 0.3 : 0.05 * (i + 1)))));
  const meta = handMadeMeta(words.length, dim, { options: { workers: 1 }, tokenizer: { lang: 'zh', ...tokenizer } });
  await writeModelFolder(path, { meta, words, counts: Float64Array.from(words, (_, i) => 100 - i), vectors });
  return path;
}

describe('vector files', () => {
  it('reads a .gz vector file through gunzip, as gensim does', async () => {
    const gz = join(await tmpDir(), 'lee.vec.gz');
    await writeFile(gz, gzipSync(await readFile(VEC)));
    const plain = await cli(['similar', VEC, 'government', '-k', '3', '--json']);
    const zipped = await cli(['similar', gz, 'government', '-k', '3', '--json']);
    expect(zipped.code).toBe(0);
    expect(JSON.parse(zipped.stdout).results).toEqual(JSON.parse(plain.stdout).results);
  });

  it('refuses a gensim pickle (.kv) with how to convert it', async () => {
    const kv = join(await tmpDir(), 'vectors.kv');
    // gensim itself when present (the real file); otherwise a pickle of the same protocol from Python's stdlib
    const script = `
try:
    from gensim.models import KeyedVectors
    kv = KeyedVectors(vector_size=3); kv.add_vectors(['a', 'b'], [[1, 2, 3], [4, 5, 6]]); kv.save(${JSON.stringify(kv)})
except ImportError:
    import pickle; pickle.dump({'a': 1}, open(${JSON.stringify(kv)}, 'wb'), protocol=4)
`;
    const python = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const run = await cli(['info', kv]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*vectors\.kv: is a Python pickle \(a gensim \.kv\/\.model file\).*save_word2vec_format\('vectors\.bin', binary=True\)/);
  });

  it('reads our projector export back (folder or vectors.tsv) and refuses a vectors.tsv without metadata.tsv', async () => {
    const dir = await tmpDir();
    expect((await cli(['export', VEC, '--format', 'tsv', '-o', join(dir, 'proj')])).code).toBe(0);
    const firstWords = JSON.parse((await cli(['info', VEC, '--json'])).stdout).firstWords;
    for (const path of [join(dir, 'proj'), join(dir, 'proj', 'vectors.tsv')]) {
      const info = JSON.parse((await cli(['info', path, '--json'])).stdout);
      expect(info).toMatchObject({ format: 'Embedding Projector TSV (vectors.tsv + metadata.tsv)', vocabSize: 1762, dim: 10, firstWords });
    }
    const original = JSON.parse((await cli(['similar', VEC, 'police', '-k', '3', '--json'])).stdout).results;
    const back = JSON.parse((await cli(['similar', join(dir, 'proj'), 'police', '-k', '3', '--json'])).stdout).results;
    expect(back.map((r: { word: string }) => r.word)).toEqual(original.map((r: { word: string }) => r.word));
    await mkdir(join(dir, 'lone'));
    await copyFile(join(dir, 'proj', 'vectors.tsv'), join(dir, 'lone', 'vectors.tsv'));
    const lone = await cli(['info', join(dir, 'lone', 'vectors.tsv')]);
    expect(lone.code).toBe(1);
    expect(lone.stderr).toMatch(/Embedding Projector vectors\.tsv; its words are in metadata\.tsv, which must sit beside it/);
  });
});

describe('query words follow the model tokenizer', () => {
  // jieba cuts 宝玉笑道 into 宝玉 笑 道
  const WORDS = ['elizabeth', "don't", '宝玉', '笑', '黛玉', 'darcy', 'the', '道'];

  it('NFKC, case, curly apostrophes and punctuation, for every query command', async () => {
    const model = await modelFolder(WORDS);
    const similar = await cli(['similar', model, 'ＥＬＩＺＡＢＥＴＨ', '-k', '1', '--json']);
    expect(similar.code).toBe(0);
    expect(JSON.parse(similar.stdout).positive).toEqual(['elizabeth']);
    expect(similar.stderr).toBe('words: elizabeth\n');
    const apostrophe = await cli(['similarity', model, 'don’t', 'Darcy!', '--json']);
    expect(JSON.parse(apostrophe.stdout)).toMatchObject({ w1: "don't", w2: 'darcy' });
    const punct = await cli(['analogy', model, '宝玉，', '黛玉。', 'Elizabeth', '-k', '1', '--json']);
    expect(JSON.parse(punct.stdout)).toMatchObject({ a: '宝玉', b: '黛玉', c: 'elizabeth' });
    const odd = await cli(['doesnt-match', model, '宝玉，', '黛玉', 'THE', '--json']);
    expect(JSON.parse(odd.stdout).words).toEqual(['宝玉', '黛玉', 'the']);
  });

  it('a sentence is segmented and averaged, and the library does the same', async () => {
    const model = await modelFolder(WORDS);
    const run = await cli(['similar', model, '-k', '2', '--json'], { stdin: '宝玉笑道\n' });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.words).toEqual(['宝玉', '笑', '道']);
    const both = await cli(['similar', model, '宝玉', '笑', '道', '-k', '2', '--json']);
    expect(doc.results).toEqual(JSON.parse(both.stdout).results);
    const loaded = await loadKeyedVectors(model);
    const parse = await queryParser(loaded);
    expect(parse('ＥＬＩＺＡＢＥＴＨ，宝玉笑道 xyzzy')).toEqual({ words: ['elizabeth', '宝玉', '笑', '道'], unknown: ['xyzzy'], composed: [] });
  });

  it('a phrase the phrase table of the model joins is one query word, over the whole text, in the CLI and the library', async () => {
    const table = join(await tmpDir(), 'phrases.tsv');
    await writeFile(table, 'new_york\t9\t12\n');
    const model = await modelFolder(['new_york', 'new', 'york', 'city', 'boston', 'the'], { phrases: table });
    const parse = await queryParser(await loadKeyedVectors(model));
    // joined after the tokenizer has run (case, punctuation), as training joined each line's tokens
    expect(parse('New York')).toEqual({ words: ['new_york'], unknown: [], composed: [] });
    expect(parse('the new york, city xyzzy')).toEqual({ words: ['the', 'new_york', 'city'], unknown: ['xyzzy'], composed: [] });
    // words the table does not join stay apart, even when each is a vocabulary word as typed
    expect(parse('york new')).toEqual({ words: ['york', 'new'], unknown: [], composed: [] });
    expect(parse('new boston')).toEqual({ words: ['new', 'boston'], unknown: [], composed: [] });
    const quoted = await cli(['similar', model, 'new york', '-k', '2', '--json']);
    expect(quoted).toMatchObject({ code: 0, stderr: 'words: new_york\n' });
    expect(JSON.parse(quoted.stdout).positive).toEqual(['new_york']);
    const typedJoined = await cli(['similar', model, 'new_york', '-k', '2', '--json']);
    expect(JSON.parse(quoted.stdout).results).toEqual(JSON.parse(typedJoined.stdout).results);
    // separate arguments are separate query words, as before
    const apart = await cli(['similar', model, 'new', 'york', '-k', '2', '--json']);
    expect(apart.code).toBe(0);
    expect(JSON.parse(apart.stdout).positive).toEqual(['new', 'york']);
    // a line at the prompt (or of piped input) is one text
    const line = await cli(['similar', model, '-k', '2', '--json'], { stdin: 'New York\n' });
    expect(JSON.parse(line.stdout).words).toEqual(['new_york']);
    expect(JSON.parse((await cli(['similarity', model, 'new york', 'boston', '--json'])).stdout)).toMatchObject({ w1: 'new_york', w2: 'boston' });
  });

  it('a pre-tokenized model applies its phrase table to the tokens as typed', async () => {
    const table = join(await tmpDir(), 'phrases.tsv');
    await writeFile(table, 'New_York\t9\t12\n');
    const model = await modelFolder(['New_York', 'New', 'York', 'new', 'york'], { tokenized: true, phrases: table });
    const parse = await queryParser(await loadKeyedVectors(model));
    expect(parse('New York')).toEqual({ words: ['New_York'], unknown: [], composed: [] });
    expect(parse('new york')).toEqual({ words: ['new', 'york'], unknown: [], composed: [] });
  });

  it('--negative takes one word per flag and leaves the positional words alone', async () => {
    const model = await modelFolder(WORDS);
    const run = await cli(['similar', model, '--negative', '黛玉', '宝玉', '-k', '3', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ positive: ['宝玉'], negative: ['黛玉'] });
    const two = await cli(['similar', model, 'elizabeth', '--negative', '黛玉', '--negative', 'the', '--json']);
    expect(JSON.parse(two.stdout)).toMatchObject({ positive: ['elizabeth'], negative: ['黛玉', 'the'] });
  });
});
