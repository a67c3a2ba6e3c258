// The only module that touches the nodejieba native binding. jieba's dictionaries are process-global, so
// this keeps track of which user dictionary is loaded and reloads only when a different one is asked for.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BadFileError, Word2VecError } from '../errors.ts';

/** Cuts one run of Han text into words. */
export type HanCutter = (run: string) => string[];

/** Loads jieba (once per process, again only for a different user dictionary) and returns a cutter. */
export function loadJieba(options: { userDict: string | undefined; hmm: boolean }): HanCutter {
  if (options.userDict !== undefined && !existsSync(options.userDict)) {
    throw new BadFileError('E_INPUT', options.userDict, undefined, 'jieba user dictionary not found; check the --user-dict path');
  }
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
  return (run) => jieba.cut(run, hmm);
}

// --- internal ---

interface NodeJieba {
  load(options: { userDict?: string }): void;
  cut(sentence: string, useHmm: boolean): string[];
}

let loadedUserDict: string | undefined;
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
