// The only module that touches the nodejieba native binding. jieba's dictionaries are global to a thread (the
// binding keeps one instance per thread, so every tokenizing thread loads its own), so this keeps track of which
// user dictionary is loaded and reloads only when a different one is asked for.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BadFileError, Word2VecError } from '../errors.ts';

/** Cuts one run of Han text into words. */
export type HanCutter = (run: string) => string[];

/** Loads jieba (once per thread, again only for a different user dictionary) and returns a cutter. */
export function loadJieba(options: { userDict: string | undefined; hmm: boolean }): HanCutter {
  checkUserDict(options.userDict);
  const jieba = binding();
  const key = options.userDict ?? '';
  if (loadedUserDict !== key) {
    try {
      jieba.load(options.userDict === undefined ? {} : { userDict: options.userDict });
    } catch (error) {
      throw new Word2VecError('E_INPUT', `${options.userDict ?? 'jieba'}: could not load the jieba dictionary (${(error as Error).message})`, { cause: error });
    }
    loadedUserDict = key;
  }
  const hmm = options.hmm;
  if (!hmm) return (run) => jieba.cut(run, false);
  const known = dictionaryWords(jieba.DEFAULT_DICT, options.userDict);
  return (run) => {
    const words = jieba.cut(run, true);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.length >= 3 && !known.has(w) && SPLIT_SUFFIX.has(w[w.length - 1]!)) {
        const parts = splitTrailing(w, known);
        words.splice(i, 1, ...parts);
        i += parts.length - 1;
      }
    }
    return words;
  };
}

/** Refuses a user dictionary path that does not exist (before any text is read, while jieba loads lazily). */
export function checkUserDict(userDict: string | undefined): void {
  if (userDict !== undefined && !existsSync(userDict)) {
    throw new BadFileError('E_INPUT', userDict, undefined, 'jieba user dictionary not found; check the --user-dict path');
  }
}

/**
 * Single characters that jieba's HMM tends to glue onto a preceding unknown word (a name): "黛玉道" (Daiyu said),
 * "黛玉笑" (Daiyu laughed). All are frequent single-character dictionary words tagged verb, adverb, preposition,
 * particle or measure word (道 is tagged q); names practically never end in them.
 */
export const SPLIT_SUFFIX: ReadonlySet<string> = new Set([...'道笑说忙见因先自来到去问叹听看想叫答便又也就都才却了着过呢吗吧啊']);

/**
 * Splits the trailing SPLIT_SUFFIX characters off a word the HMM invented (absent from the dictionary), keeping
 * at least two characters in front: "黛玉笑道" -> 黛玉 笑 道. Dictionary words are never touched.
 */
export function splitTrailing(word: string, known: ReadonlySet<string>): string[] {
  const tail: string[] = [];
  let head = word;
  while (head.length >= 3 && !known.has(head) && SPLIT_SUFFIX.has(head[head.length - 1]!)) {
    tail.unshift(head[head.length - 1]!);
    head = head.slice(0, -1);
  }
  return [head, ...tail];
}

// --- internal ---

interface NodeJieba {
  DEFAULT_DICT: string;
  load(options: { userDict?: string }): void;
  cut(sentence: string, useHmm: boolean): string[];
}

let loadedUserDict: string | undefined;
let knownWords: { key: string; words: Set<string> } | undefined;

/** Dictionary words of 3+ characters (only those can be mistaken for HMM inventions), main plus user dictionary. */
function dictionaryWords(mainDict: string, userDict: string | undefined): Set<string> {
  const key = userDict ?? '';
  if (knownWords?.key === key) return knownWords.words;
  const words = new Set<string>();
  for (const path of userDict === undefined ? [mainDict] : [mainDict, userDict]) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // the splitter only refines jieba's output; without the dictionary it splits nothing
    }
    for (const line of text.split('\n')) {
      const end = line.search(/[ \t\r]/);
      const word = end < 0 ? line : line.slice(0, end);
      if (word.length >= 3) words.add(word);
    }
  }
  knownWords = { key, words };
  return words;
}
let cached: NodeJieba | undefined;

function binding(): NodeJieba {
  if (cached !== undefined) return cached;
  try {
    cached = createRequire(import.meta.url)('nodejieba') as NodeJieba;
  } catch (error) {
    throw new Word2VecError('E_BACKEND', `the nodejieba native module could not be loaded (${(error as Error).message}); run \`npm rebuild nodejieba\` or use --lang en / --tokenized`, { cause: error });
  }
  return cached;
}
