// Edge cases of each command that no other test reaches: unknown words, too few words, impossible option
// combinations, documents or queries with no known word, missing files, invalid UTF-8 in vector files,
// --negative and --restrict, `train --export x.bin`, the full-softmax size limits and --force, and the
// divergence check on finite loss with non-finite weights. One tiny model is trained once for the file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import type { Corpus } from '../../src/corpus/corpus.ts';
import { readWord2Vec } from '../../src/io/formats/index.ts';
import { readModelFolder, writeModelFolder } from '../../src/io/model-folder.ts';
import { SOFTMAX_MAX_VOCAB, SOFTMAX_WARN_VOCAB, Word2Vec } from '../../src/train/word2vec.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { TOPICS, twoTopicText } from '../helpers/two-topics.ts';

let shared: string;
let corpus: string;
let model: string;
let kv: KeyedVectors;

beforeAll(async () => {
  shared = await mkdtemp(join(tmpdir(), 'w2v-edge-'));
  corpus = join(shared, 'topics.txt');
  model = join(shared, 'model');
  await writeFile(corpus, twoTopicText());
  const run = await cli(['train', corpus, '-o', model, '--dim', '8', '--epochs', '3', '--sample', '0', '--workers', '1', '--quiet']);
  expect(run.code).toBe(0);
  const folder = await readModelFolder(model);
  kv = new KeyedVectors(folder.words, folder.vectors, folder.meta.dim, folder.counts);
});

afterAll(async () => {
  await rm(shared, { recursive: true, force: true });
});

/** One `error:` line, no stack, nothing on stdout, a failing exit code. */
function expectError(run: { code: number; stdout: string; stderr: string }, message: string | RegExp): void {
  expect(run.stderr).not.toContain('internal error');
  if (typeof message === 'string') expect(run.stderr).toBe(`error: ${message}\n`);
  else expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe('');
  expect(run.code).not.toBe(0);
}

describe('queries', () => {
  it('analogy and similarity name every unknown word', async () => {
    expectError(await cli(['analogy', model, 'cat', 'dog', 'zzz']), '"zzz" is not in the vocabulary');
    const two = await cli(['analogy', model, 'qqq', 'dog', 'zzz']);
    expectError(two, /^error: not in the vocabulary: ("qqq", "zzz"|"zzz", "qqq")\n$/);
    expectError(await cli(['analogy', model, 'qqq', 'dog', 'zzz', '--method', '3cosmul']), /^error: not in the vocabulary: ("qqq", "zzz"|"zzz", "qqq")\n$/);
    expectError(await cli(['similarity', model, 'cat', 'zzz']), '"zzz" is not in the vocabulary');
    expectError(await cli(['similarity', model, 'qqq', 'zzz']), 'not in the vocabulary: "qqq", "zzz"');
  });

  it('doesnt-match needs two words', async () => {
    const run = await cli(['doesnt-match', model, 'cat']);
    expect(run.stderr).toMatch(/^error: doesnt-match needs at least two words\n/);
    expect(run.code).not.toBe(0);
  });

  it('similar --negative subtracts a direction and --restrict searches only the most frequent words', async () => {
    const plain = JSON.parse((await cli(['similar', model, 'cat', '-k', '9', '--json'])).stdout).results as { word: string; similarity: number }[];
    const minus = JSON.parse((await cli(['similar', model, 'cat', '--negative', 'dog', '-k', '8', '--json'])).stdout).results as { word: string; similarity: number }[];
    // same answers as the library, and not the plain ones: the negative word is excluded and the scores move
    const expected = kv.mostSimilar('cat', { negative: ['dog'], topN: 8 });
    expect(minus.map((n) => n.word)).toEqual(expected.map((n) => n.word));
    for (const [i, n] of minus.entries()) expect(n.similarity).toBeCloseTo(expected[i]!.similarity, 4);
    expect(minus.map((n) => n.word)).not.toContain('dog');
    const before = new Map(plain.map((n) => [n.word, n.similarity]));
    expect(Math.abs(minus[0]!.similarity - before.get(minus[0]!.word)!)).toBeGreaterThan(0.01);
    const restricted = JSON.parse((await cli(['similar', model, 'cat', '--restrict', '4', '--json'])).stdout).results as { word: string }[];
    const top4 = kv.words.slice(0, 4).filter((w) => w !== 'cat');
    expect(restricted.map((n) => n.word).sort()).toEqual([...top4].sort());
    // cat's topic-mates rank first without the restriction; with it, only words among the 4 most frequent appear
    expect(plain.slice(0, 4).map((n) => n.word).sort()).toEqual(TOPICS[0].filter((w) => w !== 'cat').sort());
  });
});

