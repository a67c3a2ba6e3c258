// The interactive prompt of `w2v similar MODEL` on a real terminal (tmux): line editing with history, Ctrl-C
// that clears a typed line and quits on an empty one, exit/quit in any case, prompts on stderr only.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED } from '../../scripts/shared-dir.ts';
import { tmpDir } from '../helpers/cli.ts';
import { NODE_ARGS } from '../helpers/process.ts';

const VEC = `${SHARED}/data/interop/lee_fasttext.vec`;
const SOCKET = `w2v-prompt-test-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  const run = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Polls the pane until `match` holds (the state the test waits for), failing after a generous deadline. */
async function waitForPane(session: string, match: (screen: string) => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', session);
    if (match(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`the terminal never showed what was expected:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `w2v similar VEC -k 2` in a fresh tmux session; stdout goes to a file so the pane shows stderr only. */
async function startPrompt(name: string): Promise<{ session: string; stdoutFile: string }> {
  const dir = await tmpDir();
  const stdoutFile = join(dir, 'stdout.txt');
  const command = [process.execPath, ...NODE_ARGS, 'similar', VEC, '-k', '2'].map((a) => `'${a}'`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', `${command} > '${stdoutFile}'; echo "EXITED:$?"; sleep 600`);
  // capture-pane drops trailing spaces, so the prompt is matched without its last one
  await waitForPane(name, (s) => s.includes('Enter word or sentence (exit to quit):'));
  return { session: name, stdoutFile };
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe.skipIf(!hasTmux)('the similar prompt on a terminal', () => {
  it('answers, recalls history with Up, clears a typed line on Ctrl-C, and ends on QUIT', async () => {
    const { session, stdoutFile } = await startPrompt('history');
    tmux('send-keys', '-t', session, 'government', 'Enter');
    await waitForPane(session, (s) => s.split('Enter word or sentence').length === 3);
    const answers = spawnSync('cat', [stdoutFile], { encoding: 'utf8' }).stdout;
    expect(answers).toMatch(/^\S+\s+0\.\d{4}\n\S+\s+0\.\d{4}\n$/);
    // Up brings the last query back instead of inserting ^[[A
    tmux('send-keys', '-t', session, 'Up');
    let screen = await waitForPane(session, (s) => (s.trimEnd().split('\n').at(-1) ?? '').endsWith('quit): government'));
    expect(screen).not.toContain('^[[A');
    // Ctrl-C with text typed: the line is dropped and a fresh prompt shown; the program keeps running
    tmux('send-keys', '-t', session, 'C-c');
    screen = await waitForPane(session, (s) => /\^C\nEnter word or sentence \(exit to quit\):$/.test(s.trimEnd()));
    expect(screen).not.toContain('EXITED');
    tmux('send-keys', '-t', session, 'QUIT', 'Enter');
    screen = await waitForPane(session, (s) => s.includes('EXITED:'));
    expect(screen).toContain('EXITED:0');
  });

  it('Ctrl-C on an empty line quits', async () => {
    const { session } = await startPrompt('ctrlc');
    tmux('send-keys', '-t', session, 'C-c');
    const screen = await waitForPane(session, (s) => s.includes('EXITED:'));
    expect(screen).toContain('EXITED:0');
  });
});
