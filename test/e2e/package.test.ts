// The npm package as a user gets it: `npm pack`, install the tarball into an empty project (dependencies from the
// registry, nodejieba built by its install script), then the CLI, the demo and the README's library example as
// an ES module and under strict TypeScript against the shipped .d.ts. Slow (minutes: the install compiles
// nodejieba), so W2V_SKIP_PACKAGE_TEST=1 skips it outside CI; in CI it always runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const skip = process.env.W2V_SKIP_PACKAGE_TEST === '1' && !process.env.CI;
const MINUTE = 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout = 2 * MINUTE): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run, what: string): Run {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The first ```ts block of the README's "Using the package" section: the library example users copy. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Using the package'));
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (code === undefined) throw new Error('README.md has no ```ts example under "## Using the package"');
  return code;
}

let work: string;
let project: string;
let packed: string[];

describe.skipIf(skip)('the npm package', () => {
  beforeAll(async () => {
    if (!existsSync(join(REPO, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');
    work = await mkdtemp(join(tmpdir(), 'w2v-package-'));
    // --ignore-scripts: dist/ is already built by npm test; prepare would only build it again
    const pack = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO), 'npm pack');
    const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    packed = info[0]!.files.map((f) => f.path);
    project = join(work, 'project');
    await mkdir(project);
    // the allowScripts entry the README recommends: with it npm 11 prints no install-scripts warning (a tarball
    // is keyed by its file: spec; its prepare, the TypeScript build, has nothing to do: dist/ is in the tarball)
    const tarball = join(work, info[0]!.filename);
    const pkg = {
      name: 'w2v-consumer',
      private: true,
      type: 'module',
      allowScripts: { nodejieba: true, 'core-js': false, '@tensorflow/tfjs-node': true, [`file:${tarball}`]: false },
    };
    await writeFile(join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const install = ok(
      run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project, 8 * MINUTE),
      'npm install of the tarball',
    );
    expect(install.stderr).not.toContain('not yet covered by allowScripts');
  }, 10 * MINUTE);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('ships dist, the demo corpus with its provenance and the README, and nothing else', () => {
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/train/sgd-wasm-bytes.js', 'corpora/hongloumeng.txt', 'corpora/README.md', 'README.md']) {
      expect(packed, needed).toContain(needed);
    }
    expect(packed.filter((p) => p.endsWith('.map') || /^(src|test|scripts)\//.test(p) || p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('npx w2v --version and npx w2v demo --epochs 1 (model written under the current folder)', async () => {
    expect(ok(run('npx', ['w2v', '--version'], project), 'npx w2v --version').stdout.trim()).toBe('0.1.0');
    const demo = ok(run('npx', ['w2v', 'demo', '--epochs', '1', '-k', '3'], project, 5 * MINUTE), 'npx w2v demo');
    expect(demo.stdout).toMatch(/宝玉: \S+ [\d.]+ {2}\S+ [\d.]+ {2}\S+ [\d.]+\n/);
    // the demo writes ./models/demo in the user's project, never inside node_modules
    expect(existsSync(join(project, 'models', 'demo', 'model.json'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'tfjs-word2vec', 'models'))).toBe(false);
  }, 6 * MINUTE);

  it("runs the README's library example as an ES module and compiles it with strict tsc against the shipped types", async () => {
    const example = await readmeExample();
    const lines = ['the king and the queen rule the land', 'the king spoke to the queen', 'a dog and a cat sat on the mat'];
    await writeFile(join(project, 'corpus.txt'), `${Array.from({ length: 30 }, () => lines.join('\n')).join('\n')}\n`);
    await writeFile(join(project, 'example.mjs'), example);
    const out = ok(run('node', ['example.mjs'], project, 3 * MINUTE), 'node example.mjs');
    expect(out.stdout).toMatch(/\{ word: '\w+', similarity: [-\d.]+ \}/);
    await writeFile(join(project, 'example.ts'), example);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        // as `tsc --init` sets it: TF.js's own .d.ts do not pass strict checks, and ours are tsc's output of
        // strictly checked sources; what is checked is that the example compiles against them. @types/node
        // comes from the repository, as any Node project has it.
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(REPO, 'node_modules', '@types')],
      },
      files: ['example.ts'],
    };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = run('node', [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project, 4 * MINUTE);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 8 * MINUTE);
});
