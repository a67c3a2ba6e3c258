// `w2v demo` (npm start) end to end, shortened to one epoch: trains on 红楼梦 and prints neighbours of the probes.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

it('trains on 红楼梦 and prints the nearest words of the probe characters', async () => {
  const out = join(await tmpDir(), 'demo');
  const run = await cli(['demo', '-o', out, '--epochs', '1', '--workers', '1', '-k', '5']);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('backend: ');
  const lines = run.stdout.split('\n');
  const probe = lines.find((l) => l.trim().startsWith('贾母:'));
  expect(probe).toBeDefined();
  // five "word similarity" pairs after the probe
  expect(probe!.trim().split(/\s+/)).toHaveLength(11);
  const model = await readModelFolder(out);
  expect(model.meta.options.model).toBe('sg');
  expect(model.meta.tokenizer.lang).toBe('zh');
  expect(model.words).toContain('宝玉');
});
