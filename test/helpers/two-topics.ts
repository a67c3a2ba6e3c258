// A small in-memory corpus with a repeating structure: two topics (pets, cars) that never share a sentence, so
// a model that learned anything puts each topic's words closer to each other than to the other topic's.
import type { Corpus } from '../../src/corpus/corpus.ts';

export function twoTopicCorpus(): Corpus {
  const a = ['cat', 'dog', 'pet', 'fur', 'paw'];
  const b = ['car', 'road', 'wheel', 'tyre', 'engine'];
  const sentences: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const topic = i % 2 === 0 ? a : b;
    sentences.push(Array.from({ length: 8 }, (_, k) => topic[(i * 3 + k * 7) % 5]!));
  }
  return {
    description: 'test sentences',
    bytesRead: 0,
    totalBytes: async () => 1000,
    fingerprint: async () => 'fp',
    async *[Symbol.asyncIterator]() {
      yield* sentences;
    },
  };
}
