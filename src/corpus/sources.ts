// Resolves command-line inputs (files, folders, globs, `-`) into a sorted list of readable files, checking
// each up front so a bad input fails before any work starts, with a one-line message naming it.
import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Word2VecError } from '../errors.ts';
import { removeStaleTemp } from '../util/stale-temp.ts';
import { looksBinary } from '../tokenize/decode.ts';

/** One input file: where to read it, how to show it, and whether it is gzip-compressed. */
export interface SourceFile {
  /** Path read from disk. */
  readonly path: string;
  /** Name shown in messages (`stdin` for a spooled standard input). */
  readonly name: string;
  readonly gzip: boolean;
  /** Size on disk in bytes (compressed size for .gz). */
  readonly size: number;
  readonly mtimeMs: number;
}

/** True when `input` contains glob characters (`*`, `?`). */
function isGlob(input: string): boolean {
  return /[*?]/.test(input);
}

/**
 * Expands `inputs` in order: a file is itself, a folder is its non-hidden files (recursively, sorted), a glob
 * is its sorted matches, `-` is standard input spooled to a temp file (removed at exit) so it can be re-read.
 */
export async function resolveSources(inputs: readonly string[], stdin?: NodeJS.ReadableStream, encoding?: string): Promise<SourceFile[]> {
  // UTF-16 text is full of NUL bytes: with a UTF-16 --encoding the binary check is the decoder's business
  const allowNul = encoding !== undefined && /^utf-?16/i.test(encoding);
  const checkedFile = (path: string, inFolder: boolean): Promise<SourceFile | undefined> => checkFile(path, inFolder, allowNul);
  if (inputs.length === 0) throw new Word2VecError('E_INPUT', 'no input given: pass files, folders, globs or - for stdin');
  const out: SourceFile[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(await spoolStdin(stdin ?? process.stdin, allowNul));
    } else if (isGlob(input)) {
      const matches = await expandGlob(input);
      const files = (await Promise.all(matches.map((p) => checkedFile(p, true)))).filter((f) => f !== undefined);
      if (files.length === 0) throw new Word2VecError('E_INPUT', `${input}: no non-empty files match this pattern`);
      out.push(...files);
    } else {
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(input);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Word2VecError('E_INPUT', `${input}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code})`}`);
      }
      if (info.isDirectory()) {
        const files = (await Promise.all((await walk(input)).map((p) => checkedFile(p, true)))).filter((f) => f !== undefined);
        if (files.length === 0) throw new Word2VecError('E_INPUT', `${input}: folder has no non-empty text files`);
        out.push(...files);
      } else {
        const file = await checkedFile(input, false);
        if (file !== undefined) out.push(file);
      }
    }
  }
  return out;
}

/**
 * Files under `root` (recursive, at most `depth` folder levels down), skipping hidden names, sorted by path
 * (code-unit order) for determinism.
 */
export async function walk(root: string, depth = Number.POSITIVE_INFINITY): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(root, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) out.push(...(await walk(path, depth - 1)));
    }
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out;
}

/** A RegExp for a glob: `**` crosses folders, `*` and `?` do not; matched against `/`-separated paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The files matching `pattern`, sorted; the walk starts at the longest folder prefix free of glob characters. */
export async function expandGlob(pattern: string): Promise<string[]> {
  const normalized = pattern.split(sep).join('/');
  const firstGlob = normalized.search(/[*?]/);
  const slash = normalized.lastIndexOf('/', firstGlob);
  const base = slash < 0 ? '.' : normalized.slice(0, slash) || '/';
  const rest = slash < 0 ? normalized : normalized.slice(slash + 1);
  const regex = globToRegExp(rest);
  // without ** a pattern cannot match deeper than its own folder levels: don't walk further (e.g. node_modules)
  const depth = rest.includes('**') ? Number.POSITIVE_INFINITY : rest.split('/').length - 1;
  let files: string[];
  try {
    files = await walk(base, depth);
  } catch {
    return [];
  }
  return files.filter((f) => regex.test(relative(resolve(base), resolve(f)).split(sep).join('/')));
}

// --- internal ---

async function checkFile(path: string, inFolder: boolean, allowNul: boolean): Promise<SourceFile | undefined> {
  const info = await stat(path);
  if (!info.isFile()) return undefined;
  if (info.size === 0) {
    // inside a folder or glob an empty file is harmless; named on its own it is almost certainly a mistake
    if (inFolder) return undefined;
    throw new Word2VecError('E_INPUT', `${path}: file is empty`);
  }
  const head = await readHead(path, info.size);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip && path.endsWith('.gz')) throw new Word2VecError('E_INPUT', `${path}: named .gz but is not gzip data`);
  if (!gzip && !allowNul && looksBinary(head)) {
    throw new Word2VecError('E_INPUT', `${path}: looks like a binary file (NUL bytes), not text; pass text files only`);
  }
  return { path, name: path, gzip, size: info.size, mtimeMs: info.mtimeMs };
}

const spooled: string[] = [];
let exitHook = false;

async function spoolStdin(stdin: NodeJS.ReadableStream, allowNul: boolean): Promise<SourceFile> {
  // stdin can be read once only, but training reads the corpus once per epoch: keep a private copy
  // the copies of runs that were killed (their process is gone) go first
  removeStaleTemp(/^w2v-stdin-(\d+)-\w+$/);
  const dir = await mkdtemp(join(tmpdir(), `w2v-stdin-${process.pid}-`));
  if (!exitHook) {
    process.once('exit', releaseStdinSpools);
    exitHook = true;
  }
  spooled.push(dir);
  const path = join(dir, 'stdin.txt');
  await pipeline(stdin, createWriteStream(path));
  const info = await stat(path);
  if (info.size === 0) throw new Word2VecError('E_INPUT', 'stdin: no input (standard input was empty)');
  const head = await readHead(path, info.size);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip && !allowNul && looksBinary(head)) throw new Word2VecError('E_INPUT', 'stdin: looks like binary data (NUL bytes), not text');
  return { path, name: 'stdin', gzip, size: info.size, mtimeMs: 0 };
}

/**
 * Removes the copies of standard input spooled so far. The CLI calls it when a command ends (a library or test
 * process that runs many commands would otherwise keep every copy until it exits); process exit calls it too.
 * Synchronous, as an 'exit' handler must be.
 */
export function releaseStdinSpools(): void {
  for (const dir of spooled.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The first 8 KiB of a file (all of it when smaller): enough to tell gzip and binary data from text. */
async function readHead(path: string, size: number): Promise<Buffer> {
  const head = Buffer.alloc(Math.min(8192, size));
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  return head;
}
