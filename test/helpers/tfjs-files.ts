// `tf.loadLayersModel('file://...')` in Node without @tensorflow/tfjs-node (an optional dependency, absent
// here): a file:// load router that hands TF.js's own HTTP loader a fetch reading local files, so model.json
// parsing, shard joining and float16 expansion all run through the code a browser runs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

let registered = false;

/** Registers the file:// router once (skipped when tfjs-node already provides one). */
export function registerFileLoader(): void {
  if (registered) return;
  registered = true;
  tf.env().set('PROD', true);
  if (tf.io.getLoadHandlers('file:///x/model.json').length > 0) return;
  // a router returns null for URLs it does not handle (TF.js's own routers do; its type says otherwise)
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    const href = Array.isArray(url) ? url[0] : url;
    if (typeof href !== 'string' || !href.startsWith('file://')) return null;
    return tf.io.http(href, { fetchFunc: readAsResponse });
  };
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}

// --- internal ---

async function readAsResponse(input: string | URL | Request): Promise<Response> {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    return new Response(await readFile(fileURLToPath(href)), { status: 200 });
  } catch {
    return new Response(null, { status: 404, statusText: `not found: ${href}` });
  }
}
