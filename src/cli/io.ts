// The CLI's window on the world, injected so tests run commands in-process and capture what they print.

/** Where a command reads and writes; `runCli` gets the process's, tests get buffers. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  /** Environment lookups (NO_COLOR, CI, ...). */
  env: Record<string, string | undefined>;
  /** Set by long commands so SIGINT/SIGTERM can ask them to stop cleanly (checkpoint, then exit). */
  signal?: AbortSignal;
}

/** The real process streams. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    ...(signal === undefined ? {} : { signal }),
  };
}
