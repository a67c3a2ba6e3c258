// The real `w2v` binary under real signals: SIGINT mid-epoch then --resume ends bit-identical to an
// uninterrupted run (one worker, a seed), and SIGKILL while a checkpoint is being replaced leaves a loadable
// model folder. Signals are sent on events the child prints (training started, an epoch ended), never after
// a delay, so a faster engine or a slower machine moves nothing.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { tmpDir } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.js');
const LEE = join(ROOT, 'corpora/lee_background.cor');
// about a second per epoch (dim 100, window 8, 10 negatives), so a signal sent when training starts lands in epoch 1
const ARGS = [LEE, '--model', 'sg', '--dim', '100', '--window', '8', '--negative', '10', '--epochs', '3', '--workers', '1', '--seed', '5', '--batch-size', '256'];

beforeAll(() => {
  if (distIsStale()) {
    // other modules may be mid-edit with type errors; tsc still emits, so judge by the output files
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'scripts/tsconfig.build.json')], { stdio: 'ignore' });
    } catch {}
  }
  expect(existsSync(join(ROOT, 'dist/train/worker.js'))).toBe(true);
}, 120_000);

describe('w2v train under signals', () => {
  for (const [name, extra, files] of [
    ['', [], ['vectors.f32', 'output.f32']],
    // a subword model's n-gram rows and the words' own rows resume too (vectors.f32 is composed from them)
    [' (subwords)', ['--subwords', '--bucket', '20000', '--epochs', '2'], ['vectors.f32', 'output.f32', 'input.f32', 'ngrams.f32']],
  ] as const) {
  it(`resumes after SIGINT to the same vectors as an uninterrupted run${name}`, async () => {
    const dir = await tmpDir();
    const args = [...ARGS, ...extra];
    const straight = await finish(start(['train', ...args, '-o', join(dir, 'straight'), '--quiet']));
    expect(straight.code).toBe(0);

    const child = start(['train', ...args, '-o', join(dir, 'stopped')]);
    // SIGINT as soon as training starts: it lands within the first epoch (an epoch is ~100x the time a signal
    // takes to arrive, even on an idle machine; the in-process test in cli-train.test.ts pins the exact batch)
    await waitForStderr(child, 'backend: ');
    child.kill('SIGINT');
    const stopped = await finish(child);
    expect(stopped.stderr).toContain('interrupted: checkpoint written');
    expect(stopped.code).toBe(130);
    const state = (await readModelFolder(join(dir, 'stopped'), true)).state as { epoch: number; midEpoch: boolean };
    expect(state.epoch).toBe(0);
    expect(state.midEpoch).toBe(true);

    const resumed = await finish(start(['train', '--resume', join(dir, 'stopped'), '--quiet']));
    expect(resumed.code).toBe(0);
    for (const file of files) {
      const a = await readFile(join(dir, 'straight', file));
      const b = await readFile(join(dir, 'stopped', file));
      expect(b.equals(a), file).toBe(true);
    }
  });
  }

  it('keeps the last checkpoint loadable when killed with SIGKILL mid-run', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'm');
    const child = start(['train', ...ARGS, '--epochs', '50', '--checkpoint-every', '0', '-o', out, '--progress', 'json']);
    // the report that ends epoch 2 (the first line with epoch >= 3) is printed just before the epoch-2
    // checkpoint replaces the epoch-1 one: the kill lands while, or just after, that folder is swapped
    await waitFor(child, () => progressLines(child).some((p) => p.phase === 'train' && p.epoch >= 3));
    child.kill('SIGKILL');
    await finish(child);
    const model = await readModelFolder(out, true);
    expect(model.meta.lossPerEpoch.length).toBeGreaterThanOrEqual(1);
    expect(model.meta.lossPerEpoch.length).toBeLessThan(50);
    expect((model.state as { epoch: number }).epoch).toBe(model.meta.lossPerEpoch.length);
  });
});

// --- helpers ---

function start(args: string[]): ChildProcess & { stderrText: string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { stderrText: string };
  child.stderrText = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    child.stderrText += s;
  });
  child.stdout!.resume();
  return child;
}

function finish(child: ChildProcess & { stderrText: string }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, stderr: child.stderrText });
    child.on('close', (code) => resolve({ code, stderr: child.stderrText }));
  });
}

function progressLines(child: ChildProcess & { stderrText: string }): { phase: string; epoch: number }[] {
  return child.stderrText
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as { phase: string; epoch: number });
}

async function waitForStderr(child: ChildProcess & { stderrText: string }, text: string): Promise<void> {
  await waitFor(child, () => child.stderrText.includes(text));
}

/** Resolves once `condition` holds on the child's output, checked on each chunk it prints; fails if it exits first. */
function waitFor(child: ChildProcess & { stderrText: string }, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!condition()) return;
      child.stderr!.off('data', check);
      resolve();
    };
    // registered after start()'s listener, so stderrText already holds the chunk when check runs
    child.stderr!.on('data', check);
    child.on('close', (code) => reject(new Error(`w2v exited (${code}) before the awaited output:\n${child.stderrText}`)));
    check();
  });
}

function distIsStale(): boolean {
  if (!existsSync(BIN) || !existsSync(join(ROOT, 'dist/train/worker.js'))) return true;
  const built = statSync(BIN).mtimeMs;
  const newest = (dir: string): number => {
    let max = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }
    return max;
  };
  return newest(join(ROOT, 'src')) > built;
}
