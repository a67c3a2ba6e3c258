// Starts a worker thread on a module that sits beside its caller, both when running the built JavaScript and
// when running the TypeScript sources (tests, tsx), where the worker has to load tsx's hooks before the module.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A Worker running `./<name>.js` (or `./<name>.ts` from sources) next to the module whose `import.meta.url` is
 * `here`, with `workerData`.
 */
export function spawnWorker(here: string, name: string, workerData: unknown): Worker {
  if (here.endsWith('.ts')) {
    // the ESM build of tsx's API: its CJS build registers hooks from a wrong relative path inside a worker
    const tsxRoot = dirname(createRequire(here).resolve('tsx/package.json'));
    const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const target = new URL(`./${name}.ts`, here).href;
    const code = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(code, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, here), { workerData });
}
