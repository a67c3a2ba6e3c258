// Picks and initialises the TF.js backend, once per thread (the main thread or a worker_threads worker each
// hold their own TF.js engine). src/tf/ is the one folder that imports TensorFlow.js: training loads it only
// for the full softmax (ns and hs run in the SIMD WebAssembly module of train/sgd.wat, which needs no TF.js),
// so a ns / hs run never pays for TF.js's modules and wasm backend (85-100 MB per thread).
import * as tf from '@tensorflow/tfjs';
import { Word2VecError } from '../errors.ts';
import type { BackendName } from '../options.ts';

/** The backend that actually runs: what `auto` resolved to, stored in model.json. */
export type ActiveBackend = 'tensorflow' | 'wasm' | 'cpu';

/** Where initialisation reports what it chose against the user's wish (the library never prints). */
export interface BackendHooks {
  onWarning?: (message: string) => void;
}

/** The TF.js namespace, re-exported so the kernels import TF.js from one place. */
export { tf };

let current: ActiveBackend | undefined;

/**
 * Initialises the requested backend (auto: tfjs-node if it loads, else wasm, else cpu with a warning) and
 * returns the one in use. Repeated calls with the same request are cheap.
 */
export async function initBackend(requested: BackendName, hooks: BackendHooks = {}): Promise<ActiveBackend> {
  // PROD silences TF.js's own console output (the cpu backend's "install our node backend" banner and
  // platform notices), which would otherwise leak past our io; it also skips per-op NaN debug checks.
  tf.env().set('PROD', true);
  if (current !== undefined && (requested === 'auto' || requested === current)) return current;

  if (requested === 'tensorflow' || requested === 'auto') {
    if (await tryTfjsNode()) return remember('tensorflow');
    if (requested === 'tensorflow') {
      throw new Word2VecError(
        'E_BACKEND',
        'the tensorflow backend needs @tensorflow/tfjs-node, which is not installed: npm install @tensorflow/tfjs-node (needs internet to fetch libtensorflow), or use --backend wasm',
      );
    }
  }
  if (requested === 'wasm' || requested === 'auto') {
    const why = await tryWasm();
    if (why === undefined) return remember('wasm');
    if (requested === 'wasm') {
      throw new Word2VecError('E_BACKEND', `the wasm backend failed to start (${why}); use --backend cpu`);
    }
    hooks.onWarning?.(`the wasm backend failed to start (${why}); falling back to the much slower cpu backend`);
  }
  if (!(await tf.setBackend('cpu'))) throw new Word2VecError('E_BACKEND', 'the TF.js cpu backend failed to start');
  await tf.ready();
  return remember('cpu');
}

// --- internal ---

function remember(backend: ActiveBackend): ActiveBackend {
  current = backend;
  return backend;
}

async function tryTfjsNode(): Promise<boolean> {
  // A variable specifier keeps tsc from requiring the optional package's types at build time.
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
  } catch {
    return false; // not installed (optional dependency) or libtensorflow missing: fall through silently
  }
  try {
    return (await tf.setBackend('tensorflow')) && tf.getBackend() === 'tensorflow';
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<string | undefined> {
  try {
    // In Node the wasm backend locates its .wasm binaries next to its own module in node_modules.
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return 'setBackend returned false';
    await tf.ready();
    return tf.getBackend() === 'wasm' ? undefined : `got ${tf.getBackend()}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
