import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeModelFolder } from '../../src/io/model-folder.ts';
import { handMadeMeta } from '../helpers/model-meta.ts';
import { cli, tmpDir } from '../helpers/cli.ts';

/** Fruit words along one axis, vehicle words along another; Chinese tokenizer settings. */
async function setup(): Promise<{ model: string; docs: string; dir: string }> {
  const dir = await tmpDir();
  const model = join(dir, 'model');
  const words = ['我', '喜欢', '苹果', '香蕉', '汽车', '火车', '吃', '开'];
  const counts = [100, 80, 40, 30, 30, 20, 60, 50];
  // 我 喜欢 苹果 as in the issue; fruit near (0.6, 0.7, 0.9), vehicles near (0.9, -0.55, 0.1)
  const all = Float32Array.from([0.2, 0.3, 0.5, 0.4, 0.1, 0.8, 0.6, 0.7, 0.9, 0.65, 0.75, 0.85, 0.9, -0.55, 0.15, 0.95, -0.6, 0.05, 0.5, 0.6, 0.7, 0.8, -0.5, 0.1]);
  const meta = handMadeMeta(words.length, 3, { tokenizer: { lang: 'zh' }, tokens: 410 });
  await writeModelFolder(model, { meta, words, counts: Float64Array.from(counts), vectors: all });
  const docs = join(dir, 'docs.txt');
  await writeFile(docs, '我喜欢吃苹果\n我喜欢开汽车\n香蕉\n火车\n\n外星文字\n');
  return { model, docs, dir };
}

describe('w2v encode / compare / search / cluster', () => {
  it('encode prints the mean vector of 我喜欢苹果 and JSON with unknown words', async () => {
    const { model } = await setup();
    const run = await cli(['encode', model, '我喜欢苹果']);
    expect(run.code).toBe(0);
    const v = run.stdout.trim().split(' ').map(Number);
    expect(v[0]).toBeCloseTo(0.4, 6);
    expect(v[1]).toBeCloseTo(0.3667, 4);
    expect(v[2]).toBeCloseTo(0.7333, 4);
    const json = JSON.parse((await cli(['encode', model, '我喜欢苹果', '外星', '--json'])).stdout);
    expect(json.results[0]).toMatchObject({ knownCount: 3, tokens: ['我', '喜欢', '苹果'], unknown: [] });
    expect(json.results[1]).toMatchObject({ vector: null, knownCount: 0 });
  });

  it('compare gives a higher cosine for related texts', async () => {
    const { model } = await setup();
    const same = JSON.parse((await cli(['compare', model, '苹果', '香蕉', '--json'])).stdout);
    const other = JSON.parse((await cli(['compare', model, '苹果', '火车', '--json'])).stdout);
    expect(same.cosine).toBeGreaterThan(other.cosine);
    expect(other.euclidean).toBeGreaterThan(same.euclidean);
    const bad = await cli(['compare', model, '苹果', '外星']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/text 2 has no word in the vocabulary/);
  });

  it('search ranks lines of the documents file', async () => {
    const { model, docs } = await setup();
    const run = await cli(['search', model, '--docs', docs, '--query', '火车', '-k', '2', '--json']);
    expect(run.code).toBe(0);
    const lines = JSON.parse(run.stdout).results.map((r: { line: number }) => r.line);
    expect(lines).toEqual([4, 2]);
    expect(run.stderr).toMatch(/1 line of .* has no word in the vocabulary and is not ranked/);
  });

  it('cluster puts fruit and vehicle lines apart, repeatably', async () => {
    const { model, docs } = await setup();
    const a = await cli(['cluster', model, '--docs', docs, '-k', '2', '--seed', '5']);
    const b = await cli(['cluster', model, '--docs', docs, '-k', '2', '--seed', '5']);
    expect(a.stdout).toBe(b.stdout);
    const rows = a.stdout.trim().split('\n').map((l) => l.split('\t')[0]);
    expect(rows[0]).toBe(rows[2]);
    expect(rows[1]).toBe(rows[3]);
    expect(rows[0]).not.toBe(rows[1]);
    expect(rows[5]).toBe('-');
  });

  it('sif --fit --save-component writes sif.json that later runs use', async () => {
    const { model, docs } = await setup();
    const without = await cli(['encode', model, '苹果', '--method', 'sif']);
    expect(without.stderr).toMatch(/principal component: none/);
    const fit = await cli(['encode', model, '苹果', '--method', 'sif', '--fit', docs, '--save-component']);
    expect(fit.code).toBe(0);
    expect(fit.stderr).toMatch(/weights from model counts; principal component: fitted on 4 texts/);
    const saved = JSON.parse(await readFile(join(model, 'sif.json'), 'utf8'));
    expect(saved.component).toHaveLength(3);
    const again = await cli(['encode', model, '苹果', '--method', 'sif']);
    expect(again.stderr).toMatch(/principal component: sif\.json/);
    expect(again.stdout).toBe(fit.stdout);
    // the reload removes the component: the vector differs from the run without one and is orthogonal to it
    expect(again.stdout).not.toBe(without.stdout);
    const u = saved.component as number[];
    const along = (out: string): number => {
      const v = out.trim().split(' ').map(Number);
      return Math.abs(v.reduce((sum, x, i) => sum + x * u[i]!, 0)) / Math.hypot(...v) / Math.hypot(...u);
    };
    expect(along(without.stdout)).toBeGreaterThan(0.1);
    expect(along(again.stdout)).toBeLessThan(1e-3);
    expect((await cli(['info', model])).stdout).toContain('principal component saved in sif.json');
  });
});
