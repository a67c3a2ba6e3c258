// A small English model trained by `w2v train` (1 epoch, dim 8: a second or two), shared by the TF.js export
// tests, and the texts they encode: unknown words, a text with no known word, an empty text, a Han word the
// model never saw and full-width letters.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.ts';

export const TINY_DIM = 8;

export const SENTENCES = [
  'The cat sat on the mat.',
  'A DOG and a cat played in the garden!',
  "Don't stop the music, said the cat at 3.14 o'clock.",
  'state-of-the-art models learn word vectors',
  'the zebra and the xylophone sat on the mat', // unknown words, skipped
  'zebra xylophone', // no known word
  '', // empty text
  'the cat 猫 sat', // a Han word the model never saw
  'Ｔｈｅ ＤＯＧ', // full-width: NFKC makes it "the dog"
];

/** A trained model folder in a new temp folder (the caller removes `dir`), and its vectors.f32. */
export async function trainTinyModel(): Promise<{ dir: string; model: string; vectors: Float32Array; words: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'w2v-tiny-'));
  const corpus = join(dir, 'corpus.txt');
  const lines = [
    'the cat sat on the mat and the dog sat on the rug',
    'a dog and a cat played in the garden while the sun was shining',
    'the quick brown fox jumps over the lazy dog near the river bank',
    "don't stop the music said the cat to the dog at 3.14 o'clock",
    'state-of-the-art models learn word vectors from large text corpora',
  ];
  await writeFile(corpus, `${Array.from({ length: 40 }, () => lines.join('\n')).join('\n')}\n`);
  const model = join(dir, 'model');
  const run = await cli(['train', corpus, '-o', model, '--dim', String(TINY_DIM), '--epochs', '1', '--min-count', '1', '--workers', '1', '-q']);
  if (run.code !== 0 || run.stderr !== '') throw new Error(`w2v train failed (${run.code}): ${run.stderr}`);
  const bytes = await readFile(join(model, 'vectors.f32'));
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { dir, model, vectors, words: vectors.length / TINY_DIM };
}

/** One result of `w2v encode --json`. */
export interface Encoded {
  text: string;
  vector: number[] | null;
  tokens: string[];
}

/** `w2v encode MODEL SENTENCES... --json --method METHOD`: the reference sentence vectors. */
export async function referenceVectors(model: string, method: string): Promise<Encoded[]> {
  const run = await cli(['encode', model, ...SENTENCES, '--json', '--method', method]);
  if (run.code !== 0) throw new Error(`w2v encode failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout).results as Encoded[];
}

/** The largest absolute difference, for tolerance checks that report one number. */
export function maxDifference(actual: readonly number[], expected: readonly number[]): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  return Math.max(0, ...actual.map((a, j) => Math.abs(a - expected[j]!)));
}
