// `w2v demo` (npm start) end to end in a real process, shortened to one epoch: trains on 红楼梦 into
// ./models/demo under the current folder (never inside the package), says where, and prints the probes' neighbours.
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { tmpDir } from '../helpers/cli.ts';
import { runW2v } from '../helpers/process.ts';

it('trains on 红楼梦 into ./models/demo and prints the nearest words of the probe characters', async () => {
  const cwd = await realpath(await tmpDir());
  const run = runW2v(['demo', '--epochs', '1', '--workers', '1', '-k', '5'], { cwd });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toContain('backend: ');
  const out = join(cwd, 'models', 'demo');
  expect(run.stdout).toContain(`model folder: ${out}\n`);
  const lines = run.stdout.split('\n');
  const probe = lines.find((l) => l.trim().startsWith('贾母:'));
  expect(probe).toBeDefined();
  // five "word similarity" pairs after the probe, four decimals like every score the CLI prints
  const fields = probe!.trim().split(/\s+/);
  expect(fields).toHaveLength(11);
  for (let i = 2; i < fields.length; i += 2) expect(fields[i]).toMatch(/^-?\d\.\d{4}$/);
  const model = await readModelFolder(out);
  expect(model.meta.options.model).toBe('sg');
  expect(model.meta.tokenizer.lang).toBe('zh');
  expect(model.words).toContain('宝玉');
});
