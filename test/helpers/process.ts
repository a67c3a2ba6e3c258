// Runs the real `w2v` program (src/cli/bin.ts through tsx) as a child process, for what only a process shows:
// exit codes, signals, pipes and terminals.
import { type ChildProcess, type SpawnOptions, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bin entry point. */
export const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
/** node arguments that run `w2v` from source: tsx resolved here, so any working folder works. */
export const NODE_ARGS = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, BIN];

/** Runs `w2v args` to completion. */
export function runW2v(args: readonly string[], options: { input?: string; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], { encoding: 'utf8', timeout: 120_000, ...options });
}

/** Starts `w2v args` with piped streams. */
export function startW2v(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, ...args], { stdio: 'pipe', ...options });
}

/** Resolves with the exit code (or 128 + signal number) and everything printed once `child` ends. */
export function exited(child: ChildProcess): Promise<{ code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })));
}

/** Resolves with the first stderr line that satisfies `match` (the event a test acts on; never a clock). */
export function onStderrLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const onData = (d: Buffer): void => {
      pending += d.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (match(line)) {
          child.stderr?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stderr?.on('data', onData);
    child.on('close', () => reject(new Error(`the process ended before the awaited line; last output: ${pending}`)));
  });
}
