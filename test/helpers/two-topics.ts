// A small in-memory corpus with a repeating structure: two topics (pets, cars) that never share a sentence, so
// a model that learned anything puts each topic's words closer to each other than to the other topic's.
import type { Corpus } from '../../src/corpus/corpus.ts';

/** The words of each topic. */
export const TOPICS = [
  ['cat', 'dog', 'pet', 'fur', 'paw'],
  ['car', 'road', 'wheel', 'tyre', 'engine'],
] as const;

/** The 400 sentences of eight words, alternating between the topics. */
export function twoTopicSentences(): string[][] {
  const sentences: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const topic = TOPICS[i % 2]!;
    sentences.push(Array.from({ length: 8 }, (_, k) => topic[(i * 3 + k * 7) % 5]!));
  }
  return sentences;
}

/** The same sentences as a text file's contents (one per line), for CLI runs. */
export function twoTopicText(): string {
  return twoTopicSentences()
    .map((s) => `${s.join(' ')}\n`)
    .join('');
}

/** The two-topic sentences as an in-memory Corpus. */
export function twoTopicCorpus(): Corpus {
  const sentences = twoTopicSentences();
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
