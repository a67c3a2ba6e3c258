// The repository's text stands on its own: no README, benchmark page, script, source file or test points the
// reader to a design or style document that the repository does not ship. The reasons and numbers such a
// citation stood for are written where they are used.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders that hold no text of ours: dependencies, build output, trained models, scratch files, and hidden
 * folders other than .ci (git's, editors', local scratch copies). */
const SKIP = new Set(['node_modules', 'dist', 'models', 'tmp']);
const TEXT = /\.(ts|md|json|jsonc|wat|py|html|css)$|^\.ci\/run$/;
/** Either document's file name, in any case, as a citation would write it. */
const CITATION = /\b(?:design|style)\.md\b/i;

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || (entry.name.startsWith('.') && entry.name !== '.ci') ? [] : textFiles(path);
    const rel = relative(ROOT, path).replaceAll('\\', '/');
    return entry.isFile() && TEXT.test(rel) && rel !== 'package-lock.json' ? [rel] : [];
  });
}

it('no text file cites a design or style document', () => {
  const files = textFiles(ROOT);
  // the walk sees the repository (an empty walk would pass)
  expect(files).toEqual(expect.arrayContaining(['README.md', 'BENCHMARKS.md', 'src/README.md', 'scripts/bench-vectors.ts', '.ci/run']));
  const citing = files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (CITATION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(citing).toEqual([]);
});