describe('export, encode, search, cluster, evaluate', () => {
  it('export --no-header is refused for --format binary (a binary file always has a header)', async () => {
    const out = join(await tmpDir(), 'x.bin');
    expectError(await cli(['export', model, '--format', 'binary', '--no-header', '-o', out]), '--no-header applies to text output only (binary files always have a header)');
    await expect(readFile(out)).rejects.toThrow();
  });

  it('search with a query that has no known word says so', async () => {
    const docs = join(await tmpDir(), 'docs.txt');
    await writeFile(docs, 'cat dog\ncar road\n');
    const run = await cli(['search', model, '--docs', docs, '--query', 'zzz qqq']);
    expect(run.stderr).toBe('query: no word in the vocabulary (unknown: zzz qqq)\nerror: the query has no word in the vocabulary (unknown: zzz, qqq)\n');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
  });

  it('cluster -k above the number of documents with a known word is refused', async () => {
    const docs = join(await tmpDir(), 'docs.txt');
    await writeFile(docs, 'cat dog\ncar road\nzzz\n');
    expectError(await cli(['cluster', model, '--docs', docs, '-k', '3']), /^error: cannot make 3 clusters from 2 texts with known words; lower -k\n$/);
    expect((await cli(['cluster', model, '--docs', docs, '-k', '2'])).code).toBe(0);
  });

  it('a missing evaluation file is named', async () => {
    const missing = join(await tmpDir(), 'nope.txt');
    expectError(await cli(['evaluate', model, '--pairs', missing]), `${missing}: cannot read (ENOENT)`);
    expectError(await cli(['evaluate', model, '--analogies', missing]), `${missing}: cannot read (ENOENT)`);
  });
});

describe('vector files with invalid UTF-8 (--unicode-errors)', () => {
  it('strict names the line, replace keeps U+FFFD, ignore drops the bytes, in text and binary files', async () => {
    const dir = await tmpDir();
    const text = join(dir, 'bad.txt');
    await writeFile(text, Buffer.concat([Buffer.from('2 2\ncaf'), Buffer.from([0xe9]), Buffer.from(' 1 2\ndog 3 4\n')]));
    const floats = (a: number, b: number): Buffer => Buffer.from(Float32Array.from([a, b]).buffer);
    const binary = join(dir, 'bad.bin');
    await writeFile(binary, Buffer.concat([Buffer.from('2 2\ncaf'), Buffer.from([0xe9]), Buffer.from(' '), floats(1, 2), Buffer.from('\ndog '), floats(3, 4), Buffer.from('\n')]));
    for (const path of [text, binary]) {
      const strict = await cli(['info', path]);
      expectError(strict, /^error: .*bad\.(txt|bin), (line 2|byte \d+): word "caf\ufffd" is not valid UTF-8; pass unicodeErrors 'replace' or 'ignore' \(--unicode-errors\) to load it anyway\n$/);
      const words = async (mode: string): Promise<string[]> => JSON.parse((await cli(['info', path, '--unicode-errors', mode, '--json'])).stdout).firstWords;
      expect(await words('replace'), path).toEqual(['caf\ufffd', 'dog']);
      expect(await words('ignore'), path).toEqual(['caf', 'dog']);
      const similar = await cli(['similarity', path, 'caf', 'dog', '--unicode-errors', 'ignore']);
      expect(similar.code).toBe(0);
      expect(Number(similar.stdout)).toBeCloseTo((1 * 3 + 2 * 4) / (Math.sqrt(5) * 5), 4);
    }
  });
});

