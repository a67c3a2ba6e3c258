// Writing large output to stdout without buffering all of it in memory.
import type { CliIo } from './io.ts';

/** Writes `chunk` and, when the stream's buffer is full, waits for it to drain. */
export function writeWithBackpressure(stdout: CliIo['stdout'], chunk: string): Promise<void> {
  const ok = stdout.write(chunk);
  const stream = stdout as Partial<NodeJS.WritableStream>;
  if (ok !== false || typeof stream.once !== 'function') return Promise.resolve();
  return new Promise((resolve) => stream.once?.('drain', () => resolve()));
}
