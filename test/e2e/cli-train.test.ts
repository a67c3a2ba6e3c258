// `w2v train` in-process on the Lee corpus (small, real English): model folder contents, determinism,
// divergence, two workers, --export, --from, and interrupt + resume ending bit-identical to a straight run.
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
// small and fast settings: the point here is the plumbing, quality has its own test
const FAST = ['--model', 'sg', '--dim', '24', '--epochs', '2', '--workers', '1', '--seed', '5', '--quiet'];

/**
 * Runs the CLI and aborts it (as bin.ts does on a signal) on the `start` event: the trainer finishes the batch in
 * progress, so the checkpoint is always one batch into epoch 1, however fast the engine or slow the machine.
 */
async function cliStoppedAfterStart(argv: string[], reason: 'SIGINT' | 'SIGTERM'): Promise<{ code: number; stderr: string }> {
  const controller = new AbortController();
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: {
      write: (s: string) => {
        stderr += s;
        for (const line of s.split('\n')) {
          if (!line.startsWith('{')) continue;
          const event = JSON.parse(line) as { phase: string; epoch: number; progress: number };
          if (event.phase === 'start') controller.abort(reason);
        }
        return true;
      },
    },
    stdin: Readable.from([]),
    env: {},
    signal: controller.signal,
  };
  const code = await runCli([...argv.filter((a) => a !== '--quiet'), '--progress', 'json', '--progress-interval', '10'], io);
  return { code, stderr };
}

