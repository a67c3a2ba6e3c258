// Every command opens its inputs with the library's openCorpus (corpus/open-corpus.ts).
export { type OpenCorpusOptions, openCorpus } from '../corpus/open-corpus.ts';
