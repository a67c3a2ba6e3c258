import { getHeapSpaceStatistics } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';

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

afterEach(() => {
  vi.doUnmock('node:inspector');
  vi.resetModules();
});

describe('collectGarbage', () => {
  it('gives back the young generation a scan grew, not just the dead objects', async (ctx) => {
    const { collectGarbage } = await import('../../../src/util/collect-garbage.ts');
    expect(scanLikeAllocation()).toBe(50_000);
    const grown = youngGenerationBytes();
    // V8's default lets the scan grow it to 32 MB from 1 MB; a --max-semi-space-size of 1 or 2 leaves nothing to give back
    if (grown < 4 * MB) ctx.skip();
    await collectGarbage();
    // a plain full collection leaves it at its grown size
    expect(youngGenerationBytes()).toBeLessThanOrEqual(grown / 4);
  });

  it('falls back to a plain collection, without throwing, where the inspector cannot connect', async () => {
    vi.doMock('node:inspector', () => ({
      Session: class {
        connect(): void {
          throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
        }
        post(): void {
          throw new Error('post without a connection');
        }
        disconnect(): void {}
      },
    }));
    const { collectGarbage } = await import('../../../src/util/collect-garbage.ts');
    const exposed = globalThis as { gc?: () => void };
    const before = exposed.gc;
    const gc = vi.fn();
    exposed.gc = gc;
    try {
      await expect(collectGarbage()).resolves.toBeUndefined();
      expect(gc).toHaveBeenCalledTimes(1);
    } finally {
      if (before === undefined) delete exposed.gc;
      else exposed.gc = before;
    }
  });
});
