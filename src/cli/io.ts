// The CLI's window on the world, injected so tests run commands in-process and capture what they print.

/** Where a command reads and writes; `runCli` gets the process's, tests get buffers. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Environment lookups (NO_COLOR, CI, ...). */
  env: Record<string, string | undefined>;
  /** Aborted by SIGINT/SIGTERM while a command defers interrupts (so it can checkpoint, then exit). */
  signal?: AbortSignal;
  /**
   * Called by a command entering a phase that can stop cleanly on `signal` (training, serving); the returned function
   * ends that phase. Outside such phases the process exits on the first signal.
   */
  deferInterrupts?: () => () => void;
}

/** The real process streams. */
export function processIo(signal?: AbortSignal, deferInterrupts?: () => () => void): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    ...(signal === undefined ? {} : { signal }),
    ...(deferInterrupts === undefined ? {} : { deferInterrupts }),
  };
}
