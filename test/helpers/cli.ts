// Runs `w2v` in-process with captured stdout/stderr (vitest's Cli / citty rawArgs idea), plus temp dirs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `argv`; `stdin` feeds standard input; `signal` is passed as io.signal. */
export async function cli(argv: readonly string[], options: { stdin?: string; signal?: AbortSignal; isTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.isTTY ?? false, columns: 100 },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { NO_COLOR: '1' },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp folder, removed after the current test. */
export async function tmpDir(prefix = 'w2v-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
