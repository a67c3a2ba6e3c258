// `w2v customize` and `--custom`: a real labelled set (Lee news documents labelled by topic from keywords),
// vectors trained on the Lee corpus with a fixed seed, the figures, the saved folder, and bad input.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers/cli.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
// a document is labelled when exactly one topic's keywords occur in it: 112 of the 300 documents
const TOPICS: [string, RegExp][] = [
  ['afghanistan', /afghan|taliban|bin laden|al qaeda/i],
  ['middle-east', /israel|palestin|arafat|gaza|hamas/i],
  ['fires', /bushfire|fire/i],
  ['sport', /cricket|wicket|tennis|rugby|football|olymp|\bcup\b/i],
];

let dir: string;
let model: string;
let labels: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'w2v-customize-'));
  model = join(dir, 'lee');
  const run = await cli(['train', LEE, '-o', model, '--workers', '1', '--seed', '1', '--window', '4', '--min-count', '5', '--model', 'sg', '--dim', '50', '--epochs', '5', '-q']);
  expect(run.code).toBe(0);
  const rows: string[] = [];
  for (const doc of (await readFile(LEE, 'utf8')).split(/\r?\n/)) {
    const hits = TOPICS.filter(([, pattern]) => pattern.test(doc));
    if (hits.length === 1) rows.push(`${doc.replace(/\t/g, ' ')}\t${hits[0]![0]}`);
  }
  labels = join(dir, 'labels.tsv');
  await writeFile(labels, `text\tlabel\n${rows.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('w2v customize', () => {
  it('raises the test accuracy of "cos > t" (t chosen on train) on Lee topics and saves custom/NAME', async () => {
    const run = await cli(['customize', model, '--labels', labels, '-o', 'topics', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.split.train.texts + r.split.test.texts).toBe(110); // 112 labelled rows, two documents appear twice
    expect(r.split.test.similar).toBe(r.split.test.dissimilar);
    // Calibrated on wasm with this word2vec model (seed 1) and customize seeds 1-5: before 58.5-65.8%, after
    // 72.9-81.0%, change +12.6 to +17.6 points with a paired standard error of 1.8-1.9 points. The bounds ask
    // for 8 points and three standard errors. With the loss's sign flipped (gradient ascent) this fails.
    expect(r.improvement.accuracy).toBeGreaterThan(Math.max(3 * r.improvement.se, 0.08));
    expect(r.after.test.accuracy).toBeGreaterThan(0.68);
    expect(r.after.test.accuracy - 1.96 * r.after.test.se).toBeGreaterThan(r.before.test.accuracy);
    const folder = join(model, 'custom', 'topics');
    expect((await stat(join(folder, 'matrix.f32'))).size).toBe(50 * 50 * 4);
    const meta = JSON.parse(await readFile(join(folder, 'custom.json'), 'utf8'));
    expect(meta).toMatchObject({ name: 'topics', dim: 50, outDim: 50, method: 'mean', component: null });
    expect(meta.report.after.test.accuracy).toBe(r.after.test.accuracy);
    const svg = await readFile(join(folder, 'cosines.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<path /g)).toHaveLength(4); // similar and dissimilar, before and after
    expect(await readdir(join(model, 'custom'))).toEqual(['topics']); // no temp folder left behind

    const again = await cli(['customize', model, '--labels', labels, '-o', 'topics', '--epochs', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/custom\/topics exists; pass --overwrite/);
  });

  it('--custom applies e . M in encode, compare, search and cluster', async () => {
    const made = await cli(['customize', model, '--labels', labels, '-o', 'quick', '--epochs', '2', '-q']);
    expect(made.code).toBe(0);
    const bytes = await readFile(join(model, 'custom', 'quick', 'matrix.f32'));
    const m = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const raw = (await cli(['encode', model, 'the fire spread across the hills'])).stdout.trim().split(' ').map(Number);
    const custom = await cli(['encode', model, 'the fire spread across the hills', '--custom', 'quick']);
    expect(custom.code).toBe(0);
    expect(custom.stderr).toMatch(/custom quick: 50 x 50 matrix applied to mean vectors/);
    const got = custom.stdout.trim().split(' ').map(Number);
    for (const k of [0, 17, 49]) {
      let expected = 0;
      for (let j = 0; j < 50; j++) expected += raw[j]! * m[j * 50 + k]!;
      expect(got[k]).toBeCloseTo(expected, 4);
    }
    const a = JSON.parse((await cli(['compare', model, 'bushfires burn homes', 'the cricket test match', '--json'])).stdout);
    const b = JSON.parse((await cli(['compare', model, 'bushfires burn homes', 'the cricket test match', '--json', '--custom', 'quick'])).stdout);
    expect(b.cosine).not.toBeCloseTo(a.cosine, 3);
    const docs = join(dir, 'docs.txt');
    await writeFile(docs, 'fire crews fought the blaze\nthe batsman scored a century\ntaliban fighters in kandahar\n');
    expect((await cli(['search', model, '--docs', docs, '--query', 'fire', '--custom', 'quick'])).code).toBe(0);
    expect((await cli(['cluster', model, '--docs', docs, '-k', '2', '--custom', 'quick'])).code).toBe(0);
    const wrong = await cli(['compare', model, 'a fire', 'a match', '--custom', 'quick', '--method', 'sif']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/trained on mean sentence vectors; pass --method mean/);
    const missing = await cli(['compare', model, 'a fire', 'a match', '--custom', 'nope']);
    expect(missing.stderr).toMatch(/no customisation "nope"/);
  });

  it('names the file and line of bad pairs, counts texts with no known word once, writes nothing', async () => {
    const tmp = await tmpDir();
    const write = async (name: string, text: string): Promise<string> => {
      const path = join(tmp, name);
      await writeFile(path, text);
      return path;
    };
    const badLabel = await write('bad-label.tsv', 'fire crews\tthe blaze\t1\nthe match\tthe fire\tmaybe\n');
    let run = await cli(['customize', model, '--pairs', badLabel, '-o', 'bad']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${badLabel}, line 2: label "maybe" is not one of +1, -1, 1, 0\n`);
    const missing = await write('missing.csv', 'text_1,text_2,label\nfire crews,the blaze,1\nthe match,1\n');
    run = await cli(['customize', model, '--pairs', missing, '-o', 'bad']);
    expect(run.stderr).toMatch(/missing\.csv, line 3: expected 3 comma-separated columns \(text_1, text_2, label\), found 2/);
    const pairs: string[] = [];
    const words = ['fire', 'blaze', 'bushfire', 'cricket', 'match', 'wicket', 'taliban', 'afghanistan', 'kandahar', 'israeli', 'palestinian', 'arafat'];
    for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) pairs.push(`${words[i]} news\t${words[j]} report\t${Math.floor(i / 3) === Math.floor(j / 3) ? 1 : -1}`);
    pairs.push('zzqx wqzz\tfire\t1', 'fire\tqqzx\t-1');
    const unknown = await write('unknown.tsv', `${pairs.join('\n')}\n`);
    run = await cli(['customize', model, '--pairs', unknown, '-o', 'some', '--epochs', '1', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/skipped/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/2 pairs of .*unknown\.tsv skipped: a text with no word in the vocabulary/);
    expect(await readdir(join(model, 'custom'))).not.toContain('bad');
    const vectors = await write('v.txt', '2 2\nfire 1 0\nblaze 0 1\n');
    run = await cli(['customize', vectors, '--pairs', unknown, '-o', 'x']);
    expect(run.stderr).toMatch(/is a vector file; customize needs a model folder/);
    run = await cli(['customize', model, '--pairs', unknown, '--labels', labels, '-o', 'x']);
    expect(run.stderr).toMatch(/give exactly one of --pairs FILE or --labels FILE/);
  });
});
