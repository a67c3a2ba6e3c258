// `w2v serve MODEL [--port 8080] [--host 127.0.0.1] [--docs FILE] [--open]`: the explorer page and its JSON API
// until Ctrl-C. Loopback unless --host says otherwise, and then with a warning, since the API reads the model.
import { spawn } from 'node:child_process';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { readLines } from '../../encode/index.ts';
import { Explorer } from '../../serve/explorer.ts';
import { isLoopback, startServer } from '../../serve/server.ts';
import { int, oneOf } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { loadFromFlags } from '../load-flags.ts';

interface ServeFlags {
  port: number;
  host: string;
  docs?: string;
  open?: boolean;
  limit?: number;
  unicodeErrors?: 'strict' | 'replace' | 'ignore';
}

/** Registers `w2v serve`. */
export function register(program: Command, io: CliIo): Command {
  return program
    .command('serve')
    .description('explore a model in the browser: neighbours, analogies, 2-D maps, sentences (Ctrl-C stops)')
    .argument('<model>', 'model folder or word2vec text/binary file')
    .addOption(new Option('--port <n>', 'port; 0 picks a free one').argParser(port).default(8080))
    .addOption(new Option('--host <address>', 'interface to listen on; anything but loopback lets the network read the model').default('127.0.0.1'))
    .addOption(new Option('--docs <file>', 'text file, one document a line, for sentence search'))
    .addOption(new Option('--open', 'open the page in the default browser'))
    .addOption(new Option('--limit <n>', 'load only the first N words of the file').argParser(int(1)))
    .addOption(new Option('--unicode-errors <mode>', 'invalid UTF-8 in a vector file: strict, replace or ignore').argParser(oneOf('strict', 'replace', 'ignore')).default('strict'))
    .action(async (modelPath: string, flags: ServeFlags) => {
      // the documents first: a typo in --docs should not wait for a large model to load
      const docs = flags.docs === undefined ? undefined : { path: flags.docs, lines: await readLines(flags.docs) };
      const model = await loadFromFlags(modelPath, flags);
      const warn = (message: string): void => void io.stderr.write(`warning: ${message}\n`);
      const explorer = new Explorer(model, { docs, onWarning: warn });
      if (!isLoopback(flags.host)) warn(`listening on ${flags.host}: anyone who can reach this address can read the model through the API`);
      const server = await startServer(explorer, { host: flags.host, port: flags.port, onWarning: warn });
      io.stdout.write(`w2v explorer: ${model.kv.size} words x ${model.kv.dim} dims${docs === undefined ? '' : `, ${docs.lines.length} documents`}\n${server.url}\n(Ctrl-C stops)\n`);
      // serving stops cleanly on the first SIGINT/SIGTERM (bin.ts aborts io.signal instead of exiting): the
      // server closes and the command ends with exit 0; a second signal still exits at once
      const release = io.deferInterrupts?.();
      try {
        if (flags.open) openBrowser(server.url, warn);
        await stopped(io.signal);
        await server.close();
      } finally {
        release?.();
      }
      io.stderr.write('explorer stopped\n');
    });
}

// --- internal ---

function port(raw: string): number {
  const n = int(0)(raw);
  if (n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

/** Resolves when SIGINT/SIGTERM arrive (bin.ts turns them into `signal`); in-process callers abort it. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function openBrowser(url: string, warn: (message: string) => void): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => warn(`could not start ${command}; open ${url} yourself`));
  child.unref();
}
