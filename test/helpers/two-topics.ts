// A small in-memory corpus with a repeating structure: two topics (pets, cars) that never share a sentence, so
// a model that learned anything puts each topic's words closer to each other than to the other topic's.
import type { Corpus } from '../../src/corpus/corpus.ts';
import { Rng } from '../../src/util/rng.ts';

/** The words of each topic. */
export const TOPICS = [
  ['cat', 'dog', 'pet', 'fur', 'paw'],
  ['car', 'road', 'wheel', 'tyre', 'engine'],
] as const;

/**
 * The 400 sentences of eight words, alternating between the topics, each word drawn at random (a fixed seed) from
 * its topic: no word order to learn, only the topic. (A fixed cyclic order lets CBOW predict each centre word
 * from its context without grouping the topics, and then nothing checks that it learned the topics.)
 */
export function twoTopicSentences(): string[][] {
  const rng = new Rng(2024);
  const sentences: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const topic = TOPICS[i % 2]!;
    sentences.push(Array.from({ length: 8 }, () => topic[rng.nextInt(topic.length)]!));
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

/**
 * The largest rank, over every word, of one of its own topic's words among its neighbours (KeyedVectors.rank):
 * 4 when each word's four topic-mates are its four nearest words. Random vectors (and so a model whose input
 * vectors never moved from their initialisation, one that trained only its output weights) score 8 or 9: 0 of
 * 2,000 random draws of 10 x 8 vectors scored below 8.
 */
export function worstTopicRank(kv: { rank(w1: string, w2: string): number }): number {
  let worst = 0;
  for (const topic of TOPICS) {
    for (const word of topic) for (const mate of topic) if (mate !== word) worst = Math.max(worst, kv.rank(word, mate));
  }
  return worst;
}
