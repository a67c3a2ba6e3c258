#!/usr/bin/env node
// Process entry of `w2v`. Signals: while a command can checkpoint (training, once it has started), the first
// Ctrl-C or SIGTERM asks it to write a checkpoint and stop; while `serve` is serving, it asks the server to
// close, and the command then exits 0 (stopping is how a server is meant to end); in every other phase
// (counting, encoding, loading, writing) there is nothing to save, so the first signal exits at once (130
// SIGINT, 143 SIGTERM); a second signal always exits at once. Temp files in flight are removed by the 'exit' hooks of io/atomic.ts.
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // answered before the program (and TensorFlow.js, jieba, ...) is loaded
  process.stdout.write(`${VERSION}\n`);
} else {
  await main();
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  let deferring = 0;
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      signals += 1;
      const code = name === 'SIGINT' ? 130 : 143;
      if (signals > 1 || deferring === 0) {
        process.stderr.write(`\ninterrupted (${name})\n`);
        process.exit(code);
      }
      controller.abort(name);
    });
  }
  // `w2v similar ... | head` closes our stdout early: that is not an error
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const { processIo } = await import('./io.ts');
  const { runCli } = await import('./main.ts');
  const io = processIo(controller.signal, () => {
    deferring += 1;
    return () => {
      deferring -= 1;
    };
  });
  process.exitCode = await runCli(argv, io);
}
