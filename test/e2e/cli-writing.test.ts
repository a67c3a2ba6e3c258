// The writing rules of every command that writes: nothing we did not write is deleted or overwritten, our own
// earlier output is replaced only with --overwrite, and a path that cannot be written is refused before any
// input is read, leaving no temp file behind.
import { truncateSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers/cli.ts';
import { runW2v } from '../helpers/process.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
const FAST = ['--model', 'sg', '--dim', '8', '--epochs', '1', '--workers', '1', '--quiet'];
const SENTINEL = 'precious, not ours\n';

/** A folder with an existing file `taken.txt` and an existing folder `taken/` holding `important.txt`. */
async function occupied(): Promise<{ dir: string; file: string; folder: string }> {
  const dir = await tmpDir();
  const file = join(dir, 'taken.txt');
  const folder = join(dir, 'taken');
  await writeFile(file, SENTINEL);
  await mkdir(folder);
  await writeFile(join(folder, 'important.txt'), SENTINEL);
  return { dir, file, folder };
}

/** The sentinels are untouched and no temp file or folder was left in `dir` (or in the taken folder). */
async function expectIntact(place: { dir: string; file: string; folder: string }): Promise<void> {
  expect(await readFile(place.file, 'utf8')).toBe(SENTINEL);
  expect(await readdir(place.folder)).toEqual(['important.txt']);
  expect(await readFile(join(place.folder, 'important.txt'), 'utf8')).toBe(SENTINEL);
  expect((await readdir(place.dir)).sort()).toEqual(['taken', 'taken.txt']);
}

/** A small model folder to export from. */
async function smallModel(): Promise<string> {
  const out = join(await tmpDir(), 'model');
  expect((await cli(['train', LEE, '-o', out, ...FAST])).code).toBe(0);
  return out;
}

describe('writing commands never replace what they did not write', () => {
  it('train -o refuses an existing file and a folder that is not a model, even with --overwrite', async () => {
    const place = await occupied();
    for (const target of [place.file, place.folder]) {
      for (const extra of [[], ['--overwrite']]) {
        const run = await cli(['train', LEE, '-o', target, ...FAST, ...extra]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`^error: ${target}: is a (file, not a model folder|folder that is not a w2v model \\(it holds important\\.txt\\))`));
      }
    }
    await expectIntact(place);
  });

  it('train --export, export, tokenize -o, vocab -o and phrases -o refuse an existing file without --overwrite and any folder', async () => {
    const model = await smallModel();
    const place = await occupied();
    const commands = (target: string): string[][] => [
      ['train', LEE, '-o', join(place.dir, 'new-model'), ...FAST, '--export', target],
      ['export', model, '--format', 'text', '-o', target],
      ['export', model, '--format', 'binary', '-o', target],
      ['export', model, '--format', 'fasttext-bin', '-o', target],
      ['tokenize', LEE, '-o', target],
      ['vocab', LEE, '-o', target, '--quiet'],
      ['phrases', LEE, '-o', target, '--quiet'],
    ];
    for (const argv of commands(place.file)) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr).toBe(`error: ${place.file}: already exists; pass --overwrite to replace it, or choose another name\n`);
    }
    for (const argv of commands(place.folder)) {
      const run = await cli([...argv, '--overwrite']);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^error: ${place.folder}: is a folder; .* needs a file name`));
    }
    await expectIntact(place);
  });

  it('export --format tsv refuses a file, and existing vectors.tsv/metadata.tsv without --overwrite; other files stay', async () => {
    const model = await smallModel();
    const place = await occupied();
    const asFile = await cli(['export', model, '--format', 'tsv', '-o', place.file, '--overwrite']);
    expect(asFile.code).toBe(1);
    expect(asFile.stderr).toMatch(/is a file; -o names the folder that will hold vectors\.tsv and metadata\.tsv/);
    await expectIntact(place);
    // writing beside a file of the user's is fine; replacing our earlier export needs --overwrite
    expect((await cli(['export', model, '--format', 'tsv', '-o', place.folder])).code).toBe(0);
    const again = await cli(['export', model, '--format', 'tsv', '-o', place.folder]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('vectors.tsv: already exists; pass --overwrite');
    expect((await cli(['export', model, '--format', 'tsv', '-o', place.folder, '--overwrite'])).code).toBe(0);
    expect((await readdir(place.folder)).sort()).toEqual(['important.txt', 'metadata.tsv', 'vectors.tsv']);
    expect(await readFile(join(place.folder, 'important.txt'), 'utf8')).toBe(SENTINEL);
  });

  it('--overwrite replaces the named file and our own model folder', async () => {
    const model = await smallModel();
    const before = await readFile(join(model, 'model.json'), 'utf8');
    const again = await cli(['train', LEE, '-o', model, ...FAST]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: ${model}: already holds a model; pass --overwrite to replace it, or choose another path\n`);
    expect(await readFile(join(model, 'model.json'), 'utf8')).toBe(before);
    expect((await cli(['train', LEE, '-o', model, ...FAST, '--seed', '9', '--overwrite'])).code).toBe(0);
    expect(JSON.parse(await readFile(join(model, 'model.json'), 'utf8')).options.seed).toBe(9);
    const place = await occupied();
    // the format follows the name (.txt: text)
    expect((await cli(['export', model, '-o', place.file, '--overwrite'])).code).toBe(0);
    expect((await readFile(place.file, 'utf8')).split('\n')[0]).toMatch(/^\d+ 8$/);
  });

  it('demo refuses a folder it did not write', async () => {
    const place = await occupied();
    const run = await cli(['demo', '--out', place.folder, '--epochs', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is a folder that is not a w2v model');
    await expectIntact(place);
  });
});

