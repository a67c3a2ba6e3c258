// A model trained with phrases answers for them: learns phrases of a text8-style file (gensim's defaults),
// trains skip-gram with them (seed 1, otherwise the defaults) and prints the neighbours of some phrase tokens.
// Needs `npm run build` first. Usage: npx tsx scripts/phrases-similar.ts [file-or-zip] [phrase...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSingle } from './vocab-parity.ts';

function w2v(args: readonly string[]): string {
  const r = spawnSync('node', ['dist/cli/bin.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`w2v ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function main(): void {
  const input = process.argv[2] ?? 'corpora/text8_head12500000.zip';
  const phrases = process.argv.length > 3 ? process.argv.slice(3) : ['new_york', 'united_states', 'los_angeles'];
  const { file, dir } = input.endsWith('.zip') ? unzipSingle(input) : { file: input, dir: undefined };
  const work = mkdtempSync(join(tmpdir(), 'w2v-phrases-similar-'));
  try {
    const table = join(work, 'phrases.tsv');
    const model = join(work, 'model');
    w2v(['phrases', '--tokenized', file, '-o', table, '-q']);
    const started = performance.now();
    w2v(['train', '--tokenized', '--phrases', table, file, '-o', model, '--model', 'sg', '--seed', '1', '-q']);
    const seconds = (performance.now() - started) / 1000;
    for (const phrase of phrases) {
      const { results } = JSON.parse(w2v(['similar', model, phrase, '-k', '10', '--json'])) as { results: { word: string; similarity: number }[] };
      const neighbours = results.map((r) => `${r.word} ${r.similarity.toFixed(3)}`);
      process.stdout.write(`${JSON.stringify({ phrase, neighbours, trainSeconds: +seconds.toFixed(1) })}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main();
