#!/usr/bin/env node
// Process entry of `w2v`: wires signals to an AbortSignal (first Ctrl-C asks the command to checkpoint and
// stop; a second one exits at once), then runs the CLI on the real streams.
import { processIo } from './io.ts';
import { EXIT, runCli } from './main.ts';

const controller = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    signals += 1;
    if (signals > 1) process.exit(name === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    controller.abort(name);
  });
}
// `w2v similar ... | head` closes our stdout early: that is not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processIo(controller.signal));
