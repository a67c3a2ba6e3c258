// Runs Python snippets against gensim 4.2 (Debian's python3-gensim, at /usr/bin/python3): the reference peer
// of the parity tests. In CI a missing gensim is a failure, not a skip (.ci/run installs it).
import { spawnSync } from 'node:child_process';

// W2V_PYTHON points the parity tests at another interpreter (a virtualenv with gensim 4.2, say)
const PYTHON = process.env.W2V_PYTHON ?? '/usr/bin/python3';

/** The gensim the parity tests were written against: its defaults, sort order and formats are what they pin. */
export const GENSIM_SERIES = '4.2.';

let version: string | null | undefined;

/** The version of gensim that `python` imports, or null when it cannot import gensim (or does not run). */
export function probeGensim(python: string): string | null {
  const run = spawnSync(python, ['-c', 'import gensim; print(gensim.__version__)'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/** The installed gensim's version (cached), or null. */
export function gensimVersion(): string | null {
  version ??= probeGensim(PYTHON);
  return version;
}

/** True when gensim 4.2.x can be imported. */
export function hasGensim(): boolean {
  return gensimVersion()?.startsWith(GENSIM_SERIES) === true;
}

/**
 * Whether gensim tests should be skipped: outside CI when gensim 4.2 is missing (or another version is
 * installed); in CI (`CI` set) a missing or wrong gensim throws, failing the file instead of skipping it.
 */
export function skipWithoutGensim(): boolean {
  return gensimGate(gensimVersion(), process.env);
}

/** The decision of skipWithoutGensim for a found version (null: none) and an environment. */
export function gensimGate(found: string | null, env: Readonly<Record<string, string | undefined>>): boolean {
  if (found?.startsWith(GENSIM_SERIES) === true) return false;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') {
    throw new Error(
      found === null
        ? `gensim ${GENSIM_SERIES}x is required in CI but ${PYTHON} cannot import gensim: apt-get install -y python3-gensim`
        : `gensim ${GENSIM_SERIES}x is required in CI, found ${found} at ${PYTHON}: the parity tests pin 4.2's behaviour`,
    );
  }
  return true;
}

/** Runs `code` with `args` in sys.argv[1:] and returns stdout parsed as JSON. */
export function runPythonJson<T>(code: string, args: readonly string[] = [], timeoutMs = 300_000): T {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
