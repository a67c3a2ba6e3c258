// A model folder with a part missing or damaged (a partial copy, a deleted or truncated file): every command
// that reads a model folder stops with one `error:` line naming the part and what to do, never a stack trace.
// One tiny model is trained once; each case damages a fresh copy of it.
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { type CliRun, cli, tmpDir } from '../helpers/cli.ts';
import { twoTopicText } from '../helpers/two-topics.ts';

let base: string;
let corpus: string;
let shared: string;

beforeAll(async () => {
  // tmpDir() folders are removed after each test; this one lives for the whole file
  shared = await mkdtemp(join(tmpdir(), 'w2v-damage-'));
  corpus = join(shared, 'topics.txt');
  base = join(shared, 'model');
  await writeFile(corpus, twoTopicText());
  const run = await cli(['train', corpus, '-o', base, '--dim', '8', '--epochs', '1', '--min-count', '1', '--workers', '1', '--quiet']);
  expect(run.code).toBe(0);
  return async () => {
    await rm(shared, { recursive: true, force: true });
  };
});

type Part = 'model.json' | 'vocab.tsv' | 'vectors.f32' | 'output.f32' | 'state.json';
type Damage = 'missing' | 'damaged';

/** A copy of the base model with `part` deleted or corrupted; returns the folder. */
async function damaged(part: Part, damage: Damage): Promise<string> {
  const dir = join(await tmpDir(), 'model');
  await cp(base, dir, { recursive: true });
  const path = join(dir, part);
  if (damage === 'missing') {
    await rm(path);
  } else if (part.endsWith('.json')) {
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, Math.floor(text.length / 2))); // cut mid-document
  } else if (part === 'vocab.tsv') {
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/\t\d+\n/, '\n')); // the first line loses its count
  } else {
    const bytes = (await readFile(path)).byteLength;
    await truncate(path, bytes - 4); // one float short
  }
  return dir;
}

