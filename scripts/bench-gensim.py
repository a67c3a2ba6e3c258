"""Trains gensim 4.2 Word2Vec like `w2v train` does in scripts/bench.ts and saves the vectors as word2vec binary.

Usage: bench-gensim.py <corpus file> <out.bin> <sg|cbow|hs> <workers> <epochs> [seed (default 1)]
Prints one JSON line: vocabulary size, raw words per epoch, vocab and training seconds.
"""
import json
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence, Text8Corpus


def main():
    corpus, out, mode, workers, epochs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    hs = mode == 'hs'
    # the hs row is skip-gram with hierarchical softmax (hs=1, negative=0)
    sg = 0 if mode == 'cbow' else 1
    model = Word2Vec(vector_size=100, window=5, negative=0 if hs else 5, hs=1 if hs else 0, sample=1e-3,
                     min_count=5, sg=sg, workers=workers, seed=seed)
    # corpus_file= mode trains next to nothing on text8's single 12.5 MB line (analogy 0.01% after an epoch,
    # measured), so the iterable readers are used: text8 style (one line) in 10,000-word chunks, else by line;
    # our --max-sentence-length default is the same 10,000.
    with open(corpus, 'rb') as fh:
        one_line = fh.read(1 << 24).count(b'\n') <= 1
    sentences = Text8Corpus(corpus) if one_line else LineSentence(corpus)
    t0 = time.perf_counter()
    model.build_vocab(sentences)
    t1 = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, total_words=model.corpus_total_words, epochs=epochs)
    t2 = time.perf_counter()
    model.wv.save_word2vec_format(out, binary=True)
    print(json.dumps({'vocab': len(model.wv), 'words': model.corpus_total_words, 'vocabSeconds': t1 - t0,
                      'trainSeconds': t2 - t1}))


main()
