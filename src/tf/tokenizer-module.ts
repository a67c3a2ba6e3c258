// The JavaScript module written beside an exported TF.js model (tokenizer.js): text -> word ids for a browser
// page or any JS runtime, with no dependency. Its regular expressions are the tokenizer's own (their source is
// copied in when the module is written), so for non-Han text it splits exactly as `w2v encode` does.
import { WHITESPACE } from '../tokenize/index.ts';
import { WORD_PATTERN } from '../tokenize/normalize.ts';

/** File name of the tokenizer module inside an export folder. */
export const TOKENIZER_MODULE_FILE = 'tokenizer.js';

/** The source text of tokenizer.js. */
export function tokenizerModuleSource(): string {
  const word = `new RegExp(${JSON.stringify(WORD_PATTERN.source)}, ${JSON.stringify(WORD_PATTERN.flags)})`;
  const space = `new RegExp(${JSON.stringify(WHITESPACE.source)}, 'g')`;
  return `${HEADER}
const WORD_PATTERN = ${word};
const WHITESPACE_TOKEN = ${space};
${BODY}`;
}

// --- internal ---

const HEADER = `// tokenizer.js, written by \`w2v export --format tfjs|tfjs-encoder\` beside model.json and vocab.json.
// Turns text into the word ids the exported model takes, with the rules the model was trained with:
// NFKC, lowercase (unless the model kept case), words = runs of letters, marks and digits, apostrophes and
// decimal points inside words kept; unknown words are dropped (as \`w2v encode\` skips them); id 0 pads.
//
// Han text: the trainer cut Han runs with jieba, which has no small browser build. Without \`cutHan\`, a
// model trained with --lang en gets single characters (exactly as in training); other models get forward
// maximum matching against the vocabulary (the longest vocabulary word at each position), which agrees with
// jieba on most text but not all. For exact results pass \`cutHan\` (e.g. the \`cut\` of a jieba WebAssembly
// build loaded with the same dictionary), or segment on a server with \`w2v tokenize\`.
//
//   import { loadTokenizer } from './tokenizer.js';
//   const tokenizer = await loadTokenizer('vocab.json');
//   const { ids, shape } = tokenizer.encodeBatch(['a first text', 'another one']);
//   const vectors = model.predict(tf.tensor2d(ids, shape, 'int32'));
//
// Needs the RegExp \`v\` flag (Chrome 112, Firefox 116, Safari 17, Node 20).`;

const BODY = `
/** Fetches vocab.json (a URL relative to the page, or absolute) and returns its tokenizer. */
export async function loadTokenizer(url, options = {}) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(\`\${url}: HTTP \${response.status}\`);
  return createTokenizer(await response.json(), options);
}

/**
 * A tokenizer for a parsed vocab.json. options.cutHan(run) -> string[] segments a run of Han characters.
 */
export function createTokenizer(vocabJson, options = {}) {
  const settings = vocabJson.tokenizer ?? {};
  // a Map, not the parsed object: words such as "constructor" or "__proto__" must not reach Object.prototype
  const vocab = new Map(Object.entries(vocabJson.vocab));
  const padding = vocabJson.padding ?? 0;
  let longest = 1;
  for (const word of vocab.keys()) longest = Math.max(longest, [...word].length);
  const cutHan = options.cutHan ?? (settings.lang === 'en' ? (run) => [...run] : (run) => longestMatch(run, vocab, longest));

  function tokenize(text) {
    if (settings.tokenized) return text.match(WHITESPACE_TOKEN) ?? [];
    let normal = text.normalize('NFKC');
    if (!settings.keepCase) normal = normal.toLowerCase();
    const out = [];
    for (const m of normal.matchAll(WORD_PATTERN)) {
      if (m[1] !== undefined) out.push(...cutHan(m[1]));
      else out.push(m[2].replaceAll('\\u2019', "'"));
    }
    return out;
  }

  /** ids of the known words of one text; \`length\` pads (with 0) or cuts; by default at least one id. */
  function encode(text, length) {
    const tokens = tokenize(text);
    const known = [];
    const unknown = [];
    for (const token of tokens) {
      const id = vocab.get(token);
      if (id === undefined) {
        if (!unknown.includes(token)) unknown.push(token);
      } else known.push(id);
    }
    const size = length ?? Math.max(1, known.length);
    const ids = new Int32Array(size).fill(padding);
    ids.set(known.slice(0, size));
    return { ids, tokens, unknown, knownCount: known.length };
  }

  /** Several texts as one [texts, longest] id matrix (row-major), for model.predict. */
  function encodeBatch(texts) {
    const rows = texts.map((t) => encode(t));
    const length = Math.max(1, ...rows.map((r) => r.ids.length));
    const ids = new Int32Array(texts.length * length).fill(padding);
    rows.forEach((r, i) => ids.set(r.ids, i * length));
    return { ids, shape: [texts.length, length], knownCounts: rows.map((r) => r.knownCount), unknown: rows.map((r) => r.unknown) };
  }

  return { tokenize, encode, encodeBatch, vocab, settings };
}

function longestMatch(run, vocab, longest) {
  const chars = [...run];
  const out = [];
  for (let i = 0; i < chars.length; ) {
    let n = Math.min(longest, chars.length - i);
    while (n > 1 && !vocab.has(chars.slice(i, i + n).join(''))) n--;
    out.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}
`;
