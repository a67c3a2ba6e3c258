// Seeded Fisher-Yates shuffling, shared by the pair sampling of customisation (encode/) and its trainer (tf/).
import type { Rng } from './rng.ts';

/** Shuffles `items` in place (Fisher-Yates with the given Rng) and returns it. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
