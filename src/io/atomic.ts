// Atomic writes: everything goes to a temp path beside the target and is renamed into place, so a crash or
// kill at any moment leaves either the old file/folder or the new one, never a half-written one. Temp paths
// in flight are removed on failure and, synchronously, when the process exits (a second Ctrl-C exits at once).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A temp path in the same folder as `target` (same filesystem, so rename is atomic). */
export function tempPathFor(target: string): string {
  const absolute = resolve(target);
  return join(dirname(absolute), `.${basename(absolute)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Registers a temp path so it is removed if the process exits before `release` is called; returns `release`.
 * For writers outside this module that stream to `tempPathFor` paths.
 */
export function trackTemp(path: string): () => void {
  inFlight.add(path);
  if (!hooked) {
    hooked = true;
    // 'exit' handlers must be synchronous
    process.on('exit', () => {
      for (const p of inFlight) rmSync(p, { recursive: true, force: true });
    });
  }
  return () => {
    inFlight.delete(path);
  };
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir(..., { recursive: true })` spins
 * for good on some virtual filesystems (`/proc/nope`), so it is not used for paths a user typed.
 */
export async function ensureDir(dir: string): Promise<void> {
  const absolute = resolve(dir);
  const missing: string[] = [];
  for (let d = absolute; ; d = dirname(d)) {
    try {
      const info = await stat(d);
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${d} is not a folder`), { code: 'ENOTDIR', path: d });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw error;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Writes `data` to `path` atomically, replacing a file there. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureDir(dirname(resolve(path)));
  const tmp = tempPathFor(path);
  const release = trackTemp(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  } finally {
    release();
  }
}

/**
 * Runs `fill(tmp)` to produce a folder at a temp path, then moves it onto `target`. An existing folder at
 * `target` is swapped out (renamed aside, then removed) so the target never disappears half-way: at any
 * instant either the old or the new complete folder is at `target` (or, for a moment, at `.target.tmp-*.old`).
 * `canReplace` is asked before an existing `target` is touched; callers use it to replace only what they wrote
 * (a model folder of ours), and it throws to refuse.
 */
export async function replaceAtomic(target: string, fill: (tmp: string) => Promise<void>, canReplace?: (target: string) => Promise<void>): Promise<void> {
  const absolute = resolve(target);
  await ensureDir(dirname(absolute));
  const tmp = tempPathFor(absolute);
  const old = `${tmp}.old`;
  const releaseTmp = trackTemp(tmp);
  try {
    await fill(tmp);
    await canReplace?.(absolute);
    let moved = false;
    try {
      await rename(absolute, old);
      moved = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      await rename(tmp, absolute);
    } catch (error) {
      // put the old folder back: the target must never be left empty-handed
      if (moved) await rename(old, absolute);
      throw error;
    }
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    releaseTmp();
  }
}

// --- internal ---

const inFlight = new Set<string>();
let hooked = false;

/** Whether anything (file, folder, link target) is at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
