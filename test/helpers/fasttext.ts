// Runs the `fasttext` CLI (Debian's fasttext 0.9.2): the peer that defines the .bin format and the subword
// vectors. Like gensim, it is a failure in CI to lack it (.ci/run installs it) and a skip elsewhere.
import { spawnSync } from 'node:child_process';

// W2V_FASTTEXT points the parity tests at another fastText 0.9.2 binary
export const FASTTEXT = process.env.W2V_FASTTEXT ?? 'fasttext';

let found: boolean | undefined;

/** True when the fasttext binary runs (without a command it prints its usage on stderr and exits 1). */
export function hasFastText(): boolean {
  const run = spawnSync(FASTTEXT, [], { encoding: 'utf8' });
  found ??= `${run.stdout ?? ''}${run.stderr ?? ''}`.includes('The commands supported by fasttext are');
  return found;
}

/** Whether the fastText parity tests should skip: outside CI when the binary is missing; in CI that throws. */
export function skipWithoutFastText(): boolean {
  if (hasFastText()) return false;
  const ci = process.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') {
    throw new Error(`the fastText parity tests need the fasttext binary in CI, but \`${FASTTEXT}\` does not run: apt-get install -y fasttext`);
  }
  return true;
}

/** Runs `fasttext args...` with `input` on stdin; returns stdout, throwing with stderr on failure. */
export function fastText(args: readonly string[], input?: string): string {
  const run = spawnSync(FASTTEXT, args, { encoding: 'utf8', input, maxBuffer: 1 << 28, timeout: 300_000 });
  if (run.status !== 0) throw new Error(`fasttext ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** `fasttext print-word-vectors model < words`: one vector per word, in order (a word's line is `word v1 .. vd`). */
export function printWordVectors(model: string, words: readonly string[]): number[][] {
  const out = fastText(['print-word-vectors', model], `${words.join('\n')}\n`);
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length !== words.length) throw new Error(`print-word-vectors gave ${lines.length} lines for ${words.length} words`);
  return lines.map((line, i) => {
    const parts = line.trimEnd().split(' ');
    if (parts[0] !== words[i]) throw new Error(`print-word-vectors line ${i + 1} is for ${JSON.stringify(parts[0])}, expected ${JSON.stringify(words[i])}`);
    return parts.slice(1).map(Number);
  });
}
