// Entry of one tokenizing thread (see tokenize-pool.ts): builds the tokenizer from the corpus's settings once,
// then answers each unit of text with its local type table (first-occurrence order) and token ids, -1 at every
// line end, splitting lines and long pieces exactly as the corpus does on its own thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createTokenizer } from '../tokenize/index.ts';
import type { Tokenizer } from '../tokenize/tokenizer.ts';
import type { FromTokenizer, ToTokenizer, TokenizeWorkerInit } from './tokenize-pool.ts';
import { LAST, LINES, linesOf, type Segment, tokenWindows } from './segments.ts';

if (parentPort !== null && workerData !== null && typeof workerData === 'object' && 'tokenizeThread' in workerData) {
  const port = parentPort;
  const init = workerData as TokenizeWorkerInit;
  const report = (seq: number, error: unknown): void => {
    const e = error as { code?: unknown; message?: unknown };
    port.postMessage({ seq, error: { code: typeof e.code === 'string' ? e.code : undefined, message: String(e.message ?? error) } } satisfies FromTokenizer);
  };
  let tokenizer: Tokenizer | undefined;
  try {
    tokenizer = await createTokenizer(init.tokenizer);
  } catch (error) {
    report(-1, error);
  }
  if (tokenizer !== undefined) {
    const t = tokenizer;
    // messages that came while the tokenizer was being built wait in the port until this listener is added
    port.on('message', (m: ToTokenizer) => {
      try {
        const unit = tokenizeUnit(t, m.segments);
        port.postMessage({ seq: m.seq, ...unit } satisfies FromTokenizer, [unit.tokens.buffer as ArrayBuffer]);
      } catch (error) {
        report(m.seq, error);
      }
    });
  }
}

function tokenizeUnit(tokenizer: Tokenizer, segments: readonly Segment[]): { types: string[]; tokens: Int32Array } {
  const local = new Map<string, number>();
  const types: string[] = [];
  let tokens = new Int32Array(1 << 16);
  let n = 0;
  const push = (value: number): void => {
    if (n === tokens.length) {
      const bigger = new Int32Array(2 * tokens.length);
      bigger.set(tokens);
      tokens = bigger;
    }
    tokens[n++] = value;
  };
  const piece = (text: string): void => {
    for (const words of tokenWindows(tokenizer, text)) {
      for (const word of words) {
        let id = local.get(word);
        if (id === undefined) {
          id = types.length;
          local.set(word, id);
          types.push(word);
        }
        push(id);
      }
    }
  };
  for (const segment of segments) {
    if (segment.kind === LINES) {
      for (const line of linesOf(segment.text)) {
        piece(line);
        push(-1);
      }
    } else {
      piece(segment.text);
      if (segment.kind === LAST) push(-1);
    }
  }
  return { types, tokens: tokens.slice(0, n) };
}
