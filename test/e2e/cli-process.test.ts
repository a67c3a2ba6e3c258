// What only a real `w2v` process shows: usage errors exit 2, SIGTERM/SIGINT in every phase (a checkpoint while
// training, an immediate exit before it and on a second signal), a closed pipe, and a --version that loads
// nothing heavy. Every interrupt is sent on an event the process prints (a progress line, a checkpoint), never
// after a delay.
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { BIN, exited, NODE_ARGS, onStderrLine, runW2v, startW2v } from '../helpers/process.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
const VEC = fileURLToPath(new URL('../../../shared/data/interop/lee_fasttext.vec', import.meta.url));
const FAST = ['--model', 'sg', '--dim', '8', '--workers', '1', '--seed', '3'];

/** A JSON progress line of `phase`. */
const isPhase =
  (phase: string) =>
  (line: string): boolean => {
    try {
      return (JSON.parse(line) as { phase?: string }).phase === phase;
    } catch {
      return false;
    }
  };

describe('usage errors exit 2', () => {
  it('unknown option, bad choice, bad number, missing -o, doesnt-match with one word', async () => {
    const dir = await tmpDir();
    const cases: [string[], RegExp][] = [
      [['train', LEE, '-o', join(dir, 'm'), '--bogus'], /^error: unknown option '--bogus'/],
      [['train', LEE, '-o', join(dir, 'm'), '--model', 'foo'], /^error: option '--model <model>' argument 'foo' is invalid\. expected one of sg, cbow/],
      [['train', LEE, '-o', join(dir, 'm'), '--dim', 'abc'], /^error: option '--dim <n>' argument 'abc' is invalid/],
      [['train', LEE], /^error: missing -o, --output <dir>: the model folder to write\n$/],
      [['train', '-o', join(dir, 'm')], /^error: no inputs/],
      [['doesnt-match', VEC, 'the'], /^error: doesnt-match needs at least two words\n$/],
      [['export', VEC, '-o', join(dir, 'x.weird')], /^error: cannot tell the format from the name/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('exit 2 through a real process, and library errors name the flag', async () => {
    const usage = runW2v(['train', LEE]);
    expect(usage.status).toBe(2);
    const bad = runW2v(['vocab', LEE, '--min-count', '0']);
    expect(bad.status).toBe(2);
    // the library says `minCount`; the CLI says --min-count
    const library = await cli(['train', LEE, '-o', join(await tmpDir(), 'm'), '--loss', 'ns', '--negative', '0', '--quiet']);
    expect(library.code).toBe(1);
    expect(library.stderr).toBe("error: --negative 0 is invalid: negative sampling needs at least 1 noise word (or choose loss 'hs')\n");
  });
});

describe('signals', () => {
  it('SIGTERM while training writes a checkpoint and exits 143', async () => {
    const out = join(await tmpDir(), 'm');
    const child = startW2v(['train', LEE, '-o', out, ...FAST, '--epochs', '200', '--progress', 'json']);
    const done = exited(child);
    // an epoch has finished (at the default --checkpoint-every nothing is written yet): the signal must stop the
    // run with a checkpoint, not end it
    await onStderrLine(child, isPhase('epoch'));
    child.kill('SIGTERM');
    const { code, stderr } = await done;
    expect(code).toBe(143);
    const last = JSON.parse(stderr.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ phase: 'done', interrupted: true, signal: 'SIGTERM', exitCode: 143 });
    const model = await readModelFolder(out, true);
    expect((model.state as { epoch: number }).epoch).toBeLessThan(200);
  });

  it('a second SIGINT exits at once, keeping the last complete checkpoint and no temp folder', async () => {
    const dir = await tmpDir();
    const out = join(dir, 'm');
    const child = startW2v(['train', LEE, '-o', out, ...FAST, '--epochs', '200', '--checkpoint-every', '0', '--progress', 'json']);
    const done = exited(child);
    await onStderrLine(child, isPhase('epoch'));
    child.kill('SIGINT');
    child.kill('SIGINT');
    const { code } = await done;
    expect(code).toBe(130);
    await readModelFolder(out, true); // complete, whichever checkpoint it is
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('SIGINT and SIGTERM stop w2v serve cleanly: the server closes and the process exits 0', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = startW2v(['serve', VEC, '--port', '0']);
      const done = exited(child);
      // the URL is printed once the server listens; it answers, then the signal is sent
      const url = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          const found = /^http:\/\/\S+\/$/m.exec(out)?.[0];
          if (found !== undefined) resolve(found);
        });
      });
      expect((await fetch(`${url}api/model`)).status).toBe(200);
      child.kill(signal);
      const { code, stderr } = await done;
      // (a warning may come first when the page is not built: run from source, before npm run build)
      expect({ signal, code, lastLine: stderr.trimEnd().split('\n').at(-1), interrupted: stderr.includes('interrupted') }).toEqual({ signal, code: 0, lastLine: 'explorer stopped', interrupted: false });
      await expect(fetch(`${url}api/model`)).rejects.toThrow();
    }
  });

  it('SIGINT during the vocabulary scan exits 130 at once, writing nothing', async () => {
    const dir = await tmpDir();
    // ~18 MB: counting takes seconds, long enough to print a progress line before it ends
    const big = join(dir, 'big.txt');
    await writeFile(big, (await readFile(LEE, 'utf8')).repeat(50));
    const out = join(dir, 'm');
    const child = startW2v(['train', big, '-o', out, ...FAST, '--epochs', '1', '--progress', 'json']);
    const done = exited(child);
    await onStderrLine(child, isPhase('vocab'));
    const sent = performance.now();
    child.kill('SIGINT');
    const { code, stderr } = await done;
    const seconds = (performance.now() - sent) / 1000;
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT)');
    // an upper bound on the reaction (the counting pass would take several more seconds), not a wait
    expect(seconds).toBeLessThan(3);
    expect((await readdir(dir)).sort()).toEqual(['big.txt']);
  });
});

describe('pipes and start-up', () => {
  it('a closed stdout (| head -1) ends the command with exit 0 and nothing on stderr', async () => {
    const node = [process.execPath, ...NODE_ARGS].map((a) => `'${a}'`).join(' ');
    for (const args of [`export '${VEC}' -o -`, `similar '${VEC}' the -k 1700`]) {
      const shell = spawnSync('bash', ['-c', `${node} ${args} | head -1 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 120_000 });
      expect(shell.stdout.trim(), args).toBe('rc=0');
      expect(shell.stderr, args).toBe('');
    }
  });

  it('--version answers without loading TensorFlow.js, jieba or commander', async () => {
    const dir = await tmpDir();
    const log = join(dir, 'loaded.txt');
    const hooks = join(dir, 'hooks.mjs');
    await writeFile(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');\n  return result;\n}\n`);
    const register = join(dir, 'register.mjs');
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const child = spawnSync(process.execPath, ['--import', register, ...NODE_ARGS, '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe(`${JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`);
    const loaded = await readFile(log, 'utf8');
    expect(loaded).toContain(pathToFileURL(BIN).href);
    expect(loaded).not.toMatch(/tfjs|nodejieba|commander/);
  });
});
