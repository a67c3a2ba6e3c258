// The house rules for imports inside src/, checked on the source text: data flows one way, so each folder
// imports only what its "May import" list in src/README.md names (and so the folders form no cycle), the import
// graph has no cycle (dynamic `import()` counts too), nothing outside cli/ imports cli/ (the library never
// depends on the command line), and only the TF.js folders import @tensorflow/*.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Cycles that another branch removes (issue 10's CLI items: exit codes in a module of their own, and the demo
 * calls the library instead of driving the CLI). Empty this list when that branch is merged; a listed cycle
 * that no longer exists fails the test too, so the list cannot go stale.
 */
const KNOWN_CYCLES: string[] = [];

/** options.ts and errors.ts: every folder may import them, and they import nothing but each other. */
const SHARED = ['options.ts', 'errors.ts'];

/**
 * What each folder (or top-level file) of src/ may import besides itself: its "May import" list in src/README.md,
 * which says why, folder by folder. cli/ and index.ts may import anything. The folders then form no cycle either.
 */
const FOLDER_IMPORTS: Record<string, string[]> = {
  'errors.ts': [],
  'options.ts': ['errors.ts'],
  'util/': [],
  'subwords/': [],
  'io/': [...SHARED],
  'tokenize/': [...SHARED, 'io/'],
  'corpus/': [...SHARED, 'tokenize/', 'util/'],
  'phrases/': [...SHARED, 'corpus/', 'tokenize/'],
  'vocab/': [...SHARED, 'corpus/', 'io/', 'util/'],
  'vectors/': [...SHARED, 'io/', 'subwords/', 'tokenize/', 'util/'],
  'tf/': [...SHARED, 'io/', 'tokenize/', 'util/', 'vectors/'],
  'eval/': [...SHARED, 'io/', 'vectors/'],
  'encode/': [...SHARED, 'io/', 'tf/', 'tokenize/', 'util/', 'vectors/'],
  'serve/': [...SHARED, 'encode/', 'io/', 'util/', 'vectors/'],
  'train/': [...SHARED, 'corpus/', 'io/', 'subwords/', 'tf/', 'util/', 'vectors/', 'vocab/'],
};

/** The places FOLDER_IMPORTS leaves free. */
const ANYTHING = ['cli/', 'index.ts'];

/** The folder of a src-relative path ('io/' for 'io/formats/x.ts'), or the file itself at the top level. */
function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash + 1);
}

/** Every import from a folder of FOLDER_IMPORTS to a folder it may not import, as 'file -> file'. */
function folderViolations(g: Map<string, { local: string[] }>): string[] {
  return [...g].flatMap(([file, { local }]) => {
    const allowed = FOLDER_IMPORTS[folderOf(file)];
    if (allowed === undefined) return [];
    const own = folderOf(file);
    return local.filter((to) => folderOf(to) !== own && !allowed.includes(folderOf(to))).map((to) => `${file} -> ${to}`);
  });
}

/** Folders (relative to src/, with a trailing slash) whose files may import @tensorflow/*: only src/tf/. */
const TFJS_ALLOWED = ['tf/'];

/** src-relative path -> the src-relative paths and bare packages it imports. */
function importGraph(): Map<string, { local: string[]; packages: string[] }> {
  const graph = new Map<string, { local: string[]; packages: string[] }>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const local: string[] = [];
    const packages: string[] = [];
    // import ... from '...', export ... from '...', import '...', import('...')
    for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (spec.startsWith('.')) local.push(relative(SRC, resolve(dirname(join(SRC, file)), spec)).replaceAll('\\', '/'));
      else packages.push(spec);
    }
    graph.set(file.replaceAll('\\', '/'), { local, packages });
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
function cycles(graph: Map<string, { local: string[] }>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file)?.local ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

const graph = importGraph();

describe('imports inside src/', () => {
  it('the walk sees the files and their imports', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('index.ts')?.local).toContain('vectors/index.ts');
    // every relative import of a source file names a file that exists (imports end in .ts; the .js ones are
    // text inside the browser module the TF.js export writes, not imports of ours)
    const missing = [...graph].flatMap(([file, { local }]) => local.filter((to) => to.endsWith('.ts') && !graph.has(to)).map((to) => `${file} -> ${to}`));
    expect(missing).toEqual([]);
  });

  it('have no cycle', () => {
    const found = cycles(graph).map((c) => c.join(' -> '));
    expect(found.filter((c) => !KNOWN_CYCLES.includes(c))).toEqual([]);
    expect(KNOWN_CYCLES.filter((c) => !found.includes(c)), 'fixed: remove from KNOWN_CYCLES').toEqual([]);
  });

  it("keep to the folder rules (each folder imports only what its 'May import' list in src/README.md names)", () => {
    const places = new Set([...graph.keys()].map(folderOf));
    // every rule names a place that exists, and every place has a rule (a new folder needs its list)
    expect(Object.keys(FOLDER_IMPORTS).filter((place) => !places.has(place))).toEqual([]);
    expect([...places].filter((place) => FOLDER_IMPORTS[place] === undefined && !ANYTHING.includes(place))).toEqual([]);
    expect(folderViolations(graph)).toEqual([]);
  });

  it('reach cli/ only from inside cli/', () => {
    const upward = [...graph].flatMap(([file, { local }]) => (file.startsWith('cli/') ? [] : local.filter((to) => to.startsWith('cli/')).map((to) => `${file} -> ${to}`)));
    expect(upward).toEqual([]);
  });

  it('reach @tensorflow/* only from the TF.js folders', () => {
    const outside = [...graph].flatMap(([file, { packages }]) =>
      TFJS_ALLOWED.some((dir) => file.startsWith(dir)) ? [] : packages.filter((p) => p.startsWith('@tensorflow/')).map((p) => `${file} -> ${p}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('the folder rules', () => {
  it('report an import a folder may not make', () => {
    const g = new Map([
      ['io/model-folder.ts', { local: ['vocab/vocab.ts', 'errors.ts', 'io/atomic.ts'] }],
      ['vocab/build-vocab.ts', { local: ['io/model-folder.ts'] }],
      ['util/rng.ts', { local: ['errors.ts'] }],
      ['cli/main.ts', { local: ['train/word2vec.ts'] }],
    ]);
    expect(folderViolations(g)).toEqual(['io/model-folder.ts -> vocab/vocab.ts', 'util/rng.ts -> errors.ts']);
  });
});

describe('the cycle finder', () => {
  it('reports a cycle through a dynamic import', () => {
    const g = new Map([
      ['a.ts', { local: ['b.ts'] }],
      ['b.ts', { local: ['c.ts'] }],
      ['c.ts', { local: ['a.ts'] }],
      ['d.ts', { local: ['a.ts'] }],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