const FIX: Record<Part, Record<Damage, RegExp>> = {
  'model.json': { missing: /model\.json: is missing.*copy the whole folder again, or retrain/, damaged: /model\.json: is not valid JSON .*copy the whole folder again, or retrain/ },
  'vocab.tsv': { missing: /vocab\.tsv: is missing.*copy the whole folder again, or retrain/, damaged: /vocab\.tsv, line 1: expected "word<TAB>count".*copy the whole folder again, or retrain/ },
  'vectors.f32': { missing: /vectors\.f32: is missing.*copy the whole folder again, or retrain/, damaged: /vectors\.f32: has \d+ bytes, expected \d+ .*copy the whole folder again, or retrain/ },
  'output.f32': { missing: /output\.f32: is missing \(the output weights\).*copy the whole model folder again, or retrain/, damaged: /output\.f32: has \d+ bytes, not a whole number of 8-float32 rows.*copy the whole folder again, or retrain/ },
  'state.json': { missing: /state\.json: is missing \(the trainer state\), so the run cannot be resumed; train the model further with `w2v train --from/, damaged: /state\.json: is not valid JSON .*train further with --from, or retrain/ },
};

function expectPartError(run: CliRun, dir: string, part: Part, damage: Damage, label: string): void {
  expect(run.stderr, label).not.toContain('internal error');
  expect(run.stderr, label).not.toMatch(/\n\s+at /); // no stack frames
  expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: ')), label).toHaveLength(1);
  expect(run.stderr, label).toContain(`error: ${join(dir, part)}`);
  expect(run.stderr, label).toMatch(FIX[part][damage]);
  expect(run.code, label).toBe(1);
}

/** Every command that reads a model folder for its vectors, with arguments that would otherwise succeed. */
function queryCommands(dir: string, out: string, docs: string, pairs: string): [string, string[]][] {
  return [
    ['similar', ['similar', dir, 'cat']],
    ['analogy', ['analogy', dir, 'cat', 'dog', 'car']],
    ['similarity', ['similarity', dir, 'cat', 'dog']],
    ['doesnt-match', ['doesnt-match', dir, 'cat', 'dog', 'car']],
    ['info', ['info', dir]],
    ['export', ['export', dir, '--format', 'text', '-o', out]],
    ['evaluate', ['evaluate', dir, '--pairs', pairs]],
    ['encode', ['encode', dir, 'cat dog']],
    ['compare', ['compare', dir, 'cat dog', 'car road']],
    ['search', ['search', dir, '--docs', docs, '--query', 'cat']],
    ['cluster', ['cluster', dir, '--docs', docs, '-k', '2']],
  ];
}

describe('a damaged model folder', () => {
  it('the undamaged copy works for every command (so the failures below are the damage)', async () => {
    const dir = join(await tmpDir(), 'model');
    await cp(base, dir, { recursive: true });
    const files = await tmpDir();
    const docs = join(files, 'docs.txt');
    const pairs = join(files, 'pairs.txt');
    await writeFile(docs, 'cat dog\ncar road\n');
    await writeFile(pairs, 'cat\tdog\t9\ncat\tcar\t1\ndog\tpet\t8\n');
    for (const [name, argv] of queryCommands(dir, join(files, 'out.txt'), docs, pairs)) {
      const run = await cli(argv);
      expect(run.stderr, name).not.toContain('error');
      expect(run.code, name).toBe(0);
    }
  });

  for (const part of ['model.json', 'vocab.tsv', 'vectors.f32'] as const) {
    for (const damage of ['missing', 'damaged'] as const) {
      it(`${part} ${damage}: every query command, export, info, evaluate and encode name it`, async () => {
        const dir = await damaged(part, damage);
        const files = await tmpDir();
        const out = join(files, 'out.txt');
        const docs = join(files, 'docs.txt');
        const pairs = join(files, 'pairs.txt');
        await writeFile(docs, 'cat dog\ncar road\n');
        await writeFile(pairs, 'cat\tdog\t9\ncat\tcar\t1\ndog\tpet\t8\n');
        for (const [name, argv] of queryCommands(dir, out, docs, pairs)) expectPartError(await cli(argv), dir, part, damage, name);
        await expect(readFile(out)).rejects.toThrow(); // export wrote nothing
      });
    }
  }

  for (const part of ['model.json', 'vocab.tsv', 'vectors.f32', 'output.f32', 'state.json'] as const) {
    for (const damage of ['missing', 'damaged'] as const) {
      it(`${part} ${damage}: train --resume names it`, async () => {
        const dir = await damaged(part, damage);
        expectPartError(await cli(['train', '--resume', dir, '--quiet']), dir, part, damage, '--resume');
      });
    }
  }

  for (const part of ['model.json', 'vocab.tsv', 'vectors.f32', 'output.f32'] as const) {
    for (const damage of ['missing', 'damaged'] as const) {
      it(`${part} ${damage}: train --from names it`, async () => {
        const dir = await damaged(part, damage);
        const out = join(await tmpDir(), 'next');
        expectPartError(await cli(['train', '--from', dir, corpus, '-o', out, '--quiet']), dir, part, damage, '--from');
        await expect(readFile(join(out, 'model.json'))).rejects.toThrow();
      });
    }
  }

  it('train --from does not need state.json: a damaged one does not stop it', async () => {
    const dir = await damaged('state.json', 'damaged');
    const out = join(await tmpDir(), 'next');
    const run = await cli(['train', '--from', dir, corpus, '-o', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await readModelFolder(out)).meta.lossPerEpoch).toHaveLength(1);
  });

  it('a folder that is no model at all, and a path that does not exist, are told apart from a damaged model', async () => {
    const empty = await tmpDir();
    const run = await cli(['similar', empty, 'cat']);
    expect(run.stderr).toBe(`error: ${empty}: is a folder without model.json; expected a model folder written by \`w2v train\` (or a vector file)\n`);
    const resume = await cli(['train', '--resume', join(empty, 'nope')]);
    expect(resume.stderr).toMatch(/^error: .*nope: cannot open \(ENOENT\); expected a model folder written by `w2v train`\n$/);
    expect(resume.code).toBe(1);
  });

  it('a vocab.tsv that repeats a word or disagrees with model.json on the size is damaged', async () => {
    const dir = join(await tmpDir(), 'model');
    await cp(base, dir, { recursive: true });
    const vocab = await readFile(join(dir, 'vocab.tsv'), 'utf8');
    const lines = vocab.split('\n');
    await writeFile(join(dir, 'vocab.tsv'), [lines[0], lines[0], ...lines.slice(2)].join('\n'));
    const repeated = await cli(['info', dir]);
    expect(repeated.stderr).toMatch(/^error: .*vocab\.tsv, line 2: "\w+" repeats line 1; the model folder is damaged/);
    await writeFile(join(dir, 'vocab.tsv'), lines.slice(1).join('\n'));
    const short = await cli(['info', dir]);
    expect(short.stderr).toMatch(/^error: .*vocab\.tsv: has 9 words but model\.json says 10; the model folder is damaged/);
  });
});
