import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/util/collect-garbage.ts';

const MB = 1 << 20;

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;
}

/** What a vocabulary scan does to the heap: millions of short-lived strings, a few survivors in a map. */
function scanLikeAllocation(): number {
  const counts = new Map<string, number>();
  let recent: string[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    const word = `w${i % 50_000}`;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    recent.push(word.slice(1));
    if (recent.length > 50_000) recent = [];
  }
  return counts.size;
}

describe('collectGarbage', () => {
  it('gives back the young generation a scan grew, not just the dead objects', async () => {
    expect(scanLikeAllocation()).toBe(50_000);
    const grown = youngGenerationBytes();
    // the scan grows the young generation well past its 1 MB start; a plain full collection leaves it there
    expect(grown).toBeGreaterThanOrEqual(8 * MB);
    await collectGarbage();
    expect(youngGenerationBytes()).toBeLessThanOrEqual(2 * MB);
  });
});