describe('w2v train', () => {
  it('writes a complete model folder and a word2vec export', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'model');
    const run = await cli(['train', LEE, '-o', out, ...FAST.filter((f) => f !== '--quiet'), '--export', join(dir, 'vec.txt')]);
    expect(run.stderr).toContain('backend: ');
    expect(run.code).toBe(0);
    const model = await readModelFolder(out, true);
    expect(model.meta.dim).toBe(24);
    expect(model.meta.options.model).toBe('sg');
    expect(model.meta.lossPerEpoch).toHaveLength(2);
    for (const loss of model.meta.lossPerEpoch) expect(loss).toBeGreaterThan(0);
    // the second epoch fits better than the first
    expect(model.meta.lossPerEpoch[1]!).toBeLessThan(model.meta.lossPerEpoch[0]!);
    expect(model.meta.wordsPerSecond).toBeGreaterThan(0);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(model.meta.backend);
    expect(model.meta.corpus.tokens).toBeGreaterThan(model.meta.corpus.vocabTokens);
    expect(model.words[0]).toBe('the');
    expect(model.output).toHaveLength(model.meta.vocabSize * 24);
    expect((model.state as { epoch: number }).epoch).toBe(2);
    const text = await readFile(join(dir, 'vec.txt'), 'utf8');
    expect(text.split('\n')[0]).toBe(`${model.meta.vocabSize} 24`);
    expect(text.split('\n')[1]!.split(' ')[0]).toBe('the');
  });

  it('is bit-for-bit repeatable with --workers 1 and a seed, and the seed matters', async () => {
    const dir = await tmpDir();
    const vectors = async (name: string, seed: string): Promise<Buffer> => {
      const run = await cli(['train', LEE, '-o', join(dir, name), ...FAST, '--epochs', '1', '--seed', seed]);
      expect(run.code).toBe(0);
      return await readFile(join(dir, name, 'vectors.f32'));
    };
    const a = await vectors('a', '11');
    const b = await vectors('b', '11');
    const c = await vectors('c', '12');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('stops a diverging run with a clear error and writes nothing', async () => {
    const dir = await tmpDir();
    const run = await cli(['train', LEE, '-o', join(dir, 'm'), ...FAST, '--alpha', '1000']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: training diverged at epoch 1 \(loss (NaN|[\d.e+]+ per example, an untrained model's is \d+\.\d\d)\); lower --alpha \(now 1000\)/);
    await expect(readFile(join(dir, 'm', 'model.json'))).rejects.toThrow();
  });

  it('trains with a batch smaller than one centre word\'s examples (skip-gram, window 5: up to 10)', async () => {
    const dir = await tmpDir();
    for (const workers of ['1', '2']) {
      const run = await cli(['train', LEE, '-o', join(dir, `m${workers}`), ...FAST, '--epochs', '1', '--batch-size', '1', '--workers', workers]);
      expect(run.code, run.stderr).toBe(0);
      const model = await readModelFolder(join(dir, `m${workers}`), true);
      expect(model.meta.lossPerEpoch[0]!).toBeGreaterThan(0);
    }
  }, 60_000);

  it('trains with two workers sharing the tables', async () => {
    const dir = await tmpDir();
    const run = await cli(['train', LEE, '-o', join(dir, 'm'), ...FAST, '--workers', '2', '--model', 'cbow']);
    expect(run.code).toBe(0);
    const model = await readModelFolder(join(dir, 'm'), true);
    expect(model.meta.options.workers).toBe(2);
    expect((model.state as { workers: unknown[] }).workers).toHaveLength(2);
    expect(model.meta.lossPerEpoch[1]!).toBeLessThan(model.meta.lossPerEpoch[0]!);
    for (const x of model.vectors) expect(Number.isFinite(x)).toBe(true);
  });

  it('continues a model on more text with --from, ignoring new words', async () => {
    const dir = await tmpDir();
    expect((await cli(['train', LEE, '-o', join(dir, 'a'), ...FAST, '--epochs', '1'])).code).toBe(0);
    const more = join(dir, 'more.txt');
    await writeFile(more, 'the government said the police were attacked\nzzqx unknownword the minister\n'.repeat(50));
    const run = await cli(['train', '--from', join(dir, 'a'), more, '-o', join(dir, 'b'), '--epochs', '2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/continuing .*: 100 of 550 tokens \(18\.2%\) are not in its vocabulary/);
    const a = await readModelFolder(join(dir, 'a'));
    const b = await readModelFolder(join(dir, 'b'));
    expect(b.words).toEqual(a.words);
    expect(b.meta.options.epochs).toBe(2);
    expect(b.meta.options.dim).toBe(24);
    // the model's options carry over unless a flag changes them (sg stays sg; the default would be cbow)
    expect(b.meta.options.model).toBe('sg');
    expect(b.meta.options.seed).toBe(5);
    expect(Buffer.from(b.vectors.buffer).equals(Buffer.from(a.vectors.buffer))).toBe(false);
    const refused = await cli(['train', '--from', join(dir, 'a'), more, '-o', join(dir, 'c'), '--dim', '50']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--dim cannot change');
  });

  it('checkpoints on abort and resumes to the same vectors as an uninterrupted run', async () => {
    const dir = await tmpDir();
    const args = [LEE, ...FAST, '--epochs', '3', '--batch-size', '256'];
    expect((await cli(['train', ...args, '-o', join(dir, 'straight')])).code).toBe(0);
    const stopped = await cliStoppedAfterStart(['train', ...args, '-o', join(dir, 'stopped')], 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(JSON.parse(stopped.stderr.trim().split('\n').at(-1)!)).toMatchObject({ phase: 'done', interrupted: true, exitCode: 130 });
    const checkpoint = await readModelFolder(join(dir, 'stopped'), true);
    const state = checkpoint.state as { epoch: number; midEpoch: boolean; workers: { position: number; share: { start: number } }[] };
    expect(state.epoch).toBe(0);
    expect(state.midEpoch).toBe(true);
    expect(state.workers[0]!.position).toBeGreaterThan(state.workers[0]!.share.start);
    const resumed = await cli(['train', '--resume', join(dir, 'stopped'), '--quiet']);
    expect(resumed.code).toBe(0);
    const a = await readFile(join(dir, 'straight', 'vectors.f32'));
    const b = await readFile(join(dir, 'stopped', 'vectors.f32'));
    expect(b.equals(a)).toBe(true);
    const metaA = JSON.parse(await readFile(join(dir, 'straight', 'model.json'), 'utf8'));
    const metaB = JSON.parse(await readFile(join(dir, 'stopped', 'model.json'), 'utf8'));
    expect(metaB.lossPerEpoch).toEqual(metaA.lossPerEpoch);
  });

  it('refuses to resume on a different corpus, and a finished run', async () => {
    const dir = await tmpDir();
    const stopped = await cliStoppedAfterStart(['train', LEE, '-o', join(dir, 'm'), ...FAST, '--epochs', '5'], 'SIGTERM');
    expect(stopped.code).toBe(143);
    const other = join(dir, 'other.txt');
    await writeFile(other, 'some other text entirely\n');
    const mismatch = await cli(['train', other, '--resume', join(dir, 'm')]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/error: the inputs .* are not the corpus this run was training on/);
    expect((await cli(['train', '--resume', join(dir, 'm'), '--quiet'])).code).toBe(0);
    const finished = await cli(['train', '--resume', join(dir, 'm')]);
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('already finished');
  });

  it('--progress json: every line is a JSON object with a phase, no null loss, and a final done event', async () => {
    const dir = await tmpDir();
    const run = await cli(['train', LEE, '-o', join(dir, 'm'), ...FAST.filter((f) => f !== '--quiet'), '--progress', 'json', '--progress-interval', '10']);
    expect(run.code).toBe(0);
    const events = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const event of events) {
      expect(typeof event.phase).toBe('string');
      expect(event.loss === null).toBe(false);
      if ('loss' in event) expect(Number.isFinite(event.loss)).toBe(true);
    }
    const phases = new Set(events.map((e) => e.phase));
    for (const phase of ['vocabulary', 'start', 'train', 'epoch', 'done']) expect(phases, phase).toContain(phase);
    expect(events.filter((e) => e.phase === 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    // epochs of well under --checkpoint-every's 30 s: only the last one writes the folder
    expect(events.filter((e) => e.phase === 'epoch').map((e) => 'checkpoint' in e)).toEqual([false, true]);
    const every = await cli(['train', LEE, '-o', join(dir, 'm0'), ...FAST.filter((f) => f !== '--quiet'), '--progress', 'json', '--checkpoint-every', '0']);
    expect(every.code).toBe(0);
    const epochs0 = every.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e.phase === 'epoch');
    expect(epochs0.map((e) => e.checkpoint)).toEqual([join(dir, 'm0'), join(dir, 'm0')]);
    // the pass over the text reports bytes read of all, their rate and words per second; its last report is complete
    const scan = events.filter((e) => e.phase === 'vocab');
    expect(scan.length).toBeGreaterThan(0);
    expect(scan.at(-1)).toMatchObject({ progress: 1, bytes: statSync(LEE).size, totalBytes: statSync(LEE).size });
    for (const e of scan) expect([e.bytesPerSecond, e.wordsPerSecond].every((v) => typeof v === 'number' && v >= 0)).toBe(true);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ phase: 'done', interrupted: false });
    expect(done.lossPerEpoch).toHaveLength(2);
  });

  it('reports usage mistakes without a stack trace', async () => {
    const dir = await tmpDir();
    const noOutput = await cli(['train', LEE]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toBe('error: missing -o, --output <dir>: the model folder to write\n');
    const missing = await cli(['train', join(dir, 'nope.txt'), '-o', join(dir, 'm')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nope\.txt/);
  });
});
