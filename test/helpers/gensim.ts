// Runs Python snippets against gensim 4.2 (Debian's python3-gensim, at /usr/bin/python3): the reference peer
// of the parity tests. In CI a missing gensim is a failure, not a skip (.ci/run installs it).
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

let available: boolean | undefined;

/** True when gensim can be imported. */
export function hasGensim(): boolean {
  if (available === undefined) {
    available = spawnSync(PYTHON, ['-c', 'import gensim'], { encoding: 'utf8' }).status === 0;
  }
  return available;
}

/** Whether gensim tests should be skipped (only outside CI). */
export function skipWithoutGensim(): boolean {
  if (hasGensim()) return false;
  if (process.env.CI) throw new Error('gensim is required in CI: apt-get install -y python3-gensim');
  return true;
}

/** Runs `code` with `args` in sys.argv[1:] and returns stdout parsed as JSON. */
export function runPythonJson<T>(code: string, args: readonly string[] = [], timeoutMs = 300_000): T {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
