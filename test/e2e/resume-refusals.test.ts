// `w2v train --resume` continues only the run it stopped, on the same text: it refuses a corpus edited in place
// (same size, even with its mtime put back), text that encodes to a different number of ids (a stopword file
// edited in between), a run trained on stdin, and --resume with --from; options given with --resume are
// ignored with a warning naming them. (A missing or damaged state.json is in model-folder-damage.test.ts.)
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { twoTopicText } from '../helpers/two-topics.ts';

// small batches, so a stop after the first one lands inside the first epoch
const FAST = ['--dim', '8', '--epochs', '2', '--min-count', '1', '--workers', '1', '--seed', '3', '--batch-size', '64'];

/** Runs `w2v train` and aborts it the moment training starts (the `backend:` line), as bin.ts does on SIGINT. */
async function trainStopped(argv: string[], stdin?: string): Promise<{ code: number; stderr: string }> {
  const controller = new AbortController();
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: {
      write: (s: string) => {
        stderr += s;
        if (s.startsWith('backend: ')) controller.abort('SIGINT');
        return true;
      },
    },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    env: {},
    signal: controller.signal,
  };
  const code = await runCli(['train', ...argv], io);
  return { code, stderr };
}

const MTIME = 1_700_000_000;

/** A corpus file and a checkpoint stopped one batch into its first epoch. */
async function stoppedRun(extra: string[] = []): Promise<{ dir: string; corpus: string; model: string }> {
  const dir = await tmpDir();
  const corpus = join(dir, 'topics.txt');
  await writeFile(corpus, twoTopicText());
  // a whole-second mtime, so a test can put it back exactly (the fingerprint holds it to the nanosecond)
  await utimes(corpus, MTIME, MTIME);
  const model = join(dir, 'm');
  const stopped = await trainStopped([corpus, '-o', model, ...FAST, ...extra]);
  expect(stopped.stderr).toContain('continue with: w2v train --resume');
  expect(stopped.code).toBe(130);
  expect(((await readModelFolder(model, true)).state as { midEpoch: boolean }).midEpoch).toBe(true);
  return { dir, corpus, model };
}

describe('w2v train --resume refuses', () => {
  it('a corpus edited in place to the same size, even with its mtime put back', async () => {
    const { corpus, model } = await stoppedRun();
    const text = await readFile(corpus, 'utf8');
    const edited = text.replace('cat', 'car'); // same length: only the content differs
    expect(edited.length).toBe(text.length);
    await writeFile(corpus, edited);
    await utimes(corpus, MTIME, MTIME);
    expect((await stat(corpus)).mtimeMs).toBe(MTIME * 1000);
    const run = await cli(['train', '--resume', model, '--quiet']);
    expect(run.stderr).toMatch(/^error: the inputs \(.*topics\.txt, \d+ bytes\) are not the corpus this run was training on \(.*, \d+ bytes\); resume needs the same files unchanged\n$/);
    expect(run.code).toBe(1);
    // the checkpoint is untouched and still resumes once the file is back
    await writeFile(corpus, text);
    await utimes(corpus, MTIME, MTIME);
    expect((await cli(['train', '--resume', model, '--quiet'])).code).toBe(0);
  });

  it('the same text encoding to a different number of ids (the stopword file changed)', async () => {
    const dir = await tmpDir();
    const stopwords = join(dir, 'stop.txt');
    await writeFile(stopwords, 'fur\n');
    const { model } = await stoppedRun(['--stopwords', stopwords]);
    await writeFile(stopwords, 'fur\npaw\n');
    const run = await cli(['train', '--resume', model, '--quiet']);
    expect(run.stderr).toMatch(/^error: the inputs encode to \d+ ids but the checkpoint expected \d+; were the tokenizer settings or files changed\?\n$/);
    expect(run.code).toBe(1);
  });

  it('a run trained on stdin', async () => {
    const model = join(await tmpDir(), 'm');
    const stopped = await trainStopped(['-', '-o', model, ...FAST], twoTopicText());
    expect(stopped.code).toBe(130);
    const run = await cli(['train', '--resume', model, '--quiet']);
    expect(run.stderr).toBe('error: a run trained on stdin cannot be resumed (the text is gone); train from files to be able to resume\n');
    expect(run.code).toBe(1);
  });

  it('--resume together with --from', async () => {
    const { corpus, model } = await stoppedRun();
    const run = await cli(['train', corpus, '--resume', model, '--from', model, '-o', join(model, '..', 'x')]);
    expect(run.stderr).toMatch(/^error: --resume and --from cannot be combined\n/);
    expect(run.code).not.toBe(0);
  });

  it('nothing, but warns that options given with --resume are ignored, naming them', async () => {
    const { model } = await stoppedRun();
    const run = await cli(['train', '--resume', model, '--dim', '50', '--epochs', '9', '--keep-case']);
    expect(run.stderr).toContain('warning: --resume continues with the stored options; ignoring --dim, --epochs, --keep-case\n');
    expect(run.code).toBe(0);
    const resumed = await readModelFolder(model);
    expect(resumed.meta.dim).toBe(8);
    expect(resumed.meta.options.epochs).toBe(2);
    expect(resumed.meta.lossPerEpoch).toHaveLength(2);
  });
});
