// Streams a large output file to a temp path beside the target and renames it into place, so a crash leaves
// the old file or the new one, never half of one (the same promise as io/atomic.ts, for files too big to build
// in memory).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ensureDir, tempPathFor, trackTemp } from '../atomic.ts';

/** A sink that accepts chunks; `write` resolves once the chunk is buffered (honouring backpressure). */
export interface ChunkSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Runs `fill` against a stream to a temp file, then renames it onto `path`; removes the temp file on failure. */
export async function writeStreamAtomic(path: string, fill: (sink: ChunkSink) => Promise<void>): Promise<void> {
  await ensureDir(dirname(resolve(path)));
  const tmp = tempPathFor(path);
  const release = trackTemp(tmp);
  const stream = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  const sink: ChunkSink = {
    write(chunk) {
      if (failure !== undefined) return Promise.reject(failure);
      if (stream.write(chunk)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onDrain = (): void => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error): void => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
  };
  try {
    await fill(sink);
    await new Promise<void>((resolve, reject) => {
      stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (failure !== undefined) throw failure;
    await rename(tmp, path);
  } catch (error) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw error;
  } finally {
    release();
  }
}
