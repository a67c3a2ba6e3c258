import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveVocabOptions } from '../../../src/options.ts';
import { cutJobs, encodeIds, IdsReader, JOB_INTS, remapSpool, removeStaleIdsFiles, splitShares, TypeIdSpool } from '../../../src/train/ids-file.ts';
import type { Corpus } from '../../../src/corpus/corpus.ts';
import { buildVocabWithIds } from '../../../src/vocab/build-vocab.ts';
import { Rng } from '../../../src/util/rng.ts';
import { Vocab } from '../../../src/vocab/vocab.ts';
import { tmpDir } from '../../helpers/cli.ts';

async function* sentences(list: string[][]): AsyncIterable<string[]> {
  yield* list;
}

/** A minimal in-memory corpus over `list`. */
function memoryCorpus(list: string[][]): Corpus {
  return {
    description: 'memory',
    tokenizerOptions: undefined,
    bytesRead: 0,
    totalBytes: async () => undefined,
    fingerprint: async () => 'x',
    async *[Symbol.asyncIterator]() {
      yield* list;
    },
  } as unknown as Corpus;
}

describe('ids file', () => {
  it('from the scan\'s type-id spool equals the ids file encoded from the text (OOV dropped, long sentences cut)', async () => {
    const rng = new Rng(3);
    const r = (): number => rng.nextFloat();
    // Zipf-ish words, so min-count 20 drops a tail; sentences of 0-40 tokens, cut at 7
    const list = Array.from({ length: 300 }, () => Array.from({ length: Math.floor(r() * 41) }, () => `w${Math.floor(400 * r() ** 3)}`));
    const dir = await tmpDir();
    const spool = new TypeIdSpool(join(dir, 'scan.bin'));
    const { vocab, remap } = await buildVocabWithIds(memoryCorpus(list), resolveVocabOptions({ minCount: 20 }), {}, spool);
    expect(remap).toBeDefined();
    expect(vocab.size).toBeLessThan(new Set(list.flat()).size);
    const fromSpool = remapSpool(spool, remap!, join(dir, 'a.bin'), 7);
    const fromText = await encodeIds(sentences(list), vocab, join(dir, 'b.bin'), 7);
    expect(fromSpool.stats).toEqual(fromText.stats);
    expect(fromSpool.ints).toBe(fromText.ints);
    expect(await readFile(fromSpool.path)).toEqual(await readFile(fromText.path));
    expect(fromSpool.stats.vocabTokens).toBeLessThan(fromSpool.stats.tokens);
  });

  it('has no usable spool once pruning (maxTypes) has renumbered types', async () => {
    const list = [['a', 'b', 'c', 'd', 'e', 'a', 'f', 'g', 'a', 'a']];
    const spool = new TypeIdSpool(join(await tmpDir(), 'scan.bin'));
    const { remap } = await buildVocabWithIds(memoryCorpus(list), resolveVocabOptions({ minCount: 1, maxTypes: 3 }), {}, spool);
    spool.remove();
    expect(remap).toBeUndefined();
  });

  it('encodes in-vocabulary ids with -1 after each sentence, drops OOV tokens and cuts long sentences', async () => {
    const vocab = new Vocab(['a', 'b', 'c'], [3, 2, 1]);
    const path = join(await tmpDir(), 'ids.bin');
    const file = await encodeIds(sentences([['a', 'x', 'b'], ['y'], ['c', 'c', 'a', 'b', 'a']]), vocab, path, 3);
    const ints = Array.from(new Int32Array(new Uint8Array(await readFile(path)).buffer));
    expect(ints).toEqual([0, 1, -1, 2, 2, 0, -1, 1, 0, -1]);
    expect(file.ints).toBe(10);
    expect(file.stats).toEqual({ tokens: 9, vocabTokens: 7, sentences: 3 });
  });

  it('splits into shares at sentence boundaries that readers cover exactly once', async () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const vocab = new Vocab(words, words.map(() => 1));
    const list = Array.from({ length: 200 }, (_, s) => Array.from({ length: 1 + ((s * 7) % 23) }, (_, i) => `w${(s + i) % 50}`));
    const path = join(await tmpDir(), 'ids.bin');
    const file = await encodeIds(sentences(list), vocab, path, 10_000);
    for (const count of [1, 2, 3, 7]) {
      const shares = splitShares(file, count);
      expect(shares[0]!.start).toBe(0);
      expect(shares[count - 1]!.end).toBe(file.ints * 4);
      const seen: number[][] = [];
      for (const share of shares) {
        // a tiny buffer forces the reader through its refill and carry-over paths
        const reader = new IdsReader(path, share.start, share.end, 8);
        for (let s = reader.next(); s !== undefined; s = reader.next()) seen.push(Array.from(s));
        expect(reader.position).toBe(share.end);
        reader.close();
      }
      expect(seen).toEqual(list.map((s) => s.map((w) => vocab.indexOf(w))));
    }
  });

  it('cuts ~10,000-word jobs at sentence ends, in file order, each sentence in exactly one', async () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const vocab = new Vocab(words, words.map(() => 1));
    const list = Array.from({ length: 300 }, (_, s) => Array.from({ length: 100 + ((s * 37) % 150) }, (_, i) => `w${(s + i) % 50}`));
    const path = join(await tmpDir(), 'ids.bin');
    const file = await encodeIds(sentences(list), vocab, path, 10_000);
    for (const workers of [1, 2, 3]) {
      const jobs = cutJobs(file, workers);
      expect(jobs.length).toBeGreaterThanOrEqual(Math.max(workers, Math.floor(file.ints / JOB_INTS)));
      for (let k = 0; k < jobs.length; k++) {
        expect(jobs[k]!.start).toBe(k === 0 ? 0 : jobs[k - 1]!.end);
        if (k < jobs.length - 1) expect((jobs[k]!.end - jobs[k]!.start) / 4).toBeLessThan(JOB_INTS + 300);
      }
      expect(jobs.at(-1)!.end).toBe(file.ints * 4);
      // one reader walking the jobs with seek() sees exactly the corpus's sentences, in order
      const seen: number[][] = [];
      const reader = new IdsReader(path, jobs[0]!.start, jobs[0]!.end, 64);
      for (const [i, job] of jobs.entries()) {
        if (i > 0) reader.seek(job.start, job.end);
        for (let s = reader.next(); s !== undefined; s = reader.next()) seen.push(Array.from(s));
      }
      reader.close();
      expect(seen).toEqual(list.map((s) => s.map((w) => vocab.indexOf(w))));
    }
  });

  it('restarts a reader from a saved position', async () => {
    const vocab = new Vocab(['a', 'b'], [1, 1]);
    const path = join(await tmpDir(), 'ids.bin');
    const file = await encodeIds(sentences([['a'], ['b', 'a'], ['b']]), vocab, path, 100);
    const reader = new IdsReader(path, 0, file.ints * 4);
    reader.next();
    const position = reader.position;
    reader.close();
    const again = new IdsReader(path, position, file.ints * 4);
    expect(Array.from(again.next()!)).toEqual([1, 0]);
    expect(Array.from(again.next()!)).toEqual([1]);
    expect(again.next()).toBeUndefined();
    again.close();
  });

  it('removes the ids files of runs that no longer exist, and keeps those of live ones', () => {
    // a process id that has just exited (reuse within the test is very unlikely)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = join(tmpdir(), `w2v-ids-${dead}-deadbeef.bin.scan`);
    const mine = join(tmpdir(), `w2v-ids-${process.pid}-0badcafe.bin`);
    const other = join(tmpdir(), `w2v-ids-${dead}-notours.txt`);
    for (const f of [stale, mine, other]) writeFileSync(f, 'x');
    removeStaleIdsFiles();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(other)).toBe(true);
    for (const f of [mine, other]) rmSync(f);
  });

  it.runIf(existsSync('/dev/full'))('turns a full disk into an error that names the temp folder and the fix', () => {
    // /dev/full accepts the open and fails every write with ENOSPC
    const spool = new TypeIdSpool('/dev/full');
    const ids = new Int32Array(1 << 17);
    expect(() => spool.write(ids, ids.length)).toThrow(/no space left on the disk of \/dev while writing the encoded corpus .*point TMPDIR at a bigger disk/);
  });
});
