// The CLI run in-process with its output captured, for modules that scripts load too (test/helpers/cli.ts
// registers vitest hooks, which a script cannot load).
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';

export async function runCliCaptured(argv: readonly string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: () => undefined },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
      isTTY: false,
      columns: 100,
    },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1' },
  });
  return { code, stderr };
}
