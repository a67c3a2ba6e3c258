// The writing rules of every command, checked before any input is read: w2v never deletes or overwrites what
// it did not write, replaces its own earlier output only with --overwrite, and refuses a path it cannot write
// (inside a file, a read-only or virtual filesystem, a full disk) up front with `error:`, not after an epoch.
import type { Command } from 'commander';
import type { Stats } from 'node:fs';
import { lstat, mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Word2VecError } from '../errors.ts';
import { isModelFolder } from '../io/model-folder.ts';
import { formatBytes } from './progress.ts';

/** What a command writes at its output path. */
export type OutputKind =
  /** one file, replaced atomically (export, tokenize -o, vocab -o, train --export) */
  | 'file'
  /** a model folder, replaced whole (train -o) */
  | 'model'
  /** files written into a folder, each replaced atomically (export --format tsv) */
  | 'folder';

/** Options of `checkOutputPath`. */
export interface OutputCheck {
  kind: OutputKind;
  /** The user passed --overwrite: our own earlier output (a model folder, the named file) may be replaced. */
  overwrite: boolean;
  /** For kind `folder`: the names written into it. */
  files?: readonly string[];
  /** Bytes we know we will write; the filesystem must have them free (twice for a model: old and new coexist). */
  bytes?: number;
  /** How the path was given, for messages (`-o`, `--export`). */
  flag?: string;
}

/** Refuses `path` unless writing it obeys the rules above; creates nothing (a probe folder is made and removed). */
export async function checkOutputPath(path: string, check: OutputCheck): Promise<void> {
  const flag = check.flag ?? '-o';
  if (path.trim() === '') throw new Word2VecError('E_INVALID_OPTION', `${flag} needs a path`);
  const absolute = resolve(path);
  const info = await lstatOrUndefined(absolute, path);
  if (info !== undefined) {
    if (check.kind === 'file') {
      if (info.isDirectory()) throw refuse(path, `is a folder; ${flag} needs a file name (e.g. ${join(path, 'vectors.txt')})`);
      if (!info.isFile()) throw refuse(path, 'exists and is not a regular file; choose another name');
      if (!check.overwrite) throw refuse(path, 'already exists; pass --overwrite to replace it, or choose another name');
    } else if (check.kind === 'model') {
      if (!info.isDirectory()) throw refuse(path, 'is a file, not a model folder; choose another path (w2v never replaces what it did not write)');
      const entries = await readdir(absolute);
      if (entries.length > 0) {
        if (!(await isModelFolder(absolute))) {
          const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', ...' : '');
          throw refuse(path, `is a folder that is not a w2v model (it holds ${shown}); choose another path (w2v never replaces what it did not write)`);
        }
        if (!check.overwrite) throw refuse(path, 'already holds a model; pass --overwrite to replace it, or choose another path');
      }
    } else {
      if (!info.isDirectory()) throw refuse(path, `is a file; ${flag} names the folder that will hold ${(check.files ?? []).join(' and ')}`);
      for (const name of check.files ?? []) {
        const inner = await lstatOrUndefined(join(absolute, name), join(path, name));
        if (inner === undefined) continue;
        if (!inner.isFile()) throw refuse(join(path, name), 'exists and is not a regular file; choose another folder');
        if (!check.overwrite) throw refuse(join(path, name), 'already exists; pass --overwrite to replace it, or choose another folder');
      }
    }
  }
  // the temp file or folder is made beside the target (kind folder: inside it), so that folder must take writes
  const home = check.kind === 'folder' ? absolute : dirname(absolute);
  const existing = await nearestExisting(home, path);
  await probeWritable(existing, path);
  const need = (check.bytes ?? 0) * (check.kind === 'model' ? 2 : 1);
  if (need > 0) await checkFreeSpace(existing, need, path);
}

/** Refuses to write `need` bytes at `path` when its filesystem has less free (used again once sizes are known). */
export async function checkFreeSpace(dir: string, need: number, path: string): Promise<void> {
  let free: number;
  try {
    const s = await statfs(dir);
    free = s.bavail * s.bsize;
  } catch {
    return; // no statfs here: the write itself will tell
  }
  if (free < need) throw refuse(path, `needs about ${formatBytes(need)} but only ${formatBytes(free)} is free there; free some space or choose another disk`);
}

// --- internal ---

function refuse(path: string, detail: string): Word2VecError {
  return new Word2VecError('E_OUTPUT', `${path}: ${detail}`);
}

async function lstatOrUndefined(path: string, shown: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw refuse(shown, 'cannot be created: a part of the path is a file, not a folder');
    throw refuse(shown, `cannot be checked (${code ?? (error as Error).message})`);
  }
}

/** The nearest folder at or above `dir` that exists; refuses a path that runs through a file. */
async function nearestExisting(dir: string, shown: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    const info = await lstatOrUndefined(d, shown);
    if (info !== undefined) {
      if (info.isDirectory() || (info.isSymbolicLink() && (await isDirectory(d)))) return d;
      throw refuse(shown, `cannot be created: ${d} is a file, not a folder`);
    }
    if (dirname(d) === d) return d;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Makes and removes a probe folder in `dir`: permissions alone do not tell (root passes every access check). */
async function probeWritable(dir: string, shown: string): Promise<void> {
  let probe: string;
  try {
    probe = await mkdtemp(join(dir, '.w2v-probe-'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw refuse(shown, `cannot write in ${dir} (${code}); choose a folder you can write to`);
  }
  await rm(probe, { recursive: true, force: true });
}

/**
 * A command that reads text (`<inputs...>`) and writes one file or stdout: its argument and its `-o FILE` and
 * `--overwrite` options, the same words everywhere.
 */
export function textToFileCommand(program: Command, name: string, description: string, writes: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('<inputs...>', 'text files, folders, globs ("data/**/*.txt"), .gz files, or - for stdin')
    .option('-o, --output <file>', `write ${writes} to FILE (atomically) instead of stdout`)
    .option('--overwrite', 'replace the -o file if it exists');
}