describe('output paths are checked before any input is read', () => {
  it('refuses paths inside a file, on /proc and /sys, with error: and no temp left, before a missing input is noticed (train, phrases)', async () => {
    const place = await occupied();
    const missingInput = join(place.dir, 'no-such-corpus.txt');
    const cases: [string, RegExp][] = [
      [join(place.file, 'sub'), /a part of the path is a file, not a folder|is a file, not a folder/],
      ['/proc/nope', /cannot write in \/proc/],
      ['/sys/nope', /cannot write in \/sys/],
    ];
    for (const [target, message] of cases) {
      // the corpus does not exist: an error about the output proves the output was checked first
      for (const argv of [['train', missingInput, '-o', target, ...FAST], ['phrases', missingInput, '-o', target, '--quiet']]) {
        const run = await cli(argv);
        expect(run.code, argv.join(' ')).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`^error: .*${message.source}`));
        expect(run.stderr).not.toContain('no-such-corpus');
        expect(run.stderr.split('\n')).toHaveLength(2);
      }
    }
    await expectIntact(place);
  });

  it('tokenize -o refuses an output its disk cannot hold, before reading the input', async (ctx) => {
    const dir = await tmpDir();
    const huge = join(dir, 'huge.txt');
    // text at its head (the input sniffing reads that), then sparse to 8 TiB: its tokens would need about as much,
    // more than any test disk has free
    await writeFile(huge, 'hello world '.repeat(10_000));
    try {
      truncateSync(huge, 2 ** 43);
    } catch {
      ctx.skip(); // a filesystem without sparse files this large: nothing to show here
      return;
    }
    const out = join(dir, 'out.txt');
    const run = await cli(['tokenize', huge, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/needs about 8\.00 TiB but only .* is free there; free some space or choose another disk\n$/);
    expect(run.stderr.startsWith(`error: ${out}: `)).toBe(true);
    expect(await readdir(dir)).toEqual(['huge.txt']);
  });

  it('refuses -o . in a folder with files, in a real process, leaving no temp folder', async () => {
    const place = await occupied();
    const run = runW2v(['train', LEE, '-o', '.', ...FAST], { cwd: place.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: .: is a folder that is not a w2v model (it holds taken, taken.txt); choose another path (w2v never replaces what it did not write)\n');
    await expectIntact(place);
  });
});
