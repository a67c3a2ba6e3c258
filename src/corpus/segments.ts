// The reader's cuts of a file's text (segments) and how a segment becomes lines and tokenizer calls: shared by
// the corpus on its own thread and by its tokenizing threads, so both see exactly the same pieces.
import type { Tokenizer } from '../tokenize/tokenizer.ts';

/**
 * A piece of a file's text as the reader cuts it. LINES: complete lines, each with its line break; PART: a piece
 * of a long line that goes on in the next segment; LAST: the file's last text, which ends its line.
 */
export interface Segment {
  text: string;
  kind: SegmentKind;
}

export const LINES = 0;
export const PART = 1;
export const LAST = 2;
export type SegmentKind = typeof LINES | typeof PART | typeof LAST;

/** The lines of a LINES segment, without their line breaks. */
export function* linesOf(text: string): Generator<string> {
  let start = 0;
  for (;;) {
    // set before every exec: another reader's generator may have moved the shared regex between two lines
    LINE_BREAK.lastIndex = start;
    const m = LINE_BREAK.exec(text);
    if (m === null) return;
    yield text.slice(start, m.index);
    start = m.index + m[0].length;
  }
}

/**
 * The tokens of one line or piece, a window of at most TOKENIZE_WINDOW chars (cut at whitespace) at a time: the
 * tokens are the same, but the token array of a whole 1 MiB piece lives long enough to be promoted to the old
 * generation, and those dead arrays held ~60 MB of a text8 scan's peak memory.
 */
export function* tokenWindows(tokenizer: Tokenizer, text: string): Generator<string[]> {
  for (let from = 0; from < text.length; ) {
    let to = text.length;
    if (to - from > TOKENIZE_WINDOW) {
      const cut = lastWhitespace(text.slice(from, from + TOKENIZE_WINDOW));
      to = cut > 0 ? from + cut : text.length;
    }
    yield tokenizer.tokenize(from === 0 && to === text.length ? text : text.slice(from, to));
    from = to;
  }
}

/** Index just after the last whitespace of `text` (space, tab, ideographic or no-break space), or -1. */
export function lastWhitespace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0) return i + 1;
  }
  return -1;
}

// --- internal ---

const LINE_BREAK = /\r\n|\r|\n/g;
/** Chars per tokenizer call at most, for pieces of long lines (see tokenWindows). */
const TOKENIZE_WINDOW = 1 << 16;