describe('train', () => {
  it('--export x.bin writes word2vec binary with the trained vectors, any other name text', async () => {
    const dir = await tmpDir();
    const run = await cli(['train', corpus, '-o', join(dir, 'm'), '--dim', '8', '--epochs', '1', '--workers', '1', '--quiet', '--export', join(dir, 'x.bin')]);
    expect(run.code).toBe(0);
    const bin = await readWord2Vec(join(dir, 'x.bin'));
    expect(bin.format).toBe('binary');
    const folder = await readModelFolder(join(dir, 'm'));
    expect(bin.words).toEqual(folder.words);
    expect(bin.vectors).toEqual(folder.vectors);
    expect((await readFile(join(dir, 'x.bin'))).subarray(0, 5).toString()).toBe('10 8\n');
    const txt = await cli(['train', corpus, '-o', join(dir, 'm2'), '--dim', '8', '--epochs', '1', '--workers', '1', '--quiet', '--export', join(dir, 'x.vec')]);
    expect(txt.code).toBe(0);
    expect((await readWord2Vec(join(dir, 'x.vec'))).format).toBe('text');
  });

  it('stops with the divergence error when the loss stays finite but a weight is not', async () => {
    // a NaN in the input row of a word the new text never uses: no example reads it, so every batch loss is
    // finite, and only the end-of-epoch scan of the tables can catch it
    const dir = await tmpDir();
    const folder = await readModelFolder(model, true);
    folder.vectors[folder.words.indexOf('car') * folder.meta.dim] = Number.NaN;
    await writeModelFolder(join(dir, 'poisoned'), folder);
    const pets = join(dir, 'pets.txt');
    await writeFile(pets, 'cat dog pet fur paw\n'.repeat(100));
    const run = await cli(['train', '--from', join(dir, 'poisoned'), pets, '-o', join(dir, 'next'), '--epochs', '1', '--quiet']);
    expectError(run, /^error: training diverged at epoch 1 \(loss finite but weights non-finite\); lower --alpha \(now [\d.]+\)\n$/);
    await expect(readFile(join(dir, 'next', 'model.json'))).rejects.toThrow();
  });
});

describe('full softmax size limits', () => {
  /** `n` distinct words, each once, as a corpus (min-count 1 keeps all). */
  function distinctWords(n: number): Corpus {
    const sentences: string[][] = [];
    for (let i = 0; i < n; i += 1000) sentences.push(Array.from({ length: Math.min(1000, n - i) }, (_, k) => `w${(i + k).toString(36)}`));
    return {
      description: `${n} distinct words`,
      bytesRead: 0,
      totalBytes: async () => undefined,
      fingerprint: async () => 'distinct',
      async *[Symbol.asyncIterator]() {
        yield* sentences;
      },
    };
  }

  it(`warns above ${SOFTMAX_WARN_VOCAB} words, not at it`, async () => {
    const warnings: string[] = [];
    const options = { loss: 'softmax', minCount: 1, dim: 1, workers: 1 } as const;
    const atLimit = await Word2Vec.build(distinctWords(SOFTMAX_WARN_VOCAB), options, { hooks: { onWarning: (m) => warnings.push(m) } });
    atLimit.dispose();
    expect(warnings).toEqual([]);
    const above = await Word2Vec.build(distinctWords(SOFTMAX_WARN_VOCAB + 1), options, { hooks: { onWarning: (m) => warnings.push(m) } });
    above.dispose();
    expect(warnings).toEqual([`--loss softmax over ${SOFTMAX_WARN_VOCAB + 1} words is slow (every example touches every word); --loss ns or hs scale better`]);
  });

  it(`refuses above ${SOFTMAX_MAX_VOCAB} words without --force, and trains with it`, async () => {
    const dir = await tmpDir();
    const big = join(dir, 'big.txt');
    const lines: string[] = [];
    for (let i = 0; i <= SOFTMAX_MAX_VOCAB; i += 1000) {
      lines.push(Array.from({ length: Math.min(1000, SOFTMAX_MAX_VOCAB + 1 - i) }, (_, k) => `w${(i + k).toString(36)}`).join(' '));
    }
    await writeFile(big, `${lines.join('\n')}\n`);
    const args = ['train', '--tokenized', big, '-o', join(dir, 'm'), '--loss', 'softmax', '--min-count', '1', '--dim', '1', '--batch-size', '1', '--workers', '1'];
    const refused = await cli([...args, '--quiet']);
    expectError(refused, `--loss softmax over 500001 words would compute a 500001-wide softmax per example; use --loss ns or hs, raise --min-count, set --max-vocab, or pass --force`);
    await expect(readFile(join(dir, 'm', 'model.json'))).rejects.toThrow();
    // with --force it starts training: stop it at the first batch (as Ctrl-C would) to keep the test short
    const controller = new AbortController();
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: {
        write: (s: string) => {
          stderr += s;
          if (s.startsWith('backend: ')) controller.abort('SIGINT');
          return true;
        },
      },
      stdin: Readable.from([]),
      env: {},
      signal: controller.signal,
    };
    const code = await runCli([...args, '--force'], io);
    expect(stderr).toContain('warning: --loss softmax over 500001 words is slow');
    expect(stderr).toContain('interrupted: checkpoint written');
    expect(code).toBe(130);
    expect((await readModelFolder(join(dir, 'm'))).meta.vocabSize).toBe(SOFTMAX_MAX_VOCAB + 1);
  });
});
